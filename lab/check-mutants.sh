#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check-mutants: the selftests must fail on a broken driver. Each
# lab/mutants/NAME.patch breaks the driver the way a real bug would; its
# header says how (Bug, and in one line for the table, Models), the
# scenario of lab/check.sh it boots in (Scenario), the tests of that
# scenario that should catch it (Tests) and what they see (Catches).
# Each is applied to a copy of the sources, built against the lab kernel
# and booted in its scenario with only its tests, in the scenario's
# order; the real driver first runs the same tests in the same
# scenarios (a control boot per scenario).
#
# A mutant is caught when one of its tests prints a failing TAP line of
# its own and that test passed on the real driver. The lab's kernel log
# checks (a WARNING, an Oops: results 990 and up), a test killed at its
# time-out, a guest that stops or hangs are named but do not count: a
# mutant only they notice is not caught. A patch that no longer applies
# exactly (or whose driver does not build) is stale and fails the tier.
# Prints one line per control and mutant, the table (per mutant: its
# scenario, "test" when a test caught it, else "crash", "timeout",
# "survived" or "stale", and the tests that caught it or what happened
# instead, also kept in build/mutants/table.txt), the kill rate, then
# "N passed, N failed" (controls and mutants caught; failing controls,
# mutants not caught by a test or stale).
#
# usage: check-mutants.sh              every mutant
#        check-mutants.sh --refresh [NAME...]
#                                      rewrite stale patches (README)
# LAB_MUTANTS="NAME ..." runs only those mutants (and their controls);
# LAB_JOBS boots at a time, as make check.

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

MUTANTS_DIR=$LAB_DIR/mutants
BASE=$BUILD_DIR/mutants
JOBS=${LAB_JOBS:-$(nproc)}
# the driver's sources, as lab/build.sh copies them
SOURCES=(Kbuild ifcvf_base.c ifcvf_base.h ifcvf_base_priv.h ifcvf_status.c
	 ifcvf_lm.c ifcvf_compat.h ifcvf_main.c ifcvf_adapter.c ifcvf_vdpa.c
	 ifcvf_irq.c ifcvf_vdpa.h ifcvf_vdpa_priv.h)

# header FILE KEY: the "Key: value" of a mutant's header, its indented
# continuation lines joined to it
header() {
	awk -v k="$2" '/^--- a\// { exit }
		on && /^  / { sub(/^ +/, ""); v = v " " $0; next }
		{ on = 0 }
		index($0, k ": ") == 1 { v = substr($0, length(k) + 3); on = 1 }
		END { print v }' "$1"
}

