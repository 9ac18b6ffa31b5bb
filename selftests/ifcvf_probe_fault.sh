#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ifcvf's PCI probe with each of its fault-injectable calls failing in
# turn (failslab and fail_page_alloc through the kernel's per-task
# fail-nth): the net and the blk function are unbound, then bound again
# through the driver's "bind" file by fail_nth_write, which fails the
# first, second, ... allocation of the probe (the driver core's, the PCI
# core's, ifcvf's) until a bind no longer reaches the N-th. After every
# failed bind nothing of the function stays claimed: no driver, no
# mgmtdev, not enabled, no MSI-X vectors, no BAR regions (the lab's
# kmemleak scan after the test finds any memory left); a bind whose fault
# was absorbed registers a whole mgmtdev. Then the probe without a fault
# registers the mgmtdev, and a device added on it passes traffic (net)
# or moves data (blk). Needs a kernel with fault injection (the debug
# tier): elsewhere every test is skipped.
#
# ACPI's _PRT evaluation (acpi_pci_irq_enable, from pci_enable_device) is
# left out, FAULT_REJECT= puts it back: on 6.12 a failed allocation in
# acpi_ut_update_object_reference() leaves the reference counts of the
# returned package half updated, its later release frees an object the
# namespace still holds, and the next _PRT evaluation is a use-after-free
# in acpi_ns_get_attached_object(). It is ACPICA's, and any PCI driver's
# probe reaches it.

. ./lib.sh
. ./fault_lib.sh

DRV=/sys/bus/pci/drivers/ifcvf
FAULT_REJECT=${FAULT_REJECT-acpi_pci_irq_enable}
# blk_pattern's region, see lib.sh
BLK_AT=$((76 * MIB))
SEED=7

tests() {
	local c
	for c in net blk; do
		echo "$c: unbound, nothing of the function stays claimed"
		echo "$c: a probe with any one call failing leaves nothing behind"
		echo "$c: the probe without a fault registers the mgmtdev"
		echo "$c: a device added after the faults works"
	done
}

[ "$TARGET" = ifcvf ] || fault_skip_all "the PCI probe is ifcvf's"
why=$(fault_setup) || fault_skip_all "$why"
if [ -n "$FAULT_REJECT" ]; then
	out=$(fault_reject "$FAULT_REJECT") || fault_skip_all "$out"
	echo "$out"
fi

# what ifcvf claims of a function: its BAR regions in /proc/iomem and
# /proc/ioports, nested under the function's own entries
claimed_regions() {
	cat /proc/iomem /proc/ioports | awk -v bdf="$1" '
		{ depth = match($0, /[^ ]/); name = $0; sub(/^[^:]*: /, "", name) }
		inside && depth <= top { inside = 0 }
		inside && name == "ifcvf" { n++ }
		name == bdf { inside = 1; top = depth }
		END { print n + 0 }'
}

mgmtdev_exists() {
	./vdpa_netlink mgmtdev-features "$1" >/dev/null 2>&1
}

# leftovers: what of the function $bdf is still held, "" if nothing
leftovers() {
	local dev="/sys/bus/pci/devices/$bdf" left='' n
	[ -e "$dev/driver" ] &&
		left="$left driver=$(basename "$(readlink "$dev/driver")")"
	mgmtdev_exists "pci/$bdf" && left="$left mgmtdev"
	[ "$(cat "$dev/enable")" = 0 ] || left="$left enable=$(cat "$dev/enable")"
	[ -n "$(ls "$dev/msi_irqs" 2>/dev/null)" ] && left="$left msi_irqs"
	n=$(claimed_regions "$bdf")
	[ "$n" = 0 ] || left="$left regions=$n"
	echo "$left"
}

# fault_try N: binds $bdf with fault N (fault_loop)
fault_try() {
	./fail_nth_write "$1" "$DRV/bind" "$bdf"
}

# fault_check ANSWER: a refused bind is tallied; a bind whose fault was
# absorbed must have registered the mgmtdev, and is undone
fault_check() {
	if [ "$1" != ok ]; then
		refused=$((refused + 1))
		fault_errno "$1"
		return 0
	fi
	survived=$((survived + 1))
	if ! mgmtdev_exists "pci/$bdf"; then
		bad="bound without a mgmtdev"
		return 1
	fi
	echo "$bdf" >"$DRV/unbind"
}

# faults CLASS MGMTDEV: the four tests of one function
faults() {
	local cls="$1" bdf="${2#pci/}" left out refused=0 survived=0
	del_all_vdpa
	echo "$bdf" >"$DRV/unbind"
	left=$(leftovers)
	if [ -n "$left" ]; then
		ktap_not_ok "$cls: unbound, nothing of the function stays claimed" \
			"$bdf still has:$left"
		return
	fi
	ktap_ok "$cls: unbound, nothing of the function stays claimed"

	echo "ifcvf_probe_fault: $cls $bdf: binds with fault 1, 2, ..." >/dev/kmsg
	if fault_loop "ifcvf_probe_fault: $bdf" &&
	   fault_some_refused "$refused"; then
		ktap_ok "$cls: a probe with any one call failing leaves nothing behind ($hit faults: $refused refused, $survived absorbed)"
		echo "# $cls $bdf: probe refused with $(fault_errnos)"
	else
		ktap_not_ok "$cls: a probe with any one call failing leaves nothing behind" \
			"$bad"
		# bind it anyway for the rest
		echo "$bdf" >"$DRV/bind" 2>/dev/null
	fi

	if [ "$final" = ok ] && mgmtdev_exists "$2"; then
		ktap_ok "$cls: the probe without a fault registers the mgmtdev"
	else
		ktap_not_ok "$cls: the probe without a fault registers the mgmtdev" \
			"bind: $final; $2 $(mgmtdev_exists "$2" || echo absent)"
	fi
	fault_works "$cls"
}

ktap_header 8
cleanup
faults net "$NET_MGMT"
faults blk "$BLK_MGMT"
fault_teardown
rm -f /tmp/fault_errnos
ktap_finish
