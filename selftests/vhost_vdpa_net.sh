#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A net vDPA device bound to vhost_vdpa, driven through /dev/vhost-vdpa-N
# by vhost_vdpa_net, a minimal userspace virtio-net driver (see the .c).
# Where the target has a peer NIC, the peer becomes a netdev in namespace
# ns1; vhost_vdpa_net sends and receives there with an AF_PACKET socket.
# NET_MAC is the MAC "vdpa dev config show" reports for the device.

. ./lib.sh

del_all_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" ||
	setup_failed vhost_vdpa_net "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed vhost_vdpa_net "$chr"
config=$($VDPA dev config show vdpa0 2>&1)
mac=$(echo "$config" | sed -n 's/.* mac \([0-9a-f:]\{17\}\).*/\1/p')
[ -n "$mac" ] || setup_failed vhost_vdpa_net "no mac in 'vdpa dev config show vdpa0': $config"

if [ -n "$NET_MGMT_PEER" ]; then
	dev1=$(peer_up vdpa1) || setup_failed vhost_vdpa_net "$dev1"
	export PEER_NETNS=ns1 PEER_IFNAME="$dev1"
fi

echo "# $chr of vdpa0 on $NET_MGMT, mac $mac, peer ${PEER_IFNAME:-none}"
VHOST_DEV=$chr NET_MAC=$mac ./vhost_vdpa_net
rc=$?
cleanup
exit $rc
