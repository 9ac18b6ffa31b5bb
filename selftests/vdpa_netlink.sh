#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# VDPA_CMD_DEV_NEW sent by vdpa_netlink (see the .c), which iproute2 6.1
# cannot: device_features provisioning is honoured (read back, negotiated,
# traffic passes), and malformed or impossible requests are refused by
# the vdpa core's policy with an errno and an extack message, leaving no
# device behind and no warning in the kernel log.

. ./lib.sh

NL=./vdpa_netlink
PINGS=50
FRAMES=50

# NET_ADD_ATTRS ("mac X" for vdpa_sim_net) as vdpa_netlink arguments
add_attrs=$(echo "$NET_ADD_ATTRS" | sed -n 's/^mac \([0-9a-f:]*\)$/mac=\1/p')

cleanup() {
	$IP netns del ns0 2>/dev/null
	$IP netns del ns1 2>/dev/null
	del_all_vdpa
}

# refused DESCRIPTION ERRNO EXTACK-PATTERN ATTRS...: VDPA_CMD_DEV_NEW with
# the attributes must fail with that errno and an extack message matching
# the pattern ("" for none expected), and leave no device behind.
refused() {
	local desc=$1 err=$2 msg=$3 out
	shift 3
	out=$($NL new "$@" 2>&1)
	case $out in
	"errno $err ("*) ;;
	*) ktap_not_ok "$desc" "expected errno $err: $out"; return ;;
	esac
	case $out in
	*"$msg"*) ;;
	*) ktap_not_ok "$desc" "expected extack '$msg': $out"; return ;;
	esac
	if [ -n "$(ls /sys/bus/vdpa/devices/)" ]; then
		ktap_not_ok "$desc" "left behind: $(ls /sys/bus/vdpa/devices/)"
		return
	fi
	ktap_ok "$desc"
}

# negotiated features as iproute2 names them: "[\"MAC\",...]"
negotiated_names() {
	$VDPA -j dev config show "$1" |
		sed -n 's/.*"negotiated_features":\(\[[^]]*\]\).*/\1/p'
}

# traffic_passes NETDEV: frames from NETDEV reach the peer (ping into ns1)
# or, without a peer, come back (vdpa_sim_net loops them)
traffic_passes() {
	local dev=$1 dev1 out back
	netns_setup ns0 "$dev" 10.99.0.1/24 &&
		wait_for 5 netns_carrier ns0 "$dev" ||
		{ echo "$dev has no carrier"; return 1; }
	if [ -z "$NET_MGMT_PEER" ]; then
		back=$(loopback_frames ns0 "$dev" $FRAMES)
		[ "${back:-0}" -ge $FRAMES ] 2>/dev/null ||
			{ echo "$FRAMES frames sent, $back came back"; return 1; }
		echo "$back of $FRAMES frames came back"
		return 0
	fi
	$NL new name=vdpa1 mgmtdev="$NET_MGMT_PEER" >/dev/null &&
		bind_vdpa vdpa1 virtio_vdpa && wait_for 5 vdpa_netdev vdpa1 ||
		{ echo "peer vdpa1 has no netdev"; return 1; }
	dev1=$(vdpa_netdev vdpa1)
	netns_setup ns1 "$dev1" 10.99.0.2/24 &&
		wait_for 5 netns_carrier ns1 "$dev1" ||
		{ echo "peer $dev1 has no carrier"; return 1; }
	out=$($IP netns exec ns0 ping -c $PINGS -i 0.02 -W 5 10.99.0.2 2>&1)
	case $out in
	*" $PINGS packets received, 0% packet loss"*)
		echo "$PINGS pings ns0 $dev -> ns1 $dev1, 0% loss" ;;
	*) echo "$out" | tail -n 2; return 1 ;;
	esac
}

ktap_header 21
del_all_vdpa
dmesg -c >/dev/null

out=$($NL mgmtdev-features "$NET_MGMT" 2>&1)
sup=$(echo "$out" | sed -n 's/^supported_features //p')
desc="VDPA_CMD_MGMTDEV_GET reports $NET_MGMT's features"
desc="$desc with VERSION_1 and CTRL_VQ"
if [ -n "$sup" ] && [ $((sup & VERSION_1)) -ne 0 ] &&
   [ $(((sup >> CTRL_VQ_BIT) & 1)) -eq 1 ]; then
	ktap_ok "$desc ($sup)"
else
	ktap_not_ok "$desc" "$out"
	cleanup
	ktap_finish
fi

