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

del_all_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" ||
	setup_failed vhost_vdpa_fuzz "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed vhost_vdpa_fuzz "$chr"
devs="$chr:$FUZZ_CALLS"

if [ -n "$NET_MGMT_PEER" ]; then
	dev1=$(peer_up vdpa1) || setup_failed vhost_vdpa_fuzz "$dev1"
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
# $devs: the fuzzer's arguments, one a word
# shellcheck disable=SC2086
{ ./vhost_vdpa_fuzz -x 1 $devs 2>&1; echo $? >"$out.rc"; } | tee "$out"
rc=$(cat "$out.rc")
ktap_continue "$out"

# The fuzzed device on the other bus: a netdev that passes frames
$VDPA dev del blk0 2>/dev/null
dev0=$(attach_virtio_net vdpa0)
if back=$(net_traffic "$dev0" vdpa1 20); then
	ktap_ok "vdpa0 on virtio_vdpa after the fuzz: netdev ${dev0:-?} passes frames"
else
	ktap_not_ok "vdpa0 on virtio_vdpa after the fuzz: netdev ${dev0:-?} passes frames" \
		"$back"
fi
cleanup
[ "$rc" = 0 ] || exit 1
ktap_finish