mutants() {
	local p n
	for p in "$MUTANTS_DIR"/*.patch; do
		n=$(basename "$p" .patch)
		case " ${LAB_MUTANTS:-$n} " in *" $n "*) echo "$n" ;; esac
	done
}

# scenario_line NAME: lab/check.sh's line for a scenario, as it boots it
SCENARIOS=$(LAB_LIST_SCENARIOS=1 "$LAB_DIR/check.sh" ifcvf)
scenario_line() {
	echo "$SCENARIOS" | awk -v s="$1" '$1 == s'
}

# in_scenario_order SCENARIO TEST...: those of the tests the scenario
# runs, in its order, comma-separated
in_scenario_order() {
	local scen=$1
	shift
	scenario_line "$scen" | awk -v want=" $* " '{
		n = split($3, t, ",")
		for (i = 1; i <= n; i++)
			if (index(want, " " t[i] " ") && !seen[t[i]]++)
				out = out (out == "" ? "" : ",") t[i]
		print out
	}'
}

# copy_sources DIR: the driver's sources as lab/build.sh builds them
copy_sources() {
	mkdir -p "$1"
	(cd "$TOP_DIR" && cp "${SOURCES[@]}" "$1/")
}

apply_patch() {
	patch -d "$1" -p1 -F0 -s --no-backup-if-mismatch -r - <"$2" 2>&1
}

# build_mutant NAME: the patched sources under boots/NAME/src and an
# initramfs overlay with its module; prints why not and fails when the
# patch no longer applies exactly or the module does not build
build_mutant() {
	local n=$1 dir=$BASE/boots/$1 out
	rm -rf "$dir"
	mkdir -p "$dir/overlay/lib/modules/$KVER/extra" "$dir/logs"
	copy_sources "$dir/src"
	if ! out=$(apply_patch "$dir/src" "$MUTANTS_DIR/$n.patch"); then
		echo "stale: the patch no longer applies (lab/check-mutants.sh --refresh $n): $out" |
			tr '\n' ' '
		return 1
	fi
	if ! out=$(make -s -C "$KDIR" M="$dir/src" W=1 modules 2>&1); then
		echo "stale: the patched driver does not build: $(echo "$out" |
			grep -m1 error)"
		return 1
	fi
	cp "$dir/src/ifcvf.ko" "$dir/overlay/lib/modules/$KVER/extra/"
	# a second archive after the lab's: the kernel unpacks both, the
	# later ifcvf.ko over the earlier one (same name, same dependencies)
	(cd "$dir/overlay" && find . | LC_ALL=C sort |
		cpio -o -H newc --quiet | gzip -1) >"$dir/overlay.cpio.gz"
}

# boot NAME SCENARIO TESTS INITRAMFS: one guest, as lab/check.sh boots
# the scenario but with TESTS only, with its own BUILD_DIR (logs, disk,
# monitor) under boots/; INITRAMFS "base" for the real driver
boot() {
	local name=$1 tests=$3 line netopts blkopts env dir=$BASE/boots/$1
	line=$(scenario_line "$2")
	read -r _ _ _ netopts blkopts env <<<"$line"
	[ "$netopts" = - ] && netopts=
	[ "$blkopts" = - ] && blkopts=
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
		lab_scenario_env "$env"
		# a guest whose every test runs into its 120 s time-out, and
		# the start: no boot that still works is cut short
		BOOT_TIMEOUT=$((240 + 130 * $(echo "$tests" | tr ',' '\n' | wc -l)))
		export BOOT_TIMEOUT
		"$LAB_DIR/run.sh" "$name" ifcvf "$tests" "$netopts" "$blkopts"
	) >"$dir/boot.log" 2>&1
	# the disk image and the initramfs are big: only the logs stay
	rm -f "$dir/blk-$name.img" "$dir/initramfs.cpio.gz"
}

# verdicts RESULTS: per test of a boot, one line
#   TEST caught|timeout|splat|killed|died|failed|passed DETAIL
# caught: a failing TAP line of the test's own; timeout: the kselftest
# harness stopped a case at its time-out; splat: only the lab's kernel
# log checks (990 and up) failed; killed: the guest's time-out killed
# the test (rc 137); died: the guest stopped during it (panic, hang);
# failed: a non-zero exit without a failing line. A line "- boot WHY"
# when the boot did not get through its tests (or failed to start).
verdicts() {
	awk '{ sub(/\r$/, "") }
	/^LAB-START / { t = $2; order[++n] = t; next }
	/^LAB-END / { ended[$2] = 1; rc[$2] = $3; sub(/^rc=/, "", rc[$2]); next }
	/^LAB-DONE/ { done = 1; next }
	# the kselftest harness names the case, its TAP line fixture.case
	/^\[[^]]*\] # [^ ]*: Test terminated by timeout/ {
		t = substr($1, 2, length($1) - 2); nm = $3; sub(/:$/, "", nm)
		to[t, nm] = 1; next
	}
	/^\[[^]]*\] not ok [0-9]+ / {
		t = substr($1, 2, length($1) - 2); num = $4 + 0
		desc = $0; sub(/^\[[^]]*\] not ok [0-9]+ /, "", desc)
		if (t == "boot" || t ~ /^prepare-/) { start = start ? start : desc; next }
		if (num >= 990 || t == "after-tests") {
			splat[t] = splat[t] ? splat[t] : desc; next
		}
		nm = $5; sub(/^.*\./, "", nm)
		if (to[t, nm]) { tout[t] = tout[t] ? tout[t] : desc; next }
		if (!(t in caught)) caught[t] = desc
		next
	}
	END {
		for (i = 1; i <= n; i++) {
			t = order[i]
			if (t == "after-tests")
				continue
			if (t in caught) print t, "caught", caught[t]
			else if (t in tout) print t, "timeout", tout[t]
			else if (!ended[t]) print t, "died", "the guest stopped during it"
			else if (rc[t] == 137) print t, "killed", "killed at the test time-out"
			else if (t in splat) print t, "splat", splat[t]
			else if (rc[t] != 0) print t, "failed", "exit status " rc[t] " without a failing line"
			else print t, "passed", "-"
		}
		if ("after-tests" in splat)
			print "after-tests", "splat", splat["after-tests"]
		if (start != "")
			print "-", "boot", start
		else if (!done)
			print "-", "boot", "the guest did not finish"
	}' "$1"
}

# how a boot ended, when it did not: stall (run.sh's), panic, time-out
boot_end() {
	local dir=$BASE/boots/$1
	if grep -qa '^LAB-STALL' "$dir/logs/$1.results"; then
		grep -a -m1 '^LAB-STALL' "$dir/logs/$1.results"
	elif grep -qa 'Kernel panic' "$dir/logs/$1.console"; then
		grep -a -m1 'Kernel panic' "$dir/logs/$1.console" | tr -d '\r'
	elif grep -qa 'blocked for more than' "$dir/logs/$1.console"; then
		echo "hung tasks, then the boot's time-out:" \
		     "$(grep -a -m1 'blocked for more than' "$dir/logs/$1.console" |
			tr -d '\r' | sed 's/^\[[^]]*\] *//')"
	else
		echo "the boot's time-out, or QEMU stopped"
	fi
}

