#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# QEMU unplugs a VF from its PCIe hot-plug slot (monitor device_del) while
# frames cross through its vDPA device; pciehp powers the slot off and
# removes the function under the driver. The driver lets go of it, frees
# its devices, nothing hangs; the NIC plugged back in (device_add) is
# probed afresh and passes frames. NET_HOTPLUG_PCI names the function in
# the slot (lab/run.sh's netc); without it there is nothing to unplug.

. ./lib.sh

bdf=$NET_HOTPLUG_PCI
pdev=/sys/bus/pci/devices/$bdf
NETC="virtio-net-pci,disable-legacy=on,iommu_platform=on,netdev=portc,id=netc,bus=rp1,mac=52:54:00:00:00:0c"

if [ -z "$bdf" ]; then
	ktap_header 1
	ktap_skip "device_del of a VF under traffic" "no NIC in a hot-plug slot (NET_HOTPLUG_PCI)"
	exit 0
fi

# the function in the slot, once there, bound to ifcvf
bind_slot() {
	wait_for 30 test -e "$pdev" && bind_ifcvf "$bdf"
}

# frames cross between a device on the function and the peer NIC
frames_cross() {
	net_pair_up "pci/$bdf" && ping_peer 10
}

# QEMU lets go of the NIC only once pciehp has turned the slot's power
# indicator off, a second after the power: until then device_add finds
# the old netc still there, so it is asked again.
plug_back() {
	wait_for 10 grep -qx 0 /sys/bus/pci/slots/*/power
	for _ in 1 2 3; do
		sleep 2
		host_monitor device_add "$NETC"
		wait_for 15 test -e "$pdev" && return 0
	done
	return 1
}

ktap_header 6
del_all_vdpa
check "ifcvf takes the NIC in the hot-plug slot" bind_slot
net_pair_up "pci/$bdf" ||
	setup_failed ifcvf_device_del "the net pair did not come up"
check "frames cross before the unplug" ping_peer 10
ping_flood
sleep 1
host_monitor device_del netc
# pciehp waits 5 s for an attention-button press to be cancelled
check "the function is gone after device_del" \
	wait_for 60 eval "! test -e $pdev"
expect_eq "its vDPA device went with it" "vdpa1" "$(ls /sys/bus/vdpa/devices/)"
cleanup
plug_back
check "the NIC plugged back in is probed afresh" bind_slot
check "frames cross through it again" frames_cross
cleanup
ktap_finish
