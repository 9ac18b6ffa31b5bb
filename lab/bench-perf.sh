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
# seconds, in an order drawn anew for every job of every round (seeded:
# BENCH_SEED), or run side by side on a vCPU each (testpmd).
#
# BENCH_ON=model: the functions are the IFCVF device model's
# (lab/qemu/), and the drivers are ours and the kernel's own ifcvf.
# Both register a PCI driver called "ifcvf", so they cannot be loaded
# at once: each round, in a drawn order, each driver is loaded, attached
# to the same functions, measured (tcp, fio, pps) and unloaded again.
#
# Every sample is bounded: one that takes GRACE seconds longer than it
# should is reported as a failure of that sample, and its driver takes
# no further part (its device is stuck: tearing it down would hang too).

# in the guest, selftests/lib.sh sits beside it
# shellcheck source=../selftests/lib.sh
. ./lib.sh
. ./bench-lib.sh

if [ "${BENCH_ON:-}" = model ]; then
	DRIVERS="ifcvf ifcvf_intree"
else
	DRIVERS="virtio_pci ifcvf vp_vdpa"
fi
VDPA_DRIVERS="ifcvf vp_vdpa"
ROUNDS=${BENCH_ROUNDS:-9}
PPS_ROUNDS=${BENCH_PPS_ROUNDS:-6}
CYCLES=${BENCH_CYCLES:-20}
# (lab/bench.sh passes a list of jobs with commas between them)
JOBS=$(echo "${BENCH_JOBS:-tcp fio-randread-4k fio-randwrite-4k fio-read-128k fio-write-128k}" |
	tr , ' ')
TCP_SECONDS=${BENCH_SECONDS:-2}
FIO_SECONDS=${BENCH_SECONDS:-2}
PPS_SECONDS=${BENCH_SECONDS:-3}
GRACE=30
LIBDIR=/usr/lib/x86_64-linux-gnu
WORK=/tmp/bench

# The functions each driver gets (lab/bench.sh places them): two NICs on
# a hub of their own and a disk on QEMU's null backend. The lab's own
# disk (00:05.0) is left alone; 00:07.0 is the native NIC of the
# control plane. On the model both drivers get the same three.
functions_of() {
	if [ "${BENCH_ON:-}" = model ]; then
		echo 0000:00:03.0 0000:00:04.0 0000:00:06.0
		return
	fi
	case $1 in
	virtio_pci) echo 0000:00:03.0 0000:00:04.0 0000:00:06.0 ;;
	ifcvf) echo 0000:00:08.0 0000:00:09.0 0000:00:0c.0 ;;
	vp_vdpa) echo 0000:00:0a.0 0000:00:0b.0 0000:00:0d.0 ;;
	esac
}
NATIVE_NIC=0000:00:07.0

# --- drivers that stop answering ------------------------------------------

STUCK=" "
stuck() {
	case $STUCK in *" $1 "*) return 0 ;; esac
	return 1
}

# mark_stuck DRIVER WHAT SECONDS: WHAT did not finish in time
mark_stuck() {
	STUCK="$STUCK$1 "
	report fail "$(label "$1")" "$2: no result within $3 s, its later" \
		"samples are not taken; kernel: $(kernel_says 'ifcvf|vp.vdpa|virtio|blk|hung')"
}

# del_vdpa_of DRIVER: its vDPA devices (named DRIVER-...) deleted
del_vdpa_of() {
	local dev
	for dev in /sys/bus/vdpa/devices/"$1"-*; do
		[ -e "$dev" ] && $VDPA dev del "${dev##*/}"
	done
	return 0
}

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
		report fail "$(label "$d")" "datapath: $(kernel_says 'ifcvf|vp.vdpa|virtio')"
		return 1
	fi
	echo "$disk" >"$WORK/$d.disk"
	echo "$dev_b" >"$WORK/$d.dev_b"
	$IP netns exec "b-$d" iperf3 -s -A 1 -D -I "$WORK/$d.iperf3"
}

