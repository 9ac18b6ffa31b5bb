# SPDX-License-Identifier: GPL-2.0
# Helpers of the VM tier (vm_net.sh, vm_migrate.sh): a nested QEMU guest
# whose NIC is a vDPA device of this machine through vhost-vdpa, as an
# operator runs one. What the nested guest does is lab/vm-guest-init.sh;
# the lab puts QEMU, the guest's kernel (an ELF file, booted through its
# PVH entry) and its initramfs into this guest (lab/build-vm-image.sh).
#
# A VM NAME keeps its files in /tmp/vm-NAME.*: console (what the guest
# printed), err (QEMU's stderr), qmp (QEMU's QMP socket), in (the
# guest's console input: "quit" powers it off), pid.
# Sourced after lib.sh.
# shellcheck shell=sh
# Its variables (VM_RC, SVQ_NET_FEATURES, ...) are the tests':
# shellcheck disable=SC2034

VM_DIR=${VM_DIR:-/vm}
VM_QEMU=${VM_QEMU:-/usr/bin/qemu-system-x86_64}
# Nested TCG boots in 70 to 90 s on a quiet 2-core host, slower beside
# other work
VM_BOOT_TIMEOUT=${VM_BOOT_TIMEOUT:-900}
# more QEMU arguments for every VM, white-space separated: QEMU's
# vhost-vdpa and migration trace events, into /tmp/vm-NAME.trace (-D), so
# that a failure shows what QEMU asked of the device, and in which order
VM_QEMU_EXTRA="-trace vhost_vdpa_dev_start -trace vhost_vdpa_add_status -trace vhost_vdpa_reset_device -trace vhost_vdpa_set_vring_ready -trace vhost_vdpa_set_vring_base -trace vhost_vdpa_get_vring_base -trace vhost_vdpa_set_features -trace migrate_set_state -trace migration_completion_file_err -trace migration_thread_after_loop"
# The nested kernel's options, each measured to pay off under nested TCG:
# pci=noearly,lastbus=0 (q35 would scan 256 buses, ~4.5 s), tsc=reliable
# (no clocksource watchdog), one UART, no crypto self-tests, no IPv6
VM_APPEND="console=ttyS0 panic=-1 loglevel=4 pci=noearly,lastbus=0"
VM_APPEND="$VM_APPEND tsc=reliable 8250.nr_uarts=1 cryptomgr.notests"
VM_APPEND="$VM_APPEND ipv6.disable=1 mitigations=off"
# no_timer_check: beside other boots the nested QEMU got so little CPU
# that the kernel's IO-APIC timer check failed and it panicked
VM_APPEND="$VM_APPEND no_timer_check"
# The features QEMU 7.2's shadow virtqueues (x-svq=on) accept from a
# net device: any other device feature makes it refuse the netdev
# (net/vhost-vdpa.c vdpa_svq_device_features and
# vhost_svq_valid_features): CSUM GUEST_CSUM MTU MAC GUEST_TSO4/6
# GUEST_ECN GUEST_UFO HOST_TSO4/6 HOST_ECN HOST_UFO MRG_RXBUF STATUS
# CTRL_VQ MQ CTRL_MAC_ADDR RSC_EXT STANDBY, and of the transport
# features ANY_LAYOUT EVENT_IDX VERSION_1 ACCESS_PLATFORM
SVQ_NET_FEATURES=$(( (1 << 0) | (1 << 1) | (1 << 3) | (1 << 5) |
		     (0xff << 7) | (1 << 15) | (1 << 16) | (1 << 17) |
		     (1 << 22) | (1 << 23) | (1 << 61) | (1 << 62) |
		     (1 << 27) | (1 << 29) | (1 << 32) | (1 << 33) ))

