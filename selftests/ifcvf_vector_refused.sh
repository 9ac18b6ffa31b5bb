#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A device that refuses an MSI-X vector (the IFCVF model's
# fault-refuse-vector: every vector written reads back NO_VECTOR) never
# leaves a driver waiting on queues that cannot interrupt: ifcvf routes
# the vectors when FEATURES_OK is set, and a refused one makes the
# features refused, which virtio_net, virtio_blk and a vhost-vdpa user
# all read back and give up on at once. Once the device takes vectors
# again each works, and what virtio_blk wrote before is intact. On the
# model only.

. ./lib.sh

bdf=${NET_MGMT#pci/}
blk_bdf=${BLK_MGMT#pci/}
SEED=79
BLK_AT=$((79 * MIB))

cleanup_test() {
	model_fault "$bdf" refuse-vector off
	model_fault "$blk_bdf" refuse-vector off
}

# the virtio device of vDPA device NAME, with or without a driver: under
# it or under its DMA device, the PCI function
virtio_dir() {
	local dir d
	dir=$(readlink -f "/sys/bus/vdpa/devices/$1")
	for d in "$dir"/virtio* "$(dirname "$dir")"/virtio*; do
		[ -e "$d/status" ] && { echo "$d"; return 0; }
	done
	return 1
}

# gave_up NAME: virtio_vdpa's device of NAME has no driver and FAILED set
gave_up() {
	local d
	d=$(virtio_dir "$1") || return 1
	[ ! -e "$d/driver" ] && [ $(($(cat "$d/status") & 0x80)) -ne 0 ]
}

# bind_virtio_vdpa NAME, in bounded time
bind_virtio_vdpa() {
	finishes 30 sh -c ". ./lib.sh; bind_vdpa $1 virtio_vdpa"
}

ktap_header 10
del_all_vdpa
peer=$(peer_up vdpa1) || setup_failed ifcvf_vector_refused "$peer"

# 1. virtio_net
model_fault "$bdf" refuse-vector on ||
	setup_failed ifcvf_vector_refused "the model did not take fault-refuse-vector"
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null ||
	setup_failed ifcvf_vector_refused "vdpa dev add on $NET_MGMT failed"
log_mark
check "virtio_net's probe on a device refusing a vector ends" \
	bind_virtio_vdpa vdpa0
check "virtio_net gave up: no driver, FAILED set" gave_up vdpa0
expect_eq "ifcvf says which vector the device refused" 1 \
	"$(log_since_mark | grep -c "$bdf: .*device refused MSI-X vector")"
model_fault "$bdf" refuse-vector off
dev0=""
bind_virtio_vdpa vdpa0 && wait_for 5 vdpa_netdev vdpa0 && dev0=$(vdpa_netdev vdpa0)
if [ -n "$dev0" ] && ns0_up "$dev0"; then
	check "once vectors are taken again, virtio_net runs: frames cross" \
		ping_peer 10
else
	ktap_not_ok "once vectors are taken again, virtio_net runs: frames cross" \
		"no netdev with carrier (${dev0:-none})"
fi
$VDPA dev del vdpa0

# 2. virtio_blk
need_blk_disk blk0
check "virtio_blk: $MIB bytes written before the fault" \
	./blk_pattern write "/dev/$disk" $SEED $BLK_AT $MIB
model_fault "$blk_bdf" refuse-vector on ||
	setup_failed ifcvf_vector_refused "the model did not take fault-refuse-vector on $blk_bdf"
check "virtio_blk's probe on a device refusing a vector ends" \
	bind_virtio_vdpa blk0
check "virtio_blk gave up: no driver, FAILED set" gave_up blk0
model_fault "$blk_bdf" refuse-vector off
disk=""
bind_virtio_vdpa blk0 && wait_for 5 vdpa_blkdev blk0 && disk=$(vdpa_blkdev blk0)
if [ -n "$disk" ] && wait_for 5 test -b "/dev/$disk"; then
	check "once vectors are taken again, what virtio_blk wrote is intact" \
		./blk_pattern verify "/dev/$disk" $SEED $BLK_AT $MIB
else
	ktap_not_ok "once vectors are taken again, what virtio_blk wrote is intact" "no disk"
fi
host_check verify $SEED $BLK_AT $MIB
$VDPA dev del blk0

# 3. vhost_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null ||
	setup_failed ifcvf_vector_refused "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_vector_refused "$chr"
VHOST_DEV=$chr PEER_NETNS=ns1 PEER_IFNAME=$peer \
FAULT_ON=". ./lib.sh; model_fault $bdf refuse-vector on" \
FAULT_OFF=". ./lib.sh; model_fault $bdf refuse-vector off" \
	ktap_run ./vhost_vdpa_fault refused
cleanup
ktap_finish
