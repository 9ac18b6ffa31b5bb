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
#   shows that nothing waits on the function, not the all-ones path.)
# - gone: decoding and bus mastering off, and ifcvf's reads made to
#   return all-ones through its fail_gone fault attribute (debugfs, on
#   kernels with CONFIG_FAULT_INJECTION_DEBUG_FS): the PCIe picture of a
#   vanished function. ifcvf must see it, give up on the function without
#   waiting for its reset, and let virtio_net go without a warning.
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

# runs "$@" in the background and fails if it is not done in 60 s
finishes() {
	timeout -s KILL 60 "$@"
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

ktap_header 18
del_all_vdpa

# 1. sysfs remove under traffic, then rescan
net_pair_up "$NET_MGMT" ||
	setup_failed ifcvf_unplug "the net pair did not come up"
ping_flood
flood_crosses "frames cross under the flood before the removal"
check "removing $bdf through sysfs under traffic finishes" \
	finishes sh -c "echo 1 >$pdev/remove"
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
	finishes $VDPA dev del vdpa0
check "so does unbinding the function" \
	finishes sh -c "echo $bdf >$pdev/driver/unbind"
kill_jobs
pci_command "$cmd"
cleanup
check "once it answers again, ifcvf probes it afresh" bind_ifcvf "$bdf"
check "frames cross through it again" frames_cross
cleanup

# 3. the function reads all-ones under traffic
fail_gone=/sys/kernel/debug/ifcvf/$bdf/fail_gone
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ ! -d "$fail_gone" ]; then
	for t in "frames cross under the flood first" \
		 "dev del finishes" "ifcvf says the function is gone" \
		 "no reset waited for" "unbind finishes" "probed afresh" \
		 "frames cross"; do
		ktap_skip "all-ones: $t" "no $fail_gone (CONFIG_FAULT_INJECTION_DEBUG_FS)"
	done
	ktap_finish
fi
net_pair_up "$NET_MGMT" ||
	setup_failed ifcvf_unplug "the net pair did not come up a third time"
ping_flood
flood_crosses "all-ones: frames cross under the flood first"
log_mark
silence_function
echo 0 >"$fail_gone/verbose"
echo -1 >"$fail_gone/times"
echo 100 >"$fail_gone/probability"
sleep 1
check "all-ones: dev del of a device whose function reads all-ones finishes" \
	finishes $VDPA dev del vdpa0
gone=$(log_since_mark | grep "$bdf: device is gone")
expect_eq "all-ones: ifcvf says the function is gone" 1 \
	"$(echo "$gone" | grep -c .)"
expect_eq "all-ones: no reset of it was waited for" "" \
	"$(log_since_mark | grep "$bdf: reset not complete")"
check "all-ones: so does unbinding the function" \
	finishes sh -c "echo $bdf >$pdev/driver/unbind"
kill_jobs
pci_command "$cmd"
cleanup
check "all-ones: once it answers again, ifcvf probes it afresh" \
	bind_ifcvf "$bdf"
check "all-ones: frames cross through it again" frames_cross
cleanup
ktap_finish
