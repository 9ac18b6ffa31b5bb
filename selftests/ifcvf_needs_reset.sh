#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# DEVICE_NEEDS_RESET raised by the device reaches the vDPA driver, on
# both buses. The IFCVF model's fault-needs-reset sets the status bit,
# sends a config interrupt and stops the device. virtio_net (under
# traffic) and virtio_blk read it in their virtio status, the config
# interrupt came; a vhost-vdpa user gets its config eventfd and reads
# it; a reset brings each back, and what virtio_blk wrote before is
# intact. On the model only.

. ./lib.sh

bdf=${NET_MGMT#pci/}
blk_bdf=${BLK_MGMT#pci/}
SEED=78
BLK_AT=$((78 * MIB))
RUNNING=0x0000000f
NEEDS_RESET=0x0000004f

ktap_header 13
del_all_vdpa
peer=$(peer_up vdpa1) || setup_failed ifcvf_needs_reset "$peer"

# 1. virtio_net under traffic
vdpa0_up "$NET_MGMT" ||
	setup_failed ifcvf_needs_reset "vdpa0 has no netdev with carrier in ns0: ${dev0:-none}"
check "virtio_net: frames cross before the fault" ping_peer 10
ping_flood
irqs=$(config_irqs "$bdf")
model_fault "$bdf" needs-reset on ||
	setup_failed ifcvf_needs_reset "the model did not raise NEEDS_RESET"
check "virtio_net: its virtio status reads DRIVER_OK with NEEDS_RESET" \
	wait_for 5 status_reads vdpa0 $NEEDS_RESET
check "virtio_net: a config interrupt came" \
	test "$(config_irqs "$bdf")" -gt "$irqs"
kill_jobs
dev0=$(attach_virtio_net vdpa0)
check "virtio_net bound again: the reset cleared NEEDS_RESET" \
	status_reads vdpa0 $RUNNING
if ns0_up "$dev0"; then
	check "virtio_net: frames cross again" ping_peer 10
else
	ktap_not_ok "virtio_net: frames cross again" "$dev0 has no carrier"
fi
$VDPA dev del vdpa0
$IP netns del ns0

# 2. virtio_blk: what it wrote before the fault is there after the reset
need_blk_disk blk0
check "virtio_blk: $MIB bytes written before the fault" \
	./blk_pattern write "/dev/$disk" $SEED $BLK_AT $MIB
irqs=$(config_irqs "$blk_bdf")
model_fault "$blk_bdf" needs-reset on ||
	setup_failed ifcvf_needs_reset "the model did not raise NEEDS_RESET on $blk_bdf"
check "virtio_blk: its virtio status reads DRIVER_OK with NEEDS_RESET" \
	wait_for 5 status_reads blk0 $NEEDS_RESET
check "virtio_blk: a config interrupt came" \
	test "$(config_irqs "$blk_bdf")" -gt "$irqs"
bind_vdpa blk0 virtio_vdpa && wait_for 5 vdpa_blkdev blk0
disk=$(vdpa_blkdev blk0)
if [ -n "$disk" ] && wait_for 5 test -b "/dev/$disk"; then
	check "virtio_blk bound again: what it wrote before is intact" \
		./blk_pattern verify "/dev/$disk" $SEED $BLK_AT $MIB
else
	ktap_not_ok "virtio_blk bound again: what it wrote before is intact" "no disk"
fi
host_check verify $SEED $BLK_AT $MIB
$VDPA dev del blk0

# 3. vhost_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null ||
	setup_failed ifcvf_needs_reset "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_needs_reset "$chr"
VHOST_DEV=$chr PEER_NETNS=ns1 PEER_IFNAME=$peer \
FAULT_ON=". ./lib.sh; model_fault $bdf needs-reset on" \
	ktap_run ./vhost_vdpa_fault needs-reset
cleanup
ktap_finish
