#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prints "kvm" if a KVM guest boots the lab kernel to /init within a few
# seconds, else "tcg". The verdict is cached per host kernel.

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

verdict="$CACHE_ROOT/accel-$(uname -r)"
if [ ! -f "$verdict" ]; then
	echo tcg >"$verdict"
	out=$(mktemp)
	if [ -w /dev/kvm ]; then
		timeout -s KILL 20 qemu-system-x86_64 -accel kvm -M q35 -m 512 \
			-nographic -no-reboot -nodefaults \
			-kernel "$KROOT/boot/vmlinuz-$KVER" \
			-initrd "$BUILD_DIR/initramfs.cpio.gz" \
			-append "console=ttyS0 panic=-1 lab.target=none" \
			-serial null -serial "file:$out" </dev/null \
			>/dev/null 2>&1 &
		wait $! 2>/dev/null || true
		grep -q LAB-DONE "$out" && echo kvm >"$verdict"
	fi
	rm -f "$out"
fi
cat "$verdict"