detach_datapath() {
	local d="$1" bdf
	kill "$(cat "$WORK/$d.iperf3" 2>/dev/null)" 2>/dev/null
	$IP netns del "a-$d" 2>/dev/null
	$IP netns del "b-$d" 2>/dev/null
	rm -f "$WORK/$d.disk"
	if [ "$d" = virtio_pci ]; then
		for bdf in $(functions_of "$d"); do
			pci_unbind "$bdf"
		done
	fi
	del_vdpa_of "$d"
}

# tcp_kbps DRIVER: receiver's kbit/s of one iperf3 run. Sender and
# receiver stay on a vCPU each, fio on the first: where the scheduler
# puts them would otherwise change a figure more than a driver does.
tcp_kbps() {
	$IP netns exec "a-$1" iperf3 -c 10.99.0.2 -A 0 -t "$TCP_SECONDS" -O 1 -f k 2>&1 |
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
		--size=256M --runtime="$FIO_SECONDS" --time_based \
		--output-format=terse --terse-version=3 2>/dev/null |
		awk -F';' '{ print int($8 + $49), $6 + $47 }'
}

tcp_rx_bytes() {
	netns_stat "b-$1" "$(cat "$WORK/$1.dev_b")" rx_bytes 2>/dev/null ||
		echo 0
}

# sample JOB DRIVER ROUND: one sample between the host's marks; prints
# the figures (TCP: kbit/s and bytes received; fio: IOPS and KiB)
sample() {
	local job="$1" d="$2" name bytes fig rw
	name=$(label "$d")
	if [ "$job" = tcp ]; then
		bytes=$(tcp_rx_bytes "$d")
		begin tcp "$name" "$3"
		fig=$(tcp_kbps "$d")
		end tcp "$name" "$3"
		echo "$fig $(($(tcp_rx_bytes "$d") - bytes))"
		return
	fi
	rw=${job#fio-}
	begin "$job" "$name" "$3"
	fig=$(fio_iops "$d" "${rw%-*}" "${rw#*-}")
	end "$job" "$name" "$3"
	echo "$fig"
}

# measure JOB DRIVER ROUND: the sample reported, or its driver stuck
measure() {
	local limit=$((TCP_SECONDS + 1 + GRACE)) rc
	[ "$1" = tcp ] || limit=$((FIO_SECONDS + GRACE))
	bounded $limit sample "$@" >"$WORK/sample"
	rc=$?
	if [ $rc = 124 ]; then
		mark_stuck "$2" "$1 round $3" $limit
		return 1
	fi
	# the sample's figures, one a word
	# shellcheck disable=SC2046
	report "$1" "$(label "$2")" "$3" $(cat "$WORK/sample")
}

datapath() {
	local r job d ready=
	for d in $DRIVERS; do
		progress "$d: attach the datapath"
		bounded 120 attach_datapath "$d" && ready="$ready $d"
	done
	for r in $(seq "$ROUNDS"); do
		for job in $JOBS; do
			# the drivers not stuck, one a word
			# shellcheck disable=SC2046
			shuffle $(for d in $ready; do stuck "$d" || echo "$d"; done)
			report order "$job" "$r" "$SHUFFLED"
			for d in $SHUFFLED; do
				measure "$job" "$d" "$r"
			done
		done
	done
	progress "datapath: detach"
	for d in $ready; do
		stuck "$d" || bounded 60 detach_datapath "$d"
	done
}

# --- vhost_vdpa datapath: testpmd txonly --------------------------------

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
		report fail "$(label "$d")" "pps: ${chr:-no peer or vDPA device}"
		return 1
	fi
	echo "$chr" >"$WORK/$d.chr"
}

detach_pps() {
	$IP netns del "p-$1" 2>/dev/null
	del_vdpa_of "$1"
	pci_unbind "$(functions_of "$1" | cut -d' ' -f2)"
}

