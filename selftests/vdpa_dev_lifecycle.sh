#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# "vdpa dev add", "dev show", "dev config show" and "dev del" round-trip,
# and the core refuses a second device under a name already taken.

. ./lib.sh

ktap_header 7
del_all_vdpa

# $NET_ADD_ATTRS: what the target needs on every device (vdpa_sim_net:
# its MAC), vdpa attributes, one a word
# shellcheck disable=SC2086
check "dev add on $NET_MGMT succeeds" \
	$VDPA dev add name vdpa0 mgmtdev "$NET_MGMT" $NET_ADD_ATTRS
show=$($VDPA dev show vdpa0 2>&1)
case $show in
*"type network"*"mgmtdev $NET_MGMT"*) ktap_ok "dev show: type network, mgmtdev $NET_MGMT" ;;
*) ktap_not_ok "dev show: type network, mgmtdev $NET_MGMT" "$show" ;;
esac
# "vdpa0: mac 52:54:00:00:00:0a link up link_announce false ..."
config=$($VDPA dev config show vdpa0 2>&1)
expect_eq "dev config show reports mac $NET_MAC and link up" \
	"mac $NET_MAC link up" \
	"$(echo "$config" | sed -n 's/^vdpa0: \(mac [^ ]*\) \(link [^ ]*\) .*/\1 \2/p')"
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
