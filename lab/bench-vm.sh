#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench-vm: live migration of a QEMU VM between two vDPA devices
# (selftests/vm_migrate.sh), one line per boot: on vdpa_sim_net (vm-sim,
# the reference), on plain virtio-pci functions (vm-ifcvf) and on the
# IFCVF model's VFs with an LM region (vm-model). Per run: the path QEMU
# took (QEMU 7.2: always shadow virtqueues, "svq"), whether the devices
# offered VHOST_BACKEND_F_SUSPEND, QEMU's own downtime and total time,
# and what the probe saw: datagrams (vm-sim: frames looped by the device)
# sent, answered and lost, the longest run lost, and the longest gap
# between two answers (the downtime the peer saw; on vm-sim measured on
# the VM's own clock, which stops while QEMU does: the gap leaves the
# stop out). Reported, never judged.
#
# BENCH_VM_RUN=0 prints the figures of the last boots (make check-vm's
# or this script's) without booting.

source "$(dirname "$0")/lib.sh"
BOOTS=${BENCH_VM_BOOTS:-vm-sim vm-ifcvf vm-model}

if [ "${BENCH_VM_RUN:-1}" = 1 ]; then
	LAB_SCENARIOS="$BOOTS" LAB_VM_TESTS=vm_migrate.sh \
		"$LAB_DIR/check.sh" vm || true
fi

# field KEY LINE: the value after "KEY=" or after the word KEY
field() {
	echo "$2" | sed -n -e "s/.* $1=\([^ ]*\).*/\1/p" \
		-e "t" -e "s/.* $1 \([^ ]*\).*/\1/p" | head -n 1 || true
}

printf '%-9s %-14s %-4s %-7s %8s %8s %6s %6s %6s %7s %8s\n' \
	boot function path suspend qemu_dt total sent answ lost in_row max_gap
for b in $BOOTS; do
	line=$(tr -d '\r' 2>/dev/null <"$BUILD_DIR/logs/$b.results" |
	       grep -a '# VM-MIGRATION ' | tail -n 1) || line=''
	if [ -z "$line" ]; then
		printf '%-9s (no result: see %s)\n' "$b" "$BUILD_DIR/logs/$b.results"
		continue
	fi
	printf '%-9s %-14s %-4s %-7s %6sms %6sms %6s %6s %6s %7s %6sms\n' "$b" \
		"$(field function "$line")" "$(field path "$line")" \
		"$(field suspend_offered "$line")" \
		"$(field qemu_downtime_ms "$line")" "$(field total_ms "$line")" \
		"$(field sent "$line")" "$(field answered "$line")" \
		"$(field lost "$line")" "$(field lost_in_a_row "$line")" \
		"$(field max_gap_ms "$line")"
done
