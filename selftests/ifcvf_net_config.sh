#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ifcvf's net management device describes the function it drives, and a
# vDPA device on it reports the function's MAC, link and MTU, or the MTU
# and queue pairs it was provisioned with.

. ./lib.sh

mgmt_json() { $VDPA -j mgmtdev show "$NET_MGMT"; }
config_json() { $VDPA -j dev config show "$1"; }
# iproute2 6.1 names some keys with a trailing blank ("link ")
json_field() {
	sed -n "s/.*\"$1 \{0,1\}\":\(\[[^]]*\]\|\"[^\"]*\"\|[^,}]*\).*/\1/p" | head -n 1
}

ktap_header 9
del_all_vdpa

expect_eq "max_supported_vqs is the function's queue count" \
	"$NET_DEV_VQS" "$(mgmt_json | json_field max_supported_vqs)"
case $(mgmt_json | json_field dev_features) in
*MTU*MAC*STATUS*CTRL_VQ*VERSION_1*ACCESS_PLATFORM*)
	ktap_ok "dev_features list MTU MAC STATUS CTRL_VQ VERSION_1 ACCESS_PLATFORM" ;;
*) ktap_not_ok "dev_features list MTU MAC STATUS CTRL_VQ VERSION_1 ACCESS_PLATFORM" \
	"$(mgmt_json)" ;;
esac

dev0=$(add_virtio_net vdpa0 "$NET_MGMT")
expect_eq "config mac is the function's MAC" "\"$NET_MAC\"" \
	"$(config_json vdpa0 | json_field mac)"
expect_eq "config link is up" '"up"' "$(config_json vdpa0 | json_field link)"
expect_eq "config mtu is the function's MTU" "$NET_DEV_MTU" \
	"$(config_json vdpa0 | json_field mtu)"
expect_eq "the netdev has the function's MAC" "$NET_MAC" \
	"$(cat "/sys/class/net/$dev0/address")"
case $(config_json vdpa0 | json_field negotiated_features) in
*VERSION_1*ACCESS_PLATFORM*) ktap_ok "VERSION_1 and ACCESS_PLATFORM negotiated" ;;
*) ktap_not_ok "VERSION_1 and ACCESS_PLATFORM negotiated" "$(config_json vdpa0)" ;;
esac
$VDPA dev del vdpa0

mtu=$((NET_DEV_MTU - 600))
dev0=$(add_virtio_net vdpa0 "$NET_MGMT" mtu $mtu)
expect_eq "a provisioned mtu $mtu is reported in config" "$mtu" \
	"$(config_json vdpa0 | json_field mtu)"
expect_eq "virtio_net's max_mtu follows the provisioned mtu" "$mtu" \
	"$($IP -d link show "$dev0" | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')"
del_all_vdpa
ktap_finish
