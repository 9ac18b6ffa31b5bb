#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: sets up the lab, builds, boots one guest per scenario and
# prints every test, then "N passed, N failed". TARGET: sim | ifcvf | all,
# or debug: the debug tier of make check-debug, every scenario on the
# KASAN/lockdep/kmemleak kernel of lab/debug-kernel.sh (LAB_DEBUG=1),
# or vm: the VM tier of make check-vm (QEMU VMs inside the guest).

target=${1:-all}
[ "$target" = debug ] && export LAB_DEBUG=1 BOOT_TIMEOUT=5400
source "$(dirname "$0")/lib.sh"

BLK_TESTS=(blk_virtio_vdpa.sh blk_mgmtdev.sh blk_config.sh
	blk_flush_discard.sh blk_multiqueue.sh)
# vhost_vdpa_blk writes all over the disk: before the blk tests whose
# bytes the host checks after the boot (see selftests/lib.sh)
COMMON_TESTS=(vdpa_mgmtdev.sh vdpa_dev_lifecycle.sh vdpa_netlink.sh
	vdpa_netlink_matrix.sh vhost_vdpa_fuzz.sh vdpa_dev_add_leak.sh
	net_virtio_vdpa.sh net_bus_switch.sh vhost_vdpa_net.sh vhost_vdpa_vmstate.sh
	vhost_vdpa_cvq.sh vhost_vdpa_features.sh vhost_vdpa_doorbell.sh
	vhost_vdpa_blk.sh
	"${BLK_TESTS[@]}")
# (vdpa_sim_blk takes no device_features: blk_dev_features is ours only)
IFCVF_TESTS=(ifcvf_net_config.sh ifcvf_bad_input.sh ifcvf_dev_features.sh
	vhost_vdpa_net_native.sh
	blk_dev_features.sh net_tcp_stream.sh net_link_state.sh dpdk_testpmd.sh
	blk_resize.sh vhost_vdpa_blk_resize.sh ifcvf_vq_size_min.sh)
# What the IFCVF model's device side makes fail (its faults, FLR through
# sysfs, AER through the monitor on the NIC in the hot-plug slot), and
# provisioning checks that need bits only it offers. ifcvf_shutdown
# leaves a device running for the guest's power-off: last in its boot.
FAILURE_TESTS=(ifcvf_reset_hang.sh ifcvf_needs_reset.sh ifcvf_gone.sh
	ifcvf_vector_refused.sh ifcvf_flr.sh ifcvf_aer.sh ifcvf_feature_deps.sh
	ifcvf_blk_zoned.sh)
# on the IFCVF model: lm_layout first (ifcvf_bad_input reloads the
# module, which forgets a layout set by hand)
MODEL_TESTS=(ifcvf_lm_layout.sh "${COMMON_TESTS[@]}" "${IFCVF_TESTS[@]}"
	vhost_vdpa_lm.sh "${FAILURE_TESTS[@]}" ifcvf_shutdown.sh)
BLK_VECTOR_TESTS=(blk_virtio_vdpa.sh blk_multiqueue.sh blk_resize.sh
	vhost_vdpa_blk_resize.sh)
NET_61_TESTS=(vdpa_mgmtdev.sh vdpa_dev_lifecycle.sh net_virtio_vdpa.sh
	net_bus_switch.sh vhost_vdpa_net.sh ifcvf_net_config.sh
	ifcvf_bad_input.sh net_tcp_stream.sh net_link_state.sh)
MQ_TESTS=(net_multiqueue.sh net_virtio_vdpa.sh vhost_vdpa_net.sh
	ifcvf_cvq_doorbell.sh vhost_vdpa_cvq.sh vhost_vdpa_doorbell.sh)
# abuse: add/del and bus-flip stress, rmmod and unplug under traffic
ABUSE_TESTS=(stress_dev_cycles.sh stress_bus_flips.sh ifcvf_rmmod.sh
	ifcvf_unplug.sh ifcvf_device_del.sh)
