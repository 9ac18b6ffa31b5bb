#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# DPDK's testpmd drives a net vDPA device through /dev/vhost-vdpa-N with
# its virtio_user PMD: vdpa0 on NET_MGMT is bound to vhost_vdpa, the peer
# vdpa1 on NET_MGMT_PEER is a virtio_vdpa netdev in namespace ns1.
#   txonly:  testpmd sends to the peer's MAC; the peer counts the frames.
#   macswap: the peer sends to vdpa0's MAC (pings to a static neighbour);
#            testpmd receives them and sends them back, source and
#            destination MAC swapped, so the peer counts them coming back.
# testpmd must exit cleanly each time, and vdpa0 must then be deletable.
#
# EAL keeps its memory in hugepages without files (--in-memory); only
# the two PMDs it needs are loaded, with -d (lab/build-initramfs.sh keeps
# DPDK's PMD directory out of the guest). Not --no-huge: vhost_vdpa pins
# the memory in physically contiguous chunks and keeps one IOTLB entry per
# chunk, at most max_iotlb_entries (2048); 128 MiB of scattered 4 KiB
# pages can need more, and VHOST_IOTLB_UPDATE then fails (ENOSPC, which
# vhost reports as EFAULT). testpmd's memory is pinned against
# RLIMIT_MEMLOCK, which the lab's init lifts.

. ./lib.sh

LIBDIR=/usr/lib/x86_64-linux-gnu
MEM_MB=64
HUGEPAGES=40		# of 2 MiB: MEM_MB and some to spare
TXONLY_SECONDS=2
TXONLY_MIN=1000
PINGS=200
OUT=/tmp/testpmd.out
FIFO=/tmp/testpmd.in

# no hugepages (after cleanup's; testpmd is one of its jobs)
cleanup_test() {
	echo 0 >/proc/sys/vm/nr_hugepages
}

# start_testpmd ARGS...: testpmd in the background with the given
# application arguments; stop_testpmd ends it through its stdin. Its
# output only shows at the end (stdout to a file is buffered), so the
# callers watch the peer's counters to see it forwarding.
# TESTPMD_TIMEOUT (60 s) bounds a whole run; the debug tier's KASAN and
# lockdep kernel maps testpmd's hugepages several times slower.
start_testpmd() {
	rm -f "$FIFO" "$OUT"
	mkfifo "$FIFO"
	timeout -s KILL "${TESTPMD_TIMEOUT:-60}" dpdk-testpmd -l 0-1 --in-memory -m $MEM_MB \
		--no-pci --no-telemetry \
		-d "$LIBDIR/librte_mempool_ring.so.23" \
		-d "$LIBDIR/librte_net_virtio.so.23" \
		--vdev "net_virtio_user0,path=$chr,queues=1" -- \
		--total-num-mbufs=8192 "$@" <"$FIFO" >"$OUT" 2>&1 &
	tp_pid=$!
	exec 4>"$FIFO"
}

# stop_testpmd: sets tp_rc, the exit status
stop_testpmd() {
	kill -0 "$tp_pid" 2>/dev/null && echo >&4
	exec 4>&-
	wait "$tp_pid"
	tp_rc=$?
	tp_pid=
}

peer_stat() {
	netns_stat ns1 "$dev1" "$1"
}

peer_rx_above() {
	[ "$(peer_stat rx_packets)" -gt "$1" ]
}

# A ping to vdpa0's MAC comes back from testpmd in macswap mode.
ping_comes_back() {
	local rx
	rx=$(peer_stat rx_packets)
	$IP netns exec ns1 ping -c 1 -W 1 10.99.0.1 >/dev/null 2>&1
	sleep 0.2
	peer_rx_above "$rx"
}

# tp_stat NAME: a count of testpmd's "Accumulated forward statistics"
tp_stat() {
	sed -n '/Accumulated forward statistics/,/+++$/p' "$OUT" |
		sed -n "s/.*$1: *\([0-9]*\).*/\1/p" | head -n 1
}

testpmd_log() {
	grep -iE 'fail|error|cause|cannot' "$OUT" | tail -n 6 | tr '\n' ' '
}

# started MODE HOW-WE-KNOW: virtio_user started the device and testpmd
# forwards (the second argument's command succeeds)
started() {
	local mode="$1"
	shift
	if wait_for 30 "$@" && ! grep -q "Failed to start device" "$OUT"; then
		ktap_ok "testpmd ($mode) starts the device on $chr and forwards"
		return 0
	fi
	stop_testpmd
	ktap_not_ok "testpmd ($mode) starts the device on $chr and forwards" \
		"$(testpmd_log)"
	return 1
}

# exited_cleanly MODE: testpmd said goodbye and exited with status 0
exited_cleanly() {
	if [ "$tp_rc" = 0 ] && grep -q '^Bye' "$OUT"; then
		ktap_ok "testpmd ($1) exits cleanly"
	else
		ktap_not_ok "testpmd ($1) exits cleanly" \
			"status $tp_rc: $(testpmd_log)"
	fi
}

ktap_header 11
trap '' PIPE
del_all_vdpa
[ -n "$NET_MGMT_PEER" ] ||
	setup_failed dpdk_testpmd "needs a peer NIC (NET_MGMT_PEER)"
