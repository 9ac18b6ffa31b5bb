#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds vringh, vdpa_sim, vdpa_sim_net and vdpa_sim_blk against the lab's
# guest kernel into $1, from the sources setup.sh extracted. Cached per
# kernel version: a second call with the modules in place does nothing.

source "$(dirname "$0")/../lab/lib.sh"
lab_resolve_kernel

out=$1
work="$KCACHE/vdpa_sim_ref"
mods="vringh vdpa_sim vdpa_sim_net vdpa_sim_blk"

built() {
	local m
	for m in $mods; do
		[ -f "$work/$m.ko" ] || return 1
	done
}

if ! built; then
	log "building vdpa_sim reference modules for $KVER"
	rm -rf "$work"
	mkdir -p "$work"
	cp "$KSRC"/drivers/vdpa/vdpa_sim/*.[ch] "$KSRC/drivers/vhost/vringh.c" \
	   "$TOP_DIR/vdpa_sim_ref/Kbuild" "$work/"
	make -s -C "$KDIR" M="$work" modules >"$work/build.log" 2>&1 ||
		{ cat "$work/build.log" >&2; die "vdpa_sim_ref build failed"; }
fi
mkdir -p "$out"
for m in $mods; do
	cp "$work/$m.ko" "$out/"
done
