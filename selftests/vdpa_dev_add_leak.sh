#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A "vdpa dev add" the parent refuses only after it allocated its vDPA
# device leaves no memory behind: with the name taken by a device of the
# blk mgmtdev, LEAK_ADDS (200) adds of that name on the net mgmtdev
# reach the parent's dev_add, which allocates the device and then fails
# to register it (the core refuses the name), so it must put it again.
# No kmalloc cache, where a driver's kzalloc()ed objects live, may grow
# by an object per refused add meanwhile (/proc/slabinfo; half of
# LEAK_ADDS, for the slabs' own give; the adds' processes grow other
# caches that are freed lazily, such as vmap_area for their stacks). The
# debug tier's kmemleak and fail-nth tests see such leaks on every error
# path; this sees the one a stock kernel can reach.

. ./lib.sh

N=${LEAK_ADDS:-200}
NAME=leak0

# "CACHE ACTIVE-OBJECTS" per kmalloc cache
slab_objects() {
	awk 'NR > 2 && $1 ~ /^kmalloc-/ { print $1, $2 }' /proc/slabinfo
}

ktap_header 3
del_all_vdpa
$VDPA dev add name $NAME mgmtdev "$BLK_MGMT" ||
	setup_failed vdpa_dev_add_leak "vdpa dev add name $NAME on $BLK_MGMT failed"
slab_objects >/tmp/leak.before
refused=0
i=0
while [ $i -lt "$N" ]; do
	# shellcheck disable=SC2086
	$VDPA dev add name $NAME mgmtdev "$NET_MGMT" $NET_ADD_ATTRS 2>/dev/null ||
		refused=$((refused + 1))
	i=$((i + 1))
done
# what the adds' processes freed through RCU is freed by now
sleep 2
slab_objects >/tmp/leak.after

expect_eq "$N adds of a name taken on $BLK_MGMT are refused on $NET_MGMT" \
	"$N" "$refused"
case $($VDPA dev show $NAME 2>&1) in
*"type block"*"mgmtdev $BLK_MGMT"*) ktap_ok "$NAME is still the device of $BLK_MGMT" ;;
*) ktap_not_ok "$NAME is still the device of $BLK_MGMT" "$($VDPA dev show $NAME 2>&1)" ;;
esac
grown=$(awk 'NR == FNR { before[$1] = $2; next }
	     { print $2 - before[$1], $1 }' /tmp/leak.before /tmp/leak.after |
	sort -n -r | head -n 3)
echo "$grown" | sed 's/^/# slab growth: /'
most=$(echo "$grown" | awk 'NR == 1 { print $1 }')
if [ "${most:-0}" -lt $((N / 2)) ]; then
	ktap_ok "no kmalloc cache grew by an object per refused add (most: $(echo "$grown" | head -n 1))"
else
	ktap_not_ok "no kmalloc cache grew by an object per refused add" \
		"$(echo "$grown" | tr '\n' ',')"
fi
rm -f /tmp/leak.before /tmp/leak.after
del_all_vdpa
ktap_finish
