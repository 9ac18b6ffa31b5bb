#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: ifcvf beside the native virtio_pci driver, the kernel's
# vp_vdpa and the kernel's own ifcvf, on the same emulated functions:
# QEMU's virtio-pci ones and the lab's IFCVF device model (lab/qemu/).
#   regs   register reads and writes per phase, from QEMU's trace (one
#          boot per driver and platform, BENCH_REPS repetitions each)
#   perf   virtio_vdpa datapath (iperf3, fio), vhost_vdpa datapath
#          (testpmd), control plane on QEMU's virtio-pci functions: one
#          boot, the drivers in turns
#   model  the same datapaths on the IFCVF model, ours against the
#          in-tree ifcvf: one boot, the drivers in turns
#   scale  16 NICs: probe and dev add time, memory per NIC
#   vm     a QEMU VM migrated live between two vDPA devices while its
#          traffic runs (selftests/vm_migrate.sh, make check-vm's boots):
#          on vdpa_sim_net (the reference), QEMU's virtio-pci functions
#          and the IFCVF model's VFs with an LM region; downtime, frames
#          lost, the path QEMU took
# vp_vdpa and the in-tree ifcvf are built from Debian's linux-source,
# fio statically from Debian's source package; none of it is committed.
# Timing is only ever reported here, never judged: no test depends on it.
#
# Every figure of the results comes from this run: the page names its
# commit, whether the tree was clean, the date, the seed of the drivers'
# order and the host's load meanwhile. A full run (all parts) of a clean
# tree writes Documentation/bench/results.{md,json,svg}; any other run
# writes them into build/bench/results/ (BENCH_RESULTS=DIR elsewhere).
# The exit status is non-zero if a boot did not finish, a figure is
# missing or a sample failed; the results say which.
#
# BENCH_PARTS picks parts; BENCH_REG_DRIVERS the register boots (NAME or
# NAME@model); BENCH_SEED the order; BENCH_ROUNDS, BENCH_MODEL_ROUNDS,
# BENCH_PPS_ROUNDS, BENCH_CYCLES, BENCH_SCALE_PASSES, BENCH_REPS,
# BENCH_SECONDS and BENCH_JOBS shorten it; BENCH_VM_ROUNDS (1) repeats
# the migrations, BENCH_VM_BOOTS picks their boots. make bench-vm is
# BENCH_PARTS=vm. BENCH_SMOKE=1 is make check's
# smoke of it: register boots of ours and the in-tree ifcvf on the model
# and one short datapath boot there, in a
# few minutes, into build/bench/smoke/.

source "$(dirname "$0")/lib.sh"
"$LAB_DIR/setup.sh"
lab_resolve_kernel

export BUILD_DIR="$BUILD_DIR/bench"
ALL_PARTS="regs perf model scale vm"
ALL_REG_DRIVERS="virtio_pci ifcvf vp_vdpa ifcvf_intree ifcvf@model ifcvf_intree@model"
if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	: "${BENCH_PARTS:=regs model}"
	: "${BENCH_REG_DRIVERS:=ifcvf@model ifcvf_intree@model}"
	: "${BENCH_REPS:=1}" "${BENCH_MODEL_ROUNDS:=1}" "${BENCH_SECONDS:=1}"
	: "${BENCH_JOBS:=tcp fio-randread-4k}" "${BENCH_PPS_ROUNDS:=1}"
	: "${BENCH_RESULTS:=$BUILD_DIR/smoke}"
	export BENCH_REPS BENCH_MODEL_ROUNDS BENCH_SECONDS BENCH_JOBS \
		BENCH_PPS_ROUNDS
fi
PARTS=${BENCH_PARTS:-$ALL_PARTS}
REG_DRIVERS=${BENCH_REG_DRIVERS:-$ALL_REG_DRIVERS}
SEED=${BENCH_SEED:-$(($(date +%s) % 1000000))}
stage="$BUILD_DIR/stage"
verdicts="$BUILD_DIR/verdicts"
started=$SECONDS

# --- provenance: what the page will say about this run ------------------

# The tree as committed, the results folder aside (a run rewrites it)
tree_clean() {
	[ -z "$(git -C "$TOP_DIR" status --porcelain -- . \
		':(exclude)Documentation/bench' 2>/dev/null)" ]
}

