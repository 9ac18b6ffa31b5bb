#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: sets up the lab, builds, boots one guest per scenario and
# prints every test, then "N passed, N failed". TARGET: sim | ifcvf | all.

source "$(dirname "$0")/lib.sh"

target=${1:-all}
COMMON_TESTS="vdpa_mgmtdev.sh vdpa_dev_lifecycle.sh net_virtio_vdpa.sh
	net_bus_switch.sh blk_virtio_vdpa.sh vhost_vdpa_net.sh vhost_vdpa_blk.sh"
IFCVF_TESTS="ifcvf_net_config.sh ifcvf_bad_input.sh net_tcp_stream.sh
	net_link_state.sh"
MQ_TESTS="net_multiqueue.sh net_virtio_vdpa.sh vhost_vdpa_net.sh"
VECTOR_TESTS="net_virtio_vdpa.sh net_link_state.sh vhost_vdpa_net.sh"
# The NICs' MTU: QEMU offers VIRTIO_NET_F_MTU only when it is given one.
NIC=host_mtu=4000
NIC_ENV="NET_DEV_MTU=4000"

list() { echo "$@" | tr -s ' \n\t' ',' | sed 's/,$//'; }

# One boot per line: name target tests net-opts blk-opts guest-env
# (a guest-env entry QUEUES=N also gives the NICs N-queue tap backends)
scenarios() {
	case $target in sim|all)
		echo "sim sim $(list $COMMON_TESTS) - - -" ;;
	esac
	case $target in ifcvf|all)
		# QEMU's default 4 vectors for a single-queue NIC: one per queue
		echo "ifcvf ifcvf $(list $COMMON_TESTS $IFCVF_TESTS) $NIC -" \
			"$NIC_ENV,NET_DEV_VQS=3,NET_DEV_VQP=1"
		# a doorbell page per queue, for vhost-vdpa's mmap
		echo "ifcvf-mq ifcvf $(list $MQ_TESTS)" \
			"$NIC,mq=on,vectors=10,page-per-vq=on -" \
			"$NIC_ENV,NET_DEV_VQS=9,NET_DEV_VQP=4,QUEUES=4"
		echo "ifcvf-1vec ifcvf $(list $VECTOR_TESTS) $NIC,vectors=1 -" \
			"$NIC_ENV"
		echo "ifcvf-2vec ifcvf $(list $VECTOR_TESTS) $NIC,vectors=2 -" \
			"$NIC_ENV"
		;;
	esac
}

"$LAB_DIR/setup.sh"
LAB_TARGET=$target "$LAB_DIR/build.sh"

passed=0 failed=0 skipped=0
while read -r name tgt tests netopts blkopts env; do
	[ "$netopts" = - ] && netopts=
	[ "$blkopts" = - ] && blkopts=
	[ "$env" = - ] && env=
	LAB_CMDLINE=$(echo "$env" | tr ',' '\n' | sed -n 's/^./lab.env.&/p' |
		tr '\n' ' ')
	export LAB_CMDLINE
	LAB_NET_QUEUES=$(echo "$env" | tr ',' '\n' | sed -n 's/^QUEUES=//p')
	export LAB_NET_QUEUES
	log "boot $name: $tests"
	start=$(date +%s)
	"$LAB_DIR/run.sh" "$name" "$tgt" "$tests" "$netopts" "$blkopts"
	out=$(awk -v boot="$name" -v verbose="${V:-0}" -f "$LAB_DIR/results.awk" \
		"$BUILD_DIR/logs/$name.results" 2>/dev/null)
	echo "$out" | sed '$d'
	read -r p f s <<<"$(echo "$out" | tail -n 1)"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	log "boot $name took $(($(date +%s) - start)) s"
	[ "$f" = 0 ] || log "console log: $BUILD_DIR/logs/$name.console"
done < <(scenarios)

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
