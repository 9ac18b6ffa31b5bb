#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What a VMM needs to stop and restart a NIC (vhost_vdpa_vmstate, see the
# .c): vendor queue statistics against the traffic that made them, and
# suspend/resume where offered. The boot says what to expect:
# EXPECT_SUSPEND (1: offered) and EXPECT_VSTATS (none, counters, lm).

. ./lib.sh

del_all_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null ||
	setup_failed vhost_vdpa_vmstate "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed vhost_vdpa_vmstate "$chr"
if [ -n "$NET_MGMT_PEER" ]; then
	dev1=$(peer_up vdpa1) || setup_failed vhost_vdpa_vmstate "$dev1"
	export PEER_NETNS=ns1 PEER_IFNAME="$dev1"
fi
echo "# $chr of vdpa0 on $NET_MGMT, peer ${PEER_IFNAME:-none}, expect suspend ${EXPECT_SUSPEND:-?}, vstats ${EXPECT_VSTATS:-?}"
VHOST_DEV=$chr VDPA_NAME=vdpa0 ./vhost_vdpa_vmstate
rc=$?
cleanup
exit $rc
