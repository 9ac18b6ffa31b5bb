#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A function level reset under a running device (sysfs "reset", what a
# PF driver's VF reset does too), on both buses, on the IFCVF model's NIC
# in the hot-plug slot (NET_HOTPLUG_PCI: PCI Express, so it has FLR):
# - with an LM region, the device comes back by itself: ifcvf stops each
#   queue and keeps where it stopped before the reset, and starts it
#   there after; frames cross at once, the status has no NEEDS_RESET;
# - without one (lm_layout none) the queues' places are lost: the device
#   reads NEEDS_RESET with a config interrupt, and a reset brings it back;
# - a reset the device never completes is done by FLR instead.
# The peer is vdpa1 on NET_MGMT_PEER.

. ./lib.sh

bdf=$NET_HOTPLUG_PCI
pdev=/sys/bus/pci/devices/$bdf
layout=${LM_LAYOUT:-pair}

cleanup_test() {
	model_fault "$bdf" reset-hang off
	[ -e "$pdev/driver" ] && echo "$bdf" >"$pdev/driver/unbind"
	# back to the kernel's virtio-pci, as the boot left it
	echo virtio-pci >"$pdev/driver_override"
	echo "$bdf" >/sys/bus/pci/drivers_probe
	echo >"$pdev/driver_override"
}

flr() {
	finishes 30 sh -c "echo 1 >$pdev/reset"
}

ktap_header 19
del_all_vdpa
if ! bind_ifcvf "$bdf" || ! echo "$layout" >"$pdev/lm_layout"; then
	setup_failed ifcvf_flr "ifcvf does not take ${bdf:-NET_HOTPLUG_PCI}"
fi
peer=$(peer_up vdpa1) || setup_failed ifcvf_flr "$peer"

# 1. virtio_net, LM region: it runs on where it stopped
vdpa0_up "pci/$bdf" || setup_failed ifcvf_flr "vdpa0 on $bdf has no netdev with carrier"
check "LM: frames cross before the FLR" ping_peer 10
ping_flood
log_mark
check "LM: an FLR under traffic finishes" flr
expect_eq "LM: ifcvf started each queue again where it stopped" 1 \
	"$(log_since_mark | grep -c "$bdf: vdpa0: running again after the function reset")"
expect_eq "LM: the virtio status has no NEEDS_RESET" 0x0000000f \
	"$(virtio_status vdpa0)"
kill_jobs
check "LM: frames cross right after, nobody reset it" ping_peer 10
$VDPA dev del vdpa0

# 2. virtio_net, no LM region: NEEDS_RESET with a config interrupt
echo none >"$pdev/lm_layout"
vdpa0_up "pci/$bdf" || setup_failed ifcvf_flr "vdpa0 without LM has no netdev with carrier"
check "no LM: frames cross before the FLR" ping_peer 10
log_mark
check "no LM: an FLR finishes" flr
expect_eq "no LM: the virtio status reads NEEDS_RESET" 0x0000004f \
	"$(virtio_status vdpa0)"
expect_eq "no LM: ifcvf says the function was reset under it" 1 \
	"$(log_since_mark | grep -c "$bdf: device needs a reset: the function was reset under it")"
dev0=$(attach_virtio_net vdpa0)
if ns0_up "$dev0"; then
	check "no LM: after a reset frames cross again" ping_peer 10
else
	ktap_not_ok "no LM: after a reset frames cross again" "no carrier on ${dev0:-none}"
fi
$VDPA dev del vdpa0
$IP netns del ns0

# 3. a reset that never completes: FLR instead
echo "$layout" >"$pdev/lm_layout"
vdpa0_up "pci/$bdf" || setup_failed ifcvf_flr "vdpa0 has no netdev with carrier"
model_fault "$bdf" reset-hang on || setup_failed ifcvf_flr "no fault-reset-hang"
log_mark
check "a reset that hangs ends: virtio_net goes" \
	finishes 30 sh -c "echo vdpa0 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind"
expect_eq "ifcvf reset the function by FLR instead; bus mastering is on" "1 1" \
	"$(log_since_mark | grep -c "$bdf: function level reset instead") $(pci_master "$bdf")"
model_fault "$bdf" reset-hang off
$VDPA dev del vdpa0
$IP netns del ns0

# 4. vhost_vdpa, LM region, then none
add_net_vdpa vdpa0 "pci/$bdf" >/dev/null || setup_failed ifcvf_flr "no vdpa0"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_flr "$chr"
VHOST_DEV=$chr PEER_NETNS=ns1 PEER_IFNAME=$peer \
FAULT_ON="echo 1 >$pdev/reset" \
	ktap_run ./vhost_vdpa_fault restored
$VDPA dev del vdpa0
echo none >"$pdev/lm_layout"
add_net_vdpa vdpa0 "pci/$bdf" >/dev/null || setup_failed ifcvf_flr "no vdpa0"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_flr "$chr"
VHOST_DEV=$chr PEER_NETNS=ns1 PEER_IFNAME=$peer \
FAULT_ON="echo 1 >$pdev/reset" \
	ktap_run ./vhost_vdpa_fault needs-reset
cleanup
ktap_finish
