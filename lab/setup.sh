#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Installs the host tools the lab needs and unpacks the guest kernel
# (image, modules, headers, source) into the cache. Idempotent: a second
# run finds everything in place and does nothing. The host's own kernel
# and boot setup are never touched: kernel packages are only unpacked.

source "$(dirname "$0")/lib.sh"
# Debian's packages first, whichever kernel the lab boots: the debug
# kernel is built from their source (LAB_DEBUG=1, lab/debug-kernel.sh).
want_debug=$LAB_DEBUG
LAB_DEBUG=0

HOST_PACKAGES="qemu-system-x86 busybox-static kmod cpio iproute2 ethtool socat
	xz-utils zstd gcc make bc flex bison libelf-dev libssl-dev sparse
	libc6-dev linux-libc-dev python3-docutils dkms dwarves shellcheck
	dpdk-dev librte-net-virtio23 librte-mempool-ring23 iperf3 gnuplot-nox"

apt_updated=
apt_update_once() {
	[ -n "$apt_updated" ] && return
	log "apt-get update"
	apt-get update -q >/dev/null
	apt_updated=1
}

install_host_packages() {
	local missing=() p
	for p in $HOST_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	apt_update_once
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >/dev/null
}

# The image comes from the -unsigned package: the same kernel, published
# with every upload, while the signed one can lag the source by days.
unpack_kernel() {
	local debs="$KCACHE/debs" p
	local pkgs="linux-image-$KVER-unsigned linux-headers-$KVER
		    linux-headers-$KABI-common $KBUILD_PKG
		    linux-source-$KSERIES"

	[ -f "$KROOT/.unpacked" ] && return
	mkdir -p "$debs" "$KROOT"
	for p in $pkgs; do
		ls "$debs/${p}_"*.deb >/dev/null 2>&1 && continue
		log "downloading $p ($KPKGVER)"
		(cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "$p=$KPKGVER" >/dev/null)
	done
	for p in "$debs"/*.deb; do
		dpkg -x "$p" "$KROOT"
	done
	# Debian's headers include their common half by absolute path.
	sed -i "s|^include /usr/src/|include $KROOT/usr/src/|" "$KDIR/Makefile"
	depmod -b "$KROOT" "$KVER"
	touch "$KROOT/.unpacked"
}

# Only the parts of the kernel tree the lab builds from: the vdpa_sim
# reference drivers (with vringh, which Debian does not build), the vDPA
# core (which Debian's 6.1 does not build), the kselftest harness
# headers, the lib.mk that selftests/Makefile includes, the kselftest
# shell helpers (ktap_helpers.sh, since 6.9) and checkpatch. A new file
# here needs a new stamp, so that caches extract again.
unpack_source() {
	local tarball="$KROOT/usr/src/linux-source-$KSERIES.tar.xz"
	local top="linux-source-$KSERIES"

	[ -f "$KSRC/.unpacked-5" ] && return
	mkdir -p "$KSRC"
	log "extracting vdpa_sim and kselftest sources"
	tar -xJf "$tarball" -C "$KSRC" --strip-components=1 \
		"$top/drivers/vdpa/vdpa_sim" \
		"$top/drivers/vhost/vringh.c" \
		"$top/drivers/vdpa/vdpa.c" \
		"$top/drivers/vhost/vdpa.c" "$top/drivers/vhost/vhost.h" \
		"$top/drivers/virtio/virtio_vdpa.c" \
		"$top/drivers/vdpa/virtio_pci/vp_vdpa.c" \
		"$top/tools/testing/selftests/kselftest.h" \
		"$top/tools/testing/selftests/kselftest_harness.h" \
		"$top/tools/testing/selftests/lib.mk" \
		"$top/tools/testing/selftests/kselftest" \
		"$top/scripts/checkpatch.pl" \
		"$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch"
	touch "$KSRC/.unpacked-5"
}

install_host_packages
lab_resolve_kernel || { apt_update_once; lab_resolve_kernel; }
unpack_kernel
unpack_source
# a series whose source predates ktap_helpers.sh (6.1) takes KTAP_SERIES's
if [ ! -f "$KSRC/$KTAP_HELPERS" ] && [ "$KSERIES" != "$KTAP_SERIES" ]; then
	KSERIES=$KTAP_SERIES LAB_DEBUG=0 "$LAB_DIR/setup.sh"
fi
log "guest kernel $KVER ready in $KCACHE"
[ "$want_debug" = 1 ] && "$LAB_DIR/debug-kernel.sh"
# LAB_MODEL (lab/run.sh): the QEMU with the IFCVF device model
[ -n "${LAB_MODEL:-}" ] && "$LAB_DIR/qemu-model.sh" >/dev/null
exit 0
