#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The function's link state reaches the netdev through the config
# interrupt: QEMU's "set_link neta off" drops the carrier, "on" restores it.

. ./lib.sh

ktap_header 3
del_all_vdpa
dev0=$(add_virtio_net vdpa0 "$NET_MGMT")
$IP link set "$dev0" up
carrier() { cat "/sys/class/net/$dev0/carrier"; }
no_carrier() { [ "$(carrier)" = 0 ]; }
has_carrier() { [ "$(carrier)" = 1 ]; }

if wait_for 5 has_carrier; then
	ktap_ok "$dev0 starts with carrier"
else
	ktap_not_ok "$dev0 starts with carrier"
fi
host_monitor set_link neta off
if wait_for 10 no_carrier; then
	ktap_ok "set_link off drops the carrier"
else
	ktap_not_ok "set_link off drops the carrier" "carrier $(carrier)"
fi
host_monitor set_link neta on
if wait_for 10 has_carrier; then
	ktap_ok "set_link on restores the carrier"
else
	ktap_not_ok "set_link on restores the carrier" "carrier $(carrier)"
fi
del_all_vdpa
ktap_finish
