#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A QEMU VM on a vDPA net device, as an operator runs one: vdpa0 on
# NET_MGMT bound to vhost_vdpa (driverctl's override, through sysfs),
# QEMU's -netdev vhost-vdpa on its /dev/vhost-vdpa-N, the same kernel
# booted in the VM (vm_lib.sh, lab/vm-guest-init.sh). Its disk is a vDPA
# blk device too: QEMU 7.2 has no vhost-vdpa blk frontend
# (vhost-vdpa-device-pci came in 8.0, libblkio is not in Debian 12), so
# the blk device is /dev/vdX through virtio_vdpa and QEMU serves it to
# the VM as a plain virtio-blk disk.
#
# With a peer NIC (NET_MGMT_PEER, a netdev in ns1): pings from the peer
# and a TCP stream each way whose every byte the receiver checks. Without
# one (vdpa_sim_net hands every frame it sends back to its sender): raw
# frames the VM sends to its own MAC come back with their bytes. Then:
# QEMU maps the device's doorbell pages where it has them
# (VM_DOORBELLS=page) and none where it has not (none), QEMU 7.2 refuses
# to migrate the VM without shadow virtqueues, the VM powers off, QEMU
# exits 0 and wrote nothing to stderr beyond vm_qemu_allow.txt, and the
# device passes traffic again through virtio_vdpa afterwards.

. ./lib.sh
. ./vm_lib.sh

SEED=${VM_SEED:-20261205}
BLK_SEED=$((SEED + 7))
# a region no other test writes (lib.sh)
BLK_OFF=$((100 * MIB))
BLK_LEN=$MIB
PINGS=20
if [ "$TARGET" = sim ]; then
	: "${VM_DOORBELLS:=none}"
else
	: "${VM_DOORBELLS:=page}"
fi

cleanup_test() {
	rm -f /tmp/vm-a.* /tmp/peer-*.out /tmp/peer-recv.progress
	vm_release_hugepages
}

if [ -n "$NET_MGMT_PEER" ]; then
	ktap_header 11
else
	ktap_header 9
fi
vm_image_present ||
	setup_failed vm_net "no nested guest here ($VM_QEMU, $VM_DIR): lab/build-vm-image.sh"
vm_hugepages 1 || setup_failed vm_net "no room for the VM in 2 MiB hugepages"
del_all_vdpa
sim_room_for_vm || setup_failed vm_net "vdpa_sim: no room for the VM in its IOTLB"
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null ||
	setup_failed vm_net "vdpa dev add on $NET_MGMT failed"
mac=$(vdpa_mac vdpa0)
chr=$(attach_vhost_vdpa vdpa0) || setup_failed vm_net "$chr"
disk=$(add_blk_disk blk0) || setup_failed vm_net "no /dev/vdX on $BLK_MGMT"
peer=''
if [ -n "$NET_MGMT_PEER" ]; then
	peer=$(peer_up vdpa1) || setup_failed vm_net "$peer"
	$IP netns exec ns1 ./vm_traffic tcp-recv 7002 "$SEED" \
		/tmp/peer-recv.progress >/tmp/peer-recv.out 2>&1 &
	peer_recv=$!
	mode="vm.mode=peer vm.peer=10.99.0.2"
else
	mode="vm.mode=loop"
fi
echo "# VM on $chr ($NET_MGMT, $mac), disk /dev/$disk${peer:+, peer $peer in ns1}"

# QEMU's arguments, one a word
# shellcheck disable=SC2046
if ! vm_boot a "vm.ip=10.99.0.1/24 $mode vm.seed=$SEED vm.blk=$BLK_SEED,$BLK_OFF,$BLK_LEN" \
	$(vm_nic "$chr" "$mac" "" page-per-vq=on) $(vm_disk "/dev/$disk"); then
	ktap_not_ok "the VM boots and its NIC comes up on $chr"
	vm_dump a
	cleanup
	ktap_finish
fi
ktap_ok "the VM boots and its NIC comes up on $chr"
echo "# up after $(vm_seconds a) s: $(vm_line a '^VM-UP')"

# The doorbell of each queue QEMU started (two, and the control queue
# if the guest took CTRL_VQ: bit 17 of the features VM-UP shows)
features=$(vm_line a '^VM-UP' | cut -d' ' -f4)
want="0 1"
[ "$(echo "$features" | cut -c18)" = 1 ] && want="0 1 2"
[ "$VM_DOORBELLS" = none ] && want=''
expect_eq "QEMU maps the doorbell pages of $chr: ${want:-none}" "$want" \
	"$(vm_doorbell_maps a "$chr")"

