#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vhost_vdpa_net (see the .c) on a net vDPA device of ifcvf, with a peer
# that owes nothing to the driver under test: the peer function is
# driven by the kernel's own virtio_pci and virtio_net for the test, and
# given back to ifcvf after it. vhost_vdpa_net.sh's peer is an ifcvf
# device too, so a bug that breaks both sides alike is judged by itself,
# and its virtio_net waits forever in the kernel on a control queue such
# a bug broke; here frames cross to and from a NIC nothing of ifcvf
# touches, and every wait is bounded.

. ./lib.sh

peer_bdf=${NET_MGMT_PEER#pci/}

native_netdev() {
	local d
	for d in /sys/bus/pci/devices/"$peer_bdf"/virtio*/net/*; do
		[ -e "$d" ] && { basename "$d"; return 0; }
	done
	return 1
}

cleanup_test() {
	bind_driver pci "$peer_bdf" ifcvf &&
		wait_for 5 $VDPA mgmtdev show "$NET_MGMT_PEER"
}

if [ "$TARGET" != ifcvf ] || [ -z "$peer_bdf" ]; then
	setup_failed vhost_vdpa_net_native "needs ifcvf and a peer function"
fi
del_all_vdpa
no_autoprobe
{ bind_driver pci "$peer_bdf" virtio-pci && wait_for 5 native_netdev; } ||
	setup_failed vhost_vdpa_net_native "$peer_bdf has no netdev under virtio-pci"
dev1=$(native_netdev)
{ netns_setup ns1 "$dev1" 10.99.0.2/24 && wait_for 5 netns_carrier ns1 "$dev1"; } ||
	setup_failed vhost_vdpa_net_native "the native peer $dev1 in ns1 has no carrier"
add_net_vdpa vdpa0 "$NET_MGMT" ||
	setup_failed vhost_vdpa_net_native "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed vhost_vdpa_net_native "$chr"
config=$($VDPA dev config show vdpa0 2>&1)
mac=$(echo "$config" | sed -n 's/.* mac \([0-9a-f:]\{17\}\).*/\1/p')
[ -n "$mac" ] ||
	setup_failed vhost_vdpa_net_native "no mac in 'vdpa dev config show vdpa0': $config"

echo "# $chr of vdpa0 on $NET_MGMT, mac $mac, native peer $dev1 on $peer_bdf"
PEER_NETNS=ns1 PEER_IFNAME=$dev1 VHOST_DEV=$chr NET_MAC=$mac ./vhost_vdpa_net
rc=$?
cleanup
exit $rc
