#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check-all: make check, then make check-debug, and one line that
# adds up both: "N passed, N failed, N skipped". Fails if either fails.

set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

total_passed=0 total_failed=0 total_skipped=0 rc=0
for tier in all debug; do
	log=$(mktemp)
	lab/check.sh "$tier" 2>&1 | tee "$log" || rc=1
	read -r p f s < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$log" |
			  tail -n 1)
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
