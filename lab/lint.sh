#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make lint: checkpatch --strict (from the guest kernel's source), sparse
# and a W=1 build of the driver, all against the lab's 6.12 kernel, the
# documentation must render, and shellcheck (with the choices in
# .shellcheckrc) finds nothing in the shell scripts.
# Prints one line per check and fails if any reports anything.

source "$(dirname "$0")/lib.sh"
"$LAB_DIR/setup.sh"
lab_resolve_kernel

cd "$TOP_DIR"
sources=$(ls ./*.[ch])
failed=0

report() {
	local name=$1 out=$2
	if [ -z "$out" ]; then
		echo "lint: $name: clean"
	else
		echo "lint: $name: FAILED"
		echo "    ${out//$'\n'/$'\n'    }"
		failed=1
	fi
}

# $sources: file names without blanks, one a word
# shellcheck disable=SC2086
out=$(perl "$KSRC/scripts/checkpatch.pl" --no-tree --strict --quiet \
	--terse --show-types -f $sources 2>&1 |
	grep -v "^total: 0 errors, 0 warnings, 0 checks" || true)
report "checkpatch --strict" "$out"

# sparse and W=1 in a copy of the sources, as build.sh builds them
copy="$BUILD_DIR/lint"
rm -rf "$copy"
mkdir -p "$copy"
cp Kbuild ./*.[ch] "$copy/"
out=$(make -s -C "$KDIR" M="$copy" W=1 C=2 CHECK="sparse -Wsparse-error" \
	modules 2>&1 | grep -v -E '^\s*(CC|LD|MODPOST|BTF|CHECK)\b' || true)
report "sparse and W=1 build" "$out"
out=$(for doc in Documentation/*.rst; do
	rst2html --strict "$doc" >/dev/null 2>&1 || echo "$doc does not render"
done)
report "Documentation renders (rst2html --strict)" "$out"
# every shell script: the guest's (busybox ash) and the lab's (bash)
out=$(shellcheck -f gcc selftests/*.sh lab/*.sh vdpa_sim_ref/*.sh .ci/run 2>&1 ||
      true)
report "shellcheck" "$out"
exit $failed