# The VM's memory, in 2 MiB hugepages (memory-backend-memfd), as an
# operator gives a vhost-vdpa VM. vhost_vdpa pins a VM's memory and keeps
# one IOTLB entry per physically contiguous run of it, at most its
# max_iotlb_entries (2048 by default). In 4 KiB pages the memory of a
# migration's destination QEMU ran to more: the incoming migration
# leaves the VM's zero pages unwritten, and pinning them for VF B
# allocates them one 4 KiB page at a time. vhost_vdpa's map then failed
# with ENOSPC (vhost_chr_write_iter hands QEMU EFAULT: "vhost vdpa map
# fail!") and the VM ran on without a network, in 6 of 6 migrations on
# vdpa_sim_net and ifcvf alike (seen with a kretprobe on
# vhost_vdpa_process_iotlb_msg). In hugepages a 128 MiB VM is 64 runs
# at most.
VM_MEM_MB=128
HUGEPAGES=/sys/kernel/mm/hugepages/hugepages-2048kB

# vm_hugepages N: room in the 2 MiB pool for N VMs (vm_release_hugepages
# gives it back)
vm_hugepages() {
	echo $(($1 * VM_MEM_MB / 2)) >$HUGEPAGES/nr_hugepages
	[ "$(cat $HUGEPAGES/free_hugepages)" -ge $(($1 * VM_MEM_MB / 2)) ]
}

vm_release_hugepages() {
	echo 0 >$HUGEPAGES/nr_hugepages
}

# vm_pinned_kib NAME: how much of its memory QEMU NAME has pinned (for
# vhost_vdpa: the VM's memory and QEMU's shadow rings)
vm_pinned_kib() {
	sed -n 's/^VmPin:[^0-9]*\([0-9]*\) kB/\1/p' "/proc/$(vm_pid "$1")/status"
}

vm_image_present() {
	[ -x "$VM_QEMU" ] && [ -r "$VM_DIR/vmlinux" ] &&
		[ -r "$VM_DIR/initramfs.cpio.gz" ]
}

# vm_start NAME APPEND QEMU-ARGS...: starts the nested guest NAME in the
# background with the kernel options APPEND (lab/vm-guest-init.sh's
# vm.*) and the devices QEMU-ARGS; 128 MiB of hugepages (vm_hugepages
# first) and one vCPU under TCG
vm_start() {
	local append="$2" base="/tmp/vm-$1"
	shift 2
	rm -f "$base".*
	mkfifo "$base.in" "$base.out"
	cat "$base.out" >"$base.console" &
	# $VM_QEMU_EXTRA: arguments, one a word
	# shellcheck disable=SC2086
	"$VM_QEMU" -accel tcg,tb-size=128 -M q35,memory-backend=ram \
		-object "memory-backend-memfd,id=ram,size=${VM_MEM_MB}M,hugetlb=on,hugetlbsize=2M,prealloc=on" \
		-smp 1 -m $VM_MEM_MB -nodefaults -no-user-config -display none -no-reboot \
		-kernel "$VM_DIR/vmlinux" -initrd "$VM_DIR/initramfs.cpio.gz" \
		-append "$VM_APPEND $append" \
		-chardev "pipe,id=con,path=$base" -serial chardev:con \
		-qmp "unix:$base.qmp,server=on,wait=off" \
		-D "$base.trace" "$@" $VM_QEMU_EXTRA </dev/null >"$base.err" 2>&1 &
	echo $! >"$base.pid"
	date +%s >"$base.started"
}

