#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check-mutants: the selftests must fail on a broken driver. Each
# lab/mutants/NAME.patch breaks the driver the way a real bug would (its
# header says how, the scenario of lab/check.sh it runs in and the tests
# that should catch it). Each is applied to a copy of the sources, built
# against the lab kernel and booted in its scenario with only its tests;
# the real driver first runs the same tests in the same scenarios (a
# control boot per scenario). A mutant is caught when one of its tests
# prints a failing TAP line of its own (not the lab's kernel log checks,
# not a time-out) and that test passed on the real driver. A crash, a
# kernel report, a test killed at its time-out or a boot that never ends
# is named but does not count. Prints one line per mutant and control,
# then "N passed, N failed" (mutants caught, mutants not caught or stale
# and failing controls); fails on any of the latter.
#
# LAB_MUTANTS="NAME ..." runs only those mutants (and their controls);
# LAB_JOBS boots at a time, as make check.

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

MUTANTS_DIR=$LAB_DIR/mutants
BASE=$BUILD_DIR/mutants
JOBS=${LAB_JOBS:-$(nproc)}

# header FILE KEY: a "Key: value" line of a mutant's header
header() {
	sed -n "/^--- a\//q; s/^$2: *//p" "$1" | head -n 1
}

mutants() {
	local p n
	for p in "$MUTANTS_DIR"/*.patch; do
		n=$(basename "$p" .patch)
		case " ${LAB_MUTANTS:-$n} " in *" $n "*) echo "$n" ;; esac
	done
}

# scenario_line NAME: lab/check.sh's line for a scenario, as it boots it
scenario_line() {
	LAB_LIST_SCENARIOS=1 "$LAB_DIR/check.sh" ifcvf |
		awk -v s="$1" '$1 == s'
}

# build_mutant NAME: the patched sources under boots/NAME/src and their
# module; prints why not and fails when the patch no longer applies or
# the module does not build
build_mutant() {
	local n=$1 dir=$BASE/boots/$1 out
	rm -rf "$dir"
	mkdir -p "$dir/src" "$dir/overlay/lib/modules/$KVER/extra" "$dir/logs"
	cp "$TOP_DIR"/Kbuild "$TOP_DIR"/*.[ch] "$dir/src/"
	if ! out=$(patch -d "$dir/src" -p1 -F0 -s --no-backup-if-mismatch \
		   <"$MUTANTS_DIR/$n.patch" 2>&1); then
		echo "stale: the patch no longer applies: $out" | tr '\n' ' '
		return 1
	fi
	if ! out=$(make -s -C "$KDIR" M="$dir/src" W=1 modules 2>&1); then
		echo "the patched driver does not build: $(echo "$out" |
			grep -m1 error)"
		return 1
	fi
	cp "$dir/src/ifcvf.ko" "$dir/overlay/lib/modules/$KVER/extra/"
	# a second archive after the lab's: the kernel unpacks both, the
	# later ifcvf.ko over the earlier one
	(cd "$dir/overlay" && find . | LC_ALL=C sort |
		cpio -o -H newc --quiet | gzip -1) >"$dir/overlay.cpio.gz"
}

# boot NAME SCENARIO TESTS INITRAMFS: one guest, as lab/check.sh boots
# the scenario, with its own BUILD_DIR (logs, disk, monitor) under boots/
boot() {
	local name=$1 line tests=$3 netopts blkopts env dir=$BASE/boots/$1
	line=$(scenario_line "$2")
	[ -n "$line" ] || { log "$name: no scenario $2 in lab/check.sh"; return 1; }
	read -r _ _ _ netopts blkopts env <<<"$line"
	[ "$netopts" = - ] && netopts=
	[ "$blkopts" = - ] && blkopts=
	[ "$env" = - ] && env=
	mkdir -p "$dir/logs"
	ln -sfn "$BASE/host" "$dir/host"
	if [ "$4" = base ]; then
		ln -sf "$BASE/initramfs.cpio.gz" "$dir/initramfs.cpio.gz"
	else
		cat "$BASE/initramfs.cpio.gz" "$dir/overlay.cpio.gz" \
			>"$dir/initramfs.cpio.gz"
	fi
	(
		export BUILD_DIR=$dir
		LAB_CMDLINE=$(echo "$env" | tr ',' '\n' | sed -n 's/^./lab.env.&/p' |
			tr '\n' ' ')
		LAB_CMDLINE+=$(echo "$env" | tr ',' '\n' |
			sed -n 's/^TIMEOUT=/ lab.timeout=/p')
		LAB_NET_QUEUES=$(echo "$env" | tr ',' '\n' | sed -n 's/^QUEUES=//p')
		LAB_SMP=$(echo "$env" | tr ',' '\n' | sed -n 's/^SMP=//p')
		LAB_HOTPLUG_NIC=$(echo "$env" | tr ',' '\n' |
			sed -n 's/^NET_HOTPLUG_PCI=.*/1/p')
		export LAB_CMDLINE LAB_NET_QUEUES LAB_SMP LAB_HOTPLUG_NIC
		"$LAB_DIR/run.sh" "$name" ifcvf "$tests" "$netopts" "$blkopts"
	) >"$dir/boot.log" 2>&1
	# the disk image and the initramfs are big: only the logs stay
	rm -f "$dir/blk-$name.img" "$dir/initramfs.cpio.gz"
}

