#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# VDPA_CMD_DEV_NEW sent by vdpa_netlink (see the .c), which iproute2 6.1
# cannot: device_features provisioning is honoured (read back, negotiated,
# traffic passes), and features the device lacks are refused, leaving no
# device behind and no warning in the kernel log. Malformed requests, one
# attribute at a time, are vdpa_netlink_matrix.sh's.

. ./lib.sh

NL=./vdpa_netlink

# NET_ADD_ATTRS ("mac X" for vdpa_sim_net) as vdpa_netlink arguments
add_attrs=$(echo "$NET_ADD_ATTRS" | sed -n 's/^mac \([0-9a-f:]*\)$/mac=\1/p')

# negotiated features as iproute2 names them: "[\"MAC\",...]"
negotiated_names() {
	$VDPA -j dev config show "$1" |
		sed -n 's/.*"negotiated_features":\(\[[^]]*\]\).*/\1/p'
}

ktap_header 8
del_all_vdpa
log_mark

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
out=$($NL new name=vdpa0 mgmtdev="$NET_MGMT" features="$want" \
	${add_attrs:+"$add_attrs"} 2>&1)
expect_eq "device_features $want (no CTRL_VQ and its dependants) is accepted" \
	ok "$out"
expect_eq "VDPA_CMD_DEV_CONFIG_GET reads back device_features $want" \
	"device_features $want" \
	"$($NL config vdpa0 2>&1 | grep '^device_features')"
dev0=$(attach_virtio_net vdpa0)
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
elif out=$(net_traffic "$dev0" vdpa1); then
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

expect_eq "no device left behind" "" "$(ls /sys/bus/vdpa/devices/)"
splats=$(log_since_mark | grep -E 'WARNING:|BUG:|Oops|general protection' | head -n 3)
expect_eq "the kernel logged no warning meanwhile" "" "$splats"
cleanup
ktap_finish
