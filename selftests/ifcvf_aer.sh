#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# PCIe AER recovery under a running device, on the IFCVF model's NIC in
# the hot-plug slot (NET_HOTPLUG_PCI, aer=on below an AER-capable root
# port); QEMU's monitor injects the errors (pcie_aer_inject_error):
# - a non-fatal one (completion timeout): the registers still answer,
#   ifcvf stops each queue and keeps where it stopped, resets the device
#   and starts it there again: frames cross, no NEEDS_RESET;
# - a fatal one (malformed TLP): the link is reset below the port, the
#   queues' places are lost: NEEDS_RESET with a config interrupt to
#   virtio_net and to a vhost-vdpa user, and a reset brings it back.
# The peer is vdpa1 on NET_MGMT_PEER.

. ./lib.sh

bdf=$NET_HOTPLUG_PCI
pdev=/sys/bus/pci/devices/$bdf
layout=${LM_LAYOUT:-pair}

cleanup_test() {
	[ -e "$pdev/driver" ] && echo "$bdf" >"$pdev/driver/unbind"
	echo virtio-pci >"$pdev/driver_override"
	echo "$bdf" >/sys/bus/pci/drivers_probe
	echo >"$pdev/driver_override"
}

# inject ERROR: the monitor injects it into netc
inject() {
	log_mark
	host_monitor "pcie_aer_inject_error netc $1"
}

# the AER driver's recovery ended, which the root port logs
recovered() {
	log_since_mark | grep -q "AER: device recovery"
}

ktap_header 13
del_all_vdpa
if ! bind_ifcvf "$bdf" || ! echo "$layout" >"$pdev/lm_layout"; then
	setup_failed ifcvf_aer "ifcvf does not take ${bdf:-NET_HOTPLUG_PCI}"
fi
peer=$(peer_up vdpa1) || setup_failed ifcvf_aer "$peer"

# 1. a non-fatal error: it runs on where it stopped
vdpa0_up "pci/$bdf" || setup_failed ifcvf_aer "vdpa0 on $bdf has no netdev with carrier"
check "non-fatal: frames cross before the error" ping_peer 10
ping_flood
inject COMP_TIME
check "non-fatal: the AER recovery ends" wait_for 120 recovered
expect_eq "non-fatal: ifcvf started each queue again where it stopped" 1 \
	"$(log_since_mark | grep -c "$bdf: vdpa0: running again after the function reset")"
expect_eq "non-fatal: the virtio status has no NEEDS_RESET" 0x0000000f \
	"$(virtio_status vdpa0)"
kill_jobs
check "non-fatal: frames cross right after, nobody reset it" ping_peer 10

# 2. a fatal error: NEEDS_RESET with a config interrupt
inject MALF_TLP
check "fatal: the AER recovery ends" wait_for 120 recovered
expect_eq "fatal: the virtio status reads NEEDS_RESET" 0x0000004f \
	"$(virtio_status vdpa0)"
expect_eq "fatal: ifcvf says the function was reset under it" 1 \
	"$(log_since_mark | grep -c "$bdf: device needs a reset: the function was reset under it")"
dev0=$(attach_virtio_net vdpa0)
if ns0_up "$dev0"; then
	check "fatal: after a reset frames cross again" ping_peer 10
else
	ktap_not_ok "fatal: after a reset frames cross again" "no carrier on ${dev0:-none}"
fi
$VDPA dev del vdpa0
$IP netns del ns0

# 3. vhost_vdpa, a fatal error
add_net_vdpa vdpa0 "pci/$bdf" >/dev/null || setup_failed ifcvf_aer "no vdpa0"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_aer "$chr"
VHOST_DEV=$chr PEER_NETNS=ns1 PEER_IFNAME=$peer \
FAULT_ON="echo LAB-MONITOR pcie_aer_inject_error netc MALF_TLP" \
	ktap_run ./vhost_vdpa_fault needs-reset
cleanup
ktap_finish
