#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Checks the two ways a user installs the driver, against the lab's 6.12
# kernel, and prints a result stream like a guest's (see guest-init.sh):
#   make install   into a copy of the lab's module tree: the module lands
#                  in updates/ and modprobe resolves it with its deps
#   dkms build     with a dkms tree of its own: the module it builds is
#                  the one the guest boot that follows loads
# usage: install-check.sh RESULTS-FILE; leaves the dkms-built module at
# $BUILD_DIR/dkms.ko for that boot.

source "$(dirname "$0")/lib.sh"
lab_resolve_kernel

results=$1
root="$BUILD_DIR/install-root"
dkms_src="$BUILD_DIR/dkms-src"
dkms_tree="$BUILD_DIR/dkms-tree"
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$TOP_DIR/dkms.conf")
n=0

ok() { n=$((n + 1)); echo "[install] ok $n $1"; }
not_ok() { n=$((n + 1)); echo "[install] not ok $n $1"; echo "[install] # $2"; }

check_make_install() {
	local moddir="$root/lib/modules/$KVER" deps log="$BUILD_DIR/install.log"
	rm -rf "$root" "$BUILD_DIR/install-src"
	mkdir -p "$root/lib/modules"
	cp -al "$KROOT/lib/modules/$KVER" "$moddir"
	mkdir -p "$BUILD_DIR/install-src"
	cp "$TOP_DIR"/{Kbuild,Makefile} "$TOP_DIR"/*.[ch] "$BUILD_DIR/install-src/"
	if make -C "$BUILD_DIR/install-src" KDIR="$KDIR" INSTALL_MOD_PATH="$root" \
		install >"$log" 2>&1; then
		ok "make install KDIR=<6.12 headers> succeeds"
	else
		not_ok "make install KDIR=<6.12 headers> succeeds" "see $log"
	fi
	deps=$(modprobe -d "$root" -S "$KVER" --show-depends ifcvf 2>&1 |
	       sed -n 's|.*/lib/modules/[^/]*/||p' | tr '\n' ' ' || true)
	case $deps in
	*kernel/drivers/vdpa/vdpa.ko*updates/ifcvf.ko*)
		ok "modprobe resolves updates/ifcvf.ko with its vdpa dependency" ;;
	*) not_ok "modprobe resolves updates/ifcvf.ko with its vdpa dependency" \
		"got: $deps" ;;
	esac
	rm -rf "$root" "$BUILD_DIR/install-src"
}

check_dkms_build() {
	local log="$BUILD_DIR/dkms.log" built
	rm -rf "$dkms_src" "$dkms_tree" "$BUILD_DIR/dkms.ko"
	mkdir -p "$dkms_src/ifcvf-$version" "$dkms_tree"
	cp "$TOP_DIR"/{Kbuild,dkms.conf} "$TOP_DIR"/*.[ch] "$dkms_src/ifcvf-$version/"
	if dkms add -m ifcvf -v "$version" --sourcetree "$dkms_src" \
		--dkmstree "$dkms_tree" >"$log" 2>&1 &&
	   dkms build -m ifcvf -v "$version" -k "$KVER" --kernelsourcedir "$KDIR" \
		--sourcetree "$dkms_src" --dkmstree "$dkms_tree" >>"$log" 2>&1; then
		ok "dkms add and dkms build -k $KVER succeed"
	else
		not_ok "dkms add and dkms build -k $KVER succeed" "see $log"
		return
	fi
	built=$(find "$dkms_tree/ifcvf/$version/$KVER" -name 'ifcvf.ko*' | head -n 1)
	case $built in
	*.xz) xz -dc "$built" >"$BUILD_DIR/dkms.ko" ;;
	*.zst) zstd -qdc "$built" >"$BUILD_DIR/dkms.ko" ;;
	*.ko) cp "$built" "$BUILD_DIR/dkms.ko" ;;
	esac
	if [ -s "$BUILD_DIR/dkms.ko" ] &&
	   [ "$(modinfo -F version "$BUILD_DIR/dkms.ko")" = "$version" ]; then
		ok "dkms built ifcvf.ko version $version"
	else
		not_ok "dkms built ifcvf.ko version $version" "found '$built'"
	fi
}

{
	echo "LAB-START install"
	check_make_install
	check_dkms_build
	echo "LAB-END install rc=0"
	echo "LAB-DONE"
} >"$results"