# vm_boot NAME APPEND QEMU-ARGS...: vm_start, then waits until the guest
# reports VM-READY. A nested kernel that panics in its first seconds
# (start_kernel, text_poke_early: before any device is used) is booted
# once more, and says so: QEMU 7.2's TCG inside the lab's TCG, with the
# machine loaded by other boots, crashed it that way in 3 boots of 6,
# never on a quiet machine. A second panic, or no VM-READY, fails.
vm_boot() {
	local name="$1"
	vm_start "$@"
	vm_wait "$name" '^VM-READY' "$VM_BOOT_TIMEOUT" && return 0
	vm_running "$name" && return 1
	[ -z "$(vm_line "$name" '^VM-UP')" ] &&
		[ -n "$(vm_line "$name" 'Kernel panic')" ] || return 1
	echo "# vm-$name: the nested kernel panicked while it started, booting it once more:"
	tr -d '\r' <"/tmp/vm-$name.console" |
		grep -E 'Kernel panic|RIP:|Oops' | head -n 3 | sed "s/^/#   /"
	vm_exit "$name" 10
	vm_start "$@"
	vm_wait "$name" '^VM-READY' "$VM_BOOT_TIMEOUT"
}

# sim_room_for_vm: vdpa_sim set up so that a VM's memory reaches it.
# By default vdpa_sim takes user virtual addresses (use_va), and
# vhost_vdpa maps those only from shared file-backed VMAs
# (vhost_vdpa_va_map skips any other without an error): a VM's RAM and
# QEMU 7.2's control-queue buffers are private anonymous memory, so the
# device could read none of them ("vringh: Failed to access avail idx",
# tx errors in vstats, no frame moved). With use_va=0 vhost_vdpa pins
# the pages and hands over physical ranges, as for a real function; then
# vdpa_sim's IOTLB keeps one entry per contiguous range, 2048 at most by
# default, and a 128 MiB VM in scattered 4 KiB pages needs up to 32768
# (vhost_vdpa ignores a set_map failure at the end of a batch). The
# parameters are read-only once loaded: load vdpa_sim again with them,
# before any device exists.
sim_room_for_vm() {
	local p=/sys/module/vdpa_sim/parameters
	[ "$TARGET" = sim ] || return 0
	[ "$(cat "$p/use_va" 2>/dev/null)" = N ] &&
		[ "$(cat "$p/max_iotlb_entries" 2>/dev/null || echo 0)" -ge 65536 ] &&
		return 0
	/sbin/rmmod vdpa_sim_blk vdpa_sim_net vdpa_sim &&
		/sbin/modprobe vdpa_sim use_va=0 max_iotlb_entries=65536 &&
		/sbin/modprobe vdpa_sim_net && /sbin/modprobe vdpa_sim_blk
}

vm_pid() {
	cat "/tmp/vm-$1.pid"
}

vm_running() {
	kill -0 "$(vm_pid "$1")" 2>/dev/null
}

# vm_line NAME PATTERN: the last console line that matches the extended
# regular expression PATTERN
vm_line() {
	tr -d '\r' <"/tmp/vm-$1.console" | grep -E "$2" | tail -n 1
}

# vm_wait NAME PATTERN SECONDS: until the console has a line matching
# PATTERN; fails at once if QEMU is gone
vm_wait() {
	local tries=$(($3 * 2))
	while [ -z "$(vm_line "$1" "$2")" ]; do
		vm_running "$1" || return 1
		tries=$((tries - 1))
		[ $tries -gt 0 ] || return 1
		sleep 0.5
	done
}

# vm_seconds NAME: seconds since vm_start
vm_seconds() {
	echo $(($(date +%s) - $(cat "/tmp/vm-$1.started")))
}

# vm_command NAME LINE: LINE on the guest's console input
vm_command() {
	timeout 10 sh -c "echo '$2' >'/tmp/vm-$1.in'"
}

# vm_qmp NAME JSON: one QMP command, its answer on stdout
vm_qmp() {
	./vm_traffic qmp "/tmp/vm-$1.qmp" "$2"
}