# --- device_features provisioning -------------------------------------
want=$(printf '%#x' $((sup & ~CTRL_VQ_DEPS)))
# shellcheck disable=SC2086
out=$($NL new name=vdpa0 mgmtdev="$NET_MGMT" features=$want $add_attrs 2>&1)
expect_eq "device_features $want (no CTRL_VQ and its dependants) is accepted" \
	ok "$out"
expect_eq "VDPA_CMD_DEV_CONFIG_GET reads back device_features $want" \
	"device_features $want" \
	"$($NL config vdpa0 2>&1 | grep '^device_features')"
bind_vdpa vdpa0 virtio_vdpa && wait_for 5 vdpa_netdev vdpa0
dev0=$(vdpa_netdev vdpa0)
names=$(negotiated_names vdpa0)
case $names in
*'"CTRL_VQ"'*|"")
	ktap_not_ok "negotiated_features lack CTRL_VQ" "got '$names'" ;;
*'"VERSION_1"'*)
	ktap_ok "negotiated_features lack CTRL_VQ" ;;
*)	ktap_not_ok "negotiated_features lack CTRL_VQ" "no VERSION_1: '$names'" ;;
esac
if [ -z "$dev0" ]; then
	ktap_not_ok "virtio_vdpa makes a netdev of vdpa0 without CTRL_VQ"
elif out=$(traffic_passes "$dev0"); then
	ktap_ok "$dev0 without CTRL_VQ passes traffic: $out"
else
	ktap_not_ok "$dev0 without CTRL_VQ passes traffic" "$out"
fi
cleanup

out=$($NL new name=vdpa0 mgmtdev="$NET_MGMT" \
	features="$(printf '%#x' $((sup | (1 << 40))))" 2>&1)
desc="device_features with a bit the device lacks (40) are refused: EINVAL"
case $out in
"errno 22 "*) ktap_ok "$desc" ;;
*) ktap_not_ok "$desc" "$out" ;;
esac
del_all_vdpa

# --- the core's attribute policy (strict validation) -------------------
refused "mtu as a u8 is refused: invalid attribute length" 22 \
	"invalid attribute length" name=vdpa0 mgmtdev="$NET_MGMT" mtu:u8:200
refused "max_vqp as a u32 is refused: invalid attribute length" 22 \
	"invalid attribute length" name=vdpa0 mgmtdev="$NET_MGMT" max_vqp:u32:1
refused "device_features as a u32 is refused: invalid attribute length" 22 \
	"invalid attribute length" name=vdpa0 mgmtdev="$NET_MGMT" \
	features:u32:$((sup & 0xffffffff))
refused "a 3-byte mac is refused with ERANGE" 34 \
	"binary attribute size out of range" name=vdpa0 \
	mgmtdev="$NET_MGMT" mac=02:00:00
refused "mtu 67, below the policy's 68, is refused with ERANGE" 34 \
	"integer out of range" name=vdpa0 mgmtdev="$NET_MGMT" mtu=67
refused "an unknown attribute type is refused" 22 \
	"Unknown attribute type" name=vdpa0 mgmtdev="$NET_MGMT" 200:u32:1
refused "bytes after the last attribute are refused" 22 \
	"bytes leftover after parsing attributes" name=vdpa0 \
	mgmtdev="$NET_MGMT" raw:0102
refused "a bus name without its NUL is refused" 22 \
	"Attribute failed policy validation" name=vdpa0 \
	mgmtdev_bus:bytes:pci mgmtdev_dev:str:"${NET_MGMT#*/}"
refused "a request without a name is refused with EINVAL" 22 "" \
	mgmtdev="$NET_MGMT"
refused "a request without a mgmtdev is refused with EINVAL" 22 \
	"Fail to find the specified management device" name=vdpa0
refused "a nonexistent mgmtdev is refused with ENODEV" 19 \
	"Fail to find the specified management device" name=vdpa0 \
	mgmtdev=pci/0000:00:1f.7
refused "a nonexistent mgmtdev bus is refused with ENODEV" 19 \
	"Fail to find the specified management device" name=vdpa0 \
	mgmtdev="nosuchbus/${NET_MGMT#*/}"
refused "mtu with device_features lacking VIRTIO_NET_F_MTU is refused" 22 \
	"Missing features 0x8 for provided attributes" name=vdpa0 \
	mgmtdev="$NET_MGMT" features="$(printf '%#x' $((sup & ~(1 << 3))))" \
	mtu=1500

expect_eq "no device left behind" "" "$(ls /sys/bus/vdpa/devices/)"
splats=$(dmesg | grep -E 'WARNING:|BUG:|Oops|general protection' | head -n 3)
expect_eq "the kernel logged no warning meanwhile" "" "$splats"
cleanup
ktap_finish
