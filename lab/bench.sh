#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench (first part): counts the virtio-pci register reads and
# writes each driver makes per phase on the same emulated NIC, from
# QEMU's trace of memory region accesses: native virtio_pci, ifcvf and
# the kernel's vp_vdpa (built from Debian's linux-source). Counts are
# deterministic; reads are the expensive accesses on real PCIe.
# Writes build/bench/regcount.md and .json. Not a pass/fail test.

source "$(dirname "$0")/lib.sh"
"$LAB_DIR/setup.sh"
lab_resolve_kernel

export BUILD_DIR="$BUILD_DIR/bench"
out="$BUILD_DIR/regcount"
DRIVERS="virtio_pci ifcvf vp_vdpa"

build_vp_vdpa() {
	local work="$KCACHE/vp_vdpa"
	if [ ! -f "$work/vp_vdpa.ko" ]; then
		rm -rf "$work"
		mkdir -p "$work"
		cp "$KSRC/drivers/vdpa/virtio_pci/vp_vdpa.c" "$work/"
		cp "$LAB_DIR/vp-vdpa.Kbuild" "$work/Kbuild"
		make -s -C "$KDIR" M="$work" modules
	fi
	cp "$work/vp_vdpa.ko" "$BUILD_DIR/stage/extra/"
	"$LAB_DIR/build-initramfs.sh" "$BUILD_DIR/stage" \
		"$BUILD_DIR/initramfs.cpio.gz"
}

LAB_TARGET=ifcvf "$LAB_DIR/build.sh"
build_vp_vdpa

declare -A count
for d in $DRIVERS; do
	log "register count: $d"
	LAB_CMDLINE="lab.bench=$d" \
	LAB_QEMU_EXTRA="-device isa-debugcon,iobase=0x402,chardev=dbgcon
		-chardev null,id=dbgcon
		-trace enable=memory_region_ops_*,file=$BUILD_DIR/trace-$d.log" \
		"$LAB_DIR/run.sh" "bench-$d" none "" ioeventfd=off ""
	grep -q "bench $d done" "$BUILD_DIR/logs/bench-$d.results" ||
		die "the $d run did not finish: $BUILD_DIR/logs/bench-$d.*"
	while read -r phase r w; do
		count[$d.$phase]="$r $w"
	done < <(awk -f "$LAB_DIR/regcount.awk" "$BUILD_DIR/trace-$d.log")
	rm -f "$BUILD_DIR/trace-$d.log"
done

phase_name() {
	case $1 in
	P) echo "PCI probe (native: to DRIVER_OK)" ;;
	A) echo "vdpa dev add + virtio_vdpa to DRIVER_OK" ;;
	L) echo "link up" ;;
	R) echo "virtio_vdpa unbind (reset)" ;;
	T) echo "teardown" ;;
	esac
}

{
	echo "| phase | virtio_pci r/w | ifcvf r/w | vp_vdpa r/w |"
	echo "|---|---|---|---|"
	for p in P A L R T; do
		printf '| %s |' "$(phase_name $p)"
		for d in $DRIVERS; do
			read -r r w <<<"${count[$d.$p]:-- -}"
			printf ' %s / %s |' "$r" "$w"
		done
		echo
	done
} >"$out.md"
{
	echo "{"
	first=1
	for d in $DRIVERS; do
		for p in P A L R T; do
			[ -n "${count[$d.$p]:-}" ] || continue
			read -r r w <<<"${count[$d.$p]}"
			[ $first = 1 ] || echo ","
			first=0
			printf '  "%s.%s": {"reads": %d, "writes": %d}' "$d" "$p" "$r" "$w"
		done
	done
	echo
	echo "}"
} >"$out.json"
echo "virtio-pci register accesses per phase, one single-queue NIC (QEMU trace):"
cat "$out.md"
