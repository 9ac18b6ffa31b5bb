#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest half of make bench's datapath and control-plane figures, all
# in one boot so that they can be compared with each other:
#   tcp      iperf3 between a driver's two NICs, in two namespaces
#   fio      a disk on QEMU's null backend: random 4 KiB reads and
#            writes, sequential 128 KiB reads and writes, queue depth 16,
#            O_DIRECT, io_uring
#   pps      DPDK testpmd txonly through /dev/vhost-vdpa-N, and the
#            frames a native peer NIC receives
#   up       vdpa dev add to a netdev with carrier (native: PCI bind)
#   cycle    open -> DRIVER_OK -> reset -> close through vhost_vdpa
# The host is shared and the guest's CPU emulated, so speed varies from
# one second to the next: each driver has identical functions of its
# own, all attached at once, and the drivers take turns every few
# seconds, or run side by side on a vCPU each (testpmd).

# in the guest, selftests/lib.sh sits beside it
# shellcheck source=../selftests/lib.sh
. ./lib.sh
. ./bench-lib.sh

DRIVERS="virtio_pci ifcvf vp_vdpa"
VDPA_DRIVERS="ifcvf vp_vdpa"
ROUNDS=${BENCH_ROUNDS:-9}
PPS_ROUNDS=${BENCH_PPS_ROUNDS:-6}
CYCLES=${BENCH_CYCLES:-20}
TCP_SECONDS=2
FIO_SECONDS=2
PPS_SECONDS=3
LIBDIR=/usr/lib/x86_64-linux-gnu
WORK=/tmp/bench

# The functions each driver gets (lab/bench.sh places them): two NICs on
# a hub of their own and a disk on QEMU's null backend. The lab's own
# disk (00:05.0) is left alone; 00:07.0 is the native NIC of the
# control plane.
functions_of() {
	case $1 in
	virtio_pci) echo 0000:00:03.0 0000:00:04.0 0000:00:06.0 ;;
	ifcvf) echo 0000:00:08.0 0000:00:09.0 0000:00:0c.0 ;;
	vp_vdpa) echo 0000:00:0a.0 0000:00:0b.0 0000:00:0d.0 ;;
	esac
}
NATIVE_NIC=0000:00:07.0

# vdpa_on BDF DRIVER NAME: a vDPA device NAME on the function, on DRIVER
vdpa_on() {
	pci_bind "$1" "$(pci_driver_of "$2")" &&
		wait_for 10 mgmtdev_exists "$1" &&
		$VDPA dev add name "$3" mgmtdev "pci/$1"
}

# attach_dev BDF DRIVER NAME net|block: the function on DRIVER, through
# virtio_vdpa for the vDPA parents; prints the netdev or disk
attach_dev() {
	if [ "$2" = virtio_pci ]; then
		pci_bind "$1" virtio-pci
		wait_for 10 native_dev "$1" "$4" && native_dev "$1" "$4"
		return
	fi
	vdpa_on "$1" "$2" "$3" && bind_vdpa "$3" virtio_vdpa || return 1
	if [ "$4" = net ]; then
		wait_for 10 vdpa_netdev "$3" && vdpa_netdev "$3"
	else
		wait_for 10 vdpa_blkdev "$3" && vdpa_blkdev "$3"
	fi
}

# --- virtio_vdpa datapath: TCP and the disk ----------------------------

# attach_datapath DRIVER: its NICs as netdevs in namespaces a-DRIVER
# (10.99.0.1) and b-DRIVER (10.99.0.2, with an iperf3 server), its disk
# named in $WORK/DRIVER.disk
attach_datapath() {
	local d="$1" dev_a dev_b disk
	# its functions' addresses, one a word
	# shellcheck disable=SC2046
	set -- $(functions_of "$d")
	if ! { dev_a=$(attach_dev "$1" "$d" "$d-a" net) &&
	       dev_b=$(attach_dev "$2" "$d" "$d-b" net) &&
	       disk=$(attach_dev "$3" "$d" "$d-k" block) &&
	       netns_setup "a-$d" "$dev_a" 10.99.0.1/24 &&
	       netns_setup "b-$d" "$dev_b" 10.99.0.2/24 &&
	       wait_for 10 netns_carrier "a-$d" "$dev_a" &&
	       wait_for 10 netns_carrier "b-$d" "$dev_b"; }; then
		report fail "$d" "datapath: $(kernel_says 'ifcvf|vp.vdpa|virtio')"
		return 1
	fi
	echo "$disk" >"$WORK/$d.disk"
	echo "$dev_b" >"$WORK/$d.dev_b"
	$IP netns exec "b-$d" iperf3 -s -A 1 -D -I "$WORK/$d.iperf3"
}

detach_datapath() {
	local d="$1"
	kill "$(cat "$WORK/$d.iperf3" 2>/dev/null)" 2>/dev/null
	$IP netns del "a-$d" 2>/dev/null
	$IP netns del "b-$d" 2>/dev/null
	rm -f "$WORK/$d.disk"
}

