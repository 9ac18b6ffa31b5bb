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
