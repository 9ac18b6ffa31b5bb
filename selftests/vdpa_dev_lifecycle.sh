#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# "vdpa dev add", "dev show", "dev config show" and "dev del" round-trip,
# and the core refuses a second device under a name already taken.

. ./lib.sh

ktap_header 7
del_all_vdpa

check "dev add on $NET_MGMT succeeds" $VDPA dev add name vdpa0 mgmtdev "$NET_MGMT"
show=$($VDPA dev show vdpa0 2>&1)
case $show in
*"type network"*"mgmtdev $NET_MGMT"*) ktap_ok "dev show: type network, mgmtdev $NET_MGMT" ;;
*) ktap_not_ok "dev show: type network, mgmtdev $NET_MGMT" "$show" ;;
esac
case $($VDPA dev config show vdpa0 2>&1) in
*mac*link*) ktap_ok "dev config show reports mac and link" ;;
*) ktap_not_ok "dev config show reports mac and link" "$($VDPA dev config show vdpa0 2>&1)" ;;
esac
if $VDPA dev add name vdpa0 mgmtdev "$NET_MGMT" 2>/dev/null; then
	ktap_not_ok "a duplicate name is refused"
else
	ktap_ok "a duplicate name is refused"
fi
check "dev del succeeds" $VDPA dev del vdpa0
if vdpa_dev_exists vdpa0; then
	ktap_not_ok "the deleted device is gone from sysfs"
else
	ktap_ok "the deleted device is gone from sysfs"
fi

check "dev add on $BLK_MGMT succeeds" $VDPA dev add name vdpa1 mgmtdev "$BLK_MGMT"
del_all_vdpa
ktap_finish