if [ -n "$peer" ]; then
	$IP netns exec ns1 ./vm_traffic tcp-send 10.99.0.1 7001 $((SEED + 1)) \
		>/tmp/peer-send.out 2>&1 &
	peer_send=$!
	out=$($IP netns exec ns1 ping -c $PINGS -i 0.2 -W 5 10.99.0.1 2>&1)
	case $out in
	*" $PINGS packets received, 0% packet loss"*)
		ktap_ok "$PINGS pings from the peer reach the VM and back" ;;
	*) ktap_not_ok "$PINGS pings from the peer reach the VM and back" \
		"$(echo "$out" | tail -n 2 | tr '\n' ' ')" ;;
	esac
	echo "# $(echo "$out" | tail -n 1)"
	# both streams under way before they are stopped
	wait_for 120 progress_above /tmp/peer-recv.progress 0
	vm_wait a '^VM-PROGRESS tcp-recv [1-9]' 120
else
	# frames under way (and vm_traffic past its start, where SIGTERM
	# would end it before it could report)
	vm_wait a '^VM-PROGRESS loop [1-9]' 120
fi

# QEMU 7.2 has only one way to migrate a vhost-vdpa NIC: shadow
# virtqueues. Without them it counts the device as unable to log dirty
# pages and blocks migration (vm_migrate.sh takes the way it has).
out=$(vm_qmp a '{"execute": "migrate", "arguments": {"uri": "unix:/tmp/vm-a.nowhere"}}')
case $out in
*'"error"'*VHOST_F_LOG_ALL*)
	ktap_ok "QEMU 7.2 refuses to migrate the VM without x-svq=on" ;;
*) ktap_not_ok "QEMU 7.2 refuses to migrate the VM without x-svq=on" "$out" ;;
esac

# the device's own count of what it moved, while the VM still has it
vdpa_queue_diag vdpa0
[ -n "$peer" ] && stop_job "$peer_send" 30
vm_command a quit
vm_exit a 180
expect_eq "the VM powers off and QEMU exits with status 0" 0 "$VM_RC"

if [ -n "$peer" ]; then
	reap_job "$peer_recv" 60
	vm_check_streams a \
		"the VM's TCP stream reaches the peer, every byte right" \
		"the peer's TCP stream reaches the VM, every byte right"
else
	got=$(vm_line a '^VM-RESULT loop ' | cut -d' ' -f2-)
	echo "# $got"
	if [ "$(count_of sent "$got")" -gt 0 ] 2>/dev/null &&
	   [ "$(count_of lost "$got")" = 0 ] && [ "$(count_of bad "$got")" = 0 ]; then
		ktap_ok "the VM's frames come back from the device with their bytes"
	else
		ktap_not_ok "the VM's frames come back from the device with their bytes" \
			"${got:-no loop result}"
	fi
fi

out=$(vm_line a '^VM-RESULT blk')
expect_eq "the VM writes and reads back its disk, vDPA blk /dev/$disk" \
	"VM-RESULT blk ok" "$(echo "$out" | cut -d' ' -f1-3)"
check "/dev/$disk holds what the VM wrote" \
	./blk_pattern verify "/dev/$disk" "$BLK_SEED" "$BLK_OFF" "$BLK_LEN"
host_check verify "$BLK_SEED" "$BLK_OFF" "$BLK_LEN"

vm_allow_list "$(ring_state "$NET_MGMT")" "$(reset_state)" >/tmp/vm-a.allow
unexpected=$(vm_stderr_unexpected a /tmp/vm-a.allow)
expect_eq "QEMU's stderr has nothing beyond vm_qemu_allow.txt" "" "$unexpected"
sed 's/^/# qemu: /' /tmp/vm-a.err

[ "$KTAP_CNT_FAIL" = 0 ] || vm_dump a
dev=$(attach_virtio_net vdpa0)
if [ -n "$dev" ] && netns_setup ns0 "$dev" 10.99.0.1/24 &&
   wait_for 5 netns_carrier ns0 "$dev" && out=$(frames_pass "$dev" 20 "$peer"); then
	ktap_ok "vdpa0 passes traffic through virtio_vdpa after the VM"
else
	ktap_not_ok "vdpa0 passes traffic through virtio_vdpa after the VM" "$dev $out"
fi
cleanup
ktap_finish
