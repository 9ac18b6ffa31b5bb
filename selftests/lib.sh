# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the shell selftests: KTAP output, cleanup and vDPA
# plumbing. Sourced by each test from its own folder, under busybox ash;
# the guest's environment names the devices under test:
#   NET_MGMT, NET_MGMT_PEER (may be empty), NET_ADD_ATTRS, BLK_MGMT,
#   BLK_BYTES, TARGET
# and lab/check.sh's scenario says what the emulated devices offer
# (NET_DEV_*, NET_PAGE_PER_VQ, BLK_DEV_VQS, BLK_VECTORS, BLK_FLUSH,
# BLK_WCE, BLK_DISCARD, ...), which tests hold the parent to.
# shellcheck shell=sh
# Its constants (CTRL_VQ_BIT, MIB, ...) are the tests':
# shellcheck disable=SC2034

IP=/sbin/ip
VDPA=/sbin/vdpa

# Feature bits the provisioning tests take away. VIRTIO_NET_F_CTRL_VQ
# and every feature that needs it (virtio 1.2, 5.1.3.1):
# CTRL_GUEST_OFFLOADS CTRL_VQ CTRL_RX CTRL_VLAN CTRL_RX_EXTRA
# GUEST_ANNOUNCE MQ CTRL_MAC_ADDR VQ_NOTF_COAL NOTF_COAL HASH_REPORT RSS
CTRL_VQ_BIT=17
CTRL_VQ_DEPS=$(( (1 << 2) | (0x7f << 17) | (1 << 52) | (1 << 53) |
		 (1 << 57) | (1 << 60) ))
VERSION_1=$((1 << 32))
ACCESS_PLATFORM=$((1 << 33))
# The results in KTAP, printed by the kernel's own helpers
# (tools/testing/selftests/kselftest/ktap_helpers.sh): the lab's guest
# has them in /kselftest beside /selftests, as a kselftest install has
# them beside its test folders; in a kernel tree they sit two folders up
# from drivers/vdpa.
for KTAP_HELPERS in ../kselftest/ktap_helpers.sh \
		    ../../kselftest/ktap_helpers.sh; do
	[ -r "$KTAP_HELPERS" ] && break
done
# (the kernel's file, not this repository's: shellcheck has no copy)
# shellcheck source=/dev/null
. "$KTAP_HELPERS"

# The tests' names for them. ktap_helpers.sh prints a description with
# an unquoted echo: no file name globbing meanwhile.
ktap_header() {
	ktap_print_header
	ktap_set_plan "$1"
}

ktap_ok() {
	set -f
	ktap_test_pass "$1"
	set +f
}

# ktap_not_ok DESCRIPTION [WHY]: WHY as a diagnostic line below it
ktap_not_ok() {
	set -f
	ktap_test_fail "$1"
	set +f
	[ -z "${2:-}" ] || printf '# %s\n' "$2"
}

