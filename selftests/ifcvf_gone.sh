#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A function that is gone (the IFCVF model's fault-gone: every BAR reads
# all ones, writes are dropped, the device is reset as it goes), under
# traffic, on both buses. To virtio_net it reads DRIVER_OK with
# NEEDS_RESET, not a bare FAILED; deleting the device finishes at once,
# ifcvf says once that the function is gone and waits for no reset;
# vdpa dev add on it is refused, saying why; once it answers again it
# is not left for dead: a device added on it passes frames. A
# vhost-vdpa user reads the same status and its reset returns at once.
# On the model only.

. ./lib.sh

bdf=${NET_MGMT#pci/}

cleanup_test() {
	model_fault "$bdf" gone off
}

# vdpa0, added on NET_MGMT and bound to virtio_vdpa, in ns0, reaches the
# peer in ns1
vdpa0_reaches_peer() {
	local dev0
	vdpa0_up "$NET_MGMT" && ping_peer 10
}

ktap_header 11
del_all_vdpa
peer=$(peer_up vdpa1) || setup_failed ifcvf_gone "$peer"

# 1. virtio_net under traffic
vdpa0_up "$NET_MGMT" ||
	setup_failed ifcvf_gone "vdpa0 has no netdev with carrier in ns0: ${dev0:-none}"
check "frames cross before the function goes" ping_peer 10
ping_flood
log_mark
model_fault "$bdf" gone on ||
	setup_failed ifcvf_gone "the model did not take fault-gone"
expect_eq "virtio_net's device reads DRIVER_OK with NEEDS_RESET, not a bare FAILED" \
	0x0000004f "$(virtio_status vdpa0)"
check "dev del of the gone function's device finishes" \
	finishes 10 $VDPA dev del vdpa0
expect_eq "ifcvf says once that the function is gone" 1 \
	"$(log_since_mark | grep -c "$bdf: device is gone")"
expect_eq "no reset of it was waited for" "" \
	"$(log_since_mark | grep "$bdf: reset .*not complete")"
kill_jobs
log_mark
if ! out=$($VDPA dev add name vdpa0 mgmtdev "$NET_MGMT" 2>&1) &&
   log_since_mark | grep -q "$bdf: not adding vdpa0: the function does not answer"; then
	ktap_ok "vdpa dev add on the gone function is refused, saying why"
else
	ktap_not_ok "vdpa dev add on the gone function is refused, saying why" \
		"$out; $(log_since_mark | tail -n 2)"
fi
model_fault "$bdf" gone off
check "once it answers again, a device added on it passes frames" \
	vdpa0_reaches_peer
$VDPA dev del vdpa0
$IP netns del ns0

# 2. vhost_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null ||
	setup_failed ifcvf_gone "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_gone "$chr"
VHOST_DEV=$chr PEER_NETNS=ns1 PEER_IFNAME=$peer \
FAULT_ON=". ./lib.sh; model_fault $bdf gone on" \
FAULT_OFF=". ./lib.sh; model_fault $bdf gone off" \
	ktap_run ./vhost_vdpa_fault gone
cleanup
ktap_finish
