#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest half of "make bench". With a driver's name (virtio_pci,
# ifcvf, vp_vdpa, ifcvf_intree) it brings the first NIC up and down with
# that driver, BENCH_REPS times, marking each repetition (0x02, then its
# number) and each phase (0x01, then the phase's letter) on the
# isa-debugcon port, so that the host can split QEMU's trace of register
# accesses by repetition and phase (lab/regcount.awk):
#   P  PCI probe (native: through DRIVER_OK, its netdev appears)
#   A  vdpa dev add and virtio_vdpa bring-up through DRIVER_OK
#   L  link up
#   S  STATUS_READS reads of the virtio device's sysfs status, each one
#      get_status of the driver after DRIVER_OK
#   R  unbinding virtio_vdpa (the device is reset)
#   V  (ifcvf_intree on QEMU's virtio-pci only, first repetition) an
#      attempt through vhost_vdpa with testpmd
#   T  teardown (vdpa dev del, PCI unbind)
#   E  end
# BENCH_ON=model: the NIC is the IFCVF device model's (lab/qemu/).
# "perf" and "scale" run bench-perf.sh and bench-scale.sh instead.

# in the guest, selftests/lib.sh sits beside it
# shellcheck source=../selftests/lib.sh
. ./lib.sh
. ./bench-lib.sh

BDF=0000:00:03.0
# ifcvf_intree only: a modern-only NIC like the lab's, beside the
# transitional ones it is measured on
MODERN_BDF=0000:00:07.0
REPS=${BENCH_REPS:-3}
STATUS_READS=10

# port_byte BYTE: one byte (printf's \NNN escapes) to isa-debugcon
port_byte() {
	printf '%b' "$1" | dd of=/dev/port bs=1 seek=1026 2>/dev/null
}

mark() {
	port_byte '\001'
	port_byte "$1"
}

mark_rep() {
	port_byte '\002'
	port_byte "$1"
}

link_up() {
	mark L
	$IP link set "$1" up
	wait_for 10 carrier_up "$1"
}

# status_reads DRIVER VIRTIO-DEVICE-DIR: get_status, STATUS_READS times
status_reads() {
	local n=0
	if [ ! -r "$2/status" ]; then
		report fail "$(label "$1")" "regs: no virtio status under '$2'"
		return
	fi
	mark S
	while [ $n -lt $STATUS_READS ]; do
		cat "$2/status" >/dev/null
		n=$((n + 1))
	done
}

bench_native() {
	local dev
	pci_unbind $BDF
	mark P
	pci_bind $BDF virtio-pci && wait_for 10 native_dev $BDF net
	if dev=$(native_dev $BDF net); then
		link_up "$dev"
		status_reads virtio_pci "$(echo /sys/bus/pci/devices/$BDF/virtio*)"
	else
		report fail "$(label virtio_pci)" "regs: no netdev"
	fi
	mark T
	pci_unbind $BDF
	mark E
}

# bench_vdpa DRIVER REP
bench_vdpa() {
	local dev
	pci_unbind $BDF
	dmesg -c >/dev/null
	mark P
	pci_bind $BDF "$(pci_driver_of "$1")" && wait_for 10 mgmtdev_exists $BDF
	mark A
	$VDPA dev add name vdpa0 mgmtdev "pci/$BDF" &&
		bind_vdpa vdpa0 virtio_vdpa && wait_for 10 vdpa_netdev vdpa0
	if dev=$(vdpa_netdev vdpa0); then
		report capability "$(label "$1")" virtio_vdpa "netdev $dev"
		link_up "$dev"
		status_reads "$1" "$(vdpa_virtio_dir vdpa0)"
	else
		report capability "$(label "$1")" virtio_vdpa \
			"no netdev: $(kernel_says "$BDF|vdpa0|virtio")"
	fi
	mark R
	[ -e /sys/bus/vdpa/devices/vdpa0/driver ] &&
		echo vdpa0 >/sys/bus/vdpa/devices/vdpa0/driver/unbind
	if [ "$1" = ifcvf_intree ] && [ "${BENCH_ON:-}" != model ] &&
	   [ "$2" = 1 ]; then
		mark V
		try_vhost_vdpa "$1"
	fi
	mark T
	$VDPA dev del vdpa0
	pci_unbind $BDF
	mark E
}

