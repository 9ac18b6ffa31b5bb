#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boots the lab guest once and runs selftests in it.
#
# usage: run.sh NAME TARGET TESTS [QEMU_NET_OPTS] [QEMU_BLK_OPTS]
#   NAME     names the boot's logs under build/logs/NAME.*
#   TARGET   sim | ifcvf
#   TESTS    comma-separated selftest programs
#   *_OPTS   extra properties of the emulated net / blk functions
# Leaves build/logs/NAME.console (kernel) and NAME.results (TAP).

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

name=$1 target=$2 tests=$3
net_opts=${4:+,$4}
blk_opts=${5:+,$5}
logs="$BUILD_DIR/logs"
disk="$BUILD_DIR/blk-$name.img"
# room for the blk tests' disjoint regions (see selftests/lib.sh); not a
# whole number of MiB on purpose
BLK_BYTES=$((128 * 1024 * 1024 + 4096 * 3))
SMP=${LAB_SMP:-2}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-900}

# Multiqueue needs tap backends (a hub port has one queue): with
# LAB_NET_QUEUES=N the NICs get multi-queue taps on a bridge, all inside a
# network namespace of this run's own, and QEMU runs in that namespace.
NET_QUEUES=${LAB_NET_QUEUES:-0}
netns="ifcvf-lab-$name-$$"
netdevs=(-netdev "hubport,id=porta,hubid=0" -netdev "hubport,id=portb,hubid=0")
in_netns=()
setup_tap_network() {
	local t
	ip netns del "$netns" 2>/dev/null || true
	ip netns add "$netns"
	ip -n "$netns" link add br0 type bridge
	ip -n "$netns" link set br0 up
	for t in tapa tapb; do
		ip -n "$netns" tuntap add dev $t mode tap multi_queue
		ip -n "$netns" link set $t master br0 up
	done
	netdevs=()
	for t in a b; do
		netdevs+=(-netdev "tap,id=port$t,ifname=tap$t,script=no,downscript=no,vhost=off,queues=$NET_QUEUES")
	done
	in_netns=(ip netns exec "$netns")
}

# /dev/kvm may exist and still be unable to boot a guest (see
# probe-accel.sh): the probe's cached verdict decides. Under TCG one
# thread runs all vCPUs: with a thread per vCPU, guests sometimes oopsed
# on an int3 while the kernel patched its own text on another vCPU.
accel() {
	local a=${LAB_ACCEL:-$("$LAB_DIR/probe-accel.sh")}
	[ "$a" = tcg ] && a=tcg,thread=single
	echo "$a"
}

# LAB_MODEL=ID[,ID]: the functions are lab/qemu/'s IFCVF device model,
# run by the QEMU lab/qemu-model.sh builds, in place of virtio-net-pci and
# virtio-blk-pci at the same addresses. ID: the NICs' identity (n3000,
# c5000x-net) and/or the disk's (c5000x-blk, modern-blk), "on" for the
# defaults n3000 and c5000x-blk; *_OPTS may set the model's properties.
qemu="qemu-system-x86_64"
net_dev=virtio-net-pci,disable-legacy=on,iommu_platform=on
blk_dev=virtio-blk-pci,disable-legacy=on,iommu_platform=on
if [ -n "${LAB_MODEL:-}" ]; then
	qemu=$("$LAB_DIR/qemu-model.sh")
	net_dev=ifcvf-net-pci blk_dev=ifcvf-blk-pci
	for id in ${LAB_MODEL//,/ }; do
		case $id in
		n3000|c5000x-net) net_dev+=,identity=$id ;;
		c5000x-blk|modern-blk) blk_dev+=,identity=$id ;;
		on) ;;
		*) die "LAB_MODEL: no identity $id" ;;
		esac
	done
fi

