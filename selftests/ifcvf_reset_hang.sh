#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A reset the device never completes, under traffic, on both buses. The
# IFCVF model's fault-reset-hang holds a reset back: the device goes on
# as it was, rings and all, and its status does not read 0. ifcvf must
# stop the function's bus mastering before the vDPA driver gives the
# rings back (the function's IOMMU group translates its DMA here, so a
# device still writing into them is an IOMMU fault, which fails the
# test), fail the reset, report NEEDS_RESET to a driver that starts over,
# and bring the function back into service once a reset completes. On
# the model's NICs only (MODEL).

. ./lib.sh

bdf=${NET_MGMT#pci/}
pdev=/sys/bus/pci/devices/$bdf

# iommu_domain TYPE: the function's IOMMU group set to TYPE (DMA or
# identity; the lab boots with iommu=pt) while ifcvf lets go of it
iommu_domain() {
	echo "$bdf" >/sys/bus/pci/drivers/ifcvf/unbind
	echo "$1" >"$pdev/iommu_group/type" ||
		echo "# $bdf's IOMMU group cannot be $1"
	bind_ifcvf "$bdf"
}

cleanup_test() {
	model_fault "$bdf" reset-hang off
	iommu_domain identity
}

ktap_header 13
del_all_vdpa
iommu_domain DMA
echo "# $bdf's IOMMU domain: $(cat "$pdev/iommu_group/type")"
peer=$(peer_up vdpa1) || setup_failed ifcvf_reset_hang "$peer"

# 1. virtio_vdpa: virtio_net's remove resets the device
vdpa0_up "$NET_MGMT" ||
	setup_failed ifcvf_reset_hang "vdpa0 has no netdev with carrier in ns0: ${dev0:-none}"
check "frames cross before the fault" ping_peer 10
ping_flood
model_fault "$bdf" reset-hang on ||
	setup_failed ifcvf_reset_hang "the model did not take fault-reset-hang"
log_mark
check "virtio_net goes from a device whose reset hangs, in bounded time" \
	finishes 30 sh -c "echo vdpa0 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind"
expect_eq "ifcvf says the reset did not complete and stopped bus mastering" 1 \
	"$(log_since_mark | grep -c "$bdf: reset not complete after .*: bus mastering stopped")"
expect_eq "bus mastering of $bdf is off once virtio_net is gone" 0 \
	"$(pci_master "$bdf")"
# frames for the device whose rings were freed: nothing may reach them
$IP netns exec ns1 ping -q -c 20 -i 0.05 -W 1 10.99.0.1 >/dev/null 2>&1
kill_jobs
model_fault "$bdf" reset-hang off
log_mark
dev0=$(attach_virtio_net vdpa0)
check "once the device resets again, virtio_net binds again" test -n "$dev0"
expect_eq "ifcvf says the reset completed; bus mastering is back on" \
	"1 1" "$(log_since_mark | grep -c "$bdf: reset complete: bus mastering back on") $(pci_master "$bdf")"
if ns0_up "$dev0"; then
	check "frames cross again" ping_peer 10
else
	ktap_not_ok "frames cross again" "$dev0 has no carrier"
fi
$VDPA dev del vdpa0
$IP netns del ns0

# 2. vhost_vdpa: a user resets the device (vhost_vdpa_fault reset-hang)
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null ||
	setup_failed ifcvf_reset_hang "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_reset_hang "$chr"
VHOST_DEV=$chr PEER_NETNS=ns1 PEER_IFNAME=$peer BDF=$bdf \
FAULT_ON=". ./lib.sh; model_fault $bdf reset-hang on" \
FAULT_OFF=". ./lib.sh; model_fault $bdf reset-hang off" \
	ktap_run ./vhost_vdpa_fault reset-hang
cleanup
ktap_finish