# a third NIC in a hot-plug slot (lab/run.sh) for ifcvf_device_del
HOTPLUG_ENV=NET_HOTPLUG_PCI=0000:01:00.0
VECTOR_TESTS=(net_virtio_vdpa.sh net_link_state.sh vhost_vdpa_net.sh)
# The VM tier: a nested QEMU guest on vhost-vdpa (selftests/vm_lib.sh),
# its QEMU and kernel in an archive only these boots get
# (lab/build-vm-image.sh); a nested boot takes 70 to 90 s
# (LAB_VM_TESTS: fewer of them, as lab/bench-vm.sh runs vm_migrate.sh only)
read -r -a VM_TESTS <<<"${LAB_VM_TESTS:-vm_net.sh vm_migrate.sh}"
# One vCPU: the nested QEMU's TCG writes code and runs it; with two
# vCPUs in the outer guest its threads moved between them and the nested
# kernel crashed in text_poke_early or __kmalloc at start-up, 2 boots of
# 2 under load (QEMU 7.2's TCG inside TCG; LAB.md saw the same with
# nested KVM, which held with one vCPU). The outer QEMU runs one host
# thread (thread=single) either way, so one vCPU costs no speed.
VM_ENV=VM=on,TIMEOUT=1500,SMP=1
# The NICs' MTU: QEMU offers VIRTIO_NET_F_MTU only when it is given one.
NIC=host_mtu=4000
NIC_ENV="NET_DEV_MTU=4000"
# The blk function's config fields, and where blk_config.sh expects
# virtio_blk to show them (seg_max is queue-size - 2 in QEMU). What the
# function offers besides, which the tests hold the parent to: FLUSH (a
# write back cache: cache=none), CONFIG_WCE, and QEMU's default MSI-X
# vectors, one per queue and one for the config.
BLK=num-queues=2,queue-size=128,physical_block_size=4096,min_io_size=8192
BLK+=,opt_io_size=262144,max-discard-sectors=8192
BLK+=,max-write-zeroes-sectors=16384,cyls=520,heads=16,secs=32
BLK+=,serial=IFCVF-BLK-0001
BLK_ENV=BLK_DEV_VQS=2,BLK_PHYS_BS=4096,BLK_IO_MIN=8192,BLK_IO_OPT=262144
BLK_ENV+=,BLK_SEG_MAX=126,BLK_DISCARD=4194304,BLK_WZEROES=8388608
BLK_ENV+=,BLK_GEOMETRY=520/16/32,BLK_SERIAL=IFCVF-BLK-0001
BLK_ENV+=,BLK_FLUSH=1,BLK_WCE=1,BLK_VECTORS=3
# vdpa_sim_blk's: no geometry offered, so virtio_blk's made-up one; FLUSH
# but no CONFIG_WCE, no interrupts
SIM_BLK_ENV=BLK_DEV_VQS=1,BLK_PHYS_BS=512,BLK_IO_MIN=512,BLK_IO_OPT=512
SIM_BLK_ENV+=,BLK_SEG_MAX=32,BLK_GEOMETRY=128/64/32,BLK_SERIAL=vdpa_blk_sim
# UINT_MAX sectors of discard and write-zeroes
SIM_BLK_ENV+=,BLK_DISCARD=2199023255040,BLK_WZEROES=2199023255040
SIM_BLK_ENV+=,BLK_FLUSH=1

# list TEST...: the tests as the guest takes them, comma-separated
# What vhost_vdpa_vmstate expects of a function: suspend/resume, the
# device's ring positions in vstats and a queue's state kept over a reset
# with an LM region; counters only, and no ring state, without one
LM_VM=EXPECT_SUSPEND=1,EXPECT_VSTATS=lm,EXPECT_RESET_STATE=kept
PLAIN_VM=EXPECT_SUSPEND=0,EXPECT_VSTATS=counters,EXPECT_RESET_STATE=refused

list() {
	local IFS=,
	echo "$*"
}

