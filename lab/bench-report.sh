#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench's results from its figures: results.md (printed too),
# results.json and results.svg in the results folder.
#
# usage: bench-report.sh DATA RESULTS_DIR SECONDS

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

data=$1 out=$2 seconds=$3
chart="$BUILD_DIR/chart"

meta="date=$(date -u +%Y-%m-%d)"
meta+=";kernel=$KVER"
meta+=";qemu=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
meta+=";tree=$(git -C "$TOP_DIR" describe --always --dirty 2>/dev/null || echo unknown)"
meta+=";minutes=$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s / 60 }')"

mkdir -p "$out"
rm -f "$chart".*
awk -v json="$out/results.json" -v chart="$chart" -v meta="$meta" \
	-f "$LAB_DIR/bench-report.awk" "$data" >"$out/results.md"
gnuplot -e "data='$chart'; out='$out/results.svg'" "$LAB_DIR/bench-chart.gp"
cat "$out/results.md"
log "results: $out/results.md, results.json, results.svg"