commit=$(git -C "$TOP_DIR" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
clean=no
tree_clean && [ "$commit" != unknown ] && clean=yes
if [ -n "${BENCH_RESULTS:-}" ]; then
	RESULTS=$BENCH_RESULTS
elif [ "$PARTS" = "$ALL_PARTS" ] && [ "$REG_DRIVERS" = "$ALL_REG_DRIVERS" ] &&
     [ "$clean" = yes ]; then
	RESULTS="$TOP_DIR/Documentation/bench"
else
	RESULTS="$BUILD_DIR/results"
	log "results go to $RESULTS: Documentation/bench/ takes only a full" \
	    "run of a clean tree"
fi

# The host's load, every 5 s while the run lasts: 1-minute load average
# and the QEMU processes that are not this run's (other users' boots).
sample_load() {
	local p others
	while :; do
		others=0
		for p in $(pgrep -x qemu-system-x86 || true); do
			grep -qa -- "$BUILD_DIR/" "/proc/$p/cmdline" 2>/dev/null ||
				others=$((others + 1))
		done
		echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg) $others"
		sleep 5
	done
}

# --- what only the bench needs -------------------------------------------

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
	# the vm part builds in a folder of its own (see vm)
	[ "$PARTS" = vm ] && return 0
	LAB_TARGET=ifcvf "$LAB_DIR/build.sh"
	"$LAB_DIR/build-anchors.sh" "$stage/extra"
	"$LAB_DIR/build-initramfs.sh" "$stage" "$BUILD_DIR/initramfs.cpio.gz"
	build_overlay
	case " $PARTS $REG_DRIVERS" in
	*" model"* | *@model*) "$LAB_DIR/qemu-model.sh" >/dev/null ;;
	esac
}

# --- boots ----------------------------------------------------------------

# verdict ok|"not ok" WHAT: one line of the run's own checks
verdict() {
	echo "$1 $2" >>"$verdicts"
}

# the BENCH_* settings the guest reads, as lab.env.* for it
guest_env() {
	local v
	for v in BENCH_ROUNDS BENCH_PPS_ROUNDS BENCH_CYCLES BENCH_SCALE_PASSES \
		 BENCH_REPS BENCH_SECONDS; do
		[ -n "${!v:-}" ] && printf ' lab.env.%s=%s' "$v" "${!v}"
	done
	# (the jobs' names are words: commas between them on the command line)
	[ -n "${BENCH_JOBS:-}" ] && printf ' lab.env.BENCH_JOBS=%s' "${BENCH_JOBS// /,}"
	printf ' lab.env.BENCH_SEED=%s' "$SEED"
	# on the IFCVF model (LAB_MODEL)
	[ -n "${LAB_MODEL:-}" ] && printf ' lab.env.BENCH_ON=model'
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

# BENCH_CPU=N puts every thread of the bench's QEMUs on host CPU N
# (taskset); by default they are not pinned. Both ways have stopped a
# boot here, and the results say which way the run went:
# - unpinned, with one TCG thread for all vCPUs (lab/run.sh), QEMU 7.2
#   translates the guest's fences and locked instructions without a host
#   barrier (no CF_PARALLEL), while virtio's device half runs in QEMU's
#   main loop on another CPU: the used_event / used index handshake can
#   then miss an interrupt. A perf boot's fio once waited forever that
#   way (used index equal to avail, used_event 16 behind);
# - pinned to one CPU, the main loop waits for the CPU and the lock the
#   vCPU thread keeps taking: testpmd on ifcvf sent a sixth of the frames
#   per second it sends unpinned on the model, and in one run never
#   started in the perf boot and silenced the model boot for 300 s (the
#   main loop waiting on a mutex). Four model rounds unpinned then ran
#   through.
BENCH_CPU=${BENCH_CPU-}

# boot NAME GUEST-ARG NET-OPTS [QEMU ARGS...]: one guest running
# bench-guest.sh GUEST-ARG; its BENCH lines go to $DATA, with QEMU's CPU
# time for those the guest marked. A boot that does not finish is a
# failure of this run, and the figures it gave are kept.
boot() {
	local name=$1 arg=$2 net_opts=$3 results marks sock recorder
	shift 3
	mkdir -p "$BUILD_DIR/logs"
	results="$BUILD_DIR/logs/bench-$name.results"
	marks="$BUILD_DIR/logs/bench-$name.marks"
	sock="$BUILD_DIR/marks-$name.sock"
	log "bench boot: $name"
	rm -f "$sock" "$marks"
	: >"$marks"
	record_marks "$sock" "$marks" &
	recorder=$!
	# sysrq: a guest that hangs can be asked for its blocked tasks
	# (sendkey alt-sysrq-w on the monitor; ignore_loglevel shows them)
	LAB_CMDLINE="sysrq_always_enabled ignore_loglevel lab.bench=$arg$(guest_env)" \
	LAB_QEMU_EXTRA="$*
		-chardev socket,id=marks,path=$sock,server=on,wait=off
		-device isa-debugcon,iobase=0x402,chardev=marks" \
	LAB_QEMU_CPUS=$BENCH_CPU LAB_STALL_TIMEOUT=300 BOOT_TIMEOUT=3600 \
		"$LAB_DIR/run.sh" "bench-$name" none "" "$net_opts" "" || true
	wait $recorder || true
	rm -f "$sock"
	if grep -q "bench $arg done" "$results"; then
		verdict ok "boot $name finished"
	else
		verdict "not ok" "boot $name finished"
		echo "BENCH fail boot-$name did not finish: logs in build/bench/logs/bench-$name.*" \
			"$(grep -a '^LAB-STALL' "$results" | tr -d '\r' | head -n 1)" >>"$DATA"
	fi
	grep -qa '^LAB-STALL the guest did not power off' "$results" &&
		echo "BENCH fail boot-$name did not power off after its last figure:" \
			"a task hung, see build/bench/logs/bench-$name.console" >>"$DATA"
	tr -d '\r' <"$results" | { grep -a '^BENCH ' || true; } |
		add_marks "$marks" >>"$DATA"
	# the model's own account of the functions it gave the guest
	[ -z "${LAB_MODEL:-}" ] ||
		echo "BENCH capability boot-$name model $(sed -n 's/.*: info: \([^:]*: IFCVF \)/\1/p' \
			"$BUILD_DIR/logs/bench-$name.qemu" | sort | uniq -c |
			sed 's/^ *\([0-9]*\) \(.*\)/\1× \2/' | paste -sd ';')" >>"$DATA"
}