# ktap_skip DESCRIPTION REASON: "ok N DESCRIPTION # SKIP REASON" (the
# helpers' ktap_test_skip gives no reason)
ktap_skip() {
	set -f
	__ktap_test ok "$1" "SKIP $2"
	set +f
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

# feature_missing VAR FEATURE DESCRIPTION...: what a test sees of the
# device lacks FEATURE, so each of its tests DESCRIPTION fails where the
# scenario's emulated device offers it (the guest environment's VAR set
# and not 0: the parent lost it on the way), and is skipped where it does
# not (lab/expected-skips.txt lists those skips)
feature_missing() {
	local var="$1" feature="$2" t want
	shift 2
	eval "want=\${$var:-0}"
	for t; do
		if [ "$want" != 0 ]; then
			ktap_not_ok "$t" "the device offers $feature ($var=$want), the parent does not pass it on"
		else
			ktap_skip "$t" "$feature not offered ($var unset)"
		fi
	done
}

# the totals, then exit status 0 if every planned test passed or skipped
ktap_finish() {
	ktap_finished
}

# ktap_continue FILE: the KTAP a program printed to FILE, its plan
# included, holds this test's first results; those it prints next
# continue them
ktap_continue() {
	KSFT_NUM_TESTS=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$1" | head -n 1)
	KTAP_CNT_FAIL=$(grep -c -E '^not ok [0-9]+' "$1")
	KTAP_CNT_SKIP=$(grep -c -E '^ok [0-9]+ .*# SKIP' "$1")
	KTAP_CNT_PASS=$(($(grep -c -E '^ok [0-9]+' "$1") - KTAP_CNT_SKIP))
	KTAP_TESTNO=$((KTAP_CNT_PASS + KTAP_CNT_FAIL + KTAP_CNT_SKIP + 1))
}

# ktap_run COMMAND...: a program that prints KTAP results of this test
# (kselftest.h), shown as they come, so that a LAB-MONITOR request it
# makes reaches the host at once; they count with the test's own (the
# test's plan covers them, the lab takes the first plan line)
ktap_run() {
	local out="/tmp/ktap_run.$$" p s f
	"$@" | tee "$out"
	p=$(grep -c -E '^ok [0-9]+ ' "$out")
	s=$(grep -c -E '^ok [0-9]+ .*# SKIP' "$out")
	f=$(grep -c -E '^not ok [0-9]+ ' "$out")
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + p - s))
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + s))
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + f))
	KTAP_TESTNO=$((KTAP_TESTNO + p + f))
	rm -f "$out"
}

# check DESCRIPTION COMMAND...: one TAP line for the command's success
check() {
	local desc="$1" out
	shift
	if out=$("$@" 2>&1); then
		ktap_ok "$desc"
	else
		ktap_not_ok "$desc" "$(echo "$out" | tail -n 5 | tr '\n' ' ')"
	fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		ktap_ok "$1"
	else
		ktap_not_ok "$1" "expected '$2', got '$3'"
	fi
}

# kill_jobs: ends the background jobs the test started and waits for
# them ("jobs -p" in a command substitution, a subshell, lists none)
kill_jobs() {
	local pid
	jobs -p >"/tmp/jobs.$$"
	while read -r pid; do
		kill -KILL "$pid" 2>/dev/null
	done <"/tmp/jobs.$$"
	rm -f "/tmp/jobs.$$"
	wait
}

# cleanup: what a test set up goes: the background jobs it left running,
# the namespaces ns0 and ns1, every vDPA device, no_autoprobe; last,
# cleanup_test, if the test has one, undoes what only that test changes
cleanup() {
	kill_jobs
	$IP netns del ns0 2>/dev/null
	$IP netns del ns1 2>/dev/null
	del_all_vdpa
	echo 1 >/sys/bus/vdpa/drivers_autoprobe
	if command -v cleanup_test >/dev/null; then
		cleanup_test
	fi
}

# setup_failed NAME REASON: a test whose setup failed reports it as a
# failing test (the only one, if it had no plan yet), cleans up and ends
setup_failed() {
	[ "$KSFT_NUM_TESTS" != 0 ] || ktap_header 1
	ktap_not_ok "$1 setup" "$2"
	cleanup
	ktap_finish
}

# The lab reads the whole kernel log for warnings after each test, so a
# test that wants only its own recent messages marks the log instead of
# clearing it: log_mark, then log_since_mark prints what came after.
log_mark() {
	LOG_MARK="selftest $$ mark $(cat /proc/sys/kernel/random/uuid)"
	echo "$LOG_MARK" >/dev/kmsg
}

log_since_mark() {
	dmesg | awk -v m="$LOG_MARK" 'found; index($0, m) { found = 1 }'
}

# wait_for SECONDS COMMAND...: polls until the command succeeds
wait_for() {
	local tries=$(($1 * 10))
	shift
	while ! "$@" >/dev/null 2>&1; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || return 1
		sleep 0.1
	done
}

# no_autoprobe: a vDPA device added from now on stays without a driver
# until the test binds one (cleanup undoes it). Otherwise virtio_vdpa
# takes it first, and virtio_net sends its own control queue commands,
# waiting for their answers in the kernel, without bound: a test that
# drives the device itself, every wait bounded, then fails rather than
# hangs on a parent that breaks the queues.
no_autoprobe() {
	echo 0 >/sys/bus/vdpa/drivers_autoprobe
}

