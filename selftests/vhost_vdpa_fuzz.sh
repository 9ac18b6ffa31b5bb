#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vhost_vdpa_fuzz (see the .c) on a net vDPA device bound to vhost_vdpa,
# then on a blk one with a quarter of the calls; after each run the
# device must still pass frames or complete requests. Then the net device
# moves to virtio_vdpa, and its netdev must pass frames as well.
# Where the target has a peer NIC, the peer is a netdev in namespace ns1.
#
# FUZZ_CALLS (20000), FUZZ_BLK_CALLS (FUZZ_CALLS / 4, 0: no blk run),
# FUZZ_SEED, FUZZ_KNOWN_BUGS and FUZZ_CALL_TIMEOUT pass through.

. ./lib.sh

FUZZ_CALLS=${FUZZ_CALLS:-20000}
FUZZ_BLK_CALLS=${FUZZ_BLK_CALLS:-$((FUZZ_CALLS / 4))}
export FUZZ_SEED FUZZ_KNOWN_BUGS FUZZ_CALL_TIMEOUT

cleanup() {
	$IP netns del ns0 2>/dev/null
	$IP netns del ns1 2>/dev/null
	del_all_vdpa
}

del_all_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" ||
	setup_failed vhost_vdpa_fuzz "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed vhost_vdpa_fuzz "$chr"
devs="$chr:$FUZZ_CALLS"

if [ -n "$NET_MGMT_PEER" ]; then
	{ add_net_vdpa vdpa1 "$NET_MGMT_PEER" &&
	  bind_vdpa vdpa1 virtio_vdpa && wait_for 5 vdpa_netdev vdpa1; } ||
		setup_failed vhost_vdpa_fuzz "peer vdpa1 on $NET_MGMT_PEER has no netdev"
	dev1=$(vdpa_netdev vdpa1)
	{ netns_setup ns1 "$dev1" 10.99.0.2/24 &&
	  wait_for 5 netns_carrier ns1 "$dev1"; } ||
		setup_failed vhost_vdpa_fuzz "peer $dev1 in ns1 has no carrier"
	export PEER_NETNS=ns1 PEER_IFNAME="$dev1"
fi

if [ -n "$BLK_MGMT" ] && [ "$FUZZ_BLK_CALLS" -gt 0 ]; then
	add_vdpa blk0 "$BLK_MGMT" ||
		setup_failed vhost_vdpa_fuzz "vdpa dev add on $BLK_MGMT failed"
	blk=$(attach_vhost_vdpa blk0) || setup_failed vhost_vdpa_fuzz "$blk"
	devs="$devs $blk:$FUZZ_BLK_CALLS"
fi

echo "# $chr of vdpa0 on $NET_MGMT, peer ${PEER_IFNAME:-none};" \
	"${blk:-no blk device}${blk:+ of blk0 on $BLK_MGMT}"
# one TAP stream: the fuzzer's plan counts the test below
out=/tmp/vhost_vdpa_fuzz.tap
# shellcheck disable=SC2086
{ ./vhost_vdpa_fuzz -x 1 $devs 2>&1; echo $? >"$out.rc"; } | tee "$out"
rc=$(cat "$out.rc")
ktap_count=$(grep -c -E '^(not )?ok [0-9]' "$out")
ktap_failed=$(grep -c -E '^not ok [0-9]' "$out")

# The fuzzed device on the other bus: a netdev that passes frames
$VDPA dev del blk0 2>/dev/null
bind_vdpa vdpa0 virtio_vdpa && wait_for 5 vdpa_netdev vdpa0
dev0=$(vdpa_netdev vdpa0)
netns_setup ns0 "$dev0" 10.99.0.1/24 && wait_for 5 netns_carrier ns0 "$dev0"
if [ -z "$NET_MGMT_PEER" ]; then
	back=$(loopback_frames ns0 "$dev0" 20)
	ok=$([ "${back:-0}" -ge 20 ] 2>/dev/null && echo y)
else
	back=$($IP netns exec ns0 ping -c 20 -i 0.05 -W 5 10.99.0.2 2>&1 |
	       tail -n 2)
	ok=$(echo "$back" | grep -q ' 0% packet loss' && echo y)
fi
if [ "$ok" = y ]; then
	ktap_ok "vdpa0 on virtio_vdpa after the fuzz: netdev ${dev0:-?} passes frames"
else
	ktap_not_ok "vdpa0 on virtio_vdpa after the fuzz: netdev ${dev0:-?} passes frames" \
		"$back"
fi
cleanup
[ "$rc" = 0 ] || exit 1
ktap_finish
