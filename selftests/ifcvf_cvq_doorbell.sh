#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A doorbell page mapped before the features are negotiated never rings
# another queue than the one it was asked for. With max_vqp 2 on a
# function of more pairs, vq 4 is a data queue until MQ is negotiated and
# the control queue after it, which the function has at 2 * its pairs: a
# vhost-vdpa user maps vq 4's doorbell first, then negotiates MQ, starts
# the control queue and kicks a command through it, which must be
# answered. Needs a multiqueue function with a doorbell page per queue
# (NET_DEV_VQP > 2).

. ./lib.sh

ktap_header 2
del_all_vdpa
[ "${NET_DEV_VQP:-1}" -gt 2 ] ||
	setup_failed ifcvf_cvq_doorbell "the function has ${NET_DEV_VQP:-1} queue pairs, not more than 2"
add_net_vdpa vdpa0 "$NET_MGMT" max_vqp 2 >/dev/null ||
	setup_failed ifcvf_cvq_doorbell "vdpa dev add max_vqp 2 failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_cvq_doorbell "$chr"
VHOST_DEV=$chr ktap_run ./vhost_vdpa_fault cvq-doorbell
cleanup
ktap_finish
