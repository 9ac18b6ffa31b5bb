#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A VF goes away while frames cross through its vDPA device (the flood's
# frames are seen crossing right before each time):
# - removed through sysfs (what the PCI core does on an orderly unplug),
#   then found again by a rescan;
# - silenced: memory decoding and bus mastering turned off, so that its
#   registers stop answering and it stops reaching guest memory, as when
#   a VF is yanked or its PF resets (with bus mastering left on, QEMU's
#   NIC can go on using rings the driver has freed, receiving into freed
#   pages; "Guest moved used index" once in the debug tier). Deleting
#   the device must then finish without waiting on the function. (QEMU
#   reads such registers as zeroes, where PCIe gives all-ones: the lab
#   shows here that nothing waits on the function; the all-ones picture
#   of a vanished function is the IFCVF model's fault-gone, in
#   ifcvf_gone.)
# Each time the driver frees everything, nothing hangs, and once the
# function answers again it is probed afresh and passes frames.

. ./lib.sh

bdf=${NET_MGMT#pci/}
pdev=/sys/bus/pci/devices/$bdf

# pci_command [VALUE]: the function's PCI command register, read or set
pci_command() {
	if [ -z "$1" ]; then
		dd if="$pdev/config" bs=1 skip=4 count=2 2>/dev/null |
			od -An -tu2 | tr -d ' '
		return
	fi
	# the format is the two bytes, little-endian, as octal escapes
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8)))" |
		dd of="$pdev/config" bs=1 seek=4 count=2 conv=notrunc 2>/dev/null
}

# memory decoding and bus mastering (command bits 1 and 2) off, the
# command register as it was kept in $cmd for pci_command "$cmd"
silence_function() {
	cmd=$(pci_command)
	pci_command $((cmd & ~6))
}

# frames cross between a device on the function and the peer NIC
frames_cross() {
	net_pair_up "$NET_MGMT" && ping_peer 10
}

# flood_crosses DESCRIPTION: one result: the ping flood's frames cross
# (flood_moves)
flood_crosses() {
	local out
	if out=$(flood_moves); then
		ktap_ok "$1: $out"
	else
		ktap_not_ok "$1" "$out"
	fi
}

ktap_header 11
del_all_vdpa

# 1. sysfs remove under traffic, then rescan
net_pair_up "$NET_MGMT" ||
	setup_failed ifcvf_unplug "the net pair did not come up"
ping_flood
flood_crosses "frames cross under the flood before the removal"
check "removing $bdf through sysfs under traffic finishes" \
	finishes 60 sh -c "echo 1 >$pdev/remove"
expect_eq "its vDPA device went with it" "vdpa1" "$(ls /sys/bus/vdpa/devices/)"
check "its management device went with it" eval "! $VDPA mgmtdev show $NET_MGMT"
cleanup
echo 1 >/sys/bus/pci/rescan
check "a rescan finds $bdf again, and ifcvf takes it" \
	eval "wait_for 10 test -e $pdev && bind_ifcvf $bdf"
check "frames cross through a device on the rescanned function" frames_cross
cleanup

# 2. the function stops answering under traffic
net_pair_up "$NET_MGMT" ||
	setup_failed ifcvf_unplug "the net pair did not come up again"
ping_flood
flood_crosses "frames cross under the flood before the function is silenced"
silence_function
sleep 1
check "dev del of a device whose function stopped answering finishes" \
	finishes 60 $VDPA dev del vdpa0
check "so does unbinding the function" \
	finishes 60 sh -c "echo $bdf >$pdev/driver/unbind"
kill_jobs
pci_command "$cmd"
cleanup
check "once it answers again, ifcvf probes it afresh" bind_ifcvf "$bdf"
check "frames cross through it again" frames_cross
cleanup

ktap_finish
