#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# After a boot: reads the whole console log, which has every kernel
# message even where the guest's ring buffer wrapped, cuts it into the
# tests' parts by the guest's "lab: start T" / "lab: end T" markers, and
# judges each part as the guest judges a test's dmesg
# (lab/kernel-reports.awk). Prints result lines for what the guest did not
# report itself:
#   [T] not ok 995 console log free of warnings      (with the lines)
#   [after-tests] ...                                after the last test
# usage: console-verdicts.sh CONSOLE RESULTS

set -euo pipefail
LAB_DIR=$(cd "$(dirname "$0")" && pwd)
console=$1 results=$2
parts=$(mktemp -d)
trap 'rm -rf "$parts"' EXIT

# part files named by test; what comes between two tests belongs to the
# one before (the guest's own checks of it), what comes after the last
# test to "after-tests"
tr -d '\r' <"$console" | awk -v dir="$parts" '
	BEGIN { part = "boot" }
	/ lab: start [^ ]+$/ { part = $NF; print >> (dir "/" part); next }
	/ lab: end [^ ]+$/ { print >> (dir "/" part); part = "after-tests"; next }
	{ print >> (dir "/" part) }'

iommu_allowed() {
	grep -q "^$1 " "$LAB_DIR/iommu-fault-allow.txt"
}

# The report lines the guest already failed test $1 for (its dmesg)
guest_reported() {
	local tests="$1"
	[ "$1" = boot ] && tests='boot|prepare-[^]]*'
	grep -aE "^\[($tests)\] # dmesg: " "$results" | tr -d '\r' |
		sed -E 's/^\[[^]]*\] # dmesg: //' || true
}

for f in "$parts"/*; do
	[ -e "$f" ] || continue
	name=${f##*/}
	allow=0
	iommu_allowed "$name" && allow=1
	# what the guest did not see (its ring wrapped, or it was cleared)
	found=$(awk -v allow_iommu=$allow -f "$LAB_DIR/kernel-reports.awk" "$f" |
		sed -n 's/^SPLAT //p' |
		grep -vxF -f <(guest_reported "$name"; echo "$parts/none") || true)
	[ -n "$found" ] || continue
	if [ "$name" = after-tests ]; then
		echo "LAB-START after-tests"
		echo "[after-tests] not ok 1 kernel log free of warnings after the last test"
	else
		echo "[$name] not ok 995 console log free of warnings"
	fi
	echo "$found" | head -n 40 | sed "s/^/[$name] # console: /"
	[ "$name" = after-tests ] && echo "LAB-END after-tests rc=1"
done
exit 0