passed=0 failed=0
count_pass() { passed=$((passed + 1)); }
count_fail() { failed=$((failed + 1)); }

# report_control SCENARIO: the real driver passed every test it ran; a
# test that did not is broken (or the lab is) and judges no mutant
report_control() {
	local name=control-$1 t v detail bad=0 ntests
	while read -r t v detail; do
		[ "$v" = passed ] && continue
		[ "$t" = - ] && detail="$(boot_end "$name") ($detail)"
		bad=1
		echo "FAIL $name/$t: the real driver: $v: $detail"
		echo "$t" >>"$BASE/broken-$1"
	done < <(verdicts "$BASE/boots/$name/logs/$name.results")
	ntests=$(verdicts "$BASE/boots/$name/logs/$name.results" |
		 awk '$2 == "passed"' | wc -l)
	if [ $bad = 0 ]; then
		echo "PASS $name: the real driver passes its $ntests tests"
		count_pass
	else
		count_fail
		echo "     console log: $BASE/boots/$name/logs/$name.console"
	fi
}

# report_mutant NAME: caught or not, and by what; a line of the table
report_mutant() {
	local n=$1 scen t v detail by='' byt='' other='' how=survived
	local dir=$BASE/boots/$1
	scen=$(header "$MUTANTS_DIR/$n.patch" Scenario)
	if [ -s "$dir/stale" ]; then
		echo "FAIL mutant/$n: $(cat "$dir/stale")"
		printf '%s\t%s\t%s\t%s\n' "$n" "$scen" stale - >>"$BASE/table.txt"
		count_fail
		return
	fi
	# how a mutant no test caught was noticed, if at all: a crash (a
	# kernel report, a panic, a guest that stopped) outranks a time-out
	while read -r t v detail; do
		case $v in
		passed) continue ;;
		caught)
			if grep -qx "$t" "$BASE/broken-$scen" 2>/dev/null; then
				other+="; $t failed, but on the real driver too"
			else
				by+="; $t: $detail"
				byt+=" ${t%.sh}"
			fi
			;;
		boot)
			detail="$(boot_end "$n") ($detail)"
			other+="; $detail"
			case $detail in
			*panic*) how=crash ;;
			*) [ $how = crash ] || how=timeout ;;
			esac
			;;
		splat|died|failed) other+="; $t: $v: $detail"; how=crash ;;
		*) other+="; $t: $v: $detail"; [ $how = crash ] || how=timeout ;;
		esac
	done < <(verdicts "$dir/logs/$n.results")
	if [ -n "$by" ]; then
		echo "PASS mutant/$n: caught by ${by#; }"
		[ -z "$other" ] || echo "     also: ${other#; }"
		printf '%s\t%s\t%s\t%s\n' "$n" "$scen" test "${byt# }" >>"$BASE/table.txt"
		count_pass
	else
		echo "FAIL mutant/$n: not caught by a test (gap: $(header \
			"$MUTANTS_DIR/$n.patch" Tests) in $scen)${other:+; only: ${other#; }}"
		echo "     console log: $dir/logs/$n.console"
		printf '%s\t%s\t%s\t%s\n' "$n" "$scen" "$how" "${other#; }" \
			>>"$BASE/table.txt"
		count_fail
	fi
}

# scenario_tests SCENARIO: the tests the chosen mutants of a scenario
# name, in its order
scenario_tests() {
	local n names=''
	for n in $(mutants); do
		[ "$(header "$MUTANTS_DIR/$n.patch" Scenario)" = "$1" ] &&
			names+=" $(header "$MUTANTS_DIR/$n.patch" Tests)"
	done
	# (the names, one a word)
	# shellcheck disable=SC2086
	in_scenario_order "$1" $names
}

# check_header NAME: its scenario exists and runs every test it names
check_header() {
	local p=$MUTANTS_DIR/$1.patch scen tests t
	scen=$(header "$p" Scenario)
	tests=$(header "$p" Tests)
	if [ -z "$scen" ] || [ -z "$tests" ] || [ -z "$(header "$p" Bug)" ] ||
	   [ -z "$(header "$p" Models)" ]; then
		echo "its header lacks Bug, Models, Scenario or Tests"
		return 1
	fi
	[ -n "$(scenario_line "$scen")" ] ||
		{ echo "lab/check.sh has no scenario $scen"; return 1; }
	for t in $tests; do
		[ -n "$(in_scenario_order "$scen" "$t")" ] ||
			{ echo "$t is not one of the tests of $scen in lab/check.sh"; return 1; }
	done
}

