#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest half of make bench's scale figures: 16 emulated NICs (00:08.0
# to 00:17.0) are probed by one vDPA parent, then each gets a vDPA device
# bound to virtio_vdpa, with the time and the memory (MemTotal - MemFree,
# and the slab) before and after each step. ifcvf and vp_vdpa take turns,
# PASSES times each, in an order drawn for each pass. The steps are not
# bounded one by one: a guest that stops answering is stopped by the
# host (lab/run.sh's stall limit), which reports the boot as failed.

# in the guest, selftests/lib.sh sits beside it
# shellcheck source=../selftests/lib.sh
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

# timed NAME DRIVER SAMPLE COMMAND...: the command, marked for the host
# (begin, end) and its time reported as one sample; fails, unreported,
# if the command fails
timed() {
	local name="$1" drv="$2" sample="$3" t0 t1
	shift 3
	begin "$name" "$drv" "$sample"
	t0=$(now_us)
	"$@" || return 1
	t1=$(now_us)
	end "$name" "$drv" "$sample"
	report "$name" "$drv" "$sample" $((t1 - t0))
}

# nic_steps NAME DRIVER PASS WHAT COMMAND...: "COMMAND... BDF I" for
# each NIC (I counts from 0), timed as sample PASS.I of NAME; stops at
# the first that fails, saying "WHAT BDF" failed
nic_steps() {
	local name="$1" d="$2" p="$3" what="$4" bdf i=0
	shift 4
	for bdf in $(nic_bdfs); do
		if ! timed "$name" "$d" "$p.$i" "$@" "$bdf" "$i"; then
			report fail "$d" "scale: $what $bdf"
			return 1
		fi
		i=$((i + 1))
	done
}

# probe_nic PCI-DRIVER BDF I: the NIC bound, its mgmtdev there
probe_nic() {
	pci_bind "$2" "$1" && mgmtdev_exists "$2"
}

# add_nic BDF I: a vDPA device sI on the NIC, up to its netdev
add_nic() {
	$VDPA dev add name "s$2" mgmtdev "pci/$1" &&
		bind_vdpa "s$2" virtio_vdpa && poll 30000 vdpa_netdev "s$2"
}

# Per NIC: the time of its probe and of its dev add up to its netdev
# (scale-probe, scale-add), and per pass the memory each step took,
# divided by the NICs (scale-mem: used and slab KiB after probe, then
# after dev add).
scale_pass() {
	local d="$1" p="$2" drv m0 m1 m2
	drv=$(pci_driver_of "$d")
	settle
	m0=$(mem_kb)
	nic_steps scale-probe "$d" "$p" "probe of" probe_nic "$drv" || return
	settle
	m1=$(mem_kb)
	nic_steps scale-add "$d" "$p" "dev add on" add_nic || return
	settle
	m2=$(mem_kb)
	# mem_kb's two figures each, one a word
	# shellcheck disable=SC2086
	set -- $m0 $m1 $m2
	report scale-mem "$d" "$p" $((($3 - $1) / NICS)) $((($4 - $2) / NICS)) \
		$((($5 - $3) / NICS)) $((($6 - $4) / NICS))
	unbind_all
}

{ modprobe ifcvf && modprobe vp_vdpa; } || report fail setup "modprobe"
echo 0 >/sys/bus/vdpa/drivers_autoprobe
unbind_all
report seed "${BENCH_SEED:-1}"
for p in $(seq "$PASSES"); do
	# the drivers in an order drawn for each pass (seeded: BENCH_SEED)
	# shellcheck disable=SC2086
	shuffle $DRIVERS
	report order scale "$p" "$SHUFFLED"
	for d in $SHUFFLED; do
		scale_pass "$d" "$p"
	done
done
echo "bench scale done"