# One boot per line: name target tests net-opts blk-opts guest-env
# (a guest-env entry QUEUES=N also gives the NICs N-queue tap backends,
# SMP=N the guest N vCPUs instead of 2). lab/expected-skips.txt lists
# the skips each boot expects.
scenarios() {
	case $target in sim|all)
		echo "sim sim $(list "${COMMON_TESTS[@]}") - -" \
			"$SIM_BLK_ENV,EXPECT_SUSPEND=1,EXPECT_VSTATS=none,EXPECT_RESET_STATE=reset" ;;
	esac
	case $target in ifcvf|all)
		# QEMU's default 4 vectors for a single-queue NIC: one per queue
		# and the register protocol under mmiotrace (the debug
		# kernel has no mmiotrace)
		echo "ifcvf ifcvf $(list ifcvf_lm_layout.sh "${COMMON_TESTS[@]}" "${IFCVF_TESTS[@]}" ifcvf_register_protocol.sh) $NIC $BLK" \
			"$NIC_ENV,NET_DEV_VQS=3,NET_DEV_VQP=1,$BLK_ENV,LM_EXPECT=none,$PLAIN_VM"
		# The IFCVF device model (lab/qemu/): N3000 NICs and the
		# C5000X-PL disk with the pair LM layout and a doorbell page per
		# queue; C5000X-PL NICs and the modern blk ID with the flat
		# layout (which the driver is told through lm_layout) and
		# 4-byte doorbells. A third NIC receives the LM test's stream.
		echo "model-pair ifcvf $(list "${MODEL_TESTS[@]}")" \
			"$NIC,doorbell-stride=4096 $BLK,doorbell-stride=4096" \
			"MODEL=on,$NIC_ENV,NET_DEV_VQS=3,NET_DEV_VQP=1,$BLK_ENV,$HOTPLUG_ENV,LM_EXPECT=pair,NET_PAGE_PER_VQ=1,$LM_VM"
		echo "model-flat ifcvf $(list "${MODEL_TESTS[@]}")" \
			"$NIC,lm-layout=flat $BLK,lm-layout=flat" \
			"MODEL=c5000x-net+modern-blk,$NIC_ENV,NET_DEV_VQS=3,NET_DEV_VQP=1,$BLK_ENV,$HOTPLUG_ENV,LM_LAYOUT=flat,LM_EXPECT=flat,EXPECT_SUSPEND=1,EXPECT_VSTATS=lm-avail,EXPECT_RESET_STATE=kept"
		# The kernel's own ifcvf on the same model: data about it, in
		# a table of its own, never in our count
		echo "model-intree intree $(list "${COMMON_TESTS[@]}")" \
			"$NIC $BLK MODEL=on,$NIC_ENV,NET_DEV_VQS=3,NET_DEV_VQP=1,$BLK_ENV,EXPECT_SUSPEND=0,EXPECT_VSTATS=none"
		# a doorbell page per queue, for vhost-vdpa's mmap
		echo "ifcvf-mq ifcvf $(list "${MQ_TESTS[@]}")" \
			"$NIC,mq=on,vectors=10,page-per-vq=on -" \
			"$NIC_ENV,NET_DEV_VQS=9,NET_DEV_VQP=4,QUEUES=4,NET_PAGE_PER_VQ=1"
		# blk: all on one vector (1), queues on one, config on the other (2)
		echo "ifcvf-1vec ifcvf $(list "${VECTOR_TESTS[@]}" "${BLK_VECTOR_TESTS[@]}")" \
			"$NIC,vectors=1 num-queues=2,vectors=1" \
			"$NIC_ENV,BLK_DEV_VQS=2,BLK_VECTORS=1"
		echo "ifcvf-2vec ifcvf $(list "${VECTOR_TESTS[@]}" "${BLK_VECTOR_TESTS[@]}")" \
			"$NIC,vectors=2 num-queues=2,vectors=2" \
			"$NIC_ENV,BLK_DEV_VQS=2,BLK_VECTORS=2"
		# a vector per blk queue, one queue per vCPU
		echo "ifcvf-blk-mq ifcvf $(list blk_multiqueue.sh blk_virtio_vdpa.sh)" \
			"- num-queues=4 BLK_DEV_VQS=4,BLK_VECTORS=5,SMP=4"
		echo "ifcvf-abuse ifcvf $(list "${ABUSE_TESTS[@]}") $NIC -" \
			"$NIC_ENV,NET_DEV_VQS=3,$HOTPLUG_ENV"
		;;
	esac
	# The VM tier (make check-vm, target vm): on vdpa_sim_net, the
	# reference; on plain virtio-pci functions (a doorbell page per
	# queue); on the model's VFs (LM region, 4 KiB doorbells); the
	# hot-plug NIC is the migration's peer. make check runs them last
	# (vm_tier).
	case $target in vm)
		echo "vm-sim sim $(list "${VM_TESTS[@]}") - - $SIM_BLK_ENV,$VM_ENV"
		echo "vm-ifcvf ifcvf $(list "${VM_TESTS[@]}")" \
			"$NIC,page-per-vq=on $BLK" \
			"$NIC_ENV,$BLK_ENV,$HOTPLUG_ENV,$VM_ENV"
		echo "vm-model ifcvf $(list "${VM_TESTS[@]}")" \
			"$NIC,doorbell-stride=4096 $BLK,doorbell-stride=4096" \
			"MODEL=on,$NIC_ENV,$BLK_ENV,$HOTPLUG_ENV,$VM_ENV"
		;;
	esac
	if [ "$target" = debug ]; then debug_scenarios; fi
}

