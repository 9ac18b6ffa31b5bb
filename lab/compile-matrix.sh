#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make compile-matrix: builds ifcvf with W=1 against every kernel line
# Debian's archive offers: Debian 12's default 6.1 headers, the lab's 6.12
# (bookworm-security, also Debian 13's kernel) and the newest upstream
# linux-source-7.* in unstable or experimental, prepared with
# modules_prepare. Prints a table: kernel, result, compiler warnings.
#
# A modules_prepare'd tree has no vmlinux symbol list, and Debian's 6.1
# kernel has no vDPA core (CONFIG_VDPA unset): symbols are left to modpost
# warnings there, and the table says how many were unresolved.

source "$(dirname "$0")/lib.sh"
"$LAB_DIR/setup.sh"

MATRIX="$CACHE_ROOT/matrix"
APT_NEWER="$MATRIX/apt"
mkdir -p "$MATRIX"

apt_download() {
	(cd "$1" && shift && apt-get download -q -o APT::Sandbox::User=root \
		"$@" >/dev/null)
}

# A private apt configuration for unstable and experimental: the
# system's sources stay as they are.
newer_apt() {
	apt-get -o Dir::Etc::SourceList="$APT_NEWER/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$APT_NEWER/lists" \
		-o Dir::Cache="$APT_NEWER/cache" -o APT::Sandbox::User=root "$@"
}

newer_apt_cache() {
	apt-cache -o Dir::Etc::SourceList="$APT_NEWER/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$APT_NEWER/lists" \
		-o Dir::Cache="$APT_NEWER/cache" "$@"
}

# Debian 12's default kernel headers, unpacked; prints the tree.
prepare_debian12_headers() {
	local pkg ver dir
	pkg=$(apt-cache depends linux-headers-amd64 |
	      sed -n 's/.*Depends: \(linux-headers-6\.1\.[0-9.-]*-amd64\)$/\1/p')
	ver=${pkg#linux-headers-}
	dir="$MATRIX/$ver"
	if [ ! -f "$dir/.unpacked" ]; then
		log "unpacking headers $ver"
		mkdir -p "$dir/debs"
		apt_download "$dir/debs" "$pkg" "linux-headers-${ver%-amd64}-common" \
			linux-kbuild-6.1
		for p in "$dir"/debs/*.deb; do
			dpkg -x "$p" "$dir/root"
		done
		sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" \
			"$dir/root/usr/src/linux-headers-$ver/Makefile"
		touch "$dir/.unpacked"
	fi
	echo "$ver $dir/root/usr/src/linux-headers-$ver"
}

# The newest linux-source-7.* of unstable and experimental, configured
# (defconfig plus the vDPA core) and modules_prepare'd; prints the tree.
prepare_newest_upstream() {
	local pkg ver dir
	mkdir -p "$APT_NEWER/lists/partial" "$APT_NEWER/cache/archives/partial"
	cat >"$APT_NEWER/sources.list" <<-LIST
	deb http://deb.debian.org/debian unstable main
	deb http://deb.debian.org/debian experimental main
	LIST
	newer_apt update -q >/dev/null
	pkg=$(newer_apt_cache search --names-only '^linux-source-7\.[0-9]+$' |
	      cut -d' ' -f1 | sort -V | tail -n 1)
	[ -n "$pkg" ] || die "no linux-source-7.* in unstable or experimental"
	ver=$(newer_apt_cache policy "$pkg" | awk '/Candidate:/ { print $2 }')
	dir="$MATRIX/$pkg-$ver"
	if [ ! -f "$dir/.prepared" ]; then
		log "preparing $pkg $ver (download, extract, modules_prepare)"
		rm -rf "$dir"
		mkdir -p "$dir/debs"
		(cd "$dir/debs" && newer_apt download -q "$pkg=$ver" >/dev/null)
		dpkg -x "$dir"/debs/*.deb "$dir/root"
		tar -xJf "$dir"/root/usr/src/linux-source-*.tar.xz -C "$dir"
		rm -rf "$dir/root" "$dir/debs"
		(cd "$dir"/linux-source-* &&
		 make -s x86_64_defconfig &&
		 scripts/config -m VDPA -e VHOST_MENU -m VHOST_VDPA -m VIRTIO_VDPA &&
		 make -s olddefconfig && make -s -j"$(nproc)" modules_prepare) \
			>"$dir/prepare.log" 2>&1 || die "modules_prepare failed: $dir/prepare.log"
		touch "$dir/.prepared"
	fi
	echo "$pkg-$ver $(echo "$dir"/linux-source-*)"
}

# build_against NAME KDIR: one table row
build_against() {
	local name=$1 kdir=$2 copy out warnings unresolved result
	copy="$BUILD_DIR/matrix/$(echo "$name" | tr -c 'A-Za-z0-9._+\n-' _)"
	rm -rf "$copy"
	mkdir -p "$copy"
	cp "$TOP_DIR"/Kbuild "$TOP_DIR"/*.[ch] "$copy/"
	if out=$(make -C "$kdir" M="$copy" W=1 KBUILD_MODPOST_WARN=1 modules 2>&1); then
		result=ok
	else
		result=FAILED
	fi
	echo "$out" >"$copy/build.log"
	warnings=$(echo "$out" | grep -c -E ': (warning|error):' || true)
	unresolved=$(echo "$out" | sed -n 's/.*suppressed \([0-9]*\) unresolved.*/\1/p')
	[ -n "$unresolved" ] ||
		unresolved=$(echo "$out" | grep -c 'modpost: ".*" .* undefined' || true)
	[ "$warnings" = 0 ] || result=FAILED
	printf '| %-32s | %-6s | %8s | %10s |\n' "$name" "$result" "$warnings" "$unresolved"
	[ "$result" = ok ]
}

lab_resolve_kernel
rows=("$(prepare_debian12_headers)" "$KVER $KDIR" "$(prepare_newest_upstream)")
failed=0
printf '| %-32s | %-6s | %8s | %10s |\n' kernel result warnings unresolved
printf '|%s|%s|%s|%s|\n' ---------------------------------- -------- ---------- ------------
for row in "${rows[@]}"; do
	build_against "${row% *}" "${row#* }" || failed=1
done
echo "(warnings: compiler warnings and errors with W=1; unresolved: symbols"
echo " modpost could not check: no vDPA core in Debian's 6.1, no vmlinux in a"
echo " modules_prepare'd tree. Logs: $BUILD_DIR/matrix/<kernel>/build.log)"
exit $failed
