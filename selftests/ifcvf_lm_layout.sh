#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The per-VF lm_layout attribute: it shows the layout in use (LM_EXPECT:
# "pair", the default of every IFCVF identity, "flat" where the lab set
# it, "none" on a virtio function of no IFCVF identity), takes another
# while the VF has no vDPA device, refuses one while it has, refuses a
# name it does not know, and on a function whose BAR4 holds virtio
# registers refuses to make BAR4 an LM region at all.

. ./lib.sh

attr=/sys/bus/pci/devices/${NET_MGMT#pci/}/lm_layout

# write_refused DESCRIPTION VALUE: the write fails and the value stays
# (a layout taken wrongly is put back before a device can use it)
write_refused() {
	local before
	before=$(cat "$attr")
	if echo "$2" 2>/dev/null >"$attr"; then
		ktap_not_ok "$1" "accepted '$2'"
		echo "$before" 2>/dev/null >"$attr"
	else
		expect_eq "$1" "$before" "$(cat "$attr")"
	fi
}

ktap_header 6
del_all_vdpa
expect_eq "lm_layout shows the layout in use" "$LM_EXPECT" "$(cat "$attr")"
write_refused "an unknown layout name is refused" diagonal
if [ "$LM_EXPECT" = none ]; then
	write_refused "BAR4 with virtio registers is never an LM region" pair
	write_refused "nor in the flat layout" flat
else
	other=flat
	[ "$LM_EXPECT" = flat ] && other=pair
	echo $other >"$attr"
	expect_eq "another layout is taken with no vDPA device" $other "$(cat "$attr")"
	echo "$LM_EXPECT" >"$attr"
	expect_eq "and the first one back" "$LM_EXPECT" "$(cat "$attr")"
fi
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null
write_refused "no change while a vDPA device exists" none
$VDPA dev del vdpa0
check "none is always taken with no vDPA device" sh -c "echo none >$attr"
echo "$LM_EXPECT" >"$attr" 2>/dev/null
cleanup
ktap_finish