# The debug tier: the same flows at full count on the debug kernel, fault
# injection, and MSI-X with 1, 2, 3 vectors and one per queue (config
# interrupts: set_link and block_resize). Tests get 15 minutes each, the
# fault injection loops 30 and the stress matrices 50. The two longest
# boots come first, so that the others fill the second lane around them.
DEBUG_ENV=TIMEOUT=900,TESTPMD_TIMEOUT=300
STRESS_TESTS=(stress_dev_cycles.sh stress_bus_flips.sh)
# ifcvf_device_del last: pciehp's own lockdep report on every slot
# removal (lab/kernel-reports.awk) turns lockdep off for the rest of a boot
DEBUG_ABUSE_TESTS=(ifcvf_rmmod.sh ifcvf_unplug.sh ifcvf_probe_fault.sh
	vdpa_dev_add_fault_net.sh vdpa_dev_add_fault_blk.sh ifcvf_device_del.sh)
DEBUG_VECTOR_TESTS=(net_virtio_vdpa.sh net_link_state.sh vhost_vdpa_net.sh
	blk_virtio_vdpa.sh blk_resize.sh)
debug_scenarios() {
	local v
	echo "debug-stress ifcvf $(list "${STRESS_TESTS[@]}") $NIC -" \
		"$NIC_ENV,NET_DEV_VQS=3,CYCLES=500,FLIPS=200,TIMEOUT=3000"
	echo "debug-abuse ifcvf $(list "${DEBUG_ABUSE_TESTS[@]}") $NIC -" \
		"$NIC_ENV,NET_DEV_VQS=3,$HOTPLUG_ENV,TIMEOUT=1800"
	echo "debug-ifcvf ifcvf $(list "${COMMON_TESTS[@]}" "${IFCVF_TESTS[@]}") $NIC $BLK" \
		"$NIC_ENV,NET_DEV_VQS=3,NET_DEV_VQP=1,$BLK_ENV,$DEBUG_ENV,$PLAIN_VM"
	echo "debug-sim sim $(list "${COMMON_TESTS[@]}") - -" \
		"$SIM_BLK_ENV,$DEBUG_ENV,EXPECT_SUSPEND=1,EXPECT_VSTATS=none,EXPECT_RESET_STATE=reset"
	for v in 1 2 3; do
		echo "debug-${v}vec ifcvf $(list "${DEBUG_VECTOR_TESTS[@]}")" \
			"$NIC,vectors=$v num-queues=2,vectors=$v" \
			"$NIC_ENV,BLK_DEV_VQS=2,BLK_VECTORS=$v,$DEBUG_ENV"
	done
	echo "debug-mq ifcvf $(list "${MQ_TESTS[@]}")" \
		"$NIC,mq=on,vectors=10,page-per-vq=on -" \
		"$NIC_ENV,NET_DEV_VQS=9,NET_DEV_VQP=4,QUEUES=4,NET_PAGE_PER_VQ=1,$DEBUG_ENV"
	# the device-side failures on the IFCVF model, in both LM layouts
	echo "debug-model-pair ifcvf $(list "${FAILURE_TESTS[@]}" ifcvf_shutdown.sh)" \
		"$NIC,doorbell-stride=4096 $BLK,doorbell-stride=4096" \
		"MODEL=on,$NIC_ENV,NET_DEV_VQS=3,NET_DEV_VQP=1,$BLK_ENV,$HOTPLUG_ENV,LM_EXPECT=pair,$DEBUG_ENV"
	echo "debug-model-flat ifcvf $(list "${FAILURE_TESTS[@]}" ifcvf_shutdown.sh)" \
		"$NIC,lm-layout=flat $BLK,lm-layout=flat" \
		"MODEL=c5000x-net+modern-blk,$NIC_ENV,NET_DEV_VQS=3,NET_DEV_VQP=1,$BLK_ENV,$HOTPLUG_ENV,LM_LAYOUT=flat,LM_EXPECT=flat,$DEBUG_ENV"
}

