#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# FLIPS times (20 unless set; the debug tier asks for 200): one net vDPA
# device moves virtio_vdpa -> vhost_vdpa -> virtio_vdpa ..., and frames
# cross on every stop: pings to the peer (or vdpa_sim_net's loop-back)
# through the kernel netdev, vhost_vdpa_net's tx_frames through
# /dev/vhost-vdpa-N.

. ./lib.sh

FLIPS=${FLIPS:-20}
PINGS=3

# frames through the netdev virtio_vdpa made of vdpa0; prints why not
virtio_traffic() {
	local dev0
	dev0=$(attach_virtio_net vdpa0) || { echo "no netdev"; return 1; }
	if ! netns_setup ns0 "$dev0" 10.99.0.1/24 ||
	   ! wait_for 5 netns_carrier ns0 "$dev0"; then
		echo "$dev0 has no carrier"
		return 1
	fi
	frames_pass "$dev0" $PINGS
}

# frames through /dev/vhost-vdpa-N; prints why not
vhost_traffic() {
	local chr out
	chr=$(attach_vhost_vdpa vdpa0) || { echo "$chr"; return 1; }
	out=$(VHOST_DEV=$chr NET_MAC=$NET_MAC ./vhost_vdpa_net -t tx_frames 2>&1) &&
		return 0
	echo "$out" | grep -E '^#|not ok' | tail -n 5
	return 1
}

ktap_header 2
del_all_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" ||
	setup_failed stress_bus_flips "vdpa dev add on $NET_MGMT failed"
if [ -n "$NET_MGMT_PEER" ]; then
	dev1=$(peer_up vdpa1) || setup_failed stress_bus_flips "$dev1"
	export PEER_NETNS=ns1 PEER_IFNAME="$dev1"
fi

virtio_ok=0 vhost_ok=0 i=0 why=
while [ $i -lt "$FLIPS" ]; do
	if out=$(virtio_traffic); then
		virtio_ok=$((virtio_ok + 1))
	else
		why="flip $i, virtio_vdpa: $out"
	fi
	$IP netns del ns0 2>/dev/null
	if out=$(vhost_traffic); then
		vhost_ok=$((vhost_ok + 1))
	else
		why="flip $i, vhost_vdpa: $out"
	fi
	i=$((i + 1))
	[ $((i % 20)) = 0 ] &&
		echo "# $i flips, uptime $(cut -d' ' -f1 /proc/uptime) s"
done
[ -n "$why" ] && echo "# last failure: $why"
expect_eq "frames crossed through virtio_vdpa on each of $FLIPS flips" \
	"$FLIPS" "$virtio_ok"
expect_eq "frames crossed through vhost_vdpa on each of $FLIPS flips" \
	"$FLIPS" "$vhost_ok"
cleanup
ktap_finish
