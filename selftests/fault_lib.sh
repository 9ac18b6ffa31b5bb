# SPDX-License-Identifier: GPL-2.0
# Shared by the fault-injection selftests (sourced after lib.sh). They
# fail the N-th fault-injectable call of one system call, for N = 1, 2,
# ... until a run no longer reaches the N-th: fail_nth_write (a sysfs
# write, such as a PCI driver's bind) and vdpa_netlink --fail-nth (a
# netlink request) arm the kernel's per-task fail-nth right before the
# call and read it back right after (see fail_nth.h).
#
# FAULT_VERBOSE (0, 1 or 2; default 1) is the verbosity of failslab and
# fail_page_alloc: 1 logs one line per injected fault, 2 its stack too.
# FAULT_MAX (default 20000) bounds each loop. FAULT_REJECT names a kernel
# function whose callees are never failed (fault_reject).
# shellcheck shell=sh
# fault_loop's answers (hit, bad, final) are the test's:
# shellcheck disable=SC2034

DEBUGFS=/sys/kernel/debug
FAULT_VERBOSE=${FAULT_VERBOSE:-1}
FAULT_MAX=${FAULT_MAX:-20000}
FAULT_ATTRS="failslab fail_page_alloc"

# fault_setup: makes GFP_KERNEL allocations of every order failable for
# fail-nth (by default failslab and fail_page_alloc leave out those that
# may sleep); prints why it cannot and fails on a kernel without fault
# injection
fault_setup() {
	local a
	[ -e /proc/self/fail-nth ] || {
		echo "the kernel has no fault injection (no /proc/self/fail-nth)"
		return 1
	}
	[ -d $DEBUGFS/failslab ] ||
		mount -t debugfs debugfs $DEBUGFS 2>/dev/null
	for a in $FAULT_ATTRS; do
		[ -d "$DEBUGFS/$a" ] ||
			{ echo "no $DEBUGFS/$a (CONFIG_FAULT_INJECTION_DEBUG_FS)"; return 1; }
		echo 0 >"$DEBUGFS/$a/ignore-gfp-wait" &&
		echo "$FAULT_VERBOSE" >"$DEBUGFS/$a/verbose" || return 1
	done
	echo 0 >$DEBUGFS/fail_page_alloc/min-order
}

# fault_reject FUNCTION: no call with FUNCTION on its stack (within the
# 32 frames the filter looks at) fails or counts, by the stack-trace
# filter of failslab and fail_page_alloc; prints why it cannot and fails
fault_reject() {
	local range a
	# it ends where the next symbol of the kernel or its module starts
	range=$(awk -v f="$1" '
		FNR == NR {
			if ($3 == f && $2 ~ /^[tT]$/ && s == "") { s = $1; m = $4 }
			next
		}
		$4 == m && $1 > s && (e == "" || $1 < e) { e = $1 }
		END { if (s != "" && e != "") print "0x" s, "0x" e }' \
		/proc/kallsyms /proc/kallsyms)
	[ -n "$range" ] || { echo "no $1 in /proc/kallsyms"; return 1; }
	for a in $FAULT_ATTRS; do
		[ -e "$DEBUGFS/$a/reject-start" ] || {
			echo "no $DEBUGFS/$a/reject-start (CONFIG_FAULT_INJECTION_STACKTRACE_FILTER)"
			return 1
		}
		echo "${range% *}" >"$DEBUGFS/$a/reject-start" &&
		echo "${range#* }" >"$DEBUGFS/$a/reject-end" || return 1
	done
	echo "# calls under $1 ($range) are not failed"
}

# fault_unreject: every call may fail again
fault_unreject() {
	local a
	for a in $FAULT_ATTRS; do
		[ -e "$DEBUGFS/$a/reject-start" ] || continue
		echo 0 >"$DEBUGFS/$a/reject-start"
		echo 0 >"$DEBUGFS/$a/reject-end"
	done
}

# fault_teardown: failslab's and fail_page_alloc's defaults again
fault_teardown() {
	local a
	fault_unreject
	for a in $FAULT_ATTRS; do
		[ -d "$DEBUGFS/$a" ] || continue
		echo 1 >"$DEBUGFS/$a/ignore-gfp-wait"
		echo 2 >"$DEBUGFS/$a/verbose"
	done
	[ -d $DEBUGFS/fail_page_alloc ] &&
		echo 1 >$DEBUGFS/fail_page_alloc/min-order
	return 0
}

# fault_skip_all REASON: the test cannot run here: each of its tests
# (one a line from the test's own "tests") is reported as skipped
fault_skip_all() {
	local t
	ktap_header "$(tests | wc -l)"
	echo "# $1"
	while IFS= read -r t; do
		ktap_skip "$t" "$1"
	done <<EOF
$(tests)
EOF
	ktap_finish
}

# fault_outcome OUT: the first line of a helper's answer ("ok" or
# "errno N (...)"); fault_fired OUT: whether its fault was injected
fault_outcome() {
	echo "${1%%
*}"
}