# LAB_HOTPLUG_NIC=1: a third NIC, netc, on the hub behind a PCIe root
# port (guest 0000:01:00.0), which tests device_del and device_add through
# the monitor while the guest runs. Native PCIe hotplug (pciehp), not
# QEMU's ACPI hotplug, drives the slot, as on most servers. Being PCI
# Express, it has a function level reset, and AER (aer=on) for the
# errors the monitor injects (pcie_aer_inject_error).
hotplug=()
if [ "${LAB_HOTPLUG_NIC:-0}" = 1 ]; then
	netdevs+=(-netdev "hubport,id=portc,hubid=0")
	hotplug=(-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off
		-device "pcie-root-port,id=rp1,chassis=1,slot=1,addr=0x6"
		-device "$net_dev,netdev=portc,id=netc,bus=rp1,mac=52:54:00:00:00:0c,aer=on$net_opts")
fi

mkdir -p "$logs"
rm -f "$logs/$name".*
: >"$logs/$name.results"
truncate -s 0 "$disk"
truncate -s "$BLK_BYTES" "$disk"

# no_timer_check: on a loaded host TCG can miss the IO-APIC timer test at
# boot, and the kernel then panics ("timer doesn't work through
# Interrupt-remapped IO-APIC"); KVM guests skip that test the same way.
cmdline="console=ttyS0 intel_iommu=on iommu=pt panic=-1 oops=panic no_timer_check"
# a ring buffer large enough for the fault loops' messages between two
# of the guest's reads (the host also reads the console log afterwards)
cmdline+=" loglevel=6 log_buf_len=8M lab.target=$target lab.tests=$tests"
cmdline+=" lab.blkbytes=$BLK_BYTES ${LAB_CMDLINE:-}"
# The debug kernel with 5-level paging (-cpu max has LA57) sometimes took
# a device interrupt in start_kernel() whose irq descriptor KASAN flagged
# as a wild access; with 4-level paging it did not.
[ "$LAB_DEBUG" = 1 ] && cmdline+=" no5lvl"

# A test asks the host for a QEMU monitor command (set_link, block_resize)
# by printing "LAB-MONITOR <command>"; this relays each new request while
# the guest runs. The monitor reads a FIFO that QEMU holds open for the
# whole boot, so a request needs no connection of its own; the answers
# go to NAME.monitor, each request there after a line with its time.
monitor="$BUILD_DIR/monitor-$name"
rm -f "$monitor.in" "$monitor.out"
mkfifo "$monitor.in" "$monitor.out"
# held open here too, so that a request never blocks, even once QEMU is gone
exec 3<>"$monitor.in"
send_monitor() {
	echo "$1" >&3
}
relay_monitor_requests() {
	local done=0 cmd
	set +e
	while sleep 0.3; do
		# only whole lines: a request the guest is still writing
		# would be relayed cut short, and never again once whole
		[ -f "$logs/$name.results" ] || continue
		cp "$logs/$name.results" "$monitor.snap"
		[ -z "$(tail -c 1 "$monitor.snap")" ] || sed -i '$d' "$monitor.snap"
		grep -a 'LAB-MONITOR ' "$monitor.snap" | tr -d '\r' |
			sed 's/.*LAB-MONITOR //' | tail -n +$((done + 1)) \
			>"$monitor.new"
		while read -r cmd; do
			echo "# $(date +%T) relaying: $cmd"
			send_monitor "$cmd"
			done=$((done + 1))
		done <"$monitor.new"
	done
}
# the monitor echoes each typed key: keep only the line as typed
sed -u -E -e 's/\r$//' -e 's/^.*\x1b\[D([^\x1b]*)\x1b\[K$/(qemu) \1/' \
	"$monitor.out" >>"$logs/$name.monitor" &
monitor_log=$!
relay_monitor_requests >>"$logs/$name.monitor" 2>&1 </dev/null &
relay=$!
# (and should this script fail, QEMU goes with it: a guest left running
# without its relay would fail every monitor test)
trap 'kill ${qemu_job:-} $relay $monitor_log 2>/dev/null || true
      rm -f "$monitor.in" "$monitor.out" "$monitor.new" "$monitor.snap"
      ip netns del "$netns" 2>/dev/null || true' EXIT
[ "$NET_QUEUES" -gt 0 ] && setup_tap_network

