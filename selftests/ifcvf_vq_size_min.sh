#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The smallest ring IFCVF takes (64 entries, the in-tree ifcvf's
# IFCVF_MIN_VQ_SIZE) is the device's minimum queue size: the vdpa netlink
# family reports it, and a ring below it is refused when its address is set
# (virtio_vdpa, which shrinks rings when memory is short, then fails to
# set up the queue instead of starting one the device does not take),
# while one of the minimum is taken.

. ./lib.sh

MIN=64

ktap_header 3
del_all_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null ||
	setup_failed ifcvf_vq_size_min "vdpa dev add on $NET_MGMT failed"
expect_eq "the vdpa device's minimum queue size is $MIN (VDPA_CMD_DEV_GET)" $MIN \
	"$(./vdpa_netlink show vdpa0 | sed -n 's/^min_vq_size //p')"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_vq_size_min "$chr"
VHOST_DEV=$chr MIN_QSIZE=$MIN ktap_run ./vhost_vdpa_fault small-ring
cleanup
ktap_finish
