#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds the kernel's own parents the lab compares ifcvf with, unchanged
# from Debian's linux-source (Debian builds neither): vp_vdpa, and the
# in-tree ifcvf as ifcvf_intree.ko (its PCI driver is still called
# "ifcvf", so it never loads beside ours). Cached per kernel in $KCACHE.
#
# usage: build-anchors.sh DEST-DIR     copies the two .ko files there

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

dest=$1

# build_parent NAME SRCDIR KBUILD: one driver, cached
build_parent() {
	local name=$1 work="$KCACHE/$1"
	if [ ! -f "$work/$name.ko" ]; then
		log "building $name for $KVER"
		rm -rf "$work"
		mkdir -p "$work"
		cp "$2"/*.[ch] "$work/"
		cp "$3" "$work/Kbuild"
		make -s -C "$KDIR" M="$work" modules
	fi
	cp "$work/$name.ko" "$dest/"
}

# setup.sh's source extract has vp_vdpa; the in-tree ifcvf comes out of
# the tarball here, or out of the debug kernel's full source tree (whose
# root has no tarball: lab_debug_kernel)
tree="$KCACHE/ifcvf_intree.src"
top="linux-source-$KSERIES"
mkdir -p "$dest" "$BUILD_DIR/vp_vdpa.src"
cp "$KSRC/drivers/vdpa/virtio_pci/vp_vdpa.c" "$BUILD_DIR/vp_vdpa.src/"
build_parent vp_vdpa "$BUILD_DIR/vp_vdpa.src" "$LAB_DIR/vp-vdpa.Kbuild"
if [ ! -f "$KCACHE/ifcvf_intree/ifcvf_intree.ko" ] &&
   [ ! -f "$tree/ifcvf_main.c" ]; then
	log "extracting drivers/vdpa/ifcvf from linux-source-$KSERIES"
	rm -rf "$tree"
	mkdir -p "$tree"
	if [ -f "$KSRC/drivers/vdpa/ifcvf/ifcvf_main.c" ]; then
		cp "$KSRC"/drivers/vdpa/ifcvf/*.[ch] "$tree/"
	else
		tar -xJf "${STOCK_KROOT:-$KROOT}/usr/src/$top.tar.xz" -C "$tree" \
			--strip-components=4 "$top/drivers/vdpa/ifcvf"
	fi
fi
build_parent ifcvf_intree "$tree" "$LAB_DIR/ifcvf-intree.Kbuild"