vdpa_dev_exists() {
	[ -e "/sys/bus/vdpa/devices/$1" ]
}

# bind_driver BUS DEV DRIVER: what "driverctl -b BUS set-override" does
# (lab/guest-init.sh binds the PCI functions so too); fails unless
# DRIVER has DEV then
bind_driver() {
	local dev="/sys/bus/$1/devices/$2"
	[ -e "$dev/driver" ] && echo "$2" >"$dev/driver/unbind"
	echo "$3" >"$dev/driver_override"
	echo "$2" >"/sys/bus/$1/drivers_probe"
	[ "$(basename "$(readlink "$dev/driver")")" = "$3" ]
}

# bind_vdpa DEV DRIVER: the vDPA device DEV to DRIVER
bind_vdpa() {
	bind_driver vdpa "$@"
}

# The virtio device virtio_vdpa made of a vDPA device: under the vDPA
# device itself, or under its DMA device (the PCI function) for parents
# whose DMA device is not the vDPA device.
vdpa_virtio_dir() {
	local dir d
	dir=$(readlink -f "/sys/bus/vdpa/devices/$1")
	for d in "$dir"/virtio* "$(dirname "$dir")"/virtio*; do
		[ -e "$d/driver" ] && { echo "$d"; return 0; }
	done
	return 1
}

# first_entry DIR: the name of DIR's first entry, as ls sorts them
first_entry() {
	local e
	for e in "$1"/*; do
		[ -e "$e" ] && { echo "${e##*/}"; return 0; }
	done
	return 1
}

# count_entries DIR: how many entries DIR has
count_entries() {
	local e n=0
	for e in "$1"/*; do
		[ -e "$e" ] && n=$((n + 1))
	done
	echo $n
}

vdpa_netdev() {
	local d
	d=$(vdpa_virtio_dir "$1") || return 1
	first_entry "$d/net"
}

vdpa_blkdev() {
	local d
	d=$(vdpa_virtio_dir "$1") || return 1
	first_entry "$d/block"
}

# attach_virtio_net NAME: binds NAME to virtio_vdpa and prints the netdev
# virtio_net makes of it; fails if none comes
attach_virtio_net() {
	bind_vdpa "$1" virtio_vdpa && wait_for 5 vdpa_netdev "$1" &&
		vdpa_netdev "$1"
}

# add_virtio_net NAME MGMTDEV [ATTRS...]: a net device NAME added on
# MGMTDEV (add_net_vdpa) and bound to virtio_vdpa; prints its netdev, or
# why not and fails
add_virtio_net() {
	if ! add_net_vdpa "$@" >/dev/null || ! attach_virtio_net "$1"; then
		echo "$1 on $2 has no netdev"
		return 1
	fi
}

# add_blk_disk NAME: a blk vDPA device NAME on BLK_MGMT bound to
# virtio_vdpa; prints its disk (vdX) once /dev/vdX exists.
add_blk_disk() {
	local disk
	add_vdpa "$1" "$BLK_MGMT" && bind_vdpa "$1" virtio_vdpa &&
		wait_for 5 vdpa_blkdev "$1" || return 1
	disk=$(vdpa_blkdev "$1")
	wait_for 5 test -b "/dev/$disk" && echo "$disk"
}

# need_blk_disk NAME: sets disk to the vdX of a new blk device NAME
# (add_blk_disk); without one, that is the test's first result, a
# failure, and the test ends
need_blk_disk() {
	disk=$(add_blk_disk "$1") && return 0
	ktap_not_ok "virtio_vdpa makes a /dev/vdX of $1"
	ktap_finish
}

# blk_round_trip NAME SEED OFFSET LENGTH: a blk device NAME added on
# BLK_MGMT takes LENGTH bytes of blk_pattern's SEED pattern at OFFSET
# (the test's own region, see below) and reads them back
blk_round_trip() {
	local disk
	disk=$(add_blk_disk "$1") || { echo "$1 has no disk"; return 1; }
	./blk_pattern write "/dev/$disk" "$2" "$3" "$4" &&
		./blk_pattern verify "/dev/$disk" "$2" "$3" "$4"
}

# Byte counts, and where the blk tests write. Those that write the disk
# keep to regions of their own, so that what the host checks in the image
# after the boot (host_check) is still there then; vhost_vdpa_blk, which
# writes 32 KiB at a few places all over the disk, runs before them.
#   blk_virtio_vdpa     16 MiB at 0, 16 MiB + 4 KiB, 80 MiB + 8 KiB and
#                       at the end (BLK_BYTES >= 112 MiB + 8 KiB)
#   blk_flush_discard   40 MiB .. 56 MiB
#   blk_multiqueue      56 MiB .. 72 MiB
#   blk_dev_features    72 MiB .. 73 MiB
#   stress_dev_cycles   74 MiB .. 75 MiB
#   ifcvf_probe_fault,
#   vdpa_dev_add_fault  76 MiB .. 77 MiB
#   ifcvf_needs_reset   78 MiB .. 79 MiB
#   ifcvf_vector_refused 79 MiB .. 80 MiB
#   blk_resize          only past BLK_BYTES, and gives that back
MIB=1048576

# host_check ARGS: once the guest is gone, the host checks the disk image
# with "blk_pattern ARGS" (verify SEED OFFSET LENGTH, zero OFFSET LENGTH,
# hole OFFSET LENGTH) and reports it as a test of its own (lab/run.sh).
# Only where the blk device is backed by an image on the host.
host_check() {
	[ "${BLK_IMAGE_CHECK:-0}" = 1 ] && echo "LAB-HOSTCHECK $*"
	return 0
}

vhost_vdpa_chardev() {
	local e
	for e in "/sys/bus/vdpa/devices/$1"/vhost-vdpa-*; do
		[ -e "$e" ] && { echo "${e##*/}"; return 0; }
	done
	return 1
}