fault_fired() {
	case $1 in
	*"injected") return 0 ;;
	*"not reached") return 1 ;;
	esac
	return 2
}

# fault_loop WHAT: the test's fault_try N makes its call with the N-th
# fault-injectable call failing and prints the helper's answer, for N =
# 1, 2, ... until the fault is not reached. After each fault the test's
# fault_check ANSWER judges what the call did (sets bad and fails when it
# is wrong) and its leftovers must print nothing. A loop whose first
# fault is not reached injected none and checked nothing: that fails
# too. WHAT names the loop in the kernel log. Sets hit (faults
# injected), final (the answer without a fault) and bad (why the loop
# failed); fault_errno tallies errnos.
fault_loop() {
	local n=0 out res left
	hit=0 bad='' final=''
	: >/tmp/fault_errnos
	while [ $n -lt "$FAULT_MAX" ]; do
		n=$((n + 1))
		echo "$1 fault $n" >/dev/kmsg
		out=$(fault_try $n 2>&1)
		res=$(fault_outcome "$out")
		fault_fired "$out"
		case $? in
		1)
			final=$res
			[ "$hit" -gt 0 ] && return 0
			bad="fault 1 not reached: no fault injected ($res)"
			return 1
			;;
		2) bad="fault $n: $out"; return 1 ;;
		esac
		hit=$((hit + 1))
		if ! fault_check "$res"; then
			bad="fault $n: $bad"
			return 1
		fi
		left=$(leftovers)
		if [ -n "$left" ]; then
			bad="fault $n ($res): left behind:$left"
			return 1
		fi
	done
	bad="fault $n still reached: FAULT_MAX is too low"
	return 1
}

# fault_some_refused N: N of fault_loop's faults made the call fail;
# with none, the loop ran no error path: sets bad and fails
fault_some_refused() {
	[ "$1" -gt 0 ] && return 0
	bad="none of the $hit faults made the call fail: no error path ran"
	return 1
}

# fault_errno ANSWER: counts a refusal's errno; fault_errnos prints the
# tally of fault_loop's run, "errno 12 x3, errno 22 x1"
fault_errno() {
	echo "${1%% (*}" >>/tmp/fault_errnos
}

fault_errnos() {
	sort /tmp/fault_errnos | uniq -c |
		awk '{ printf "%s%s %s x%d", s, $2, $3, $1; s = ", " }'
}

# net_works: a device on NET_MGMT passes traffic to the peer NIC;
# blk_works: one on BLK_MGMT moves 1 MiB at BLK_AT (the test's own
# region) to the disk and back, with the test's SEED
net_works() {
	net_dev_works fi0 fi1
}

blk_works() {
	blk_round_trip fi0 "$SEED" "$BLK_AT" "$MIB"
}

# fault_works CLASS: after the faults, a device of CLASS (net or blk)
# works
fault_works() {
	local out
	if out=$("${1}_works" 2>&1); then
		ktap_ok "$1: a device added after the faults works: $(echo "$out" |
			tail -n 1)"
	else
		ktap_not_ok "$1: a device added after the faults works" "$out"
	fi
	cleanup
}
