#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the lab guest. Prepares the target (reference simulators or
# ifcvf bound to the emulated virtio-pci functions), runs the selftests
# named on the kernel command line and reports on the second serial port:
#   LAB-START <test> / [<test>] <TAP line> / LAB-END <test> rc=<n> / LAB-DONE
# A test during which the kernel logged a splat gets a failing TAP line.
# (busybox ash, checked as the selftests are:)
# shellcheck shell=sh

/bin/busybox --install -s
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /run/netns
# (busybox ash's ulimit has -l)
# shellcheck disable=SC3045
ulimit -l unlimited
ip() { /sbin/ip "$@"; }

exec 3>/dev/ttyS1

KMEMLEAK=/sys/kernel/debug/kmemleak

param() {
	tr ' ' '\n' </proc/cmdline | sed -n "s/^lab\.$1=//p"
}

# lab.env.NAME=VALUE on the command line: NAME=VALUE in the tests' env
for kv in $(tr ' ' '\n' </proc/cmdline | sed -n 's/^lab\.env\.//p'); do
	# $kv is NAME=VALUE
	# shellcheck disable=SC2163
	export "$kv"
done

TARGET=$(param target)
TESTS=$(param tests | tr ',' ' ')
TEST_TIMEOUT=$(param timeout)
: "${TEST_TIMEOUT:=120}"
export TARGET

# The emulated functions sit at fixed addresses (see lab/run.sh).
NET_PCI="0000:00:03.0 0000:00:04.0"
BLK_PCI="0000:00:05.0"

bind_pci() {
	local bdf="$1" drv="$2" dev="/sys/bus/pci/devices/$1"
	[ -e "$dev" ] || return 0
	[ -e "$dev/driver" ] && echo "$bdf" >"$dev/driver/unbind"
	echo "$drv" >"$dev/driver_override"
	echo "$bdf" >/sys/bus/pci/drivers_probe
}

prepare_sim() {
	modprobe vdpa_sim_net && modprobe vdpa_sim_blk
	export NET_MGMT=vdpasim_net NET_MGMT_PEER='' BLK_MGMT=vdpasim_blk
	export NET_ADD_ATTRS="mac 52:54:00:00:01:0a" NET_MAC=52:54:00:00:01:0a
	export BLK_BYTES=$((0x40000 * 512))
}

# nothing bound: the PCI functions stay as the kernel found them
prepare_none() {
	:
}

# The kernel's own ifcvf (built unchanged from linux-source as
# ifcvf_intree.ko; its PCI driver is also called "ifcvf"), on the IFCVF
# device model: the same functions and the same tests as ours.
prepare_intree() {
	prepare_ifcvf ifcvf_intree
}

prepare_ifcvf() {
	local bdf drv="${1:-ifcvf}"
	modprobe "$drv" || return 1
	for bdf in $NET_PCI $BLK_PCI; do
		bind_pci "$bdf" ifcvf
	done
	# the two NICs' addresses, one a word
	# shellcheck disable=SC2086
	set -- $NET_PCI
	export NET_MGMT="pci/$1" NET_MGMT_PEER="pci/$2" BLK_MGMT="pci/$BLK_PCI"
	export NET_ADD_ATTRS='' NET_MAC=52:54:00:00:00:0a
	# the model's LM layout where it is not the identities' default (ours)
	if [ -n "$LM_LAYOUT" ] && [ "$drv" = ifcvf ]; then
		for bdf in $NET_PCI $BLK_PCI; do
			echo "$LM_LAYOUT" >"/sys/bus/pci/devices/$bdf/lm_layout" ||
				return 1
		done
	fi
	BLK_BYTES=$(param blkbytes)
	export BLK_BYTES
	# the blk function's disk is an image file the host checks afterwards
	export BLK_IMAGE_CHECK=1
}

# A test whose own doing makes the IOMMU refuse a device's DMA, listed
# with the reason in lab/iommu-fault-allow.txt
iommu_faults_allowed() {
	grep -q "^$1 " /lab/iommu-fault-allow.txt
}

# Every splat fails the test, except an upstream report that
# lab/kernel-reports.awk tolerates, which is named in the results. The
# host scans the console log for the same reports afterwards (the ring
# buffer can wrap under a long test: lab/console-verdicts.sh).
report_splats() {
	local name="$1" found tolerated allow=0 n
	iommu_faults_allowed "$name" && allow=1
	found=$(dmesg -c | awk -v allow_iommu=$allow -f /lab/kernel-reports.awk)
	tolerated=$(echo "$found" | sed -n 's/^TOLERATED //p')
	if [ -n "$tolerated" ]; then
		TOLERATED_IN=$name
		echo "$tolerated" |
			sed "s/^/[$name] # tolerated upstream report: /" >&3
	fi
	n=$(echo "$found" | grep -c '^IOMMU ')
	[ "$n" -gt 0 ] &&
		echo "[$name] # $n IOMMU fault lines, allowed for this test (lab/iommu-fault-allow.txt)" >&3
	found=$(echo "$found" | sed -n 's/^SPLAT //p')
	[ -z "$found" ] && return 0
	echo "[$name] not ok 999 kernel log free of warnings" >&3
	echo "$found" | sed "s/^/[$name] # dmesg: /" >&3
}

