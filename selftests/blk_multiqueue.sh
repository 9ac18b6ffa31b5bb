#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A blk device with BLK_DEV_VQS request queues (default 1) under
# virtio_vdpa: virtio_blk makes one hardware queue of each, up to the
# number of CPUs; one writer pinned to a CPU of each hardware queue writes
# 4 MiB of its own, all at once, and pinned readers read them back
# identical. Where the function has more MSI-X vectors than queues
# (BLK_VECTORS, as the scenario gave QEMU), every queue has one of its own
# (ifcvf names them ifcvf[<PCI function>]-vq<N>) and each queue's
# interrupt fired during that I/O: every queue carried requests. With
# fewer vectors the queues share them, and without BLK_VECTORS (vdpa_sim
# has no interrupts) that test is skipped. Region 56 .. 72 MiB (see
# lib.sh).

. ./lib.sh

SEED=4
BASE=$((56 * MIB))
PER=$((4 * MIB))

# irq_count NAME: interrupts of the vector called NAME, summed over CPUs
irq_count() {
	awk -v name="$1" -v ncpu="$ncpu" '$NF == name {
		for (i = 2; i <= ncpu + 1; i++) sum += $i; found = 1 }
		END { if (found) print sum }' /proc/interrupts
}

# vq_irqs: the interrupt count of each queue in use, or nothing when a
# queue has no vector of its own
vq_irqs() {
	local i n counts=''
	for i in $(seq 0 $((want - 1))); do
		n=$(irq_count "ifcvf[$parent]-vq$i")
		[ -n "$n" ] || return 0
		counts="$counts $n"
	done
	echo "${counts# }"
}

# pinned VERB: one blk_pattern per hardware queue, pinned to its CPU, all
# at once; prints how many succeeded
pinned() {
	local i=0 pids='' ok=0 pid c
	for c in $cpus; do
		taskset -c "$c" ./blk_pattern "$1" "/dev/$disk" $SEED \
			$((BASE + i * PER)) $PER >/tmp/mq.$i 2>&1 &
		pids="$pids $!"
		i=$((i + 1))
	done
	for pid in $pids; do
		wait "$pid" && ok=$((ok + 1))
	done
	cat /tmp/mq.* | sed 's/^/# /' >&2
	rm -f /tmp/mq.*
	echo $ok
}

vqs=${BLK_DEV_VQS:-1}
ncpu=$(nproc)
want=$((vqs < ncpu ? vqs : ncpu))

ktap_header 5
del_all_vdpa
need_blk_disk blk0
parent=$(basename "$(dirname "$(readlink -f /sys/bus/vdpa/devices/blk0)")")

expect_eq "/dev/$disk has $want hardware queues ($vqs device queues, $ncpu CPUs)" \
	"$want" "$(count_entries "/sys/block/$disk/mq")"

cpus=
for h in "/sys/block/$disk/mq"/*; do
	cpus="$cpus $(cut -d, -f1 "$h/cpu_list" | tr -d ' ')"
	echo "# hardware queue $(basename "$h"): CPUs $(cat "$h/cpu_list")"
done
# one CPU number a word
# shellcheck disable=SC2086
set -- $cpus
expect_eq "every hardware queue has a CPU to submit from" "$want" $#

irqs0=$(vq_irqs)
expect_eq "$want writers, one per hardware queue, write $PER bytes each at once" \
	"$want" "$(pinned write)"
expect_eq "$want pinned readers read them back identical" \
	"$want" "$(pinned verify)"
irqs1=$(vq_irqs)

echo "# interrupt vectors of $parent: $(awk -v p="[$parent]" \
	'index($NF, p) { printf "%s ", $NF }' /proc/interrupts)"
desc="every queue's interrupt fired during the I/O"
if [ -z "${BLK_VECTORS:-}" ]; then
	ktap_skip "$desc" "the device has no MSI-X vectors (BLK_VECTORS unset)"
elif [ "$BLK_VECTORS" -le "$vqs" ]; then
	ktap_skip "$desc" "$BLK_VECTORS MSI-X vectors for $vqs queues and the config interrupt: the queues share them"
elif [ -z "$irqs0" ] || [ -z "$irqs1" ]; then
	ktap_not_ok "$desc" "$BLK_VECTORS MSI-X vectors for $vqs queues, but the queues have no vector of their own"
else
	echo "# interrupts per queue before: $irqs0; after: $irqs1"
	fired=0
	for i in $(seq 1 "$want"); do
		a=$(echo "$irqs0" | cut -d' ' -f"$i")
		b=$(echo "$irqs1" | cut -d' ' -f"$i")
		[ "$b" -gt "$a" ] && fired=$((fired + 1))
	done
	expect_eq "$desc" "$want" $fired
fi
host_check verify $SEED $BASE $((want * PER))
del_all_vdpa
ktap_finish