# attach_vhost_vdpa NAME: binds NAME to vhost_vdpa and prints its
# /dev/vhost-vdpa-N once the node is there; else prints why and fails.
attach_vhost_vdpa() {
	local chr
	if ! bind_vdpa "$1" vhost_vdpa; then
		echo "$1 did not bind to vhost_vdpa"
		return 1
	fi
	chr=$(vhost_vdpa_chardev "$1")
	if [ -z "$chr" ] || ! wait_for 5 test -c "/dev/$chr"; then
		echo "$1 has no /dev/vhost-vdpa-N (found '$chr')"
		return 1
	fi
	echo "/dev/$chr"
}

# add_vdpa NAME MGMTDEV [ATTRS...] with a clean slate
add_vdpa() {
	local name="$1"
	vdpa_dev_exists "$name" && $VDPA dev del "$name"
	shift
	$VDPA dev add name "$name" mgmtdev "$@"
}

# add_net_vdpa NAME MGMTDEV [ATTRS...]: NET_ADD_ATTRS carries what the
# target needs on every net device (vdpa_sim_net has no MAC of its own).
add_net_vdpa() {
	local name="$1" mgmt="$2"
	shift 2
	# $NET_ADD_ATTRS: vdpa attributes, one a word
	# shellcheck disable=SC2086
	add_vdpa "$name" "$mgmt" $NET_ADD_ATTRS "$@"
}

