#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: ifcvf beside the native virtio_pci driver, the kernel's
# vp_vdpa and the kernel's own ifcvf, on the same emulated functions.
#   regs   virtio-pci register reads and writes per phase, from QEMU's
#          trace (one boot per driver; exact and deterministic)
#   perf   virtio_vdpa datapath (iperf3, fio), vhost_vdpa datapath
#          (testpmd), control plane: one boot, the drivers in turns
#   scale  16 NICs: probe and dev add time, memory per NIC
# vp_vdpa and the in-tree ifcvf are built from Debian's linux-source,
# fio statically from Debian's source package; none of it is committed.
# Writes Documentation/bench/results.{md,json,svg} and prints the tables.
# Timing is only ever reported here, never judged: no test depends on it.
#
# BENCH_PARTS="regs perf scale" picks parts (the results keep the last
# figures of the others, from the build folder); BENCH_ROUNDS,
# BENCH_PPS_ROUNDS, BENCH_CYCLES and BENCH_SCALE_PASSES shorten the perf
# and scale boots.

source "$(dirname "$0")/lib.sh"
"$LAB_DIR/setup.sh"
lab_resolve_kernel

export BUILD_DIR="$BUILD_DIR/bench"
RESULTS="$TOP_DIR/Documentation/bench"
PARTS=${BENCH_PARTS:-regs perf scale}
REG_DRIVERS=${BENCH_REG_DRIVERS:-virtio_pci ifcvf vp_vdpa ifcvf_intree}
stage="$BUILD_DIR/stage"
started=$SECONDS

# Debian's fio links 63 libraries; built from Debian's source package
# with the engines that need them left out it is one static binary.
FIO_CONFIGURE="--build-static --disable-native --disable-numa --disable-rdma
	--disable-rados --disable-rbd --disable-http --disable-gfapi
	--disable-libnfs --disable-lex --disable-pmem --disable-xnvme
	--disable-libzbc --disable-tcmalloc --disable-dfs"
build_fio() {
	local ver dir apt src
	ver=$(apt-cache policy fio | awk '/Candidate:/ { print $2 }')
	dir="$CACHE_ROOT/fio-$ver"
	if [ ! -x "$dir/fio" ]; then
		log "building fio $ver statically from Debian's source package"
		rm -rf "$dir"
		mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial"
		echo "deb-src http://deb.debian.org/debian bookworm main" \
			>"$dir/apt/sources.list"
		apt=(apt-get -q -o Dir::Etc::SourceList="$dir/apt/sources.list"
		     -o Dir::Etc::SourceParts=/dev/null
		     -o Dir::State::Lists="$dir/apt/lists"
		     -o Dir::Cache="$dir/apt/cache" -o APT::Sandbox::User=root)
		"${apt[@]}" update >/dev/null
		(cd "$dir" && "${apt[@]}" source --download-only "fio=$ver" >/dev/null)
		tar -xzf "$dir"/fio_*.orig.tar.gz -C "$dir"
		src=$(echo "$dir"/fio-*/)
		# configure's options, one a word
		# shellcheck disable=SC2086
		(cd "$src" && ./configure $FIO_CONFIGURE >build.log 2>&1 &&
		 make -j"$(nproc)" >>build.log 2>&1) ||
			die "fio build failed: $src/build.log"
		strip -o "$dir/fio" "$src/fio"
	fi
	cp "$dir/fio" "$BUILD_DIR/overlay/selftests/"
}

copy_with_libs() {
	local root=$1 prog=$2 lib
	install -D -m 755 "$prog" "$root/sbin/$(basename "$prog")"
	for lib in $(ldd "$prog" | grep -o '/[^ ]*'); do
		install -D -m 755 "$lib" "$root$lib"
	done
}

# What only the bench needs goes into a second cpio archive appended to
# the lab's initramfs (the kernel unpacks them one after the other):
# iperf3 with its libraries, fio, the timing helper, the guest scripts.
build_overlay() {
	local root="$BUILD_DIR/overlay" s
	rm -rf "$root"
	mkdir -p "$root/selftests"
	for s in bench-guest.sh bench-lib.sh bench-perf.sh bench-scale.sh; do
		install -m 755 "$LAB_DIR/$s" "$root/selftests/"
	done
	cc -O2 -Wall -Wextra -static -D_GNU_SOURCE -I"$TOP_DIR/selftests" \
		-o "$root/selftests/vdpa_bench" "$LAB_DIR/vdpa_bench.c" \
		"$TOP_DIR/selftests/vhost_vdpa_util.c"
	build_fio
	copy_with_libs "$root" /usr/bin/iperf3
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
		gzip -1 >>"$BUILD_DIR/initramfs.cpio.gz"
}