# tcp_kbps DRIVER: receiver's kbit/s of one iperf3 run. Sender and
# receiver stay on a vCPU each, fio on the first: where the scheduler
# puts them would otherwise change a figure more than a driver does.
tcp_kbps() {
	$IP netns exec "a-$1" iperf3 -c 10.99.0.2 -A 0 -t $TCP_SECONDS -O 1 -f k 2>&1 |
		awk '/receiver/ { for (i = 2; i <= NF; i++)
					if ($i == "Kbits/sec") v = $(i - 1) }
		     END { print v + 0 }'
}

# fio_iops DRIVER RW BS: IOPS and KiB moved by one job on the driver's
# disk (terse format: fields 8 and 49 are the read and write IOPS, 6 and
# 47 the KiB)
fio_iops() {
	./fio --name=bench --filename="/dev/$(cat "$WORK/$1.disk")" --direct=1 \
		--ioengine=io_uring --rw="$2" --bs="$3" --iodepth=16 --cpus_allowed=0 \
		--size=256M --runtime=$FIO_SECONDS --time_based \
		--output-format=terse --terse-version=3 2>/dev/null |
		awk -F';' '{ print int($8 + $49), $6 + $47 }'
}

tcp_rx_bytes() {
	netns_stat "b-$1" "$(cat "$WORK/$1.dev_b")" rx_bytes
}

# measure JOB DRIVER ROUND: one sample, reported with the work done
# (TCP: kbit/s and bytes received; fio: IOPS and KiB)
measure() {
	local bytes fig
	case $1 in
	tcp)
		bytes=$(tcp_rx_bytes "$2")
		begin "$@"
		fig=$(tcp_kbps "$2")
		end "$@"
		report "$@" "$fig" $(($(tcp_rx_bytes "$2") - bytes))
		;;
	*)
		set -- "$1" "$2" "$3" "${1#fio-}"
		begin "$1" "$2" "$3"
		fig=$(fio_iops "$2" "${4%-*}" "${4#*-}")
		end "$1" "$2" "$3"
		# fio_iops's figures, one a word
		# shellcheck disable=SC2086
		report "$1" "$2" "$3" $fig
		;;
	esac
}

datapath() {
	local r job d ready=
	for d in $DRIVERS; do
		attach_datapath "$d" && ready="$ready $d"
	done
	for r in $(seq "$ROUNDS"); do
		for job in tcp fio-randread-4k fio-randwrite-4k fio-read-128k \
			   fio-write-128k; do
			for d in $ready; do
				measure "$job" "$d" "$r"
			done
		done
	done
	for d in $DRIVERS; do
		detach_datapath "$d"
	done
	del_all_vdpa
}

# --- vhost_vdpa datapath: testpmd txonly, the two parents side by side ---

# attach_pps DRIVER: its first NIC as a vDPA device on vhost_vdpa, its
# second one native in namespace p-DRIVER, counting what arrives; the
# device node goes to $WORK/DRIVER.chr, the peer netdev to .peer
attach_pps() {
	local d="$1" chr peer
	# its functions' addresses, one a word
	# shellcheck disable=SC2046
	set -- $(functions_of "$d")
	if ! { peer=$(attach_dev "$2" virtio_pci "" net) &&
	       echo "$peer" >"$WORK/$d.peer" &&
	       cat "/sys/class/net/$peer/address" >"$WORK/$d.mac" &&
	       netns_setup "p-$d" "$peer" 10.99.1.2/24 &&
	       vdpa_on "$1" "$d" "$d-v" &&
	       chr=$(attach_vhost_vdpa "$d-v"); }; then
		report fail "$d" "pps: ${chr:-no peer or vDPA device}"
		return 1
	fi
	echo "$chr" >"$WORK/$d.chr"
}

peer_rx() {
	netns_stat "p-$1" "$(cat "$WORK/$1.peer")" rx_packets
}

peer_rx_above() {
	[ "$(peer_rx "$1")" -gt "$2" ]
}

# start_testpmd DRIVER MAIN-LCORE: forwarding on the other vCPU
start_testpmd() {
	dpdk-testpmd -l 0-1 --main-lcore "$2" --in-memory -m 64 --no-pci \
		--no-telemetry -d $LIBDIR/librte_mempool_ring.so.23 \
		-d $LIBDIR/librte_net_virtio.so.23 \
		--vdev "net_virtio_user0,path=$(cat "$WORK/$1.chr"),queues=1" -- \
		--total-num-mbufs=8192 --forward-mode=txonly \
		--eth-peer="0,$(cat "$WORK/$1.mac")" --stats-period=1 \
		>"$WORK/$1.testpmd" 2>&1 &
	echo $! >"$WORK/$1.pid"
}

# testpmd's own Tx-pps: the median of its per-second statistics, the
# first (start-up) left out
testpmd_pps() {
	sed -n 's/.*Tx-pps: *\([0-9]*\).*/\1/p' "$WORK/$1.testpmd" |
		tail -n +2 | sort -n |
		awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : 0 }'
}