del_all_vdpa() {
	local d
	for d in /sys/bus/vdpa/devices/*; do
		[ -e "$d" ] && $VDPA dev del "$(basename "$d")"
	done
	return 0
}

netdev_stat() {
	cat "/sys/class/net/$1/statistics/$2"
}

# netns_stat NS DEV STAT
netns_stat() {
	$IP netns exec "$1" cat "/sys/class/net/$2/statistics/$3"
}

# Moves a netdev into a fresh namespace with an address, link up.
# Only IPv4: IPv6's own frames would disturb frame counts.
# netns_setup NS DEV ADDR/PREFIX
netns_setup() {
	$IP netns del "$1" 2>/dev/null
	$IP netns add "$1" &&
	$IP link set "$2" netns "$1" &&
	$IP netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1" &&
	$IP -n "$1" addr add "$3" dev "$2" &&
	$IP -n "$1" link set "$2" up &&
	$IP -n "$1" link set lo up
}

netns_carrier() {
	[ "$($IP netns exec "$1" cat "/sys/class/net/$2/carrier")" = 1 ]
}

# Sends COUNT frames from DEV (in NS) to its own MAC address and prints
# how many frames came back to DEV; vdpa_sim_net loops every frame it
# transmits. The frames are pings to an address that nobody owns.
# loopback_frames NS DEV COUNT
loopback_frames() {
	local rx0 tx0 rx1 tx1 mac
	mac=$($IP netns exec "$1" cat "/sys/class/net/$2/address")
	$IP -n "$1" neigh replace 10.99.0.99 lladdr "$mac" dev "$2" nud permanent
	rx0=$(netns_stat "$1" "$2" rx_packets)
	tx0=$(netns_stat "$1" "$2" tx_packets)
	$IP netns exec "$1" ping -c "$3" -i 0.02 -w 5 10.99.0.99 >/dev/null 2>&1
	sleep 0.5
	rx1=$(netns_stat "$1" "$2" rx_packets)
	tx1=$(netns_stat "$1" "$2" tx_packets)
	[ $((tx1 - tx0)) -ge "$3" ] || { echo "tx $((tx1 - tx0))"; return; }
	echo $((rx1 - rx0))
}

# ping_peer COUNT: COUNT pings from namespace ns0 to the peer NIC's
# netdev in ns1 (10.99.0.2), none lost; prints ping's summary
ping_peer() {
	local out
	out=$($IP netns exec ns0 ping -c "$1" -i 0.05 -W 5 10.99.0.2 2>&1)
	echo "$out" | tail -n 2
	case $out in
	*" $1 packets received, 0% packet loss"*) return 0 ;;
	esac
	return 1
}

# ping_flood: pings from ns0 to the peer in ns1 every 10 ms, in the
# background until kill_jobs (or cleanup) ends them or their netdev
# goes; what ping prints goes to the file FLOOD_OUT (/dev/null)
ping_flood() {
	$IP netns exec ns0 ping -q -i 0.01 10.99.0.2 \
		>"${FLOOD_OUT:-/dev/null}" 2>&1 &
}

# netns_dev NS: the netdev in namespace NS (other than lo)
netns_dev() {
	local d
	for d in $($IP netns exec "$1" ls /sys/class/net); do
		[ "$d" = lo ] || { echo "$d"; return 0; }
	done
	return 1
}

# flood_moves: while ping_flood runs, in one second at least 10 frames
# reach the peer's netdev in ns1 and at least half as many answers come
# back to ns0; prints the counts, fails if not
flood_moves() {
	local d0 d1 to0 back0 to back
	if ! d0=$(netns_dev ns0) || ! d1=$(netns_dev ns1); then
		echo "no netdev in ns0 or ns1"
		return 1
	fi
	to0=$(netns_stat ns1 "$d1" rx_packets)
	back0=$(netns_stat ns0 "$d0" rx_packets)
	sleep 1
	to=$(($(netns_stat ns1 "$d1" rx_packets) - to0))
	back=$(($(netns_stat ns0 "$d0" rx_packets) - back0))
	echo "in 1 s $to frames reached $d1 in ns1, $back came back to $d0"
	[ "$to" -ge 10 ] && [ $((2 * back)) -ge "$to" ]
}

# peer_up NAME: the peer NIC's vDPA device NAME, added on NET_MGMT_PEER
# and bound to virtio_vdpa, its netdev in namespace ns1 as 10.99.0.2 with
# carrier; prints the netdev, or why not and fails
peer_up() {
	local dev
	dev=$(add_virtio_net "$1" "$NET_MGMT_PEER") ||
		{ echo "peer $dev"; return 1; }
	if ! netns_setup ns1 "$dev" 10.99.0.2/24 ||
	   ! wait_for 5 netns_carrier ns1 "$dev"; then
		echo "peer $dev in ns1 has no carrier"
		return 1
	fi
	echo "$dev"
}

# frames_pass DEV COUNT [PEER]: COUNT frames from DEV, a netdev in
# namespace ns0 with carrier, cross: pings to the peer NIC's netdev PEER
# in ns1 (peer_up) without loss or, without a peer NIC (vdpa_sim_net
# loops every frame it sends), COUNT frames back to DEV. Prints what it
# saw, or why not and fails.
frames_pass() {
	local dev="$1" n="$2" out
	if [ -n "$NET_MGMT_PEER" ]; then
		out=$(ping_peer "$n") || { echo "$out"; return 1; }
		echo "$n pings ns0 $dev -> ns1${3:+ $3}, 0% loss"
		return 0
	fi
	out=$(loopback_frames ns0 "$dev" "$n")
	if ! [ "${out:-0}" -ge "$n" ] 2>/dev/null; then
		echo "$n frames sent, $out came back"
		return 1
	fi
	echo "$out of $n frames came back"
}

# net_traffic DEV PEER [COUNT]: frames from the netdev DEV, moved into
# namespace ns0, reach the peer NIC's vDPA device PEER (peer_up): COUNT
# (50) of them, frames_pass. Prints what it saw, or why not and fails;
# the caller cleans up.
net_traffic() {
	local dev="$1" dev1=''
	if ! ns0_up "$dev"; then
		echo "$dev has no carrier"
		return 1
	fi
	if [ -n "$NET_MGMT_PEER" ]; then
		dev1=$(peer_up "$2") || { echo "$dev1"; return 1; }
	fi
	frames_pass "$dev" "${3:-50}" "$dev1"
}

# net_dev_works NAME PEER [COUNT]: a net device NAME added on NET_MGMT and
# bound to virtio_vdpa passes traffic (net_traffic); prints what it saw,
# or why not and fails
net_dev_works() {
	local dev
	dev=$(add_virtio_net "$1" "$NET_MGMT") || { echo "$dev"; return 1; }
	net_traffic "$dev" "$2" "${3:-50}"
}

# net_pair_up MGMTDEV: vdpa0 on MGMTDEV bound to virtio_vdpa, its netdev
# in namespace ns0 as 10.99.0.1 with carrier, and the peer vdpa1 in ns1
# (peer_up)
net_pair_up() {
	local dev0
	vdpa0_up "$1" && peer_up vdpa1 >/dev/null
}

# ns0_up DEV: the netdev DEV moved into namespace ns0 as 10.99.0.1/24,
# with carrier within 5 s
ns0_up() {
	netns_setup ns0 "$1" 10.99.0.1/24 && wait_for 5 netns_carrier ns0 "$1"
}

# vdpa0_up MGMTDEV: vdpa0 added on MGMTDEV, bound to virtio_vdpa, its
# netdev (in $dev0, or why not) up in ns0 (ns0_up)
vdpa0_up() {
	dev0=$(add_virtio_net vdpa0 "$1") && ns0_up "$dev0"
}

# finishes SECONDS CMD...: runs CMD, and fails (killing it) if it is
# not done in SECONDS
finishes() {
	local bound="$1"
	shift
	timeout -s KILL "$bound" "$@"
}

# status_reads NAME VALUE: the virtio status of vDPA device NAME is VALUE
status_reads() {
	[ "$(virtio_status "$1")" = "$2" ]
}

# bind_ifcvf BDF: the PCI function bound to ifcvf, as lab/guest-init.sh
# binds it, and its management device there
bind_ifcvf() {
	bind_driver pci "$1" ifcvf
	wait_for 5 $VDPA mgmtdev show "pci/$1"
}

# rebind_ifcvf BDF: ifcvf lets go of the function and probes it afresh
# (it reads the device's features again), with the boot's LM_LAYOUT
rebind_ifcvf() {
	echo "$1" >/sys/bus/pci/drivers/ifcvf/unbind
	bind_ifcvf "$1" || return 1
	[ -z "$LM_LAYOUT" ] ||
		echo "$LM_LAYOUT" >"/sys/bus/pci/devices/$1/lm_layout"
}

# Asks the host to run a QEMU monitor command (lab/run.sh relays it).
# The emulated functions are named neta, netb and blka there.
host_monitor() {
	echo "LAB-MONITOR $*"
}

# The IFCVF device model (lab/qemu/README): QEMU's name for the function
# at guest address BDF (lab/run.sh places them)
model_qom_id() {
	case $1 in
	0000:00:03.0) echo neta ;;
	0000:00:04.0) echo netb ;;
	0000:00:05.0) echo blka ;;
	0000:01:00.0) echo netc ;;
	*) return 1 ;;
	esac
}

# pci_cfg_byte BDF OFFSET: one byte of the function's config space
pci_cfg_byte() {
	dd if="/sys/bus/pci/devices/$1/config" bs=1 skip="$2" count=1 \
		2>/dev/null | od -An -tu1 | tr -d ' '
}

# model_faults BDF: the faults on at the model's function BDF, the bits
# of its fault state capability (a vendor capability of 12 bytes whose
# BAR byte is 0xff; its byte at +8): 1 reset-hang, 2 gone, 4 needs-reset,
# 8 queue-stop-hang, 16 refuse-vector, 32 features offered
model_faults() {
	local pos
	pos=$(pci_cfg_byte "$1" 52)
	while [ "${pos:-0}" -ne 0 ]; do
		if [ "$(pci_cfg_byte "$1" "$pos")" = 9 ] &&
		   [ "$(pci_cfg_byte "$1" $((pos + 2)))" = 12 ] &&
		   [ "$(pci_cfg_byte "$1" $((pos + 4)))" = 255 ]; then
			pci_cfg_byte "$1" $((pos + 8))
			return 0
		fi
		pos=$(pci_cfg_byte "$1" $((pos + 1)))
	done
	return 1
}

# model_fault_is BDF BIT VALUE: the fault bit BIT reads VALUE (0 or BIT)
model_fault_is() {
	local f
	f=$(model_faults "$1") || return 1
	[ $((f & $2)) -eq "$3" ]
}

# model_fault BDF FAULT on|off: switches fault-FAULT of the model's
# function BDF through QEMU's monitor and waits until the function shows
# it (needs-reset goes off with the device's next reset, not here)
model_fault() {
	local id bit val=false want=0
	id=$(model_qom_id "$1") || return 1
	case $2 in
	reset-hang) bit=1 ;;
	gone) bit=2 ;;
	needs-reset) bit=4 ;;
	queue-stop-hang) bit=8 ;;
	refuse-vector) bit=16 ;;
	*) return 1 ;;
	esac
	[ "$3" = on ] && val=true want=$bit
	host_monitor "qom-set /machine/peripheral/$id fault-$2 $val"
	wait_for 30 model_fault_is "$1" "$bit" "$want"
}

# model_offer BDF MASK: the model's function BDF offers the feature bits
# MASK (decimal) on top of its own to the next driver that probes it, 0
# none; waits until the function shows it
model_offer() {
	local id want=0
	id=$(model_qom_id "$1") || return 1
	[ "$2" != 0 ] && want=32
	host_monitor "qom-set /machine/peripheral/$id x-offer-features $2"
	wait_for 30 model_fault_is "$1" 32 "$want"
}

# pci_master BDF: 1 while the function's bus mastering is on
pci_master() {
	echo $((($(pci_cfg_byte "$1" 4) >> 2) & 1))
}

# virtio_status NAME: the virtio status (hex) of the virtio device
# virtio_vdpa made of vDPA device NAME, as its driver reads it
virtio_status() {
	local d
	d=$(vdpa_virtio_dir "$1") || return 1
	cat "$d/status"
}

# config_irqs BDF: interrupts so far on ifcvf's config vector of BDF
config_irqs() {
	awk -v n="ifcvf[$1]-config" '$NF == n {
		s = 0; for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) s += $i
		print s; f = 1 } END { if (!f) print 0 }' /proc/interrupts
}