# lab/check-mutants.sh boots these same scenarios: it asks for them here
if [ -n "${LAB_LIST_SCENARIOS:-}" ]; then
	scenarios
	exit 0
fi

passed=0 failed=0 skipped=0
# Whatever stops this script early (a set-up or build that fails), the
# last line is still the count, with the stop counted as a failure.
finished=0
print_counts() {
	if [ "$finished" = 0 ]; then
		log "make check stopped before its end (see above)"
		failed=$((failed + 1))
	fi
	[ -z "${data_counts:-}" ] || printf '%s' "$data_counts"
	echo "$passed passed, $failed failed, $skipped skipped"
}
trap print_counts EXIT

"$LAB_DIR/setup.sh"
LAB_TARGET=$target "$LAB_DIR/build.sh"
# the IFCVF device model's QEMU, before the boots that need it
case $target in ifcvf|all|debug|vm) "$LAB_DIR/qemu-model.sh" >/dev/null ;; esac

# Tests that fail on the reference boot (sim): a failure of the same test
# on ifcvf is then marked as one the reference shares (a test's fault
# more likely than the driver's). Filled in as the sim boot is reported.
REFERENCE_FAILED=" "

# expected_skips NAME LOGS: results.awk's lines for boot NAME (stdin),
# with its skips held against lab/expected-skips.txt (lab/skips.awk)
expected_skips() {
	local results="$2/$1.results"
	[ -e "$results" ] || results=/dev/null
	awk -v boot="$1" -f "$LAB_DIR/skips.awk" \
		"$LAB_DIR/expected-skips.txt" "$results" -
}

