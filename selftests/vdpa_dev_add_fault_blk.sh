#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vdpa_dev_add_fault.sh on the blk management device only, so that each
# class has a test's time of its own on the debug kernel
FAULT_CLASSES=blk exec ./vdpa_dev_add_fault.sh
