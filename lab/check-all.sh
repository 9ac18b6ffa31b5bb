#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check-all: make check (with the VM tier of make check-vm), make
# check-debug and make check-mutants, and one line that adds them up: "N passed, N failed,
# N skipped" (the mutant tier counts mutants caught and not caught).
# Fails if any fails.

set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

total_passed=0 total_failed=0 total_skipped=0 rc=0
for tier in all debug mutants; do
	log=$(mktemp)
	if [ $tier = mutants ]; then
		lab/check-mutants.sh 2>&1 | tee "$log" || rc=1
	else
		lab/check.sh "$tier" 2>&1 | tee "$log" || rc=1
	fi
	read -r p f s < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed\(, \([0-9]*\) skipped\)\{0,1\}$/\1 \2 \4/p' "$log" |
			  tail -n 1)
	s=${s:-0}
	rm -f "$log"
	if [ -z "${p:-}" ]; then
		# the tier stopped before it could count
		p=0 f=1 s=0 rc=1
	fi
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	total_skipped=$((total_skipped + s))
	p='' f='' s=''
done
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
exit $rc
