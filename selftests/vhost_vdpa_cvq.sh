#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The control queue of a net vDPA device answers commands through
# /dev/vhost-vdpa-N (vhost_vdpa_cvq, see the .c). On a multiqueue
# function (NET_DEV_VQP > 1) the device is provisioned with max_vqp 1:
# its driver then finds the control queue at index 2, where the function
# has a data queue, and the parent must send it to the function's own
# control queue (after all of the function's pairs).

. ./lib.sh

del_all_vdpa
no_autoprobe
attrs=
[ "${NET_DEV_VQP:-1}" -gt 1 ] && attrs="max_vqp 1"
# shellcheck disable=SC2086
add_net_vdpa vdpa0 "$NET_MGMT" $attrs ||
	setup_failed vhost_vdpa_cvq "vdpa dev add on $NET_MGMT ${attrs:+with $attrs }failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed vhost_vdpa_cvq "$chr"
echo "# $chr of vdpa0 on $NET_MGMT${attrs:+, $attrs}"
VHOST_DEV=$chr ./vhost_vdpa_cvq
rc=$?
cleanup
exit $rc
