#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds the QEMU with the IFCVF device model (lab/qemu/) and prints the
# path of its qemu-system-x86_64. The source is Debian's qemu source
# package of the installed qemu-system-x86 (so the firmware it uses, from
# Debian's packages, is of the same version); the binary is cached in
# $CACHE_ROOT/qemu-<source version>-<hash of lab/qemu and the options>.
# Idempotent: a second run finds the binary and only prints its path.
#
# usage: qemu-model.sh          build if needed, print the binary's path
#        qemu-model.sh --key    print the cache directory only

source "$(dirname "$0")/lib.sh"

MODEL_DIR="$LAB_DIR/qemu"
# The x86_64 system emulator with the lab's devices only (ifcvf-lab.mak)
# and no optional library: TCG and KVM, hub and tap netdevs, raw files
# with aio=threads, pipe and file chardevs are all built in.
CONFIGURE_OPTS="--target-list=x86_64-softmmu --without-default-features
	--without-default-devices --with-devices-x86_64=ifcvf-lab
	--enable-tcg --enable-kvm --disable-docs --disable-werror
	--with-git-submodules=ignore
	--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu"
BUILD_DEPS="dpkg-dev meson ninja-build pkg-config python3 gcc make xz-utils
	libglib2.0-dev libpixman-1-dev zlib1g-dev"

srcver=$(dpkg-query -W -f='${source:Version}' qemu-system-x86 2>/dev/null) ||
	die "qemu-system-x86 is not installed (lab/setup.sh installs it)"
hash=$(cat "$MODEL_DIR/ifcvf-model.patch" "$MODEL_DIR/ifcvf-pci.c" \
	   "$MODEL_DIR/ifcvf-lab.mak" <(echo "$CONFIGURE_OPTS") |
       sha1sum | cut -c1-10)
# the epoch (1:) stays out of the path
dir="$CACHE_ROOT/qemu-${srcver#*:}-$hash"
bin="$dir/qemu-system-x86_64"
srcdir="$CACHE_ROOT/qemu-src-${srcver#*:}"

if [ "${1:-}" = --key ]; then
	echo "$dir"
	exit 0
fi

install_build_deps() {
	local missing=() p
	for p in $BUILD_DEPS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	log "installing ${missing[*]}"
	apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >/dev/null
}

# apt-get source through an apt configuration of its own, with deb-src
# lines for bookworm: the host's sources are left as they are.
download_source() {
	local apt=(apt-get -q -o Dir::Etc::SourceList="$srcdir/apt/sources.list"
		   -o Dir::Etc::SourceParts=/dev/null
		   -o Dir::State::Lists="$srcdir/apt/lists"
		   -o Dir::Cache="$srcdir/apt/cache" -o APT::Sandbox::User=root)

	ls "$srcdir"/qemu_*.dsc >/dev/null 2>&1 && return
	log "downloading Debian's qemu source $srcver"
	mkdir -p "$srcdir/apt/lists/partial" "$srcdir/apt/cache/archives/partial"
	cat >"$srcdir/apt/sources.list" <<-EOF
	deb-src http://deb.debian.org/debian bookworm main
	deb-src http://deb.debian.org/debian bookworm-updates main
	deb-src http://deb.debian.org/debian-security bookworm-security main
	EOF
	"${apt[@]}" update >/dev/null
	(cd "$srcdir" && "${apt[@]}" source --download-only "qemu=$srcver" \
		>/dev/null)
}

# Debian's tree (its patches applied), then the model on top
# (dpkg-source cannot check the .dsc's signature without debian-keyring:
# apt has checked the files against the signed Sources index already)
prepare_tree() {
	local tree=$1
	dpkg-source -x "$srcdir"/qemu_*.dsc "$tree" >"$tree.log" 2>&1 ||
		die "dpkg-source failed: $tree.log"
	patch -d "$tree" -p1 --quiet <"$MODEL_DIR/ifcvf-model.patch"
	cp "$MODEL_DIR/ifcvf-pci.c" "$tree/hw/virtio/"
	cp "$MODEL_DIR/ifcvf-lab.mak" "$tree/configs/devices/x86_64-softmmu/"
}

build() {
	local work="$dir.work" start=$SECONDS
	rm -rf "$work"
	mkdir -p "$work/build"
	prepare_tree "$work/src"
	log "building QEMU $srcver with the IFCVF model ($(nproc) jobs)"
	# shellcheck disable=SC2086
	if ! (cd "$work/build" && ../src/configure $CONFIGURE_OPTS \
			--prefix="$dir" && make -j"$(nproc)" qemu-system-x86_64) \
			>"$work/build.log" 2>&1; then
		die "the QEMU build failed: $work/build.log"
	fi
	mkdir -p "$dir"
	strip -o "$bin.tmp" "$work/build/qemu-system-x86_64"
	cp "$work/build.log" "$dir/"
	echo "build_seconds $((SECONDS - start))" >"$dir/build.stats"
	mv "$bin.tmp" "$bin"
	rm -rf "$work"
	log "QEMU with the IFCVF model in $dir"
}

if [ ! -x "$bin" ]; then
	mkdir -p "$CACHE_ROOT"
	# one build at a time, however many boots ask for it
	exec 9>"$CACHE_ROOT/qemu-model.lock"
	flock 9
	if [ ! -x "$bin" ]; then
		install_build_deps
		download_source
		build
	fi
fi
echo "$bin"