peer_rx() {
	netns_stat "p-$1" "$(cat "$WORK/$1.peer")" rx_packets 2>/dev/null ||
		echo 0
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

# reserve_hugepages: 128 pages of 2 MiB for testpmd (64 MiB each for
# two). A write to nr_hugepages stops allocating when a signal arrives
# (this shell's children end all the time), and memory freed moments ago
# may still need compacting: so until all are there, or five tries.
reserve_hugepages() {
	local i
	for i in 1 2 3 4 5; do
		echo 128 >/proc/sys/vm/nr_hugepages
		[ "$(sed -n 's/^HugePages_Total: *//p' /proc/meminfo)" -ge 128 ] &&
			return 0
		sync
		echo 3 >/proc/sys/vm/drop_caches
		echo 1 >/proc/sys/vm/compact_memory
	done
	report fail hugepages "only $(hugepages) 2 MiB pages of 128"
	return 1
}

# hugepages: how many 2 MiB pages there are, and how many are free
hugepages() {
	awk '/^HugePages_Total/ { t = $2 } /^HugePages_Free/ { f = $2 }
	     END { print t + 0 " (" f + 0 " free)" }' /proc/meminfo
}

# sending DRIVER: frames from its testpmd reach the peer; fails at once
# once testpmd has gone
sending() {
	peer_rx_above "$1" 100 && return 0
	gone "$(cat "$WORK/$1.pid")" && return 2
	return 1
}

# gone PID: it has exited (and is at most a zombie)
gone() {
	[ ! -e "/proc/$1" ] ||
		[ "$(sed 's/.*) \([A-Za-z]\) .*/\1/' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# stop_testpmd DRIVER: testpmd asked to stop, and killed if it has not
# within 20 s (then its driver is stuck)
stop_testpmd() {
	local pid
	pid=$(cat "$WORK/$1.pid")
	kill -INT "$pid" 2>/dev/null
	if ! wait_for 20 gone "$pid"; then
		kill_tree "$pid"
		mark_stuck "$1" "testpmd's exit" 20
		return 1
	fi
	wait "$pid"
	return 0
}

# testpmd's own Tx-pps: the median of its per-second statistics, the
# first (start-up) left out
testpmd_pps() {
	sed -n 's/.*Tx-pps: *\([0-9]*\).*/\1/p' "$WORK/$1.testpmd" |
		tail -n +2 | sort -n |
		awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : 0 }'
}

# pps_sample ROUND DRIVER...: the drivers' testpmds run at once, each
# forwarding on a vCPU of its own (the first drawn gets the second vCPU,
# as the order is drawn anew every round), so that they see the same
# host at every moment. Reports testpmd's Tx-pps and the frames per
# second the peer received over the same seconds.
pps_sample() {
	local r="$1" d main=1 t0 t1
	shift
	# one after the other: two DPDK start-ups at once (hugepages, the
	# vIOMMU mapping all of them) on a loaded host once kept the second
	# from sending within the minute; measured, they run side by side
	for d in "$@"; do
		start_testpmd "$d" $main
		main=$((1 - main))
		until_up 60 sending "$d" ||
			report fail "$(label "$d")" "pps round $r: no frame reached" \
				"the peer; $(hugepages) hugepages; testpmd: $(grep -iE 'error|fail|cannot|tx-pps' \
				"$WORK/$d.testpmd" | tail -n 2 | tr '\n' ' ')kernel:" \
				"$(kernel_says 'ifcvf|vp.vdpa|vhost|DMAR|virtio')"
	done
	sleep 1
	for d in "$@"; do
		peer_rx "$d" >"$WORK/$d.rx0"
	done
	t0=$(now_us)
	sleep "$PPS_SECONDS"
	t1=$(now_us)
	for d in "$@"; do
		report pps "$(label "$d")" "$r" 0 \
			$((($(peer_rx "$d") - $(cat "$WORK/$d.rx0")) * 1000000 / (t1 - t0)))
	done
	for d in "$@"; do
		stop_testpmd "$d" &&
			report testpmd "$(label "$d")" "$r" "$(testpmd_pps "$d")"
	done
}

pps() {
	local r d ready=1
	for d in $VDPA_DRIVERS; do
		progress "$d: attach vhost_vdpa and the peer"
		bounded 120 attach_pps "$d" || ready=
	done
	reserve_hugepages
	if [ -n "$ready" ]; then
		for r in $(seq "$PPS_ROUNDS"); do
			# shellcheck disable=SC2086
			shuffle $VDPA_DRIVERS
			report order pps "$r" "$SHUFFLED"
			# (both parents side by side: none may be stuck)
			for d in $VDPA_DRIVERS; do
				stuck "$d" && break 2
			done
			# shellcheck disable=SC2086
			pps_sample "$r" $SHUFFLED
		done
	fi
	echo 0 >/proc/sys/vm/nr_hugepages
	for d in $VDPA_DRIVERS; do
		stuck "$d" || bounded 60 detach_pps "$d"
	done
}

# --- control plane -------------------------------------------------------

# up_us DRIVER BDF ROUND: microseconds from vdpa dev add (native: PCI
# bind) to a netdev that is up and has carrier, between the host's marks
up_us() {
	local t0 t1 dev name="up-$1" label
	label=$(label "$1")
	begin up "$label" "$3"
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
	end up "$label" "$3"
	echo $((t1 - t0))
	if [ "$1" = virtio_pci ]; then
		pci_unbind "$2"
	else
		$VDPA dev del "$name"
	fi
}

# cycle_us DRIVER CHARDEV ROUND: one vhost-vdpa cycle between the marks
cycle_us() {
	local label
	label=$(label "$1")
	begin cycle "$label" "$3"
	$BENCH_TOOL cycle "$2" 1 2>&1
	end cycle "$label" "$3"
}

# Each driver on a NIC of its own (the first of its datapath pair, the
# native one on NATIVE_NIC): they take turns without a PCI rebind.
control_plane() {
	local i d bdf chr_i chr_v
	progress "control plane"
	pci_unbind $NATIVE_NIC
	for i in $(seq "$CYCLES"); do
		# shellcheck disable=SC2086
		shuffle $DRIVERS
		report order up "$i" "$SHUFFLED"
		for d in $SHUFFLED; do
			# a driver stuck earlier still holds its function
			stuck "$d" && continue
			bdf=$(functions_of "$d" | cut -d' ' -f1)
			[ "$d" = virtio_pci ] && bdf=$NATIVE_NIC
			if ! bounded 60 up_us "$d" "$bdf" "$i" >"$WORK/up"; then
				echo "fail $(kernel_says 'ifcvf|vp.vdpa|virtio')" >"$WORK/up"
			fi
			report up "$(label "$d")" "$i" "$(cat "$WORK/up")"
		done
	done
	bounded 60 del_all_vdpa
	if ! { vdpa_on "$(functions_of ifcvf | cut -d' ' -f1)" ifcvf cyc-i &&
	       vdpa_on "$(functions_of vp_vdpa | cut -d' ' -f1)" vp_vdpa cyc-v &&
	       chr_i=$(attach_vhost_vdpa cyc-i) &&
	       chr_v=$(attach_vhost_vdpa cyc-v); }; then
		report fail cycle "${chr_i:-} ${chr_v:-}"
		bounded 60 del_all_vdpa
		return
	fi
	for i in $(seq "$CYCLES"); do
		# shellcheck disable=SC2086
		shuffle $VDPA_DRIVERS
		report order cycle "$i" "$SHUFFLED"
		for d in $SHUFFLED; do
			if [ "$d" = ifcvf ]; then
				bounded 60 cycle_us ifcvf "$chr_i" "$i" >"$WORK/cycle"
			else
				bounded 60 cycle_us vp_vdpa "$chr_v" "$i" >"$WORK/cycle"
			fi
			[ $? = 124 ] && echo "fail: no cycle within 60 s" >"$WORK/cycle"
			# vdpa_bench's figures, one a word
			# shellcheck disable=SC2046
			report cycle "$d" "$i" $(cat "$WORK/cycle")
		done
	done
	bounded 60 del_all_vdpa
}

# --- on the model: the drivers in turns, loaded one at a time ------------

# the module of each driver (the PCI driver of both is "ifcvf")
module_of() {
	case $1 in
	ifcvf_intree) echo ifcvf_intree ;;
	*) echo "$1" ;;
	esac
}

