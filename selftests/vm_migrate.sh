#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Live migration of a QEMU VM between two vDPA net devices, while its
# traffic runs: the VM starts on vdpa0 (NET_MGMT, "VF A") and QEMU
# migrates it over a unix socket to a second QEMU in this guest that
# waits with -incoming on vdpa1 (NET_MGMT_PEER, "VF B"; on vdpa_sim_net
# a second device of NET_MGMT).
#
# The path: QEMU 7.2 migrates a vhost-vdpa NIC only through shadow
# virtqueues (x-svq=on): QEMU relays every ring itself, so it knows the
# ring state and the pages the device wrote, whatever the device can
# tell. It never uses VHOST_VDPA_SUSPEND nor reads the ring state of a
# running device (that came in QEMU 8.x); vm_net.sh checks that it refuses
# to migrate without x-svq. So every run here takes the SVQ path; the
# backend features each device offers (SUSPEND, RESUME) are reported
# beside it. Both devices are provisioned with the features SVQ accepts
# (vm_lib.sh's SVQ_NET_FEATURES, through vdpa_netlink).
#
# With a third NIC as the peer (NET_HOTPLUG_PCI, virtio_net in ns1): a
# TCP stream each way whose every byte the receiver checks, pings, and a
# UDP probe every 20 ms whose longest gap in answers is the downtime the
# peer sees. Without a peer (vdpa_sim_net) the VM's frames to its own MAC
# come back: their bytes are checked, their losses and longest gap
# counted, on the VM's own clock (which stops while QEMU does: that gap
# leaves the downtime out). Timings are reported (# VM-MIGRATION), never
# judged: make bench collects them (lab/bench.sh's vm part).

. ./lib.sh
. ./vm_lib.sh

SEED=${VM_SEED:-20261206}
PROBE_MS=20
MIGRATE_TIMEOUT=${VM_MIGRATE_TIMEOUT:-600}
SOCK=/tmp/vm-migration.sock

cleanup_test() {
	rm -f /tmp/vm-src.* /tmp/vm-dst.* /tmp/peer-*.out /tmp/peer-*.progress \
		"$SOCK"
	vm_release_hugepages
}

# provision NAME MGMTDEV [MAC]: a net device with the features SVQ takes
provision() {
	local f
	f=$(svq_features "$2") || { echo "no features read from $2"; return 1; }
	./vdpa_netlink new name="$1" mgmtdev="$2" features="$f" ${3:+mac=$3}
}


# The IOMMU faults QEMU 7.2 causes (lab/iommu-fault-allow.txt): when the
# source VM stops, vhost_vdpa_svqs_stop unmaps the shadow rings while the
# device still runs, and the device reads a ring that is gone. So every
# fault must be: after the migration started, on VF A, at an IOVA of the
# data queues' shadow rings, which QEMU maps first from IOVA 0: per queue
# of 256 a driver area (descriptors and avail ring, 8 KiB) and a device
# area (used ring, 4 KiB), so 0x0-0x5fff for the two. Anything else (VF
# B, guest memory, before the stop) is no such fault.
SVQ_RINGS_END=0x6000

# faults_not_qemus BDF: the kernel's IOMMU fault lines since log_mark that
# are not QEMU 7.2's stop-order faults on function BDF (bus:dev.fn)
faults_not_qemus() {
	log_since_mark | awk -v bdf="$1" -v end=$((SVQ_RINGS_END)) '
		function hex(s,   i, n) {
			n = 0
			for (i = 3; i <= length(s); i++)
				n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return n
		}
		/vm_migrate: migration starts/ { started = 1 }
		/DMAR: \[DMA .*fault addr/ {
			match($0, /Request device \[[^]]*\]/)
			dev = substr($0, RSTART + 16, RLENGTH - 17)
			match($0, /fault addr 0x[0-9a-f]+/)
			addr = hex(substr($0, RSTART + 11, RLENGTH - 11))
			if (!started || dev != bdf || addr >= end)
				print
		}'
}

# json_num JSON KEY: the number after "KEY": in JSON
json_num() {
	echo "$1" | sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p" | head -n 1
}

