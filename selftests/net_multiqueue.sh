#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A multiqueue function exposes its queue pairs: virtio_net gets them all
# as channels and "ethtool -L combined N" changes the count (through the
# control queue); "max_vqp" provisions fewer. Either way every queue pair
# in use carries frames both ways, as virtio_net's per-queue counters
# show (netdev_qstats: ethtool -S has them no more): TCP connection attempts
# from every CPU, each a flow of its own with a random hash, spread over
# the transmit queues (XPS gives each CPU its share of them, the hash
# picks one of those), the peer's resets come back on the queue pair of
# their flow (QEMU's multiqueue tap keeps a flow on one queue), and the
# peer NIC receives them on the queues its tap's hash picks.

. ./lib.sh

# connection attempts per CPU: a queue of the peer NIC, picked by hash
# from 4, misses all of them with a chance of (3/4)^(2 * 32)
FLOWS=32

ktap_header 13
del_all_vdpa

# channels NS DEV max|current
channels() {
	$IP netns exec "$1" ethtool -l "$2" | awk -v want="$3" '
		/^Pre-set/ { part = "max" } /^Current/ { part = "current" }
		part == want && /^Combined/ { print $2; exit }'
}

# queue_packets NS DEV rx|tx: the packets of each of DEV's queues, in
# queue order, "n0 n1 ..." (netdev_qstats)
queue_packets() {
	$IP netns exec "$1" ./netdev_qstats "$2" |
		awk -v dir="$3" '$1 == dir { printf "%s%s", (n++ ? " " : ""), $3 }'
}

# queue_rise BEFORE AFTER: per queue, how many packets it carried
# between the two counts
queue_rise() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		n = split(a, x, " "); split(b, y, " ")
		for (i = 1; i <= n; i++) printf "%s%d", (i > 1 ? " " : ""), y[i] - x[i]
	}'
}

# every_queue_carried DESC WANT RISE: one result: RISE ("n0 n1 ...") has
# WANT queues and each of them carried a frame
every_queue_carried() {
	local q n=0 idle=''
	for q in $3; do
		[ "$q" -gt 0 ] || idle="$idle $n"
		n=$((n + 1))
	done
	if [ "$n" = "$2" ] && [ -z "$idle" ]; then
		ktap_ok "$1 (frames per queue: $3)"
	else
		ktap_not_ok "$1" "frames per queue: '$3'; idle:${idle:- none}"
	fi
}

# flows: FLOWS TCP connection attempts to closed ports of the peer from
# each CPU, all in ns0; each is answered by a reset
flows() {
	local c
	for c in $(seq 0 $(($(nproc) - 1))); do
		taskset -c "$c" $IP netns exec ns0 sh -c "
			for p in \$(seq 1 $FLOWS); do
				nc -w 1 10.99.0.2 \$((20000 + p)) </dev/null
			done" >/dev/null 2>&1
	done
}

# queues_carry N: flows, then one result per direction of dev0 and one for
# dev1's receive queues: all N queue pairs in use carried frames
queues_carry() {
	local tx0 rx0 rx1
	tx0=$(queue_packets ns0 "$dev0" tx)
	rx0=$(queue_packets ns0 "$dev0" rx)
	rx1=$(queue_packets ns1 "$dev1" rx)
	flows
	every_queue_carried "each of the $1 transmit queues sent frames" "$1" \
		"$(queue_rise "$tx0" "$(queue_packets ns0 "$dev0" tx)")"
	every_queue_carried "each of the $1 receive queues took frames" "$1" \
		"$(queue_rise "$rx0" "$(queue_packets ns0 "$dev0" rx)")"
	every_queue_carried "each of the peer's $NET_DEV_VQP receive queues took frames" \
		"$NET_DEV_VQP" "$(queue_rise "$rx1" "$(queue_packets ns1 "$dev1" rx)")"
}

# pair_up [ATTRS...]: vdpa0 (with ATTRS) and vdpa1 bound to virtio_vdpa,
# their netdevs dev0 and dev1 using all their queue pairs, dev0 in ns0
# and dev1 in ns1, both with carrier; fails if any of it does not come
pair_up() {
	dev0=$(add_virtio_net vdpa0 "$NET_MGMT" "$@") &&
		dev1=$(add_virtio_net vdpa1 "$NET_MGMT_PEER") &&
		ethtool -L "$dev1" combined "$NET_DEV_VQP" &&
		netns_setup ns0 "$dev0" 10.99.0.1/24 &&
		netns_setup ns1 "$dev1" 10.99.0.2/24 &&
		wait_for 5 netns_carrier ns0 "$dev0" &&
		wait_for 5 netns_carrier ns1 "$dev1"
}

pair_up || setup_failed net_multiqueue "the net pair did not come up"
expect_eq "virtio_net sees all $NET_DEV_VQP queue pairs" "$NET_DEV_VQP" \
	"$(channels ns0 "$dev0" max)"
check "ethtool -L combined $NET_DEV_VQP is accepted" \
	$IP netns exec ns0 ethtool -L "$dev0" combined "$NET_DEV_VQP"
expect_eq "the netdev now uses $NET_DEV_VQP channels" "$NET_DEV_VQP" \
	"$(channels ns0 "$dev0" current)"
check "10 pings pass with $NET_DEV_VQP channels, 0% loss" ping_peer 10
queues_carry "$NET_DEV_VQP"
cleanup

pair_up max_vqp 2 ||
	setup_failed net_multiqueue "the max_vqp 2 pair did not come up"
expect_eq "max_vqp 2 gives virtio_net 2 queue pairs" 2 \
	"$(channels ns0 "$dev0" max)"
expect_eq "dev config show reports max_vqp 2" 2 \
	"$($VDPA -j dev config show vdpa0 | sed -n 's/.*"max_vq_pairs":\([0-9]*\).*/\1/p')"
check "10 pings pass on a max_vqp 2 device, 0% loss" ping_peer 10
queues_carry 2
cleanup
ktap_finish
