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

cleanup() {
	$IP netns del ns0 2>/dev/null
	$IP netns del ns1 2>/dev/null
	del_all_vdpa
}

# skip_all REASON: every test skipped, for that reason
skip_all() {
	local IFS='
'
	# shellcheck disable=SC2046
	fault_skip_all "$1" $(tests)
}

[ "$TARGET" = ifcvf ] || skip_all "the PCI probe is ifcvf's"
why=$(fault_setup) || skip_all "$why"
if [ -n "$FAULT_REJECT" ]; then
	out=$(fault_reject "$FAULT_REJECT") || skip_all "$out"
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

# leftovers BDF: what of the function is still held, "" if nothing
leftovers() {
	local bdf=$1 dev=/sys/bus/pci/devices/$1 left= n
	[ -e "$dev/driver" ] &&
		left="$left driver=$(basename "$(readlink "$dev/driver")")"
	mgmtdev_exists "pci/$bdf" && left="$left mgmtdev"
	[ "$(cat "$dev/enable")" = 0 ] || left="$left enable=$(cat "$dev/enable")"
	[ -n "$(ls "$dev/msi_irqs" 2>/dev/null)" ] && left="$left msi_irqs"
	n=$(claimed_regions "$bdf")
	[ "$n" = 0 ] || left="$left regions=$n"
	echo "$left"
}

# probe_loop BDF: binds with fault 1, 2, ... until one is not reached;
# sets hit, refused, survived, final (the last bind's answer), errnos
# (a tally) and bad (why the loop failed)
probe_loop() {
	local bdf=$1 n=0 out res left
	hit=0 refused=0 survived=0 bad= final=
	: >/tmp/probe_errnos
	while [ $n -lt "$FAULT_MAX" ]; do
		n=$((n + 1))
		echo "ifcvf_probe_fault: $bdf fault $n" >/dev/kmsg
		out=$(./fail_nth_write $n "$DRV/bind" "$bdf" 2>&1)
		res=$(fault_outcome "$out")
		fault_fired "$out"
		case $? in
		1) final=$res; return 0 ;;
		2) bad="fault $n: $out"; return 1 ;;
		esac
		hit=$((hit + 1))
		if [ "$res" = ok ]; then
			survived=$((survived + 1))
			if ! mgmtdev_exists "pci/$bdf"; then
				bad="fault $n: bound without a mgmtdev"
				return 1
			fi
			echo "$bdf" >"$DRV/unbind"
		else
			refused=$((refused + 1))
			echo "${res%% (*}" >>/tmp/probe_errnos
		fi
		left=$(leftovers "$bdf")
		if [ -n "$left" ]; then
			bad="fault $n ($res): left behind:$left"
			return 1
		fi
	done
	bad="fault $n still reached: FAULT_MAX is too low"
	return 1
}

# faults CLASS MGMTDEV: the four tests of one function
faults() {
	local cls=$1 bdf=${2#pci/} left out
	del_all_vdpa
	echo "$bdf" >"$DRV/unbind"
	left=$(leftovers "$bdf")
	if [ -n "$left" ]; then
		ktap_not_ok "$cls: unbound, nothing of the function stays claimed" \
			"$bdf still has:$left"
		return
	fi
	ktap_ok "$cls: unbound, nothing of the function stays claimed"

	echo "ifcvf_probe_fault: $cls $bdf: binds with fault 1, 2, ..." >/dev/kmsg
	if probe_loop "$bdf"; then
		ktap_ok "$cls: a probe with any one call failing leaves nothing behind ($hit faults: $refused refused, $survived absorbed)"
		echo "# $cls $bdf: probe refused with $(sort /tmp/probe_errnos |
			uniq -c | awk '{ printf "%s%s x%d", s, $2 " " $3, $1; s = ", " }')"
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

	if out=$(${cls}_works 2>&1); then
		ktap_ok "$cls: a device added after the faults works: $(echo "$out" |
			tail -n 1)"
	else
		ktap_not_ok "$cls: a device added after the faults works" "$out"
	fi
	cleanup
}

ktap_header 8
cleanup
faults net "$NET_MGMT"
faults blk "$BLK_MGMT"
fault_teardown
rm -f /tmp/probe_errnos
ktap_finish