# Prints one result stream's tests and adds up its counts.
count_results() {
	local name=$1 logs=${2:-$BUILD_DIR/logs} out p f s
	out=$(awk -v boot="$name" -v verbose="${V:-0}" -f "$LAB_DIR/results.awk" \
		"$logs/$name.results" 2>/dev/null | expected_skips "$name" "$logs")
	out=$(echo "$out" | awk -v ref="$REFERENCE_FAILED" '
		/^FAIL / { t = $2; sub(/^[^\/]*\//, "", t); sub(/:.*/, "", t)
			   if (index(ref, " " t " "))
				$0 = $0 " (fails on the reference too)" }
		{ print }')
	echo "$out" | sed '$d'
	if [ "$name" = sim ]; then
		REFERENCE_FAILED+=$(echo "$out" | sed -n 's|^FAIL sim/\([^:]*\).*|\1|p' |
				    tr '\n' ' ')
	fi
	read -r p f s <<<"$(echo "$out" | tail -n 1)"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	[ "$f" = 0 ]
}

# The guest reported a splat while it started (lab/guest-init.sh's
# "boot" result) and every such report is listed in lab/boot-allow.txt.
boot_report_allowed() {
	local results="$BUILD_DIR/logs/$1.results" found
	found=$(grep -a '^\[boot\] # dmesg: ' "$results" | tr -d '\r' |
		sed 's/^\[boot\] # dmesg: \[ *[0-9.]*\] //') || return 1
	[ -n "$found" ] || return 1
	! echo "$found" | grep -v -E -f <(grep -v '^#' "$LAB_DIR/boot-allow.txt" |
					  grep .) | grep -q .
}

# boot NAME TARGET TESTS NET-OPTS BLK-OPTS GUEST-ENV (see scenarios)
boot() {
	local name=$1 tgt=$2 tests=$3 netopts=$4 blkopts=$5 env=$6 start
	local boot_timeout
	[ "$netopts" = - ] && netopts=
	[ "$blkopts" = - ] && blkopts=
	lab_scenario_env "$env"
	# VM=on: the lab's initramfs with the VM tier's archive appended
	LAB_INITRD=
	boot_timeout=${BOOT_TIMEOUT:-900}
	case ",$env," in *,VM=on,*)
		LAB_INITRD=$("$LAB_DIR/build-vm-image.sh")
		# two nested boots and a migration: 6 to 8 minutes quiet,
		# more than twice that beside other boots
		[ "$boot_timeout" -ge 2700 ] || boot_timeout=2700 ;;
	esac
	export LAB_INITRD
	log "boot $name: $tests"
	start=$(date +%s)
	BOOT_TIMEOUT=$boot_timeout \
		"$LAB_DIR/run.sh" "$name" "$tgt" "$tests" "$netopts" "$blkopts"
	if boot_report_allowed "$name"; then
		log "boot $name: the kernel's own report at start-up" \
		    "(lab/boot-allow.txt), booting once more"
		keep_first_boot "$name"
		BOOT_TIMEOUT=$boot_timeout \
			"$LAB_DIR/run.sh" "$name" "$tgt" "$tests" "$netopts" "$blkopts"
	fi
	log "boot $name took $(($(date +%s) - start)) s"
}

# Boots whose results are data about another driver (the kernel's own
# ifcvf on the model), listed apart and never in our count
DATA_BOOTS=" model-intree "
data_counts=""

# The data boot's tests as "DATA" lines, and its counts kept for the end
report_data_boot() {
	local out p f s
	out=$(awk -v boot="$1" -v verbose="${V:-0}" -f "$LAB_DIR/results.awk" \
		"$BUILD_DIR/logs/$1.results" 2>/dev/null)
	echo "$out" | sed '$d' | sed -E 's/^(PASS|FAIL|SKIP) /DATA \1 /'
	read -r p f s <<<"$(echo "$out" | tail -n 1)"
	data_counts+="the kernel's own ifcvf on the IFCVF model ($1; data, not counted): $p passed, $f failed, $s skipped"$'\n'
}

# The first boot of a scenario booted once more keeps its logs as
# NAME-first.*: its tests ran and their results count too; only its
# allow-listed start-up report (and lockdep switching off for it) is not
# held against it.
keep_first_boot() {
	local logs="$BUILD_DIR/logs" f
	for f in "$logs/$1".*; do
		mv "$f" "$logs/$1-first.${f##*/"$1".}"
	done
	sed -i -E 's/^\[boot\] not ok (997|999) (.*)/[boot] # allow-listed at start-up: \2/' \
		"$logs/$1-first.results"
}

report_boot() {
	case $DATA_BOOTS in *" $1 "*) report_data_boot "$1"; return ;; esac
	if [ -e "$BUILD_DIR/logs/$1-first.results" ]; then
		count_results "$1-first" ||
			log "console log: $BUILD_DIR/logs/$1-first.console"
	fi
	count_results "$1" ||
		log "console log: $BUILD_DIR/logs/$1.console"
}