# A guest kills a test that outlives lab.timeout and goes on, so a boot
# whose console and results both stay silent much longer than that is
# stuck (guest or QEMU): say where QEMU's threads are, then stop it
# rather than wait for BOOT_TIMEOUT.
test_timeout=$(echo "${LAB_CMDLINE:-}" | tr ' ' '\n' | sed -n 's/^lab\.timeout=//p')
STALL_TIMEOUT=${LAB_STALL_TIMEOUT:-$((${test_timeout:-120} + 600))}
# (QEMU creates the console file only once it starts)
last_output() {
	stat -c %Y "$logs/$name.console" "$logs/$name.results" 2>/dev/null |
		sort -n | tail -n 1 || true
}
dump_stalled_qemu() {
	local pid tid
	pid=$(cat "$BUILD_DIR/qemu-$name.pid" 2>/dev/null) || return 0
	echo "QEMU $pid: no guest output for $STALL_TIMEOUT s"
	for tid in /proc/"$pid"/task/*; do
		echo "thread ${tid##*/} $(cat "$tid/comm") state" \
		     "$(awk '{print $3, "utime", $14, "stime", $15}' "$tid/stat")" \
		     "wchan $(cat "$tid/wchan")"
	done
	send_monitor "info status"
	sleep 2
	tail -n 3 "$logs/$name.monitor"
	timeout 60 gdb -p "$pid" -batch -ex "thread apply all bt 12" 2>&1 |
		grep -E '^(Thread|#)' || true
}
# A guest that said LAB-DONE and then cannot power off (a task hung in
# a driver blocks the shutdown path; its hung-task reports keep the
# console from ever going quiet) is stopped after POWEROFF_TIMEOUT: its
# results are all in, and the console log keeps the reports.
POWEROFF_TIMEOUT=${LAB_POWEROFF_TIMEOUT:-120}
watch_for_stall() {
	local job=$1 last done_at=
	while kill -0 "$job" 2>/dev/null; do
		sleep 10
		if [ -z "$done_at" ] &&
		   grep -qa '^LAB-DONE' "$logs/$name.results" 2>/dev/null; then
			done_at=$(date +%s)
		fi
		if [ -n "$done_at" ] &&
		   [ $(($(date +%s) - done_at)) -gt "$POWEROFF_TIMEOUT" ]; then
			pkill -KILL -F "$BUILD_DIR/qemu-$name.pid" 2>/dev/null || true
			wait "$job" || true
			echo "LAB-STALL the guest did not power off within" \
			     "$POWEROFF_TIMEOUT s of LAB-DONE" >>"$logs/$name.results"
			return
		fi
		last=$(last_output)
		[ $(($(date +%s) - ${last:-0})) -gt "$STALL_TIMEOUT" ] || continue
		dump_stalled_qemu >"$logs/$name.stall" 2>&1
		pkill -KILL -F "$BUILD_DIR/qemu-$name.pid" 2>/dev/null || true
		wait "$job" || true
		echo "LAB-STALL no output for $STALL_TIMEOUT s: see logs/$name.stall" \
			>>"$logs/$name.results"
		return
	done
}