if [ -n "$NET_HOTPLUG_PCI" ]; then
	ktap_header 12
else
	ktap_header 11
fi
vm_image_present ||
	setup_failed vm_migrate "no nested guest here ($VM_QEMU, $VM_DIR): lab/build-vm-image.sh"
# VF B: the peer NIC's function, or a second device on the one
# management device of vdpa_sim_net
MGMT_B=${NET_MGMT_PEER:-$NET_MGMT}
vm_hugepages 2 || setup_failed vm_migrate "no room for two VMs in 2 MiB hugepages"
del_all_vdpa
sim_room_for_vm || setup_failed vm_migrate "vdpa_sim: no room for the VM in its IOTLB"
mac_a='' mac_b=''
if [ "$TARGET" = sim ]; then
	mac_a=52:54:00:00:01:0a mac_b=52:54:00:00:01:0b
fi
out=$(provision vdpa0 "$NET_MGMT" "$mac_a") || setup_failed vm_migrate "vdpa0: $out"
out=$(provision vdpa1 "$MGMT_B" "$mac_b") || setup_failed vm_migrate "vdpa1: $out"
log_mark
mac=$(vdpa_mac vdpa0)
chr_a=$(attach_vhost_vdpa vdpa0) || setup_failed vm_migrate "$chr_a"
chr_b=$(attach_vhost_vdpa vdpa1) || setup_failed vm_migrate "$chr_b"
backend_a=$(./vm_traffic backend-features "$chr_a")
backend_b=$(./vm_traffic backend-features "$chr_b")
suspend=no
case "$backend_a $backend_b" in *SUSPEND*SUSPEND*) suspend=yes ;; esac
echo "# A $chr_a on $NET_MGMT ($(ring_state "$NET_MGMT")), backend $backend_a"
echo "# B $chr_b on $MGMT_B ($(ring_state "$MGMT_B")), backend $backend_b"
echo "# features $(./vdpa_netlink config vdpa0 | sed -n 's/^device_features //p'), MAC $mac"

if [ -n "$NET_HOTPLUG_PCI" ]; then
	peer=$(first_entry "/sys/bus/pci/devices/$NET_HOTPLUG_PCI"/virtio*/net) ||
		setup_failed vm_migrate "$NET_HOTPLUG_PCI has no virtio_net netdev"
	if ! netns_setup ns1 "$peer" 10.99.0.2/24 ||
	   ! wait_for 5 netns_carrier ns1 "$peer"; then
		setup_failed vm_migrate "peer $peer in ns1 has no carrier"
	fi
	$IP netns exec ns1 ./vm_traffic tcp-recv 7002 "$SEED" \
		/tmp/peer-recv.progress >/tmp/peer-recv.out 2>&1 &
	peer_recv=$!
	mode="vm.mode=peer vm.peer=10.99.0.2"
	echo "# peer $peer ($NET_HOTPLUG_PCI) in ns1"
else
	mode="vm.mode=loop"
fi

append="vm.ip=10.99.0.1/24 $mode vm.seed=$SEED"
# QEMU's arguments, one a word
# shellcheck disable=SC2046
vm_start dst "$append" $(vm_nic "$chr_b" "$mac" x-svq=on) -incoming "unix:$SOCK"
# shellcheck disable=SC2046
if ! vm_boot src "$append" $(vm_nic "$chr_a" "$mac" x-svq=on); then
	ktap_not_ok "the VM boots on VF A with shadow virtqueues"
	vm_dump src
	vm_dump dst
	cleanup
	ktap_finish
fi
ktap_ok "the VM boots on VF A with shadow virtqueues"
echo "# up after $(vm_seconds src) s: $(vm_line src '^VM-UP')"

# the traffic, under way before the migration starts
if [ -n "$NET_HOTPLUG_PCI" ]; then
	$IP netns exec ns1 ./vm_traffic tcp-send 10.99.0.1 7001 $((SEED + 1)) \
		>/tmp/peer-send.out 2>&1 &
	peer_send=$!
	$IP netns exec ns1 ./vm_traffic udp-probe 10.99.0.1 7000 $PROBE_MS \
		/tmp/peer-probe.progress >/tmp/peer-probe.out 2>&1 &
	probe=$!
	wait_for 120 progress_above /tmp/peer-recv.progress 0
	vm_wait src '^VM-PROGRESS tcp-recv [1-9]' 120
