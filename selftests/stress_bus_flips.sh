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

cleanup() {
	$IP netns del ns0 2>/dev/null
	$IP netns del ns1 2>/dev/null
	del_all_vdpa
}

setup_peer() {
	local dev1
	[ -n "$NET_MGMT_PEER" ] || return 0
	add_net_vdpa vdpa1 "$NET_MGMT_PEER" && bind_vdpa vdpa1 virtio_vdpa &&
		wait_for 5 vdpa_netdev vdpa1 || return 1
	dev1=$(vdpa_netdev vdpa1)
	netns_setup ns1 "$dev1" 10.99.0.2/24 &&
		wait_for 5 netns_carrier ns1 "$dev1" || return 1
	export PEER_NETNS=ns1 PEER_IFNAME="$dev1"
}

# frames through the netdev virtio_vdpa made of vdpa0; prints why not
virtio_traffic() {
	local dev0 back
	bind_vdpa vdpa0 virtio_vdpa && wait_for 5 vdpa_netdev vdpa0 ||
		{ echo "no netdev"; return 1; }
	dev0=$(vdpa_netdev vdpa0)
	netns_setup ns0 "$dev0" 10.99.0.1/24 &&
		wait_for 5 netns_carrier ns0 "$dev0" ||
		{ echo "$dev0 has no carrier"; return 1; }
	if [ -n "$NET_MGMT_PEER" ]; then
		back=$($IP netns exec ns0 ping -c $PINGS -i 0.05 -W 5 10.99.0.2 2>&1 |
		       tail -n 2)
		echo "$back" | grep -q ' 0% packet loss' && return 0
	else
		back=$(loopback_frames ns0 "$dev0" $PINGS)
		[ "${back:-0}" -ge $PINGS ] 2>/dev/null && return 0
	fi
	echo "$back"
	return 1
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
{ add_net_vdpa vdpa0 "$NET_MGMT" && setup_peer; } ||
	setup_failed stress_bus_flips "vdpa0 or the peer could not be set up"

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