# nic ID SLOT HUB: a modern-only NIC as the lab's, on hub HUB
nic() {
	echo "-netdev hubport,id=$1,hubid=$3
	      -device virtio-net-pci,disable-legacy=on,iommu_platform=on,netdev=$1,addr=$2"
}

# null_disk ID SLOT [DEVICE]: a modern-only disk as the lab's (or the
# model's, DEVICE ifcvf-blk-pci), on QEMU's null backend: its requests
# cost the guest and the emulation, never the host's disk
null_disk() {
	echo "-drive if=none,id=$1,driver=null-co,read-zeroes=on,size=1G
	      -device ${3:-virtio-blk-pci,disable-legacy=on,iommu_platform=on},drive=$1,id=dev-$1,addr=$2"
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

# what QEMU itself printed about the device, hub warnings and the
# model's start-up line aside
qemu_says() {
	local msg
	msg=$(grep -v -e 'is not connected to host network' -e 'info: ' "$2" |
	      sort | uniq -c |
	      sed 's/^ *\([0-9]*\) qemu-system-x86_64: \(.*\)/\2 (\1×)/' |
	      paste -sd ';')
	echo "BENCH capability $1 qemu-log ${msg:-nothing}" >>"$DATA"
}

# One boot per driver (and platform) under QEMU's trace of register
# accesses; the counts per repetition, phase and register go to $DATA.
regs() {
	local spec d name trace opts extra
	for spec in $REG_DRIVERS; do
		d=${spec%@model}
		name=${spec/@/-}
		trace="$BUILD_DIR/trace-$name.log"
		opts=ioeventfd=off extra=()
		rm -f "$trace"
		if [ "$spec" = ifcvf_intree ]; then
			opts+=",$TRANSITIONAL"
			read -r -d '' -a extra < <(nic modern 0x7 1) || true
		fi
		if [ "$spec" != "$d" ]; then
			export LAB_MODEL=on
		else
			unset LAB_MODEL
		fi
		boot "regs-$name" "$d" "$opts" \
			-trace "enable=memory_region_ops_*,file=$trace" "${extra[@]}"
		awk -v drv="$spec" -f "$LAB_DIR/regcount.awk" "$trace" >>"$DATA"
		case $spec in
		ifcvf_intree*) qemu_says "$spec" "$BUILD_DIR/logs/bench-regs-$name.qemu" ;;
		esac
		rm -f "$trace"
	done
	unset LAB_MODEL
	case " $REG_DRIVERS " in
	*" ifcvf_intree "*) qemu_refuses_transitional_iommu ;;
	esac
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