else
	vm_wait src '^VM-PROGRESS loop [1-9]' 120
fi
echo "# before: VM -> peer $(progress_of /tmp/peer-recv.progress) bytes," \
     "$(vm_line src '^VM-PROGRESS')"

vm_qmp src '{"execute": "migrate-set-parameters", "arguments": {"max-bandwidth": 1073741824}}' >/dev/null
echo "vm_migrate: migration starts" >/dev/kmsg
start=$(date +%s)
out=$(vm_qmp src "{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"unix:$SOCK\"}}")
status=''
while [ $(($(date +%s) - start)) -lt "$MIGRATE_TIMEOUT" ]; do
	info=$(vm_qmp src '{"execute": "query-migrate"}')
	status=$(echo "$info" | sed -n 's/.*"status": "\([a-z-]*\)".*/\1/p')
	case $status in completed|failed|cancelled) break ;; esac
	sleep 1
done
# QEMU 7.2 reports "completed" before its migration thread sets the
# downtime and total time (migration_completion, then
# migration_calculate_complete): until then both read 0
tries=10
while [ "$status" = completed ] && [ "$(json_num "$info" total-time)" = 0 ] &&
      [ $tries -gt 0 ]; do
	sleep 1
	info=$(vm_qmp src '{"execute": "query-migrate"}')
	tries=$((tries - 1))
done
echo "# $info"
if [ "$status" = completed ]; then
	ktap_ok "the VM migrates from VF A to VF B (path: svq)"
else
	ktap_not_ok "the VM migrates from VF A to VF B (path: svq)" \
		"status ${status:-none} after $(($(date +%s) - start)) s: $out"
	vm_where src
	vm_where dst
fi
downtime=$(json_num "$info" downtime)
total=$(json_num "$info" total-time)

out=$(vm_qmp dst '{"execute": "query-status"}')
case $out in
*'"status": "running"'*) ktap_ok "the VM runs on VF B" ;;
*) ktap_not_ok "the VM runs on VF B" "$out" ;;
esac

# all of it mapped for VF B (vm_lib.sh's VM_MEM_MB says why it may not be)
pinned=$(vm_pinned_kib dst)
if [ "${pinned:-0}" -ge $((VM_MEM_MB * 1024)) ]; then
	ktap_ok "the destination QEMU pinned the VM's memory for VF B"
else
	ktap_not_ok "the destination QEMU pinned the VM's memory for VF B" \
		"${pinned:-no} KiB pinned: $(grep -e 'failed to write' -e 'map fail' /tmp/vm-dst.err | tr '\n' ' ')"
fi
echo "# destination QEMU: ${pinned:-?} KiB pinned"

vm_qmp src '{"execute": "quit"}' >/dev/null
vm_exit src 120
expect_eq "the source QEMU ends with status 0" 0 "$VM_RC"

# VF A is closed now: what moves, moves through VF B
if [ -n "$NET_HOTPLUG_PCI" ]; then
	sent=$(progress_of /tmp/peer-recv.progress)
	answered=$(progress_of /tmp/peer-probe.progress)
	# Right after the switch the nested VM, relaying every frame
	# through its shadow virtqueues under nested TCG while both streams
	# and the probe catch up, answered pings in 5 to 7 s: the round
	# trip is reported, what is judged is that answers come back
	out=$($IP netns exec ns1 ping -c 10 -i 0.2 -W 20 10.99.0.1 2>&1)
	echo "# $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	pings_ok=0
	case $out in *" 0 packets received"*) ;; *" packets received"*) pings_ok=1 ;; esac
	if [ $pings_ok = 0 ]; then
		ktap_not_ok "pings, the probe and the stream reach the VM through VF B" \
			"$(echo "$out" | tail -n 2 | tr '\n' ' ')"
	elif ! wait_for 60 progress_above /tmp/peer-recv.progress "$sent" ||
	     ! wait_for 60 progress_above /tmp/peer-probe.progress "$answered"; then
		ktap_not_ok "pings, the probe and the stream reach the VM through VF B" \
			"stream $sent -> $(progress_of /tmp/peer-recv.progress) bytes, probe $answered -> $(progress_of /tmp/peer-probe.progress) answers"
	else
		ktap_ok "pings, the probe and the stream reach the VM through VF B"
	fi
	[ "$KTAP_CNT_FAIL" = 0 ] || vdpa_queue_diag vdpa1
	stop_job "$probe" 10
	stop_job "$peer_send" 30
