#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest half of "make bench"'s register count: brings the first NIC
# up and down with one driver (virtio_pci, ifcvf or vp_vdpa), marking
# each phase with a byte pair on the isa-debugcon port (0x01, then the
# phase's letter) so the host can split QEMU's trace of register
# accesses by phase.
#   P  PCI probe (native: through DRIVER_OK, its netdev appears)
#   A  vdpa dev add and virtio_vdpa bring-up through DRIVER_OK
#   L  link up
#   R  unbinding virtio_vdpa (the device is reset)
#   T  teardown (vdpa dev del, PCI unbind)
#   E  end

. ./lib.sh

BDF=0000:00:03.0
PCI=/sys/bus/pci/devices/$BDF

mark() {
	printf '\001' | dd of=/dev/port bs=1 seek=1026 2>/dev/null
	printf '%s' "$1" | dd of=/dev/port bs=1 seek=1026 2>/dev/null
}

pci_unbind() {
	[ -e "$PCI/driver" ] && echo "$BDF" >"$PCI/driver/unbind"
	return 0
}

pci_bind() {
	echo "$1" >"$PCI/driver_override"
	echo "$BDF" >/sys/bus/pci/drivers_probe
}

native_netdev() {
	ls "$PCI"/virtio*/net 2>/dev/null | grep -v : | head -n 1 | grep .
}

carrier_up() {
	[ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 1 ]
}

link_up() {
	mark L
	$IP link set "$1" up
	wait_for 10 carrier_up "$1"
}

bench_native() {
	local dev
	pci_unbind
	mark P
	pci_bind virtio-pci && wait_for 10 native_netdev
	dev=$(native_netdev)
	link_up "$dev"
	mark T
	pci_unbind
	mark E
}

# bench_vdpa PCI-DRIVER MODULE
bench_vdpa() {
	local dev
	pci_unbind
	modprobe "$2"
	echo 0 >/sys/bus/vdpa/drivers_autoprobe
	mark P
	pci_bind "$1" && wait_for 10 $VDPA mgmtdev show "pci/$BDF"
	mark A
	$VDPA dev add name vdpa0 mgmtdev "pci/$BDF" &&
		bind_vdpa vdpa0 virtio_vdpa && wait_for 10 vdpa_netdev vdpa0
	dev=$(vdpa_netdev vdpa0)
	link_up "$dev"
	mark R
	echo vdpa0 >/sys/bus/vdpa/devices/vdpa0/driver/unbind
	mark T
	$VDPA dev del vdpa0
	pci_unbind
	mark E
}

case $1 in
virtio_pci) bench_native ;;
ifcvf) bench_vdpa ifcvf ifcvf ;;
vp_vdpa) bench_vdpa vp-vdpa vp_vdpa ;;
esac
echo "bench $1 done"
