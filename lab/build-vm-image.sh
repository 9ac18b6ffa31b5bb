#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# What the boots of the VM tier (selftests/vm_*.sh) add to the lab
# guest's initramfs, as a second cpio archive appended to it (the kernel
# unpacks them one after the other), and only for those boots:
#   /usr/bin/qemu-system-x86_64  Debian's, with its ldd libraries, its
#                                TCG accelerator (Debian builds TCG as a
#                                module) and the firmware a q35 guest
#                                booted through PVH reads: SeaBIOS
#                                (bios-256k.bin) and pvh.bin
#   /vm/vmlinux                  the guest kernel as an ELF file, taken
#                                out of its vmlinuz with the kernel's
#                                scripts/extract-vmlinux: QEMU boots it
#                                through its PVH entry, about 30% faster
#                                under TCG than the bzImage
#   /vm/initramfs.cpio.gz        the nested guest: busybox, virtio_net
#                                and virtio_blk, vm_traffic, blk_pattern,
#                                lab/vm-guest-init.sh as /init
# and prints the path of the lab's initramfs with that archive appended.
# The ELF kernel is cached beside the kernel it comes from.
#
# usage: build-vm-image.sh    (after build.sh: it takes the selftests'
#                              programs from the stage folder)

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

stage="$BUILD_DIR/stage"
base="$BUILD_DIR/initramfs.cpio.gz"
output="$BUILD_DIR/initramfs-vm.cpio.gz"
QEMU_BIN=/usr/bin/qemu-system-x86_64
QEMU_MODULES=/usr/lib/x86_64-linux-gnu/qemu
# what QEMU reads at run time: found in its firmware path
# (/usr/share/qemu, /usr/share/seabios: qemu-system-x86_64 -L help)
# and the TPR-patching option ROM its APIC loads, also under TCG
QEMU_FIRMWARE="/usr/share/seabios/bios-256k.bin /usr/share/qemu/pvh.bin
	/usr/share/qemu/kvmvapic.bin"
# the nested guest's modules, in load order (vm-guest-init.sh)
VM_MODULES="failover net_failover virtio_net virtio_blk"

# The kernel as an ELF file, cached by kernel version
vmlinux() {
	local elf="$KCACHE/vm/vmlinux" tarball script
	if [ ! -s "$elf" ]; then
		script="$KSRC/scripts/extract-vmlinux"
		if [ ! -f "$script" ]; then
			tarball="$KROOT/usr/src/linux-source-$KSERIES.tar.xz"
			tar -xJf "$tarball" -C "$KSRC" --strip-components=1 \
				"linux-source-$KSERIES/scripts/extract-vmlinux"
		fi
		mkdir -p "$KCACHE/vm"
		sh "$script" "$KROOT/boot/vmlinuz-$KVER" >"$elf.tmp"
		mv "$elf.tmp" "$elf"
	fi
	echo "$elf"
}

# copy_with_libs ROOT PROG: PROG and the libraries it links, but for
# those the lab's initramfs (build-initramfs.sh) has already
copy_with_libs() {
	local root=$1 prog=$2 lib
	install -D -m 755 "$prog" "$root$prog"
	for lib in $(ldd "$prog" | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] || [ -e "$BUILD_DIR/initramfs$lib" ] ||
			install -D -m 755 "$lib" "$root$lib"
	done
}

# The nested guest's own initramfs
nested_initramfs() {
	local root=$1 out=$2 m path
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,lib/modules}
	install -m 755 /bin/busybox "$root/bin/busybox"
	install -m 755 "$stage/selftests/vm_traffic" \
		"$stage/selftests/blk_pattern" "$root/bin/"
	install -m 755 "$LAB_DIR/vm-guest-init.sh" "$root/init"
	# busybox's insmod takes them uncompressed
	for m in $VM_MODULES; do
		path=$(modprobe -d "$KROOT" -S "$KVER" --show-depends "$m" |
		       awk '$1 == "insmod" { p = $2 } END { print p }')
		[ -n "$path" ] || die "no module $m in $KROOT"
		case $path in
		*.xz) xz -dc "$path" ;;
		*.zst) zstd -dcq "$path" ;;
		*) cat "$path" ;;
		esac >"$root/lib/modules/$m.ko"
	done
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
		gzip -9 >"$out"
}

build_overlay() {
	local root="$BUILD_DIR/vm-overlay" f
	rm -rf "$root"
	mkdir -p "$root/vm"
	copy_with_libs "$root" "$QEMU_BIN"
	copy_with_libs "$root" "$QEMU_MODULES/accel-tcg-x86_64.so"
	for f in $QEMU_FIRMWARE; do
		install -D -m 644 "$f" "$root$f"
	done
	cp "$(vmlinux)" "$root/vm/vmlinux"
	nested_initramfs "$BUILD_DIR/vm-initramfs" "$root/vm/initramfs.cpio.gz"
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
		gzip -1 >"$BUILD_DIR/vm-overlay.cpio.gz"
	cat "$base" "$BUILD_DIR/vm-overlay.cpio.gz" >"$output.tmp"
	mv "$output.tmp" "$output"
	log "VM initramfs: $(du -h "$BUILD_DIR/vm-overlay.cpio.gz" | cut -f1) more" \
	    "(nested initramfs $(du -h "$root/vm/initramfs.cpio.gz" | cut -f1))"
}

[ -x "$QEMU_BIN" ] || die "$QEMU_BIN missing (lab/setup.sh installs qemu-system-x86)"
[ -f "$base" ] || die "no $base: lab/build.sh first"
# The VM boots of one make check may start together: one builds, the
# others find it newer than the lab's initramfs and take it.
exec 9>"$BUILD_DIR/vm-image.lock"
flock 9
if [ ! "$output" -nt "$base" ] ||
   [ "$LAB_DIR/vm-guest-init.sh" -nt "$output" ] ||
   [ "$stage/selftests/vm_traffic" -nt "$output" ]; then
	build_overlay
fi
echo "$output"
