#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A blk management device takes no net-only attributes: "vdpa dev add"
# with mac, mtu or max_vqp is refused with a message that says the
# attributes are not supported, and leaves nothing behind; a plain add
# works afterwards.

. ./lib.sh

# refused ATTR VALUE: the add must fail, and print the core's message
refused() {
	local out
	if out=$($VDPA dev add name blk0 mgmtdev "$BLK_MGMT" "$1" "$2" 2>&1); then
		ktap_not_ok "$1 on $BLK_MGMT is refused" "accepted"
		$VDPA dev del blk0
		return
	fi
	case $out in
	*"attributes are not supported"*)
		ktap_ok "$1 on $BLK_MGMT is refused: attributes are not supported" ;;
	*) ktap_not_ok "$1 on $BLK_MGMT is refused: attributes are not supported" \
		"message: $out" ;;
	esac
	echo "# $out"
}

ktap_header 5
del_all_vdpa

refused mac 02:00:00:00:00:01
refused mtu 1500
refused max_vqp 1
expect_eq "no device left behind by the refused adds" "" \
	"$(ls /sys/bus/vdpa/devices/)"
check "a blk device without attributes is added afterwards" \
	$VDPA dev add name blk0 mgmtdev "$BLK_MGMT"
del_all_vdpa
ktap_finish
