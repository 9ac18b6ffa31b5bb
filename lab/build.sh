#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds what the guest runs: ifcvf.ko against the guest kernel, the
# vdpa_sim reference modules, the selftests, then the initramfs.

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

stage="$BUILD_DIR/stage"
rm -rf "$stage"
mkdir -p "$stage/extra" "$stage/selftests"

# Built in a copy of the sources, so the tree stays clean and two lab
# runs with different BUILD_DIRs do not build over each other.
build_ifcvf() {
	local src="$BUILD_DIR/module"
	log "building ifcvf.ko for $KVER"
	rm -rf "$src"
	mkdir -p "$src"
	cp "$TOP_DIR"/Kbuild "$TOP_DIR"/*.[ch] "$src/"
	make -s -C "$KDIR" M="$src" W=1 modules
	cp "$src/ifcvf.ko" "$stage/extra/"
}

# A guest kernel without the vDPA core (Debian 12's 6.1) gets it built
# from its own source; everything built after links against it.
build_vdpa_core() {
	local work="$KCACHE/vdpa_core"
	find "$KROOT/lib/modules/$KVER" -name 'vdpa.ko*' | grep -q . && return 0
	if [ ! -f "$work/Module.symvers" ]; then
		log "building the vDPA core for $KVER"
		rm -rf "$work"
		mkdir -p "$work"
		cp "$KSRC/drivers/vdpa/vdpa.c" "$KSRC/drivers/vhost/vhost.h" \
		   "$KSRC/drivers/virtio/virtio_vdpa.c" "$work/"
		cp "$KSRC/drivers/vhost/vdpa.c" "$work/vhost_vdpa.c"
		cp "$LAB_DIR/vdpa-core.Kbuild" "$work/Kbuild"
		make -s -C "$KDIR" M="$work" modules
	fi
	cp "$work"/*.ko "$stage/extra/"
	export KBUILD_EXTRA_SYMBOLS="$work/Module.symvers"
}

build_selftests() {
	make -s -C "$TOP_DIR/selftests" OUT="$stage/selftests" \
		KSFT_DIR="$KSRC/tools/testing/selftests"
}

# run.sh checks the blk disk image with it after a boot
build_host_tools() {
	mkdir -p "$BUILD_DIR/host"
	cc -O2 -Wall -Wextra -D_GNU_SOURCE -o "$BUILD_DIR/host/blk_pattern" \
		"$TOP_DIR/selftests/blk_pattern.c" "$TOP_DIR/selftests/pattern.c"
}

build_vdpa_core
[ "${LAB_TARGET:-all}" = sim ] || build_ifcvf
# the in-tree ifcvf, which the model's boots run beside ours (6.12 only:
# 6.1's does not build without its vDPA core in the tree)
[ "${LAB_TARGET:-all}" = sim ] || [ "$KSERIES" = 6.1 ] ||
	"$LAB_DIR/build-anchors.sh" "$stage/extra"
"$TOP_DIR/vdpa_sim_ref/build.sh" "$stage/extra"
build_selftests
build_host_tools
"$LAB_DIR/build-initramfs.sh" "$stage" "$BUILD_DIR/initramfs.cpio.gz"