# vm_exit NAME SECONDS: waits for QEMU to end and sets VM_RC to its exit
# status; after SECONDS it says where QEMU is, kills it and sets VM_RC to
# "killed". Not in a subshell: only this shell can reap QEMU (until it
# does, a QEMU that ended is a zombie, alive to kill -0).
vm_exit() {
	local pid tries=$(($2 * 2))
	pid=$(vm_pid "$1")
	while [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] &&
	      kill -0 "$pid" 2>/dev/null; do
		tries=$((tries - 1))
		if [ $tries -le 0 ]; then
			vm_where "$1"
			kill -KILL "$pid"
			wait "$pid" 2>/dev/null
			VM_RC=killed
			return
		fi
		sleep 0.5
	done
	wait "$pid"
	VM_RC=$?
}

# vm_doorbell_maps NAME CHARDEV: the file offsets at which QEMU mapped
# CHARDEV (/dev/vhost-vdpa-N), the doorbell page of queue
# offset / 4096, as "0 1 2"
vm_doorbell_maps() {
	awk -v dev="$2" '$6 == dev { print $3 }' "/proc/$(vm_pid "$1")/maps" |
		while read -r off; do
			echo $((0x$off / 4096))
		done | sort -n | tr '\n' ' ' | sed 's/ $//'
}

# vm_stderr_unexpected NAME ALLOWED: QEMU's stderr lines that match none
# of the extended regular expressions in the file ALLOWED (see
# vm_qemu_allow.txt)
vm_stderr_unexpected() {
	grep -v -E -f "$2" "/tmp/vm-$1.err" || true
}

# vm_allow_list WHEN...: the patterns of vm_qemu_allow.txt for the
# conditions WHEN (every pattern is listed under one: "always", or what
# the function lacks or the path the run took), one a line
vm_allow_list() {
	awk -v when=" $* always " '
		/^#/ || !NF { next }
		/^\[.*\]$/ { cond = substr($0, 2, length($0) - 2); next }
		index(when, " " cond " ") { print }' vm_qemu_allow.txt
}

# vm_nic CHARDEV MAC [NETDEV-OPTS [DEVICE-OPTS]]: QEMU's arguments for a
# virtio-net-pci NIC on vhost-vdpa CHARDEV
vm_nic() {
	echo "-netdev vhost-vdpa,id=n0,vhostdev=$1${3:+,$3}" \
	     "-device virtio-net-pci,netdev=n0,mac=$2,disable-legacy=on,romfile=${4:+,$4}"
}

# vm_disk DEV: QEMU's arguments for a virtio-blk-pci disk on block device DEV
vm_disk() {
	echo "-drive file=$1,if=none,id=d0,format=raw,cache=none,aio=threads" \
	     "-device virtio-blk-pci,drive=d0,disable-legacy=on,romfile="
}

# svq_features MGMTDEV: what MGMTDEV offers of SVQ_NET_FEATURES
svq_features() {
	local sup
	sup=$(./vdpa_netlink mgmtdev-features "$1" |
	      sed -n 's/^supported_features //p')
	[ -n "$sup" ] || return 1
	printf '%#x\n' $((sup & SVQ_NET_FEATURES))
}

# vdpa_mac NAME: the MAC address in NAME's config space
vdpa_mac() {
	$VDPA -j dev config show "$1" | sed -n 's/.*"mac":"\([^"]*\)".*/\1/p'
}

# ring_state MGMTDEV: "ring-state" if the function can report and set its
# queues' state (an IFCVF VF with an LM region, vdpa_sim), else
# "no-ring-state" (plain virtio-pci: ifcvf's lm_layout reads "none")
ring_state() {
	local attr="/sys/bus/pci/devices/${1#pci/}/lm_layout"
	if [ -e "$attr" ] && [ "$(cat "$attr")" = none ]; then
		echo no-ring-state
	else
		echo ring-state
	fi
}

# reset_state: "reset-state-zero" where a queue's state read after a reset
# is 0 (vdpa_sim; vm_qemu_allow.txt says what that does to QEMU 7.2)
reset_state() {
	[ "$TARGET" = sim ] && echo reset-state-zero
	return 0
}

