#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A net vDPA device bound to virtio_vdpa becomes a kernel netdev that
# passes frames: to the peer NIC where there is one (ping across two
# namespaces), else back to itself (vdpa_sim_net loops its frames).

. ./lib.sh

PINGS=${PINGS:-100}
FRAMES=50

ktap_header 3
del_all_vdpa

add_net_vdpa vdpa0 "$NET_MGMT" && bind_vdpa vdpa0 virtio_vdpa &&
	wait_for 5 vdpa_netdev vdpa0
dev0=$(vdpa_netdev vdpa0)
if [ -n "$dev0" ]; then
	ktap_ok "virtio_vdpa makes a netdev of vdpa0 ($dev0)"
else
	ktap_not_ok "virtio_vdpa makes a netdev of vdpa0"
	ktap_finish
fi
netns_setup ns0 "$dev0" 10.99.0.1/24
if wait_for 5 netns_carrier ns0 "$dev0"; then
	ktap_ok "$dev0 has carrier"
else
	ktap_not_ok "$dev0 has carrier"
fi

if [ -z "$NET_MGMT_PEER" ]; then
	back=$(loopback_frames ns0 "$dev0" $FRAMES)
	if [ "${back:-0}" -ge $FRAMES ] 2>/dev/null; then
		ktap_ok "$FRAMES frames sent came back ($back received)"
	else
		ktap_not_ok "$FRAMES frames sent came back" "received: $back"
	fi
else
	add_net_vdpa vdpa1 "$NET_MGMT_PEER" && bind_vdpa vdpa1 virtio_vdpa &&
		wait_for 5 vdpa_netdev vdpa1
	dev1=$(vdpa_netdev vdpa1)
	netns_setup ns1 "$dev1" 10.99.0.2/24
	wait_for 5 netns_carrier ns1 "$dev1"
	out=$($IP netns exec ns0 ping -c "$PINGS" -i 0.05 -W 5 10.99.0.2 2>&1)
	case $out in
	*" $PINGS packets received, 0% packet loss"*)
		ktap_ok "$PINGS pings across $dev0 -> $dev1, 0% loss" ;;
	*) ktap_not_ok "$PINGS pings across $dev0 -> $dev1, 0% loss" \
		"$(echo "$out" | tail -n 2)" ;;
	esac
fi
$IP netns del ns0 2>/dev/null
$IP netns del ns1 2>/dev/null
del_all_vdpa
ktap_finish