build_all() {
	LAB_TARGET=ifcvf "$LAB_DIR/build.sh"
	"$LAB_DIR/build-anchors.sh" "$stage/extra"
	"$LAB_DIR/build-initramfs.sh" "$stage" "$BUILD_DIR/initramfs.cpio.gz"
	build_overlay
}

# the BENCH_* settings that shorten a boot, as lab.env.* for the guest
guest_env() {
	local v
	for v in BENCH_ROUNDS BENCH_PPS_ROUNDS BENCH_CYCLES BENCH_SCALE_PASSES; do
		[ -n "${!v:-}" ] && printf ' lab.env.%s=%s' "$v" "${!v}"
	done
	return 0
}

# Under TCG the guest's speed is the share of a host core QEMU gets, and
# this host is shared: a figure per second of the guest's clock moves
# with whatever else runs. So the guest marks the start and the end of
# each sample ("B KEY" / "E KEY", a line on an isa-debugcon port wired to
# a socket), and for each mark this notes the CPU time QEMU has had so
# far (all its threads, ns) and the host's clock (us): what a sample did
# per CPU-second of QEMU does not depend on the neighbours.
record_marks() {
	local sock=$1 out=$2 pid='' p t s cpu line
	for t in $(seq 100); do
		[ -S "$sock" ] && break
		sleep 0.1
	done
	for p in $(pgrep -f -- "$sock"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = qemu-system-x86 ] && pid=$p
	done
	[ -n "$pid" ] || return 0
	socat -u "UNIX-CONNECT:$sock" - | while IFS= read -r line; do
		cpu=0
		for t in /proc/"$pid"/task/*/schedstat; do
			read -r s _ 2>/dev/null <"$t" && cpu=$((cpu + s))
		done
		echo "$line $cpu ${EPOCHREALTIME/./}"
	done >"$out"
}

# add_marks MARKS: BENCH lines on stdin with a begin and an end mark get
# "cpu_us N wall_us N" appended (MARKS may be empty: hence FILENAME,
# not NR == FNR, tells the two inputs apart)
add_marks() {
	awk 'FILENAME == ARGV[1] {
		k = $2 " " $3 " " $4
		if ($1 == "B") { bc[k] = $5; bw[k] = $6 }
		if ($1 == "E") { ec[k] = $5; ew[k] = $6 }
		next
	}
	{
		k = $2 " " $3 " " $4
		if ((k in bc) && (k in ec))
			$0 = $0 sprintf(" cpu_us %d wall_us %d",
					(ec[k] - bc[k]) / 1000, ew[k] - bw[k])
		print
	}' "$1" -
}

# boot NAME GUEST-ARG NET-OPTS [QEMU ARGS...]: one guest running
# bench-guest.sh GUEST-ARG; its BENCH lines go to $DATA, with QEMU's CPU
# time for those the guest marked
boot() {
	local name=$1 arg=$2 net_opts=$3 results marks sock recorder
	shift 3
	results="$BUILD_DIR/logs/bench-$name.results"
	marks="$BUILD_DIR/logs/bench-$name.marks"
	sock="$BUILD_DIR/marks-$name.sock"
	log "bench boot: $name"
	rm -f "$sock" "$marks"
	: >"$marks"
	record_marks "$sock" "$marks" &
	recorder=$!
	LAB_CMDLINE="lab.bench=$arg$(guest_env)" LAB_QEMU_EXTRA="$*
		-chardev socket,id=marks,path=$sock,server=on,wait=off
		-device isa-debugcon,iobase=0x402,chardev=marks" \
		"$LAB_DIR/run.sh" "bench-$name" none "" "$net_opts" ""
	wait $recorder || true
	rm -f "$sock"
	grep -q "bench $arg done" "$results" ||
		die "the $name boot did not finish: $BUILD_DIR/logs/bench-$name.*"
	tr -d '\r' <"$results" | { grep -a '^BENCH ' || true; } |
		add_marks "$marks" >>"$DATA"
}

# nic ID SLOT HUB: a modern-only NIC as the lab's, on hub HUB
nic() {
	echo "-netdev hubport,id=$1,hubid=$3
	      -device virtio-net-pci,disable-legacy=on,iommu_platform=on,netdev=$1,addr=$2"
}

# null_disk ID SLOT: a modern-only disk as the lab's, on QEMU's null
# backend: its requests cost the guest and the emulation, never the
# host's disk
null_disk() {
	echo "-drive if=none,id=$1,driver=null-co,read-zeroes=on,size=1G
	      -device virtio-blk-pci,disable-legacy=on,iommu_platform=on,drive=$1,addr=$2"
}

# The in-tree ifcvf claims BARs 0, 2 and 4: a transitional function has
# an I/O BAR 0, modern-pio-notify adds BAR 2. QEMU offers no
# ACCESS_PLATFORM there: it refuses iommu_platform on such functions.
TRANSITIONAL="disable-legacy=off,modern-pio-notify=on,iommu_platform=off"

qemu_refuses_transitional_iommu() {
	local msg
	msg=$(timeout 20 qemu-system-x86_64 -accel tcg -M q35 -nodefaults \
		-display none -S -netdev hubport,id=p,hubid=0 \
		-device virtio-net-pci,disable-legacy=off,iommu_platform=on,netdev=p \
		</dev/null 2>&1 | head -n 1 | sed 's/^[^:]*: -device [^:]*: //' ||
		true)
	echo "BENCH capability ifcvf_intree qemu-iommu ${msg:-accepted}" >>"$DATA"
}

# what QEMU itself printed about the device, hub warnings aside
qemu_says() {
	local msg
	msg=$(grep -v 'is not connected to host network' "$1" | sort | uniq -c |
	      sed 's/^ *\([0-9]*\) qemu-system-x86_64: \(.*\)/\2 (\1×)/' |
	      paste -sd ';')
	echo "BENCH capability ifcvf_intree qemu-log ${msg:-nothing}" >>"$DATA"
}

# One boot per driver under QEMU's trace of register accesses; the
# counts per phase and, for the reads, per register go to $DATA.
regs() {
	local d trace opts extra
	for d in $REG_DRIVERS; do
		trace="$BUILD_DIR/trace-$d.log"
		opts=ioeventfd=off extra=()
		rm -f "$trace"
		if [ "$d" = ifcvf_intree ]; then
			opts+=",$TRANSITIONAL"
			read -r -d '' -a extra < <(nic modern 0x7 1) || true
		fi
		boot "regs-$d" "$d" "$opts" \
			-trace "enable=memory_region_ops_*,file=$trace" "${extra[@]}"
		awk -v drv="$d" -f "$LAB_DIR/regcount.awk" "$trace" >>"$DATA"
		[ "$d" = ifcvf_intree ] && qemu_says "$BUILD_DIR/logs/bench-regs-$d.qemu"
	done
	qemu_refuses_transitional_iommu
}

# Each driver gets two NICs on a hub of their own and a null disk
# (native: the lab's two NICs), all attached at once so that the drivers
# can take turns every few seconds; a seventh NIC is the native one of
# the control plane (see bench-perf.sh).
perf() {
	# the helpers print QEMU arguments, one a word
	# shellcheck disable=SC2046
	boot perf perf "" $(null_disk null0 0x6) $(nic netc 0x7 1) \
		$(nic neti0 0x8 2) $(nic neti1 0x9 2) $(null_disk null1 0xc) \
		$(nic netv0 0xa 3) $(nic netv1 0xb 3) $(null_disk null2 0xd)
}

scale() {
	local slot extra=
	for slot in $(seq 8 23); do
		extra+=" $(nic "s$slot" "$(printf '0x%x' "$slot")" $((100 + slot)))"
	done
	# QEMU arguments, one a word
	# shellcheck disable=SC2086
	boot scale scale "" $extra
}

build_all
mkdir -p "$RESULTS"
# Each part's figures in a file of their own: a run of some parts reports
# them with the last figures of the others.
for part in $PARTS; do
	DATA="$BUILD_DIR/data-$part"
	: >"$DATA"
	$part
done
cat "$BUILD_DIR"/data-{regs,perf,scale} 2>/dev/null >"$BUILD_DIR/bench.data" || true
"$LAB_DIR/bench-report.sh" "$BUILD_DIR/bench.data" "$RESULTS" \
	$((SECONDS - started))