[ "$(grep -c ^processor /proc/cpuinfo)" -ge 2 ] ||
	setup_failed dpdk_testpmd "testpmd needs 2 CPUs (main, forwarding)"
command -v dpdk-testpmd >/dev/null ||
	setup_failed dpdk_testpmd "no dpdk-testpmd in the guest"
echo $HUGEPAGES >/proc/sys/vm/nr_hugepages
pages=$(sed -n 's/^HugePages_Total: *//p' /proc/meminfo)
[ "${pages:-0}" -ge $((MEM_MB / 2)) ] ||
	setup_failed dpdk_testpmd "only ${pages:-0} of $HUGEPAGES hugepages"

add_net_vdpa vdpa0 "$NET_MGMT" ||
	setup_failed dpdk_testpmd "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed dpdk_testpmd "$chr"
mac0=$($VDPA dev config show vdpa0 |
	sed -n 's/.* mac \([0-9a-f:]\{17\}\).*/\1/p')
dev1=$(peer_up vdpa1) || setup_failed dpdk_testpmd "$dev1"
mac1=$($IP netns exec ns1 cat "/sys/class/net/$dev1/address")
echo "# vdpa0 $chr mac $mac0 on $NET_MGMT; peer $dev1 mac $mac1 in ns1"

# --- txonly: testpmd -> peer ------------------------------------------
rx0=$(peer_stat rx_packets)
start_testpmd --forward-mode=txonly --eth-peer="0,$mac1"
if started txonly peer_rx_above "$rx0"; then
	rx0=$(peer_stat rx_packets)
	sleep $TXONLY_SECONDS
	stop_testpmd
	sleep 1
	rx=$(($(peer_stat rx_packets) - rx0))
else
	rx=0
fi
exited_cleanly txonly
port_mac=$(sed -n 's/^Port 0: \([0-9A-Fa-f:]*\).*/\1/p' "$OUT" | head -n 1 |
	tr 'A-F' 'a-f')
expect_eq "testpmd's port 0 has vdpa0's MAC from its config space" \
	"$mac0" "$port_mac"
tx=$(tp_stat TX-packets) txd=$(tp_stat TX-dropped) txt=$(tp_stat TX-total)
echo "# txonly: testpmd TX-packets $tx TX-dropped $txd TX-total $txt;" \
	"peer rx_packets +$rx in ${TXONLY_SECONDS}+ s"
if [ "$rx" -ge $TXONLY_MIN ]; then
	ktap_ok "the peer counted $rx frames from testpmd (>= $TXONLY_MIN)"
else
	ktap_not_ok "the peer counted >= $TXONLY_MIN frames from testpmd" \
		"peer rx_packets +$rx, testpmd TX-packets '$tx'"
fi
desc="testpmd's TX-packets cover what the peer counted"
desc="$desc, TX-total = TX-packets + TX-dropped"
if [ -n "$tx" ] && [ "$tx" -ge "$rx" ] && [ "$tx" -gt 0 ] &&
   [ "$txt" = $((tx + txd)) ]; then
	ktap_ok "$desc ($tx)"
else
	ktap_not_ok "$desc" \
		"TX-packets '$tx' TX-dropped '$txd' TX-total '$txt', peer $rx"
fi

# --- macswap: peer -> testpmd -> peer ---------------------------------
$IP -n ns1 neigh replace 10.99.0.1 lladdr "$mac0" dev "$dev1" nud permanent
start_testpmd --forward-mode=macswap
sent=0 back=0
if started macswap ping_comes_back; then
	tx0=$(peer_stat tx_packets) rx0=$(peer_stat rx_packets)
	$IP netns exec ns1 ping -c $PINGS -i 0.01 -W 1 10.99.0.1 >/dev/null 2>&1
	sleep 1
	sent=$(($(peer_stat tx_packets) - tx0))
	back=$(($(peer_stat rx_packets) - rx0))
	stop_testpmd
fi
exited_cleanly macswap
rx=$(tp_stat RX-packets) tx=$(tp_stat TX-packets)
echo "# macswap: peer sent $sent, testpmd RX-packets $rx TX-packets $tx," \
	"peer got back $back"
if [ "$sent" -ge $PINGS ] && [ -n "$rx" ] && [ "$rx" -ge "$sent" ]; then
	ktap_ok "testpmd received all $sent frames the peer sent (RX-packets $rx)"
else
	ktap_not_ok "testpmd received all frames the peer sent" \
		"peer sent $sent, RX-packets '$rx'"
fi
if [ -n "$tx" ] && [ "$back" -ge "$sent" ] && [ "$back" -gt 0 ] &&
   [ "$tx" -ge "$back" ]; then
	ktap_ok "the peer got all $back frames back from testpmd (TX-packets $tx)"
else
	ktap_not_ok "the peer got all frames back from testpmd" \
		"sent $sent, back $back, TX-packets '$tx'"
fi

$IP netns del ns1
check "vdpa0 can be deleted after testpmd" $VDPA dev del vdpa0
del_all_vdpa
expect_eq "no device and no /dev/vhost-vdpa-N left" "" \
	"$(ls /sys/bus/vdpa/devices/; ls -d /dev/vhost-vdpa-* 2>/dev/null)"
echo 0 >/proc/sys/vm/nr_hugepages
rm -f "$FIFO" "$OUT"
ktap_finish