# The scenarios' boots (only those named in LAB_SCENARIOS, if set),
# LAB_JOBS of them at a time (one per CPU unless set): each QEMU runs its
# guest on one host thread. Results are printed
# in scenario order once all are done; a boot's own messages are kept in
# logs/boot-NAME.log meanwhile (run.sh empties logs/NAME.*).
JOBS=${LAB_JOBS:-$(nproc)}

# only_lab_tests TESTS: of a scenario's tests (comma-separated) those in
# LAB_TESTS, if set (a developer re-running a test wherever it runs);
# fails when none is left
only_lab_tests() {
	local t kept=()
	[ -z "${LAB_TESTS:-}" ] && { echo "$1"; return 0; }
	for t in ${1//,/ }; do
		case ",$LAB_TESTS," in *",$t,"*) kept+=("$t") ;; esac
	done
	[ ${#kept[@]} -gt 0 ] && list "${kept[@]}"
}

run_scenarios() {
	local name tgt tests netopts blkopts env names=()
	mkdir -p "$BUILD_DIR/logs"
	while read -r name tgt tests netopts blkopts env; do
		case " ${LAB_SCENARIOS:-$name} " in *" $name "*) ;; *) continue ;; esac
		tests=$(only_lab_tests "$tests") || continue
		names+=("$name")
		if [ "$JOBS" -le 1 ]; then
			boot "$name" "$tgt" "$tests" "$netopts" "$blkopts" "$env"
			report_boot "$name"
			continue
		fi
		boot "$name" "$tgt" "$tests" "$netopts" "$blkopts" "$env" \
			>"$BUILD_DIR/logs/boot-$name.log" 2>&1 &
		while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
			wait -n || true
		done
	done < <(scenarios)
	wait
	[ "$JOBS" -le 1 ] && return
	for name in "${names[@]}"; do
		cat "$BUILD_DIR/logs/boot-$name.log" >&2
		report_boot "$name"
	done
}

# make lint's verdicts, as a result stream; a lint that fails counts,
# and the boots still run
lint_results() {
	local rc=0
	echo "LAB-START lint"
	"$LAB_DIR/lint.sh" 2>/dev/null | awk '
		/^lint: .*: clean$/ { sub(/^lint: /, ""); sub(/: clean$/, "");
				     printf "[lint] ok %d %s clean\n", ++n, $0; next }
		/^lint: .*: FAILED$/ { sub(/^lint: /, ""); sub(/: FAILED$/, "");
				      printf "[lint] not ok %d %s clean\n", ++n, $0; next }
		{ print "[lint] # " $0 }' || rc=$?
	# lint.sh exits 1 when a check fails: that is in the lines above
	[ "$rc" = 1 ] && rc=0
	echo "LAB-END lint rc=$rc"
	echo LAB-DONE
}

# The driver as users install it: make install and dkms, then a boot
# with the module dkms built.
install_and_boot_dkms() {
	local rc=0
	"$LAB_DIR/install-check.sh" "$BUILD_DIR/logs/install.results" || rc=$?
	[ "$rc" = 0 ] || echo "LAB-END install rc=$rc" >>"$BUILD_DIR/logs/install.results"
	count_results install || true
	[ -s "$BUILD_DIR/dkms.ko" ] || return 0
	cp "$BUILD_DIR/dkms.ko" "$BUILD_DIR/stage/extra/ifcvf.ko"
	"$LAB_DIR/build-initramfs.sh" "$BUILD_DIR/stage" \
		"$BUILD_DIR/initramfs.cpio.gz"
	boot ifcvf-dkms ifcvf "$(list vdpa_mgmtdev.sh net_virtio_vdpa.sh)" \
		"$NIC" - "$NIC_ENV"
	report_boot ifcvf-dkms
}