# On a kernel with kmemleak (the debug tier): what a test allocated and
# lost is reported against it. kmemleak skips objects younger than 5 s,
# hence the wait, and one whose contents changed since its last scan
# (the first scan of an object counts as a change), hence two scans.
kmemleak_enabled() {
	[ -e $KMEMLEAK ] || return 1
}

report_leaks() {
	local name="$1" found
	kmemleak_enabled || return 0
	sleep 5
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	found=$(cat $KMEMLEAK)
	[ -z "$found" ] && return 0
	echo "[$name] not ok 998 kmemleak finds no leak" >&3
	echo "$found" | head -n 60 | sed "s/^/[$name] # kmemleak: /" >&3
	echo clear >$KMEMLEAK
}

# lockdep stops at its first report, and also when the kernel is tainted
# by something that makes its view unreliable (a KASAN report, a bad
# page): from then on it would report nothing. Say so, once.
# After a tolerated lockdep report that is accepted for its own test, but
# every later test of the boot fails, unchecked: such a test runs last.
report_lockdep_off() {
	local name="$1"
	[ -e /proc/lockdep_stats ] || return 0
	if [ -n "$LOCKDEP_OFF_AFTER" ]; then
		echo "[$name] not ok 996 lockdep checks this test" >&3
		echo "[$name] # lockdep is off since $LOCKDEP_OFF_AFTER's tolerated report: run that test last" >&3
		return 0
	fi
	[ -z "$LOCKDEP_OFF" ] || return 0
	grep -q 'debug_locks: *1' /proc/lockdep_stats && return 0
	LOCKDEP_OFF=1
	if [ "$TOLERATED_IN" = "$name" ]; then
		LOCKDEP_OFF_AFTER=$name
		echo "[$name] # lockdep turned itself off after the tolerated report" >&3
		return 0
	fi
	echo "[$name] not ok 997 lockdep is still checking" >&3
	echo "[$name] # lockdep turned itself off: later tests are not checked" >&3
}

# Unlike sed, passes each line on at once: the host acts on some of them
# (LAB-MONITOR) while the test waits.
prefix_lines() {
	local line
	while IFS= read -r line; do
		echo "[$1] $line"
	done
}

run_test() {
	local name="$1" rc
	echo "LAB-START $name" >&3
	echo "lab: start $name" >/dev/kmsg
	(cd /selftests && timeout -s KILL "$TEST_TIMEOUT" "./$name" 2>&1
	 echo "rc=$?" >/tmp/rc) | prefix_lines "$name" >&3
	rc=$(sed -n 's/^rc=//p' /tmp/rc)
	report_splats "$name"
	report_leaks "$name"
	report_lockdep_off "$name"
	echo "lab: end $name" >/dev/kmsg
	echo "LAB-END $name rc=$rc" >&3
}

# A report while the kernel started can switch lockdep off before any
# test: that belongs to the boot (lab/check.sh may boot once more for it,
# see lab/boot-allow.txt), not to the first test.
report_lockdep_at_boot() {
	[ -e /proc/lockdep_stats ] || return 0
	grep -q 'debug_locks: *1' /proc/lockdep_stats && return 0
	LOCKDEP_OFF=1
	echo "[boot] not ok 997 lockdep is still checking" >&3
	echo "[boot] # lockdep turned itself off while the kernel started" >&3
}

modprobe vdpa && modprobe virtio_vdpa && modprobe vhost_vdpa
modprobe virtio_net && modprobe virtio_blk
report_splats boot
report_lockdep_at_boot
# what the kernel's own start-up left unreferenced is not the tests'
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
kmemleak_enabled && echo scan >$KMEMLEAK && echo clear >$KMEMLEAK
if prepare_"$TARGET"; then
	report_splats "prepare-$TARGET"
	for t in $TESTS; do
		run_test "$t"
	done
	[ "$(param demo)" = 1 ] && (cd /selftests && ./demo-guest.sh) >&3 2>&1
	[ -n "$(param bench)" ] &&
		(cd /selftests && ./bench-guest.sh "$(param bench)") >&3 2>&1
else
	echo "[prepare-$TARGET] not ok 1 target $TARGET could be set up" >&3
fi
echo LAB-DONE >&3
sync
poweroff -f
