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

if dev0=$(add_virtio_net vdpa0 "$NET_MGMT"); then
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
	dev1=$(peer_up vdpa1)
	if out=$(ping_peer "$PINGS"); then
		ktap_ok "$PINGS pings across $dev0 -> $dev1, 0% loss"
	else
		ktap_not_ok "$PINGS pings across $dev0 -> $dev1, 0% loss" "$out"
	fi
fi
cleanup
ktap_finish