# The in-tree ifcvf on QEMU's modern-only function: what probe says.
intree_on_modern() {
	pci_unbind $MODERN_BDF
	dmesg -c >/dev/null
	if pci_bind $MODERN_BDF ifcvf 2>/dev/null &&
	   wait_for 3 mgmtdev_exists $MODERN_BDF; then
		report capability ifcvf_intree modern-probe "binds"
	else
		report capability ifcvf_intree modern-probe \
			"$(kernel_says "$MODERN_BDF")"
	fi
	pci_unbind $MODERN_BDF
}

# vhost_vdpa with DPDK's virtio_user, which sets ACCESS_PLATFORM on its
# own: does anything reach the other NIC (native, in ns1)?
try_vhost_vdpa() {
	local peer chr rx0 rx sent err
	if ! { pci_bind 0000:00:04.0 virtio-pci &&
	       wait_for 10 native_dev 0000:00:04.0 net &&
	       peer=$(native_dev 0000:00:04.0 net) &&
	       chr=$(attach_vhost_vdpa vdpa0); }; then
		report capability "$1" vhost_vdpa "no /dev/vhost-vdpa-N: ${chr:-}"
		return
	fi
	$IP link set "$peer" up
	wait_for 5 carrier_up "$peer"
	rx0=$(netdev_stat "$peer" rx_packets)
	echo 40 >/proc/sys/vm/nr_hugepages
	timeout -s KILL 40 dpdk-testpmd -l 0-1 --in-memory -m 64 --no-pci \
		--no-telemetry -d /usr/lib/x86_64-linux-gnu/librte_mempool_ring.so.23 \
		-d /usr/lib/x86_64-linux-gnu/librte_net_virtio.so.23 \
		--vdev "net_virtio_user0,path=$chr,queues=1" -- \
		--total-num-mbufs=8192 --forward-mode=txonly \
		--eth-peer="0,$(cat "/sys/class/net/$peer/address")" \
		--stats-period=1 >/tmp/testpmd.out 2>&1 &
	sleep 15
	kill -INT $! 2>/dev/null
	wait $!
	rx=$(($(netdev_stat "$peer" rx_packets) - rx0))
	sent=$(sed -n 's/.*TX-packets: *\([0-9]*\).*/\1/p' /tmp/testpmd.out |
	       tail -n 1)
	err=$(grep -iE 'error|fail|cannot' /tmp/testpmd.out |
	      grep -vE 'promiscuous|errors: ' | head -n 1)
	report capability "$1" vhost_vdpa "testpmd sent ${sent:-0} frames," \
		"the peer received $rx${err:+; testpmd: $err};" \
		"kernel: $(kernel_says "$BDF|vdpa0|vhost|DMAR")"
	echo 0 >/proc/sys/vm/nr_hugepages
	echo vdpa0 >/sys/bus/vdpa/devices/vdpa0/driver/unbind
	pci_unbind 0000:00:04.0
}

# regs DRIVER: REPS repetitions of the driver's bring-up and teardown
regs() {
	local rep
	case $1 in
	virtio_pci) ;;
	ifcvf_intree)
		modprobe ifcvf_intree
		[ "${BENCH_ON:-}" = model ] || intree_on_modern
		;;
	*)	modprobe "$1" ;;
	esac
	echo 0 >/sys/bus/vdpa/drivers_autoprobe
	for rep in $(seq "$REPS"); do
		mark_rep "$rep"
		if [ "$1" = virtio_pci ]; then
			bench_native
		else
			bench_vdpa "$1" "$rep"
		fi
	done
}

# No IPv6: its own frames after link up would add doorbells to the
# counts, early or late depending on timing.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

case $1 in
perf) exec ./bench-perf.sh ;;
scale) exec ./bench-scale.sh ;;
virtio_pci | ifcvf | vp_vdpa | ifcvf_intree) regs "$1" ;;
*) report fail "$1" "bench-guest.sh: no such part or driver" ;;
esac
echo "bench $1 done"