# refresh NAME: a stale patch made again against today's sources: applied
# with fuzz, then written with one line of context, or three where one
# does not put it back in the same place (the header stays as it is)
refresh() {
	local n=$1 p=$MUTANTS_DIR/$1.patch tmp ctx f out
	tmp=$(mktemp -d)
	copy_sources "$tmp/a"
	copy_sources "$tmp/b"
	if ! out=$(patch -d "$tmp/b" -p1 -F3 -s --no-backup-if-mismatch -r - <"$p" 2>&1); then
		echo "$n: does not apply even with fuzz: make the change by hand" \
		     "(README, \"The mutant tier\"): $out"
		rm -rf "$tmp"
		return 1
	fi
	for ctx in 1 3; do
		{
			sed '/^--- a\//,$d' "$p"
			for f in "${SOURCES[@]}"; do
				(cd "$tmp" && diff -p -U$ctx --label "a/$f" --label "b/$f" \
					"a/$f" "b/$f") || true
			done
		} >"$tmp/new.patch"
		rm -rf "$tmp/c"
		copy_sources "$tmp/c"
		apply_patch "$tmp/c" "$tmp/new.patch" >/dev/null &&
			diff -r -q "$tmp/b" "$tmp/c" >/dev/null && break
	done
	if cmp -s "$p" "$tmp/new.patch"; then
		echo "$n: up to date"
	else
		cp "$tmp/new.patch" "$p"
		echo "$n: refreshed (-U$ctx); check the diff before committing it"
	fi
	rm -rf "$tmp"
}

if [ "${1:-}" = --refresh ]; then
	shift
	rc=0
	# (one name a line)
	# shellcheck disable=SC2046
	[ $# -gt 0 ] || set -- $(mutants)
	for n in "$@"; do
		refresh "$n" || rc=1
	done
	exit $rc
fi

"$LAB_DIR/setup.sh"
BUILD_DIR=$BASE LAB_TARGET=ifcvf "$LAB_DIR/build.sh"
rm -rf "$BASE/boots" "$BASE"/broken-* "$BASE/table.txt"
mkdir -p "$BASE/boots"
start=$(date +%s)

# every mutant's module, then the boots, the controls first: one line
# "NAME SCENARIO TESTS INITRAMFS" each
queue=() scens=()
for n in $(mutants); do
	if why=$(check_header "$n") && why=$(build_mutant "$n"); then
		scen=$(header "$MUTANTS_DIR/$n.patch" Scenario)
		# shellcheck disable=SC2046
		queue+=("$n $scen $(in_scenario_order "$scen" \
			$(header "$MUTANTS_DIR/$n.patch" Tests)) overlay")
		case " ${scens[*]} " in *" $scen "*) ;; *) scens+=("$scen") ;; esac
	else
		mkdir -p "$BASE/boots/$n"
		echo "$why" >"$BASE/boots/$n/stale"
		log "mutant $n is stale, its boot is left out: $why"
	fi
done
controls=()
for s in "${scens[@]}"; do
	controls+=("control-$s $s $(scenario_tests "$s") base")
done
queue=("${controls[@]}" "${queue[@]}")
# the IFCVF device model's QEMU, before the boots that need it
for s in "${scens[@]}"; do
	case $(scenario_line "$s") in *MODEL=*)
		"$LAB_DIR/qemu-model.sh" >/dev/null
		break ;;
	esac
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

for s in "${scens[@]}"; do
	report_control "$s"
done
for n in $(mutants); do
	report_mutant "$n"
done
# the table, as the README has it: per mutant its name and the bug it
# models (Models), then how it was caught (test, or else crash, timeout,
# survived or stale), its scenario and the tests that caught it (or
# what happened instead)
echo
while IFS=$'\t' read -r n scen how what; do
	printf '%-22s %s\n  %-7s %s: %s\n' "$n" \
		"$(header "$MUTANTS_DIR/$n.patch" Models)" "$how" "$scen" "$what"
done <"$BASE/table.txt"
echo
caught=$(awk -F '\t' '$3 == "test"' "$BASE/table.txt" | wc -l)
log "$caught of $(mutants | wc -l) mutants caught by a test;" \
    "the boots took $(($(date +%s) - start)) s (table: $BASE/table.txt)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
