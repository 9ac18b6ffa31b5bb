#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench's results from one run's figures: results.md (printed too),
# results.json and results.svg in the results folder, and the run's
# checks of its own figures appended to the verdicts file.
#
# usage: bench-report.sh DATA META RESULTS_DIR VERDICTS

source "$(dirname "$0")/lib.sh"

data=$1 meta=$2 out=$3 verdicts=$4
chart="$BUILD_DIR/chart"

mkdir -p "$out"
rm -f "$chart".* "$out"/results.{md,json,svg}
awk -v json="$out/results.json" -v chart="$chart" -v checks="$verdicts" \
	-f "$LAB_DIR/bench-report.awk" "$meta" "$data" >"$out/results.md"
gnuplot -e "data='$chart'; out='$out/results.svg'" "$LAB_DIR/bench-chart.gp"
cat "$out/results.md"
for f in results.md results.json results.svg; do
	if [ -s "$out/$f" ]; then
		echo "ok results written: $f" >>"$verdicts"
	else
		echo "not ok results written: $f" >>"$verdicts"
	fi
done
if python3 -m json.tool "$out/results.json" >/dev/null 2>&1; then
	echo "ok results.json parses as JSON" >>"$verdicts"
else
	echo "not ok results.json parses as JSON" >>"$verdicts"
fi
log "results: $out/results.md, results.json, results.svg"