# load DRIVER: its module loaded, the other's unloaded
load() {
	local other
	for other in $DRIVERS; do
		[ "$other" = "$1" ] && continue
		if [ -d "/sys/module/$(module_of "$other")" ] &&
		   ! bounded 60 rmmod "$(module_of "$other")"; then
			report fail "$(label "$1")" "rmmod $(module_of "$other") failed"
			return 1
		fi
	done
	modprobe "$(module_of "$1")" && return 0
	report fail "$(label "$1")" "modprobe $(module_of "$1") failed"
	return 1
}

# unload DRIVER: its devices gone, its functions unbound, its module out
unload() {
	local bdf
	del_vdpa_of "$1"
	for bdf in $(functions_of "$1"); do
		pci_unbind "$bdf"
	done
	rmmod "$(module_of "$1")"
}

# model_turn DRIVER ROUND: the driver's samples of one round
model_turn() {
	local d="$1" r="$2" job
	progress "$d: attach the datapath"
	if bounded 120 attach_datapath "$d"; then
		for job in $JOBS; do
			measure "$job" "$d" "$r" || return 1
		done
		progress "$d: detach the datapath"
		bounded 60 detach_datapath "$d" ||
			{ mark_stuck "$d" "datapath teardown" 60; return 1; }
	fi
	[ "$PPS_ROUNDS" -gt 0 ] || return 0
	progress "$d: attach vhost_vdpa and the peer"
	if bounded 120 attach_pps "$d"; then
		progress "$d: testpmd, $(hugepages) 2 MiB pages"
		pps_sample "$r" "$d" || return 1
		progress "$d: detach vhost_vdpa and the peer"
		bounded 60 detach_pps "$d" ||
			{ mark_stuck "$d" "vhost_vdpa teardown" 60; return 1; }
	fi
}

