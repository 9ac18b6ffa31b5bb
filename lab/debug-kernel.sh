#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds the debug guest kernel of `make check-debug` from Debian's
# linux-source (unpacked by setup.sh) with x86_64_defconfig plus
# lab/debug.config, and installs it where the lab looks for a kernel:
# $KROOT/boot/vmlinuz-$KVER and $KROOT/lib/modules/$KVER. Out-of-tree
# modules build against the object tree, $KDIR. Cached: a second run
# with the same source and config does nothing.

LAB_DEBUG=1
source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

[ -f "$KROOT/.built" ] && exit 0

unpack_full_source() {
	local tarball="$STOCK_KROOT/usr/src/linux-source-$KSERIES.tar.xz"
	[ -f "$KSRC/.unpacked" ] && return
	log "extracting linux-source-$KSERIES for the debug kernel"
	rm -rf "$KSRC"
	mkdir -p "$KSRC"
	tar -xJf "$tarball" -C "$KSRC" --strip-components=1
	touch "$KSRC/.unpacked"
}

# merge_config.sh quietly drops what Kconfig refuses; say which.
configure() {
	local line missing=0
	make -s -C "$KSRC" O="$KDIR" x86_64_defconfig
	"$KSRC/scripts/kconfig/merge_config.sh" -m -O "$KDIR" \
		"$KDIR/.config" "$LAB_DIR/debug.config" >/dev/null
	make -s -C "$KSRC" O="$KDIR" olddefconfig
	while read -r line; do
		case $line in
		CONFIG_*=* | "# CONFIG_"*" is not set") ;;
		*) continue ;;
		esac
		grep -qxF "$line" "$KDIR/.config" && continue
		case $line in
		"# CONFIG_"*) grep -q "^${line:2:-11}=" "$KDIR/.config" || continue ;;
		esac
		log "debug.config: '$line' did not take"
		missing=1
	done <"$LAB_DIR/debug.config"
	[ $missing = 0 ] || die "fix lab/debug.config"
}

build_and_install() {
	local release
	log "building the debug kernel (KASAN, lockdep, kmemleak): ~25 min"
	make -s -C "$KSRC" O="$KDIR" -j"$(nproc)" bzImage modules
	release=$(make -s -C "$KSRC" O="$KDIR" kernelrelease)
	[ "$release" = "$KVER" ] || die "built $release, expected $KVER"
	rm -rf "$KROOT"
	make -s -C "$KSRC" O="$KDIR" INSTALL_MOD_PATH="$KROOT" \
		INSTALL_MOD_STRIP=1 modules_install
	install -D -m 644 "$KDIR/arch/x86/boot/bzImage" \
		"$KROOT/boot/vmlinuz-$KVER"
	touch "$KROOT/.built"
}

unpack_full_source
configure
build_and_install
log "debug kernel $KVER ready in $KCACHE"
