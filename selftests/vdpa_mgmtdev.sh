#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The management devices are listed with their class, queue count and
# features, as iproute2's "vdpa mgmtdev show" reports them.

. ./lib.sh

mgmtdev_json() {
	$VDPA -j mgmtdev show "$1"
}

json_field() {
	# first value of "$1": in a one-line JSON document on stdin
	sed -n "s/.*\"$1\":\(\[[^]]*\]\|[^,}]*\).*/\1/p" | head -n 1
}

ktap_header 5

out=$($VDPA mgmtdev show 2>&1)
case $out in
*"$NET_MGMT:"*) ktap_ok "mgmtdev list names $NET_MGMT" ;;
*) ktap_not_ok "mgmtdev list names $NET_MGMT" "$out" ;;
esac
expect_eq "$NET_MGMT has class net" '["net"]' \
	"$(mgmtdev_json "$NET_MGMT" | json_field supported_classes)"
expect_eq "$BLK_MGMT has class block" '["block"]' \
	"$(mgmtdev_json "$BLK_MGMT" | json_field supported_classes)"

vqs=$(mgmtdev_json "$NET_MGMT" | json_field max_supported_vqs)
if [ "${vqs:-0}" -ge 2 ] 2>/dev/null; then
	ktap_ok "$NET_MGMT reports max_supported_vqs ($vqs)"
else
	ktap_not_ok "$NET_MGMT reports max_supported_vqs" "got '$vqs'"
fi

feat=$(mgmtdev_json "$NET_MGMT" | json_field dev_features)
case $feat in
*VERSION_1*ACCESS_PLATFORM*) ktap_ok "$NET_MGMT offers VERSION_1 and ACCESS_PLATFORM" ;;
*) ktap_not_ok "$NET_MGMT offers VERSION_1 and ACCESS_PLATFORM" "$feat" ;;
esac
ktap_finish