# make bench's smoke (lab/bench.sh, BENCH_SMOKE=1: register boots and a
# short datapath boot on the IFCVF model, results in build/bench/smoke/)
# as one result stream of its own checks: a broken bench counts as a
# failure, and the boots above still ran. LAB_BENCH_SMOKE=0 leaves it out.
bench_smoke_results() {
	local rc=0
	echo "LAB-START bench-smoke"
	rm -f "$BUILD_DIR/bench/verdicts"
	BENCH_SMOKE=1 "$LAB_DIR/bench.sh" >"$BUILD_DIR/logs/bench-smoke.log" 2>&1 ||
		rc=$?
	awk '{ ok = $1 == "ok"; sub(/^(not )?ok /, "")
	       printf "[bench-smoke] %s %d %s\n", ok ? "ok" : "not ok", NR, $0 }' \
		"$BUILD_DIR/bench/verdicts" 2>/dev/null || true
	[ "$rc" = 0 ] || tail -n 5 "$BUILD_DIR/logs/bench-smoke.log" |
		sed 's/^/[bench-smoke] # /'
	# bench.sh exits 1 when a check fails: that is in the lines above
	[ "$rc" = 1 ] && [ -s "$BUILD_DIR/bench/verdicts" ] && rc=0
	echo "LAB-END bench-smoke rc=$rc"
	echo LAB-DONE
}

bench_smoke() {
	[ "${LAB_BENCH_SMOKE:-1}" != 0 ] || return 0
	log "bench smoke: $BUILD_DIR/logs/bench-smoke.log"
	bench_smoke_results >"$BUILD_DIR/logs/bench-smoke.results"
	count_results bench-smoke || true
}

# LAB_BOOTS_ONLY=1: only the scenario boots (a developer re-running a
# few with LAB_SCENARIOS, or some tests with LAB_TESTS): no lint,
# install or 6.1 boot
BOOTS_ONLY=${LAB_BOOTS_ONLY:-0}
case $BOOTS_ONLY:$target in 0:ifcvf|0:all)
	mkdir -p "$BUILD_DIR/logs"
	lint_results >"$BUILD_DIR/logs/lint.results"
	count_results lint || true
	;;
esac
run_scenarios
case $BOOTS_ONLY:$target in 0:ifcvf|0:all) bench_smoke ;; esac
# The net selftests on Debian 12's own 6.1 kernel too, whose vDPA core
# the lab builds from linux-source-6.1 (CONFIG_VDPA is unset there).
boot_debian12_kernel() {
	local b="$BUILD_DIR/k6.1"
	(
		export KSERIES=6.1 BUILD_DIR="$b"
		"$LAB_DIR/setup.sh"
		LAB_TARGET=ifcvf "$LAB_DIR/build.sh"
		LAB_CMDLINE="lab.env.$NIC_ENV lab.env.NET_DEV_VQS=3 lab.env.NET_DEV_VQP=1"
		export LAB_CMDLINE LAB_NET_QUEUES=
		log "boot ifcvf-6.1: $(list "${NET_61_TESTS[@]}")"
		"$LAB_DIR/run.sh" ifcvf-6.1 ifcvf "$(list "${NET_61_TESTS[@]}")" "$NIC" ""
	)
	count_results ifcvf-6.1 "$b/logs" ||
		log "console log: $b/logs/ifcvf-6.1.console"
}

case $BOOTS_ONLY:$target in 0:ifcvf|0:all)
	install_and_boot_dkms
	boot_debian12_kernel
	;;
esac

# make check's last part: the VM tier's boots (make check-vm), after all
# the others, so that the nested TCG guests have the machine to
# themselves: beside other boots, nested kernels crashed at start-up
# (vm_lib.sh's vm_boot boots such a one once more). LAB_VM_TIER=0 leaves
# them out.
vm_tier() {
	[ "${LAB_VM_TIER:-1}" != 0 ] || return 0
	log "the VM tier: $(target=vm scenarios | cut -d' ' -f1 | paste -sd' ')"
	target=vm run_scenarios
}
case $BOOTS_ONLY:$target in 0:all) vm_tier ;; esac

finished=1
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