# verdicts RESULTS: per test of a boot, one line
#   TEST caught|timeout|splat|killed|died|passed DETAIL
# caught: a failing TAP line of the test's own; timeout: the harness
# stopped it; splat: only the lab's kernel log checks (996..999) failed;
# killed: the guest's time-out killed it (rc 137); died: the guest
# stopped during it (panic, hang); passed: nothing failed.
verdicts() {
	awk '{ sub(/\r$/, "") }
	/^LAB-START / { t = $2; started[t] = 1; order[++n] = t; next }
	/^LAB-END / { ended[$2] = 1; rc[$2] = $3; sub(/^rc=/, "", rc[$2]); next }
	/^LAB-DONE/ { done = 1; next }
	# the kselftest harness names the test, its TAP line fixture.test
	/^\[[^]]*\] # [^ ]*: Test terminated by timeout/ {
		t = substr($1, 2, length($1) - 2); nm = $3; sub(/:$/, "", nm)
		to[t, nm] = 1; next
	}
	/^\[[^]]*\] not ok [0-9]+ / {
		t = substr($1, 2, length($1) - 2); num = $4 + 0
		desc = $0; sub(/^\[[^]]*\] not ok [0-9]+ /, "", desc)
		if (num >= 996) { splat[t] = splat[t] ? splat[t] : desc; next }
		nm = $5; sub(/^.*\./, "", nm)
		if (to[t, nm]) { tout[t] = tout[t] ? tout[t] : desc; next }
		if (!(t in caught)) caught[t] = desc
		next
	}
	END {
		for (i = 1; i <= n; i++) {
			t = order[i]
			if (t in caught) print t, "caught", caught[t]
			else if (t in tout) print t, "timeout", tout[t]
			else if (!ended[t]) print t, "died", "the guest stopped during it"
			else if (rc[t] == 137) print t, "killed", "killed at the test time-out"
			else if (t in splat) print t, "splat", splat[t]
			else if (rc[t] != 0) print t, "failed", "exit status " rc[t] " without a failing line"
			else print t, "passed", "-"
		}
		if (!done) print "-", "boot", "the guest did not finish the boot"
	}' "$1"
}

# how a boot ended, when it did not: panic, stall (run.sh's), time-out
boot_end() {
	local dir=$BASE/boots/$1
	if grep -qa '^LAB-STALL' "$dir/logs/$1.results"; then
		echo "stalled: $(grep -a -m1 '^LAB-STALL' "$dir/logs/$1.results")"
	elif grep -qa 'Kernel panic' "$dir/logs/$1.console"; then
		echo "kernel panic: $(grep -a -m1 'Kernel panic' "$dir/logs/$1.console")"
	else
		echo "the boot timed out or QEMU stopped"
	fi
}

