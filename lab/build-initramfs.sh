#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Assembles the guest's initramfs: static busybox, kmod, iproute2's ip and
# vdpa, ethtool, DPDK's testpmd and two of its PMDs (with their shared
# libraries), the guest kernel's virtio and vDPA modules with a
# modules.dep, our module, the reference modules and the selftests with
# the kernel's ktap_helpers.sh.
#
# usage: build-initramfs.sh STAGE_DIR OUTPUT
#   STAGE_DIR holds extra/*.ko and selftests/ built by build.sh

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

stage=$1
output=$2
root="$BUILD_DIR/initramfs"
moddir="lib/modules/$KVER"

GUEST_MODULES="virtio_net virtio_blk vdpa vhost_vdpa virtio_vdpa vhost vhost_iotlb
	irqbypass"
GUEST_PROGRAMS="/sbin/ip /sbin/vdpa /usr/sbin/ethtool /usr/bin/kmod
	/usr/bin/dpdk-testpmd"
# Libraries that programs dlopen(), which ldd does not list: the two DPDK
# PMDs selftests/dpdk_testpmd.sh loads with -d. They go to the path of the
# host's symlink to them, never into DPDK's PMD directory: EAL loads every
# PMD it finds there and aborts if one of them fails to load.
GUEST_LIBS="/usr/lib/x86_64-linux-gnu/librte_net_virtio.so.23
	/usr/lib/x86_64-linux-gnu/librte_mempool_ring.so.23"

copy_with_libs() {
	local prog=$1 dest=$2 lib
	install -D -m 755 "$prog" "$root/$dest"
	for lib in $(ldd "$prog" | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] || install -D -m 755 "$lib" "$root$lib"
	done
}

install_programs() {
	local p
	install -D -m 755 /bin/busybox "$root/bin/busybox"
	for p in $GUEST_PROGRAMS; do
		copy_with_libs "$p" "sbin/$(basename "$p")"
	done
	for p in $GUEST_LIBS; do
		copy_with_libs "$p" "${p#/}"
	done
	for p in modprobe insmod rmmod lsmod depmod modinfo; do
		ln -sf kmod "$root/sbin/$p"
	done
}

# ldd names the PMDs testpmd links with by their path in DPDK's PMD
# directory; in the guest they sit beside the other libraries instead,
# where the dynamic loader finds them too (see GUEST_LIBS).
move_dpdk_pmds() {
	local libdir="$root/usr/lib/x86_64-linux-gnu"
	[ -d "$libdir/dpdk" ] || return 0
	mv -f "$libdir"/dpdk/pmds-*/* "$libdir/"
	rm -r "$libdir/dpdk"
}

install_kernel_modules() {
	local m path
	for m in $GUEST_MODULES; do
		# built by the lab when the kernel lacks it (see build.sh)
		[ -f "$stage/extra/$m.ko" ] && continue
		modprobe -d "$KROOT" -S "$KVER" --show-depends "$m" |
			awk '$1 == "insmod" { print $2 }'
	done | sort -u | while read -r path; do
		install -D -m 644 "$path" "$root/${path#"$KROOT"/}"
	done
	install -D -m 644 -t "$root/$moddir/extra" "$stage"/extra/*.ko
	cp "$KROOT/$moddir"/modules.{order,builtin,builtin.modinfo} \
		"$root/$moddir/"
	depmod -b "$root" "$KVER"
}

rm -rf "$root"
mkdir -p "$root"/{dev,proc,sys,tmp,run,etc,root,usr/bin,usr/sbin,var/run/netns}
install_programs
move_dpdk_pmds
install_kernel_modules
cp -r "$stage/selftests" "$root/selftests"
# where a kselftest install has it: beside the test folders
ktap=$(lab_ktap_helpers)
install -D -m 644 "$ktap" "$root/kselftest/ktap_helpers.sh"
install -m 755 "$LAB_DIR/guest-init.sh" "$root/init"
install -D -m 644 -t "$root/lab" "$LAB_DIR/kernel-reports.awk" \
	"$LAB_DIR/iommu-fault-allow.txt"
install -m 755 "$LAB_DIR/demo-guest.sh" "$LAB_DIR/bench-guest.sh" \
	"$root/selftests/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
	gzip -1 >"$output"
log "initramfs $(du -h "$output" | cut -f1)"