# The first boot on a host probes KVM (tens of seconds): before QEMU's
# clock starts, or the probe would count as a silent guest.
accel=$(accel)
# LAB_QEMU_CPUS: the host CPUs QEMU's threads may run on (taskset's
# list; lab/bench.sh says why it keeps them on one)
pin=()
[ -n "${LAB_QEMU_CPUS:-}" ] && pin=(taskset -c "$LAB_QEMU_CPUS")
# LAB_QEMU_EXTRA: more QEMU arguments, separated by white space
# (lab/bench.sh)
read -r -d '' -a qemu_extra <<<"${LAB_QEMU_EXTRA:-}" || true
"${in_netns[@]}" "${pin[@]}" timeout -s KILL "$BOOT_TIMEOUT" "$qemu" \
	-chardev "pipe,id=monitor,path=$monitor" -mon chardev=monitor \
	-accel "$accel" -M q35,kernel-irqchip=split -cpu max -smp "$SMP" -m 2048 \
	-device intel-iommu,intremap=on,caching-mode=on \
	-nographic -no-reboot -nodefaults \
	-kernel "$KROOT/boot/vmlinuz-$KVER" \
	-initrd "${LAB_INITRD:-$BUILD_DIR/initramfs.cpio.gz}" \
	-append "$cmdline" \
	-serial "file:$logs/$name.console" \
	-serial "file:$logs/$name.results" \
	"${netdevs[@]}" \
	-device "$net_dev,netdev=porta,id=neta,addr=0x3,mac=52:54:00:00:00:0a$net_opts" \
	-device "$net_dev,netdev=portb,id=netb,addr=0x4,mac=52:54:00:00:00:0b$net_opts" \
	-drive "if=none,id=blk0,file=$disk,format=raw,cache=none,aio=threads,discard=unmap" \
	-device "$blk_dev,drive=blk0,id=blka,addr=0x5$blk_opts" \
	"${hotplug[@]}" \
	-pidfile "$BUILD_DIR/qemu-$name.pid" \
	"${qemu_extra[@]}" >"$logs/$name.qemu" 2>&1 </dev/null 3>&- &
qemu_job=$!
watch_for_stall "$qemu_job"
wait "$qemu_job" || true

# A test asks for a check of the disk image after the guest is gone by
# printing "LAB-HOSTCHECK verify SEED OFFSET LENGTH" (or "zero" or "hole"
# with OFFSET LENGTH, see selftests/blk_pattern.c), or "LAB-HOSTCHECK
# stopped ID" for the IFCVF model's function ID, which logs its state
# when the guest shuts down: reset, or its bus mastering off; each
# request becomes a TAP line of the pseudo-test host-image in the results.
model_stopped() {
	grep -q -E "^qemu-system-x86_64: info: $1: at guest shutdown: (device_status 0,|.*bus mastering off)" \
		"$logs/$name.qemu" || {
		grep -a "$1: at guest shutdown" "$logs/$name.qemu" ||
			echo "no state of $1 at the guest's shutdown in $name.qemu"
		return 1
	}
	grep -a "$1: at guest shutdown" "$logs/$name.qemu"
}
check_image() {
	local checker="$BUILD_DIR/host/blk_pattern" n=0 rc=0 test req req_args
	local what out
	grep -a 'LAB-HOSTCHECK ' "$logs/$name.results" | tr -d '\r' |
		sed -n 's/^\[\([^]]*\)\] LAB-HOSTCHECK \([a-z]* [0-9a-zxKMG ]*\)$/\1 \2/p' \
		>"$logs/$name.hostcheck" || true
	[ -s "$logs/$name.hostcheck" ] || return 0
	echo "LAB-START host-image"
	while read -r test req; do
		n=$((n + 1))
		read -r -a req_args <<<"$req"
		set -- "${req_args[@]}"
		case $1 in
		verify) what="the image holds pattern $2 at $3+$4" ;;
		zero) what="the image reads as zeroes at $2+$3" ;;
		hole) what="the image has a hole at $2+$3" ;;
		stopped) what="$2 was stopped when the guest shut down" ;;
		*) what="the image passes '$req'" ;;
		esac
		if [ "$1" = stopped ]; then
			out=$(model_stopped "$2" 2>&1)
		else
			out=$("$checker" "$1" "$disk" "${@:2}" 2>&1)
		fi
		# (the status of the command substitution above)
		# shellcheck disable=SC2181
		if [ $? = 0 ]; then
			echo "[host-image] ok $n $test: $what"
		else
			echo "[host-image] not ok $n $test: $what"
			rc=1
		fi
		echo "[host-image] # ${out//$'\n'/$'\n'[host-image] # }"
	done <"$logs/$name.hostcheck"
	echo "LAB-END host-image rc=$rc"
}
verdicts=$("$LAB_DIR/console-verdicts.sh" "$logs/$name.console" \
	   "$logs/$name.results")
{
	check_image
	[ -n "$verdicts" ] && echo "$verdicts"
	# every test named must have reported (lab/results.awk)
	echo "LAB-PLANNED $tests"
} >>"$logs/$name.results"