# The lab's two NICs and a null disk, all the IFCVF model's defaults
# (N3000 NICs, C5000X-PL disk, pair LM layout, 4-byte doorbells): both
# drivers on the very same functions, in turns (see bench-perf.sh).
model() {
	local rounds=${BENCH_MODEL_ROUNDS:-5}
	# the helper prints QEMU arguments, one a word
	# shellcheck disable=SC2046
	LAB_MODEL=on BENCH_ROUNDS=$rounds boot model perf "" $(null_disk mnull 0x6 ifcvf-blk-pci)
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

# make check-vm's boots with vm_migrate.sh only, in a build folder of
# their own (lab/check.sh builds its own initramfs), once per round: each
# boot's "# VM-MIGRATION" line (the test's figures) and its test counts
# become a BENCH vm line. A boot whose migration gave no figures is a
# failure of this run.
VM_BOOTS=${BENCH_VM_BOOTS:-vm-sim vm-ifcvf vm-model}
vm() {
	local r b results line counts dir="$BUILD_DIR/vm"
	for r in $(seq "${BENCH_VM_ROUNDS:-1}"); do
		log "bench vm round $r: $VM_BOOTS"
		BUILD_DIR=$dir LAB_BOOTS_ONLY=1 LAB_SCENARIOS="$VM_BOOTS" \
			LAB_VM_TESTS=vm_migrate.sh "$LAB_DIR/check.sh" vm \
			>"$BUILD_DIR/logs/vm-round-$r.log" 2>&1 || true
		for b in $VM_BOOTS; do
			results="$dir/logs/$b.results"
			line=$(tr -d '\r' 2>/dev/null <"$results" |
			       sed -n 's/.*# VM-MIGRATION //p' | tail -n 1)
			counts=$(awk -v boot="$b" -f "$LAB_DIR/results.awk" \
				 "$results" 2>/dev/null | tail -n 1)
			cp "$results" "$BUILD_DIR/logs/bench-$b-$r.results" 2>/dev/null || true
			if [ -n "$line" ]; then
				verdict ok "$b round $r gave its migration figures"
				echo "BENCH vm $b $r checks ${counts// /\/} $line" >>"$DATA"
			else
				verdict "not ok" "$b round $r gave its migration figures"
				echo "BENCH fail $b round $r gave no migration figures:" \
					"logs in build/bench/logs/bench-$b-$r.results" >>"$DATA"
			fi
		done
	done
}

# --- the run ---------------------------------------------------------------

for part in $PARTS; do
	case " $ALL_PARTS " in *" $part "*) ;; *) die "no bench part $part" ;; esac
done
rm -rf "$BUILD_DIR/data" "$verdicts"
mkdir -p "$BUILD_DIR/data" "$BUILD_DIR/logs"
sample_load >"$BUILD_DIR/load" &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT
date_start=$(date -u '+%Y-%m-%d %H:%M')
build_all
log "bench: commit $commit (clean: $clean), seed $SEED, parts: $PARTS"
for part in $PARTS; do
	DATA="$BUILD_DIR/data/$part"
	: >"$DATA"
	$part
done
kill $sampler 2>/dev/null || true

meta="$BUILD_DIR/meta"
{
	echo "commit=$commit"
	echo "clean=$clean"
	echo "date=$date_start"
	echo "end=$(date -u '+%H:%M')"
	echo "minutes=$(awk -v s=$((SECONDS - started)) 'BEGIN { printf "%.1f", s / 60 }')"
	echo "seed=$SEED"
	echo "parts=$PARTS"
	echo "reg_drivers=$REG_DRIVERS"
	echo "kernel=$KVER"
	echo "qemu=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
	echo "model=$(basename "$("$LAB_DIR/qemu-model.sh" --key)")"
	echo "cpus=$(nproc)"
	echo "pinned=$BENCH_CPU"
	awk 'NR == 1 { first = $2 } { s += $2; if ($2 > max) max = $2
	     if (NR == 1 || $3 < omin) omin = $3; if ($3 > omax) omax = $3 }
	     END { printf "load=%s %.2f %s %d\nothers=%d %d\n", first, NR ? s / NR : 0,
		   max, NR, omin, omax }' "$BUILD_DIR/load"
} >"$meta"
cat "$BUILD_DIR"/data/* >"$BUILD_DIR/bench.data"
"$LAB_DIR/bench-report.sh" "$BUILD_DIR/bench.data" "$meta" "$RESULTS" \
	"$verdicts" || true
n=$(grep -c '^not ok' "$verdicts" || true)
log "bench: $(grep -c '^ok' "$verdicts" || true) checks passed, $n failed" \
    "(results: $RESULTS)"
grep '^not ok' "$verdicts" >&2 || true
[ "$n" = 0 ]