# Both parents' testpmds run at once, each forwarding on a vCPU of its
# own (swapped every round), so that both see the same host at every
# moment. Reports testpmd's Tx-pps and the frames per second the peer
# received over the same seconds.
pps_round() {
	local r="$1" d main=0 rx0_i rx0_v t0 t1
	for d in $VDPA_DRIVERS; do
		start_testpmd "$d" $(((main + r) % 2))
		main=$((main + 1))
	done
	for d in $VDPA_DRIVERS; do
		wait_for 60 peer_rx_above "$d" 100 ||
			report fail "$d" "pps: no frame reached the peer"
	done
	sleep 1
	rx0_i=$(peer_rx ifcvf) rx0_v=$(peer_rx vp_vdpa) t0=$(now_us)
	sleep $PPS_SECONDS
	t1=$(now_us)
	report pps ifcvf "$r" 0 $((($(peer_rx ifcvf) - rx0_i) * 1000000 / (t1 - t0)))
	report pps vp_vdpa "$r" 0 $((($(peer_rx vp_vdpa) - rx0_v) * 1000000 / (t1 - t0)))
	for d in $VDPA_DRIVERS; do
		kill -INT "$(cat "$WORK/$d.pid")" 2>/dev/null
	done
	for d in $VDPA_DRIVERS; do
		wait "$(cat "$WORK/$d.pid")"
		report testpmd "$d" "$r" "$(testpmd_pps "$d")"
	done
}

pps() {
	local r d ready=1
	for d in $VDPA_DRIVERS; do
		attach_pps "$d" || ready=
	done
	echo 128 >/proc/sys/vm/nr_hugepages
	if [ -n "$ready" ]; then
		for r in $(seq "$PPS_ROUNDS"); do
			pps_round "$r"
		done
	fi
	echo 0 >/proc/sys/vm/nr_hugepages
	for d in $VDPA_DRIVERS; do
		$IP netns del "p-$d" 2>/dev/null
	done
	del_all_vdpa
}

# --- control plane -------------------------------------------------------

# up_us DRIVER BDF: microseconds from vdpa dev add (native: PCI bind) to
# a netdev that is up and has carrier
up_us() {
	local t0 t1 dev name="up-$1"
	t0=$(now_us)
	if [ "$1" = virtio_pci ]; then
		pci_bind "$2" virtio-pci
		poll 10000 native_dev "$2" net || return 1
		dev=$(native_dev "$2" net)
	else
		$VDPA dev add name "$name" mgmtdev "pci/$2" &&
			bind_vdpa "$name" virtio_vdpa &&
			poll 10000 vdpa_netdev "$name" || return 1
		dev=$(vdpa_netdev "$name")
	fi
	$IP link set "$dev" up
	poll 10000 carrier_up "$dev" || return 1
	t1=$(now_us)
	echo $((t1 - t0))
	if [ "$1" = virtio_pci ]; then
		pci_unbind "$2"
	else
		$VDPA dev del "$name"
	fi
}

# Each driver on a NIC of its own (the first of its datapath pair, the
# native one on NATIVE_NIC): they take turns without a PCI rebind.
control_plane() {
	local i d bdf us chr_i chr_v
	pci_unbind $NATIVE_NIC
	for i in $(seq "$CYCLES"); do
		for d in $DRIVERS; do
			bdf=$(functions_of "$d" | cut -d' ' -f1)
			[ "$d" = virtio_pci ] && bdf=$NATIVE_NIC
			begin up "$d" "$i"
			us=$(up_us "$d" "$bdf") ||
				us="fail $(kernel_says 'ifcvf|vp.vdpa|virtio')"
			end up "$d" "$i"
			report up "$d" "$i" "$us"
		done
	done
	del_all_vdpa
	if ! { vdpa_on "$(functions_of ifcvf | cut -d' ' -f1)" ifcvf cyc-i &&
	       vdpa_on "$(functions_of vp_vdpa | cut -d' ' -f1)" vp_vdpa cyc-v &&
	       chr_i=$(attach_vhost_vdpa cyc-i) &&
	       chr_v=$(attach_vhost_vdpa cyc-v); }; then
		report fail cycle "${chr_i:-} ${chr_v:-}"
		del_all_vdpa
		return
	fi
	for i in $(seq "$CYCLES"); do
		for d in ifcvf:$chr_i vp_vdpa:$chr_v; do
			begin cycle "${d%:*}" "$i"
			us=$($BENCH_TOOL cycle "${d#*:}" 1 2>&1)
			end cycle "${d%:*}" "$i"
			# vdpa_bench's figures, one a word
			# shellcheck disable=SC2086
			report cycle "${d%:*}" "$i" $us
		done
	done
	del_all_vdpa
}

mkdir -p $WORK
{ modprobe ifcvf && modprobe vp_vdpa; } || report fail setup "modprobe"
echo 0 >/sys/bus/vdpa/drivers_autoprobe
for bdf in 0000:00:03.0 0000:00:04.0 0000:00:05.0 0000:00:06.0; do
	pci_unbind $bdf
done
dmesg -c >/dev/null
datapath
pps
control_plane
echo "bench perf done"