# vm_dump NAME: the guest's console and QEMU's stderr as diagnostics
vm_dump() {
	tr -d '\r' <"/tmp/vm-$1.console" | tail -n 80 | sed "s/^/# vm-$1: /"
	sed "s/^/# vm-$1 qemu: /" "/tmp/vm-$1.err"
	tail -n 40 "/tmp/vm-$1.trace" 2>/dev/null | sed "s/^/# vm-$1 trace: /"
}

# vm_where NAME: where each of QEMU's threads is, as diagnostics
vm_where() {
	local t
	for t in /proc/"$(vm_pid "$1")"/task/*; do
		echo "# vm-$1 thread ${t##*/} $(cat "$t/comm") state" \
		     "$(cut -d' ' -f3 "$t/stat") wchan $(cat "$t/wchan")"
		sed "s/^/#   /" "$t/stack" 2>/dev/null
	done
}

# vm_check_streams NAME TITLE-VM TITLE-PEER: once VM NAME has powered
# off, a result for each TCP stream: the VM's to the peer (the peer's
# vm_traffic tcp-recv verdict in /tmp/peer-recv.out) and the peer's to the
# VM (the VM's VM-RESULT line), each with every byte received and right
vm_check_streams() {
	local sent got
	sent=$(vm_line "$1" '^VM-RESULT tcp-send bytes' | cut -d' ' -f4)
	got=$(cat /tmp/peer-recv.out)
	echo "# VM -> peer: sent ${sent:-?}, $got"
	stream_verdict "$2" VM "$sent" "$got"
	sent=$(sed -n 's/^tcp-send bytes \([0-9]*\).*/\1/p' /tmp/peer-send.out)
	got=$(vm_line "$1" '^VM-RESULT tcp-recv' | cut -d' ' -f2-)
	echo "# peer -> VM: sent ${sent:-?}, $got"
	stream_verdict "$3" peer "$sent" "$got"
}

# stream_verdict TITLE SENDER SENT GOT: the receiver's verdict GOT says
# it had all SENT bytes, right
stream_verdict() {
	if [ "$4" = "tcp-recv bytes $3 ok" ] && [ "${3:-0}" -gt 0 ]; then
		ktap_ok "$1"
	else
		ktap_not_ok "$1" "$2 sent ${3:-nothing}: $4"
	fi
}

# progress_of FILE: the count vm_traffic keeps in FILE, 0 before it has one
progress_of() {
	cat "$1" 2>/dev/null || echo 0
}

# progress_above FILE N: the count in FILE is above N
progress_above() {
	[ "$(progress_of "$1")" -gt "$2" ]
}

# count_of KEY LINE: the number after the word KEY in one of vm_traffic's
# summary lines ("loop sent 12 answered 12 lost 0 ...")
count_of() {
	echo "$2" | sed -n "s/.* $1 \([0-9-]*\).*/\1/p"
}

# reap_job PID SECONDS: waits for the background job PID to end,
# SIGKILLs it after SECONDS (a stream blocked on a dead network never
# finishes), then reaps it
reap_job() {
	local tries=$(($2 * 2))
	while kill -0 "$1" 2>/dev/null &&
	      [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; do
		tries=$((tries - 1))
		if [ $tries -le 0 ]; then
			echo "# job $1 still running after $2 s: killed"
			kill -KILL "$1" 2>/dev/null
			break
		fi
		sleep 0.5
	done
	wait "$1"
}

# stop_job PID SECONDS: SIGTERM to the background job PID, then reap_job
stop_job() {
	kill -TERM "$1" 2>/dev/null
	reap_job "$@"
}

# vdpa_queue_diag DEV...: each net queue's vendor statistics, as
# diagnostics: where the device's rings stand when traffic stopped
vdpa_queue_diag() {
	local dev q
	for dev in "$@"; do
		for q in 0 1 2; do
			echo "# $dev qidx $q: $($VDPA dev vstats show "$dev" qidx $q 2>&1 | tr '\n' ' ')"
		done
	done
}
