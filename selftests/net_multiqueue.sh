#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A multiqueue function exposes its queue pairs: virtio_net gets them all
# as channels and "ethtool -L combined N" changes the count (through the
# control queue); "max_vqp" provisions fewer, and traffic still passes.

. ./lib.sh

ktap_header 7
del_all_vdpa

# channels DEV max|current
channels() {
	ethtool -l "$1" | awk -v want="$2" '
		/^Pre-set/ { part = "max" } /^Current/ { part = "current" }
		part == want && /^Combined/ { print $2; exit }'
}

# bring_up_pair [ATTRS...]: vdpa0 (with ATTRS) and vdpa1 bound to
# virtio_vdpa, their netdevs dev0 and dev1 still in this namespace
bring_up_pair() {
	dev0=$(add_virtio_net vdpa0 "$NET_MGMT" "$@") &&
		dev1=$(add_virtio_net vdpa1 "$NET_MGMT_PEER")
}

bring_up_pair
expect_eq "virtio_net sees all $NET_DEV_VQP queue pairs" "$NET_DEV_VQP" \
	"$(channels "$dev0" max)"
check "ethtool -L combined $NET_DEV_VQP is accepted" \
	ethtool -L "$dev0" combined "$NET_DEV_VQP"
expect_eq "the netdev now uses $NET_DEV_VQP channels" "$NET_DEV_VQP" \
	"$(channels "$dev0" current)"
netns_setup ns0 "$dev0" 10.99.0.1/24 && netns_setup ns1 "$dev1" 10.99.0.2/24
wait_for 5 netns_carrier ns0 "$dev0"
check "traffic passes with $NET_DEV_VQP channels" wait_for 10 ping_peer 10
cleanup

bring_up_pair max_vqp 2
expect_eq "max_vqp 2 gives virtio_net 2 queue pairs" 2 "$(channels "$dev0" max)"
expect_eq "dev config show reports max_vqp 2" 2 \
	"$($VDPA -j dev config show vdpa0 | sed -n 's/.*"max_vq_pairs":\([0-9]*\).*/\1/p')"
netns_setup ns0 "$dev0" 10.99.0.1/24 && netns_setup ns1 "$dev1" 10.99.0.2/24
wait_for 5 netns_carrier ns0 "$dev0"
check "traffic passes on a max_vqp 2 device" wait_for 10 ping_peer 10
cleanup
ktap_finish
