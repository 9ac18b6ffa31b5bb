# SPDX-License-Identifier: GPL-2.0
# Helpers of make bench's guest scripts (bench-guest.sh, bench-perf.sh,
# bench-scale.sh), sourced after selftests/lib.sh. A figure goes to the
# host as one line "BENCH <name> <driver> <fields...>", which lab/bench.sh
# collects from the results port; nothing here judges a figure.
# shellcheck shell=sh

# vdpa_bench (lab/vdpa_bench.c) sits beside the scripts
BENCH_TOOL=./vdpa_bench

report() {
	echo "BENCH $*"
}

# progress WHAT: a line in the boot's results log (not a figure: the
# host reads only BENCH lines), with the guest's uptime, for whoever
# reads the log of a slow or failed run
progress() {
	echo "# $(cut -d' ' -f1 /proc/uptime) $*"
}

# Where a figure was measured: the lab's QEMU functions, or the IFCVF
# device model (lab/bench.sh sets BENCH_ON=model for its boots): a
# driver's name on the model carries "@model".
label() {
	if [ "${BENCH_ON:-}" = model ]; then
		echo "$1@model"
	else
		echo "$1"
	fi
}

# shuffle WORD...: the words in a random order into SHUFFLED, from a
# sequence of its own seeded with BENCH_SEED (Park-Miller), so that a
# run's order can be replayed from the seed its results print. Not in a
# $(...): the sequence lives in this shell.
RNG=$(( ${BENCH_SEED:-1} % 2147483646 + 1 ))
shuffle() {
	local j k w rest
	SHUFFLED=
	while [ $# -gt 0 ]; do
		RNG=$((RNG * 16807 % 2147483647))
		j=$((RNG % $# + 1))
		rest='' k=1
		for w in "$@"; do
			if [ $k = $j ]; then
				SHUFFLED="${SHUFFLED:+$SHUFFLED }$w"
			else
				rest="$rest $w"
			fi
			k=$((k + 1))
		done
		# the words left, one a word
		# shellcheck disable=SC2086
		set -- $rest
	done
}

# children_of PID: the processes whose parent PID is
children_of() {
	local s p
	for s in /proc/[0-9]*/stat; do
		read -r p _ <"$s" 2>/dev/null || continue
		# the parent's PID is the second field after the command's ")"
		[ "$(sed 's/.*) [A-Za-z] //; s/ .*//' "$s" 2>/dev/null)" = "$1" ] &&
			echo "$p"
	done
	return 0
}

kill_tree() {
	local c
	for c in $(children_of "$1"); do
		kill_tree "$c"
	done
	kill -KILL "$1" 2>/dev/null
}

# bounded SECONDS COMMAND...: runs COMMAND (a program or a function) and
# returns its status, or 124 once SECONDS have passed: then COMMAND and
# its children get SIGKILL and are not waited for (a task stuck in the
# kernel may never go), so that a hang costs one figure, not the run.
bounded() {
	local secs="$1" pid watchdog rc me fired
	shift
	read -r me _ </proc/self/stat
	fired="/tmp/bounded.$me"
	rm -f "$fired"
	"$@" &
	pid=$!
	(sleep "$secs"; : >"$fired"; kill_tree "$pid"; kill -USR1 "$me") \
		>/dev/null 2>&1 </dev/null &
	watchdog=$!
	# a signal with a handler ends the wait even if the task stays
	trap : USR1
	wait "$pid"
	rc=$?
	trap - USR1
	kill "$watchdog" 2>/dev/null
	if [ -e "$fired" ]; then
		rm -f "$fired"
		return 124
	fi
	return $rc
}

now_us() {
	$BENCH_TOOL now
}

# begin KEY / end KEY around a sample whose BENCH line starts with KEY
# (name, driver, round): the host notes QEMU's CPU time at both marks
# (see record_marks in lab/bench.sh)
begin() {
	$BENCH_TOOL mark B "$@"
}

end() {
	$BENCH_TOOL mark E "$@"
}

# The PCI driver behind each name the bench compares.
pci_driver_of() {
	case $1 in
	virtio_pci) echo virtio-pci ;;
	ifcvf | ifcvf_intree) echo ifcvf ;;
	vp_vdpa) echo vp-vdpa ;;
	esac
}

pci_unbind() {
	local dev="/sys/bus/pci/devices/$1"
	[ -e "$dev/driver" ] && echo "$1" >"$dev/driver/unbind"
	return 0
}

# pci_bind BDF PCI-DRIVER
pci_bind() {
	pci_unbind "$1"
	echo "$2" >"/sys/bus/pci/devices/$1/driver_override"
	echo "$1" >/sys/bus/pci/drivers_probe
}

# native_dev BDF net|block: what virtio_pci and virtio_net/blk made of it
native_dev() {
	local e
	for e in "/sys/bus/pci/devices/$1"/virtio*/"$2"/*; do
		[ -e "$e" ] && { echo "${e##*/}"; return 0; }
	done
	return 1
}

mgmtdev_exists() {
	$VDPA mgmtdev show "pci/$1" >/dev/null 2>&1
}

carrier_up() {
	[ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 1 ]
}

# poll MS COMMAND...: wait_for in 5 ms steps, for what is being timed
poll() {
	local left=$(($1 / 5))
	shift
	until "$@" >/dev/null 2>&1; do
		left=$((left - 1))
		[ $left -gt 0 ] || return 1
		usleep 5000
	done
}

# until_up SECONDS COMMAND...: polls the command (every 0.1 s) until it
# succeeds (returns 0) or fails for good (returns 2), for at most SECONDS
# of the guest's clock (wait_for counts tries, which a slow command
# stretches)
until_up() {
	local end rc
	end=$(($(cut -d. -f1 /proc/uptime) + $1))
	shift
	while [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ]; do
		"$@" >/dev/null 2>&1
		rc=$?
		[ $rc = 0 ] && return 0
		[ $rc = 2 ] && return 1
		usleep 100000
	done
	return 1
}

# mem_kb: memory in use (MemTotal - MemFree) and slab, in KiB
mem_kb() {
	awk '/^MemTotal:/ { t = $2 } /^MemFree:/ { f = $2 }
	     /^Slab:/ { s = $2 } END { print t - f, s }' /proc/meminfo
}

# The kernel log lines about a PCI function or vDPA device since the
# last call, one line: the reason a driver did not bind or work.
kernel_says() {
	dmesg -c | grep -E "$1" | sed 's/^\[[ 0-9.]*\] //' | tail -n 4 |
		tr '\n' ';' | sed 's/;$//'
}
