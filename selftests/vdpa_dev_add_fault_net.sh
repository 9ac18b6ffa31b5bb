#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vdpa_dev_add_fault.sh on the net management device only, so that each
# class has a test's time of its own on the debug kernel
FAULT_CLASSES=net exec ./vdpa_dev_add_fault.sh
