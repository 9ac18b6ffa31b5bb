#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# rmmod ifcvf while its devices are busy:
# - one held at DRIVER_OK through /dev/vhost-vdpa-N: vhost_vdpa's remove
#   waits for the last close, so rmmod waits too (it is not refused),
#   and completes once the holder is gone;
# - net devices passing frames through virtio_vdpa and a blk disk being
#   read, up to the rmmod: rmmod tears them down under the traffic, the
#   ping ends as its netdev goes and the reads fail, none of them hangs;
# then the module loads again and its devices work.

. ./lib.sh

HOLD_OUT=/tmp/ifcvf_rmmod.hold
RMMOD_OUT=/tmp/ifcvf_rmmod.out
PING_OUT=/tmp/ifcvf_rmmod.ping
READ_OUT=/tmp/ifcvf_rmmod.read

ended() {
	! kill -0 "$1" 2>/dev/null
}

# reader DISK: reads all of /dev/DISK again and again until a read
# fails; that read's error stays in READ_OUT
reader() {
	while dd if="/dev/$1" of=/dev/null bs=64k iflag=direct 2>$READ_OUT; do
		:
	done
}

# traffic_moves: in one second, frames cross between the pair (see
# flood_moves) and the disk completes reads; prints the counts, fails if
# not
traffic_moves() {
	local s0 s1 frames rc
	s0=$(awk '{ print $3 }' "/sys/block/$disk/stat")
	frames=$(flood_moves)
	rc=$?
	s1=$(awk '{ print $3 }' "/sys/block/$disk/stat")
	echo "$frames, $(((s1 - s0) / 2)) KiB read from /dev/$disk"
	[ $rc = 0 ] && [ "$s1" -gt "$s0" ]
}

# Every PCI function that had ifcvf is bound to it again, mgmtdevs back.
reload() {
	modprobe ifcvf &&
		wait_for 5 $VDPA mgmtdev show "$NET_MGMT" &&
		wait_for 5 $VDPA mgmtdev show "$NET_MGMT_PEER" &&
		wait_for 5 $VDPA mgmtdev show "$BLK_MGMT"
}

ktap_header 11
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

# 2. frames crossing through virtio_vdpa and a disk being read, right
# up to the rmmod; then the ping ends because its netdev went, and the
# reads fail (no hang) once the disk is gone
net_pair_up "$NET_MGMT" ||
	setup_failed ifcvf_rmmod "the net pair did not come up"
disk=$(add_blk_disk blk0) || setup_failed ifcvf_rmmod "no blk disk"
FLOOD_OUT=$PING_OUT ping_flood
pinger=$!
reader "$disk" &
readers=$!
sleep 1
if out=$(traffic_moves); then
	ktap_ok "frames cross and reads complete up to the rmmod: $out"
else
	ktap_not_ok "frames cross and reads complete up to the rmmod" "$out"
fi
check "rmmod under traffic succeeds" rmmod ifcvf
if wait_for 10 ended "$pinger"; then
	wait "$pinger"
	rc=$?
	out=$(tail -n 1 $PING_OUT)
	case "$rc $out" in
	"0 "*) ktap_not_ok "ping ends on its own, at its netdev's removal" \
		"exit status 0: $out" ;;
	*sendto:*) ktap_ok "ping ends on its own, at its netdev's removal ($out)" ;;
	*) ktap_not_ok "ping ends on its own, at its netdev's removal" \
		"exit status $rc: $out" ;;
	esac
else
	ktap_not_ok "ping ends on its own, at its netdev's removal" \
		"still running 10 s after the rmmod: $(cat $PING_OUT)"
fi
if wait_for 10 ended "$readers"; then
	out=$(grep 'dd:' $READ_OUT | tail -n 1)
	case $out in
	?*) ktap_ok "the reads end with an error, not a hang ($out)" ;;
	*) ktap_not_ok "the reads end with an error, not a hang" \
		"the last read said: '$out'" ;;
	esac
else
	ktap_not_ok "the reads end with an error, not a hang" \
		"still reading 10 s after the rmmod"
fi
kill_jobs
expect_eq "no vDPA device is left" "" "$(ls /sys/bus/vdpa/devices/)"
cleanup

# 3. and it all works again
reload || setup_failed ifcvf_rmmod "modprobe ifcvf did not bring the mgmtdevs back"
check "after reload the net pair comes up" net_pair_up "$NET_MGMT"
check "after reload frames cross" ping_peer 10
cleanup
ktap_finish
