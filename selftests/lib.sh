# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the shell selftests: TAP output and vDPA plumbing.
# Sourced; the guest's environment names the devices under test:
#   NET_MGMT, NET_MGMT_PEER (may be empty), NET_ADD_ATTRS, BLK_MGMT,
#   BLK_BYTES, TARGET

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
ktap_count=0
ktap_failed=0

ktap_header() {
	echo "TAP version 13"
	echo "1..$1"
}

ktap_ok() {
	ktap_count=$((ktap_count + 1))
	echo "ok $ktap_count $1"
}

ktap_not_ok() {
	ktap_count=$((ktap_count + 1))
	ktap_failed=$((ktap_failed + 1))
	echo "not ok $ktap_count $1"
	[ -n "${2:-}" ] && echo "# $2"
	return 0
}

ktap_skip() {
	ktap_count=$((ktap_count + 1))
	echo "ok $ktap_count $1 # SKIP $2"
}

# check DESCRIPTION COMMAND...: one TAP line for the command's success
check() {
	local desc=$1 out
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

ktap_finish() {
	exit $((ktap_failed != 0))
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

vdpa_dev_exists() {
	[ -e "/sys/bus/vdpa/devices/$1" ]
}

# bind_vdpa DEV DRIVER: what "driverctl -b vdpa set-override" does
bind_vdpa() {
	local dev=/sys/bus/vdpa/devices/$1
	[ -e "$dev/driver" ] && echo "$1" >"$dev/driver/unbind"
	echo "$2" >"$dev/driver_override"
	echo "$1" >/sys/bus/vdpa/drivers_probe
	[ "$(basename "$(readlink "$dev/driver")")" = "$2" ]
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

vdpa_netdev() {
	local d
	d=$(vdpa_virtio_dir "$1") || return 1
	ls "$d/net" 2>/dev/null | head -n 1 | grep .
}

vdpa_blkdev() {
	local d
	d=$(vdpa_virtio_dir "$1") || return 1
	ls "$d/block" 2>/dev/null | head -n 1 | grep .
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
	ls "/sys/bus/vdpa/devices/$1/" 2>/dev/null | grep -m1 '^vhost-vdpa-'
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

# setup_failed NAME REASON: a test whose setup failed reports it as one
# failing test and ends, calling the test's cleanup if it has one.
setup_failed() {
	ktap_header 1
	ktap_not_ok "$1 setup" "$2"
	if command -v cleanup >/dev/null; then cleanup; else del_all_vdpa; fi
	ktap_finish
}

# add_vdpa NAME MGMTDEV [ATTRS...] with a clean slate
add_vdpa() {
	local name=$1
	vdpa_dev_exists "$name" && $VDPA dev del "$name"
	shift
	$VDPA dev add name "$name" mgmtdev "$@"
}

# add_net_vdpa NAME MGMTDEV [ATTRS...]: NET_ADD_ATTRS carries what the
# target needs on every net device (vdpa_sim_net has no MAC of its own).
add_net_vdpa() {
	local name=$1 mgmt=$2
	shift 2
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

# net_traffic DEV PEER: frames from the netdev DEV (moved into namespace
# ns0) reach the netdev of PEER, a vDPA device this adds on NET_MGMT_PEER
# and binds to virtio_vdpa (in ns1): 50 pings without loss. Without a
# peer NIC (vdpa_sim_net loops every frame) 50 frames must come back to
# DEV. Prints what it saw, or why it failed; the caller deletes the
# namespaces and the devices.
net_traffic() {
	local dev=$1 peer=$2 dev1 out back n=50
	netns_setup ns0 "$dev" 10.99.0.1/24 &&
		wait_for 5 netns_carrier ns0 "$dev" ||
		{ echo "$dev has no carrier"; return 1; }
	if [ -z "$NET_MGMT_PEER" ]; then
		back=$(loopback_frames ns0 "$dev" $n)
		[ "${back:-0}" -ge $n ] 2>/dev/null ||
			{ echo "$n frames sent, $back came back"; return 1; }
		echo "$back of $n frames came back"
		return 0
	fi
	add_net_vdpa "$peer" "$NET_MGMT_PEER" >/dev/null &&
		bind_vdpa "$peer" virtio_vdpa && wait_for 5 vdpa_netdev "$peer" ||
		{ echo "peer $peer has no netdev"; return 1; }
	dev1=$(vdpa_netdev "$peer")
	netns_setup ns1 "$dev1" 10.99.0.2/24 &&
		wait_for 5 netns_carrier ns1 "$dev1" ||
		{ echo "peer $dev1 has no carrier"; return 1; }
	out=$($IP netns exec ns0 ping -c $n -i 0.02 -W 5 10.99.0.2 2>&1)
	case $out in
	*" $n packets received, 0% packet loss"*)
		echo "$n pings ns0 $dev -> ns1 $dev1, 0% loss" ;;
	*) echo "$out" | tail -n 2; return 1 ;;
	esac
}

# net_pair_up MGMT0 MGMT1: vdpa0 on MGMT0 and vdpa1 on MGMT1, bound to
# virtio_vdpa, their netdevs in ns0 (10.99.0.1) and ns1 (10.99.0.2) with
# carrier
net_pair_up() {
	local dev0 dev1
	add_net_vdpa vdpa0 "$1" && bind_vdpa vdpa0 virtio_vdpa &&
		add_net_vdpa vdpa1 "$2" && bind_vdpa vdpa1 virtio_vdpa &&
		wait_for 5 vdpa_netdev vdpa0 && wait_for 5 vdpa_netdev vdpa1 ||
		return 1
	dev0=$(vdpa_netdev vdpa0)
	dev1=$(vdpa_netdev vdpa1)
	netns_setup ns0 "$dev0" 10.99.0.1/24 &&
		netns_setup ns1 "$dev1" 10.99.0.2/24 &&
		wait_for 5 netns_carrier ns0 "$dev0" &&
		wait_for 5 netns_carrier ns1 "$dev1"
}

# 10 pings from ns0 to ns1 (see net_pair_up), none lost
pings_pass() {
	$IP netns exec ns0 ping -c 10 -i 0.05 -W 5 10.99.0.2 | tail -n 2 |
		grep ' 0% packet loss'
}

# Asks the host to run a QEMU monitor command (lab/run.sh relays it).
# The emulated functions are named neta, netb and blka there.
host_monitor() {
	echo "LAB-MONITOR $*"
}
