#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest half of make bench's scale figures: 16 emulated NICs (00:08.0
# to 00:17.0) are probed by one vDPA parent, then each gets a vDPA device
# bound to virtio_vdpa, with the time and the memory (MemTotal - MemFree,
# and the slab) before and after each step. ifcvf and vp_vdpa take turns,
# PASSES times each.

. ./lib.sh
. ./bench-lib.sh

NICS=16
FIRST_SLOT=8
PASSES=${BENCH_SCALE_PASSES:-2}
DRIVERS="ifcvf vp_vdpa"

nic_bdfs() {
	local slot=$FIRST_SLOT
	while [ $slot -lt $((FIRST_SLOT + NICS)) ]; do
		printf '0000:00:%02x.0\n' $slot
		slot=$((slot + 1))
	done
}

unbind_all() {
	local bdf
	del_all_vdpa
	for bdf in $(nic_bdfs); do
		pci_unbind "$bdf"
	done
}

# settle: what earlier passes freed goes back, the per-CPU page lists
# too (compaction drains them), before memory is counted
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	echo 1 >/proc/sys/vm/compact_memory
	sleep 1
}

# Per NIC: the time of its probe and of its dev add up to its netdev
# (scale-probe, scale-add), and per pass the memory each step took,
# divided by the NICs (scale-mem: used and slab KiB after probe, then
# after dev add).
scale_pass() {
	local d=$1 p=$2 drv bdf i=0 t0 t1 m0 m1 m2
	drv=$(pci_driver_of "$d")
	settle
	m0=$(mem_kb)
	for bdf in $(nic_bdfs); do
		begin scale-probe "$d" "$p.$i"
		t0=$(now_us)
		pci_bind "$bdf" "$drv" && mgmtdev_exists "$bdf" ||
			{ report fail "$d" "scale: probe of $bdf"; return; }
		t1=$(now_us)
		end scale-probe "$d" "$p.$i"
		report scale-probe "$d" "$p.$i" $((t1 - t0))
		i=$((i + 1))
	done
	settle
	m1=$(mem_kb)
	i=0
	for bdf in $(nic_bdfs); do
		begin scale-add "$d" "$p.$i"
		t0=$(now_us)
		$VDPA dev add name "s$i" mgmtdev "pci/$bdf" &&
			bind_vdpa "s$i" virtio_vdpa && poll 30000 vdpa_netdev "s$i" ||
			{ report fail "$d" "scale: dev add on $bdf"; return; }
		t1=$(now_us)
		end scale-add "$d" "$p.$i"
		report scale-add "$d" "$p.$i" $((t1 - t0))
		i=$((i + 1))
	done
	settle
	m2=$(mem_kb)
	set -- $m0 $m1 $m2
	report scale-mem "$d" "$p" $((($3 - $1) / NICS)) $((($4 - $2) / NICS)) \
		$((($5 - $3) / NICS)) $((($6 - $4) / NICS))
	unbind_all
}

modprobe ifcvf && modprobe vp_vdpa || report fail setup "modprobe"
echo 0 >/sys/bus/vdpa/drivers_autoprobe
unbind_all
for p in $(seq "$PASSES"); do
	for d in $DRIVERS; do
		scale_pass "$d" "$p"
	done
done
echo "bench scale done"