else
	# The VM's count goes on from where the source left it. Every line
	# the destination prints comes after the switch, but its first count
	# may still hold answers VF A gave before the source stopped: only a
	# count above the destination's first one came through VF B (its
	# serial output can lag the switch by many seconds)
	dst_loop_counts() {
		tr -d '\r' <"/tmp/vm-dst.console" |
			sed -n 's/^VM-PROGRESS loop \([0-9]*\).*/\1/p'
	}
	loop_grew_on_b() {
		dst_loop_counts |
			awk 'NR == 1 { first = $1 } { last = $1 } END { exit !(last > first) }'
	}
	wait_for 90 loop_grew_on_b
	if loop_grew_on_b; then
		ktap_ok "the VM's frames come back through VF B"
	else
		ktap_not_ok "the VM's frames come back through VF B" \
			"answers on VF B: first $(dst_loop_counts | head -n 1), last $(dst_loop_counts | tail -n 1)"
	fi
fi

vm_command dst quit
vm_exit dst 180
if [ -n "$NET_HOTPLUG_PCI" ]; then
	# the VM's stream ends with the VM
	reap_job "$peer_recv" 60
	vm_check_streams dst \
		"the VM's TCP stream survives the migration, every byte right" \
		"the peer's TCP stream survives the migration, every byte right"
	probe_out=$(cat /tmp/peer-probe.out)
	seen_by="peer"
else
	probe_out=$(vm_line dst '^VM-RESULT loop ' | cut -d' ' -f2-)
	if [ "$(count_of answered "$probe_out")" -gt 0 ] 2>/dev/null &&
	   [ "$(count_of bad "$probe_out")" = 0 ]; then
		ktap_ok "the VM's looped frames keep their bytes across the migration"
	else
		ktap_not_ok "the VM's looped frames keep their bytes across the migration" \
			"${probe_out:-no loop result}"
	fi
	seen_by="vm-clock"
fi
expect_eq "the VM powers off on VF B and QEMU exits with status 0" 0 "$VM_RC"

vm_allow_list svq "$(ring_state "$NET_MGMT")" "$(reset_state)" >/tmp/vm-src.allow
expect_eq "the source QEMU's stderr has nothing beyond vm_qemu_allow.txt" "" \
	"$(vm_stderr_unexpected src /tmp/vm-src.allow)"
vm_allow_list svq "$(ring_state "$MGMT_B")" "$(reset_state)" >/tmp/vm-dst.allow
expect_eq "the destination's stderr has nothing beyond vm_qemu_allow.txt" "" \
	"$(vm_stderr_unexpected dst /tmp/vm-dst.allow)"
nfaults=$(log_since_mark | grep -c 'DMAR: \[DMA .*fault addr') || true
expect_eq "every IOMMU fault ($nfaults) is QEMU 7.2's: VF A's shadow rings, after the stop" \
	"" "$(faults_not_qemus "${NET_MGMT#pci/0000:}")"
if [ "$KTAP_CNT_FAIL" = 0 ]; then
	sed 's/^/# src qemu: /' /tmp/vm-src.err
	sed 's/^/# dst qemu: /' /tmp/vm-dst.err
else
	vm_dump src
	vm_dump dst
fi

# what make bench collects (lab/bench.sh's vm part): the probe's line as it is
echo "# VM-MIGRATION target=$TARGET function=$(ring_state "$NET_MGMT")" \
     "path=svq suspend_offered=$suspend qemu_downtime_ms=${downtime:-?}" \
     "total_ms=${total:-?} seen_by=$seen_by $probe_out"
cleanup
ktap_finish
