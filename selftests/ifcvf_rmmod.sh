#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# rmmod ifcvf while its devices are busy:
# - one held at DRIVER_OK through /dev/vhost-vdpa-N: vhost_vdpa's remove
#   waits for the last close, so rmmod waits too (it is not refused),
#   and completes once the holder is gone;
# - net devices passing frames through virtio_vdpa and a blk disk being
#   read: rmmod tears them down under the traffic;
# then the module loads again and its devices work.

. ./lib.sh

HOLD_OUT=/tmp/ifcvf_rmmod.hold
RMMOD_OUT=/tmp/ifcvf_rmmod.out

running() {
	kill -0 "$1" 2>/dev/null
}

# Every PCI function that had ifcvf is bound to it again, mgmtdevs back.
reload() {
	modprobe ifcvf &&
		wait_for 5 $VDPA mgmtdev show "$NET_MGMT" &&
		wait_for 5 $VDPA mgmtdev show "$NET_MGMT_PEER" &&
		wait_for 5 $VDPA mgmtdev show "$BLK_MGMT"
}

ktap_header 9
del_all_vdpa

# 1. a device held running through /dev/vhost-vdpa-N
add_net_vdpa vdpa0 "$NET_MGMT" || setup_failed ifcvf_rmmod "dev add failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed ifcvf_rmmod "$chr"
./vhost_vdpa_hold "$chr" >$HOLD_OUT 2>&1 &
holder=$!
check "vhost_vdpa_hold brings $chr to DRIVER_OK" wait_for 10 grep -q ready $HOLD_OUT
(rmmod ifcvf; echo "rc=$?") >$RMMOD_OUT 2>&1 &
sleep 3
check "rmmod waits while $chr is held open" eval "! grep -q rc= $RMMOD_OUT"
kill "$holder"
wait "$holder" 2>/dev/null
check "rmmod completes once the holder is gone" wait_for 30 grep -q rc= $RMMOD_OUT
expect_eq "rmmod succeeded" "rc=0" "$(cat $RMMOD_OUT)"
reload || setup_failed ifcvf_rmmod "modprobe ifcvf did not bring the mgmtdevs back"

# 2. frames crossing through virtio_vdpa and a disk being read
net_pair_up "$NET_MGMT" ||
	setup_failed ifcvf_rmmod "the net pair did not come up"
disk=$(add_blk_disk blk0) || setup_failed ifcvf_rmmod "no blk disk"
ping_flood
pinger=$!
dd if="/dev/$disk" of=/dev/null bs=64k iflag=direct 2>/dev/null &
sleep 2
check "frames and reads are flowing" running $pinger
check "rmmod under traffic succeeds" rmmod ifcvf
kill_jobs
expect_eq "no vDPA device is left" "" "$(ls /sys/bus/vdpa/devices/)"
cleanup

# 3. and it all works again
reload || setup_failed ifcvf_rmmod "modprobe ifcvf did not bring the mgmtdevs back"
check "after reload the net pair comes up" net_pair_up "$NET_MGMT"
check "after reload frames cross" ping_peer 10
cleanup
ktap_finish