passed=0 failed=0
count_pass() { passed=$((passed + 1)); }
count_fail() { failed=$((failed + 1)); }

# report_control SCENARIO: the real driver passed every test it ran; a
# test that did not is broken (or the lab is), and is no judge
report_control() {
	local name=control-$1 t v detail bad=0
	while read -r t v detail; do
		[ "$v" = passed ] && continue
		bad=1
		echo "FAIL $name/$t: the real driver: $v: $detail"
		echo "$t" >>"$BASE/broken-$1"
	done < <(verdicts "$BASE/boots/$name/logs/$name.results")
	if [ $bad = 0 ]; then
		echo "PASS $name: the real driver passes $(list_tests "$1" | wc -w) tests"
		count_pass
	else
		count_fail
		echo "     console log: $BASE/boots/$name/logs/$name.console"
	fi
}

# report_mutant NAME: caught or not, and by what
report_mutant() {
	local n=$1 scen t v detail by='' other='' dir=$BASE/boots/$1
	scen=$(header "$MUTANTS_DIR/$n.patch" Scenario)
	if [ -s "$dir/stale" ]; then
		echo "FAIL mutant/$n: $(cat "$dir/stale")"
		count_fail
		return
	fi
	while read -r t v detail; do
		case $v in
		passed) continue ;;
		caught)
			if grep -qx "$t" "$BASE/broken-$scen" 2>/dev/null; then
				other+="; $t failed but fails on the real driver too"
			else
				by+="; $t: $detail"
			fi
			;;
		boot) other+="; $(boot_end "$n")" ;;
		*) other+="; $t: $v: $detail" ;;
		esac
	done < <(verdicts "$dir/logs/$n.results")
	if [ -n "$by" ]; then
		echo "PASS mutant/$n: caught by ${by#; }"
		[ -z "$other" ] || echo "     also ${other#; }"
		count_pass
	else
		echo "FAIL mutant/$n: not caught by $(header "$MUTANTS_DIR/$n.patch" Tests)" \
			"in $scen${other:+: only ${other#; }}"
		echo "     console log: $dir/logs/$n.console"
		count_fail
	fi
}

# list_tests SCENARIO: the tests the chosen mutants of a scenario name
list_tests() {
	local n
	for n in $(mutants); do
		[ "$(header "$MUTANTS_DIR/$n.patch" Scenario)" = "$1" ] &&
			header "$MUTANTS_DIR/$n.patch" Tests
	done | tr ' ' '\n' | grep . | awk '!seen[$0]++' | tr '\n' ' '
}

commas() { echo "$@" | tr -s ' \n\t' ',' | sed 's/,$//'; }

"$LAB_DIR/setup.sh"
BUILD_DIR=$BASE LAB_TARGET=ifcvf "$LAB_DIR/build.sh"
rm -rf "$BASE/boots" "$BASE"/broken-*
start=$(date +%s)

# every mutant's module, then the boots, the controls first: one line
# "NAME SCENARIO TESTS INITRAMFS" each
scens=$(for n in $(mutants); do header "$MUTANTS_DIR/$n.patch" Scenario; done |
	sort -u)
queue=()
for s in $scens; do
	queue+=("control-$s $s $(commas "$(list_tests "$s")") base")
done
for n in $(mutants); do
	if why=$(build_mutant "$n"); then
		queue+=("$n $(header "$MUTANTS_DIR/$n.patch" Scenario) $(commas \
			"$(header "$MUTANTS_DIR/$n.patch" Tests)") overlay")
	else
		echo "$why" >"$BASE/boots/$n/stale"
	fi
done
log "$(mutants | wc -l) mutants, ${#queue[@]} boots, $JOBS at a time"

for b in "${queue[@]}"; do
	read -r name scen tests initrd <<<"$b"
	log "boot $name ($scen): $tests"
	boot "$name" "$scen" "$tests" "$initrd" &
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n || true
	done
done
wait

for s in $scens; do
	report_control "$s"
done
for n in $(mutants); do
	report_mutant "$n"
done
log "the mutant tier took $(($(date +%s) - start)) s after the build"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
