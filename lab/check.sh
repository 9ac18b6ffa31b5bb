#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: sets up the lab, builds, boots one guest per scenario and
# prints every test, then "N passed, N failed". TARGET: sim | ifcvf | all.

source "$(dirname "$0")/lib.sh"

target=${1:-all}
COMMON_TESTS="vdpa_mgmtdev.sh vdpa_dev_lifecycle.sh net_virtio_vdpa.sh
	net_bus_switch.sh blk_virtio_vdpa.sh"

# name target tests net-opts blk-opts
scenarios() {
	local common
	common=$(echo $COMMON_TESTS | tr ' ' ',')
	case $target in sim|all)
		echo "sim sim $common - -" ;;
	esac
	case $target in ifcvf|all)
		echo "ifcvf ifcvf $common - -" ;;
	esac
}

"$LAB_DIR/setup.sh"
LAB_TARGET=$target "$LAB_DIR/build.sh"

passed=0 failed=0 skipped=0
while read -r name tgt tests netopts blkopts; do
	[ "$netopts" = - ] && netopts=
	[ "$blkopts" = - ] && blkopts=
	log "boot $name: $tests"
	start=$(date +%s)
	"$LAB_DIR/run.sh" "$name" "$tgt" "$tests" "$netopts" "$blkopts"
	out=$(awk -v boot="$name" -v verbose="${V:-0}" -f "$LAB_DIR/results.awk" \
		"$BUILD_DIR/logs/$name.results" 2>/dev/null)
	echo "$out" | sed '$d'
	read -r p f s <<<"$(echo "$out" | tail -n 1)"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	log "boot $name took $(($(date +%s) - start)) s"
	[ "$f" = 0 ] || log "console log: $BUILD_DIR/logs/$name.console"
done < <(scenarios)

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