model() {
	local r d
	[ "$PPS_ROUNDS" -gt 0 ] && reserve_hugepages
	for r in $(seq "$ROUNDS"); do
		# the drivers not stuck, one a word
		# shellcheck disable=SC2046
		shuffle $(for d in $DRIVERS; do stuck "$d" || echo "$d"; done)
		report order model "$r" "$SHUFFLED"
		for d in $SHUFFLED; do
			progress "$d: load"
			load "$d" || continue
			model_turn "$d" "$r" || continue
			progress "$d: unload"
			stuck "$d" || bounded 60 unload "$d" ||
				mark_stuck "$d" "unloading" 60
		done
	done
}

mkdir -p $WORK
report seed "${BENCH_SEED:-1}"
echo 0 >/sys/bus/vdpa/drivers_autoprobe
for bdf in 0000:00:03.0 0000:00:04.0 0000:00:05.0 0000:00:06.0; do
	pci_unbind $bdf
done
dmesg -c >/dev/null
if [ "${BENCH_ON:-}" = model ]; then
	model
else
	{ modprobe ifcvf && modprobe vp_vdpa; } || report fail setup "modprobe"
	datapath
	[ "$PPS_ROUNDS" -gt 0 ] && pps
	[ "$CYCLES" -gt 0 ] && control_plane
fi
echo "bench perf done"
