#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad "vdpa dev add" requests are refused with a message that says why
# (in the kernel log: before 6.18 a parent's dev_add has no netlink
# extack), and leave nothing behind; unloading the module with devices present
# removes them cleanly and a reload works again.

. ./lib.sh

# refused DESCRIPTION MESSAGE ARGS...: the add must fail and its error,
# or what the kernel logged meanwhile, must contain MESSAGE (a shell
# pattern: "*" stands for anything between two parts, brackets are
# taken as they are)
refused() {
	local desc="$1" pattern="$2" out
	shift 2
	log_mark
	if out=$($VDPA dev add "$@" 2>&1); then
		ktap_not_ok "$desc" "accepted: $*"
		return
	fi
	out="$out $(log_since_mark | tail -n 3)"
	# brackets as they are: "[68, 4000]" is no character class
	pattern=$(printf '%s' "$pattern" | sed 's/[][]/[&]/g')
	# (the pattern is matched as one, "*" included)
	# shellcheck disable=SC2254
	case $out in
	*$pattern*) ktap_ok "$desc" ;;
	*) ktap_not_ok "$desc" "message: $out" ;;
	esac
}

ktap_header 13
del_all_vdpa

# Each refusal with what says why: the core's extack, which iproute2
# prints ("Error: vdpa: ..."), its errno as iproute2 words it ("kernel
# answers: ..."), or ifcvf's message in the kernel log.
refused "add on a missing mgmtdev is refused: ENODEV" \
	"Fail to find the specified management device*No such device" \
	name bad0 mgmtdev pci/0000:00:1f.7
$VDPA dev add name vdpa0 mgmtdev "$NET_MGMT"
refused "a duplicate name is refused: EEXIST" "kernel answers: File exists" \
	name vdpa0 mgmtdev "$NET_MGMT_PEER"
refused "a second device on one function is refused, saying so" \
	"only one vDPA device per VF: vdpa0 exists already" \
	name vdpa1 mgmtdev "$NET_MGMT"
$VDPA dev del vdpa0
refused "mtu above the function's is refused, naming the limit" \
	"mtu $((NET_DEV_MTU + 1)) out of range [68, $NET_DEV_MTU]" \
	name vdpa1 mgmtdev "$NET_MGMT" mtu $((NET_DEV_MTU + 1))
refused "max_vqp 0 is refused, saying why" \
	"At least one pair of VQs is required*Invalid argument" \
	name vdpa1 mgmtdev "$NET_MGMT" max_vqp 0
refused "max_vqp above the function's is refused, naming the limit" \
	"max_vqp $((NET_DEV_VQP + 1)) out of range [1, $NET_DEV_VQP]" \
	name vdpa1 mgmtdev "$NET_MGMT" max_vqp $((NET_DEV_VQP + 1))
# (6.1's core: "All provided ...", 6.12's: "Some provided ...: 0x400")
refused "mac is not provisionable and is refused: EOPNOTSUPP" \
	"provided attributes are not supported*Operation not supported" \
	name vdpa1 mgmtdev "$NET_MGMT" mac 02:00:00:00:00:01
# iproute2 cannot send these names: vdpa_netlink can
nl_refused() {
	local desc="$1" pattern="$2" out
	shift 2
	log_mark
	out="$(./vdpa_netlink new "$@" 2>&1) $(log_since_mark | tail -n 3)"
	case $out in
	"errno 22 "*"$pattern"*) ktap_ok "$desc" ;;
	*) ktap_not_ok "$desc" "$out" ;;
	esac
}
nl_refused "an empty name is refused, saying why" "name must have" \
	name= mgmtdev="$NET_MGMT"
nl_refused "a name longer than NAME_MAX is refused, saying why" \
	"name must have" name:repeat:300xn mgmtdev="$NET_MGMT"
expect_eq "no device left behind by refused adds" "" \
	"$(ls /sys/bus/vdpa/devices/)"

$VDPA dev add name vdpa0 mgmtdev "$NET_MGMT"
$VDPA dev add name blk0 mgmtdev "$BLK_MGMT"
bind_vdpa vdpa0 virtio_vdpa
check "rmmod ifcvf with devices present succeeds" rmmod ifcvf
expect_eq "rmmod removed the vDPA devices" "" "$(ls /sys/bus/vdpa/devices/)"
modprobe ifcvf && wait_for 5 $VDPA mgmtdev show "$NET_MGMT"
check "after a reload a device can be added again" \
	$VDPA dev add name vdpa0 mgmtdev "$NET_MGMT"
del_all_vdpa
ktap_finish
