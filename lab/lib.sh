# SPDX-License-Identifier: GPL-2.0
# Shared settings of the test lab; sourced by every lab script.
# shellcheck shell=bash

set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(dirname "$LAB_DIR")
CACHE_ROOT=${IFCVF_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ifcvf-lab}
# the guest kernel line: 6.12 (bookworm-security), or 6.1 (Debian 12's)
KSERIES=${KSERIES:-6.12}
# LAB_DEBUG=1: the debug kernel lab/debug-kernel.sh builds from the same
# source package with lab/debug.config, in place of Debian's image
LAB_DEBUG=${LAB_DEBUG:-0}
if [ "$LAB_DEBUG" = 1 ]; then
	BUILD_DIR=${BUILD_DIR:-$TOP_DIR/build/debug}
else
	BUILD_DIR=${BUILD_DIR:-$TOP_DIR/build}
fi

# The kernel's KTAP helpers for shell selftests, which the guest's tests
# print their results with (selftests/lib.sh). Linux 6.1's source
# predates them: a guest of that series gets KTAP_SERIES's, which
# lab/setup.sh unpacks for it.
KTAP_HELPERS=tools/testing/selftests/kselftest/ktap_helpers.sh
KTAP_SERIES=6.12

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] error: %s\n' "$*" >&2; exit 1; }

# lab_scenario_env GUEST-ENV: sets and exports what lab/run.sh takes
# from the guest-env column of a scenario (lab/check.sh): every entry as
# a lab.env.* kernel option, TIMEOUT=N as the tests' time-out, QUEUES=N
# the NICs' queues, SMP=N the vCPUs, NET_HOTPLUG_PCI the hot-plug NIC
# and MODEL=ID[+ID] the IFCVF device model. "-" is an empty column.
lab_scenario_env() {
	local entries
	entries=$(echo "${1#-}" | tr ',' '\n')
	LAB_CMDLINE=$(echo "$entries" | sed -n 's/^./lab.env.&/p' | tr '\n' ' ')
	LAB_CMDLINE+=$(echo "$entries" | sed -n 's/^TIMEOUT=/ lab.timeout=/p')
	LAB_NET_QUEUES=$(echo "$entries" | sed -n 's/^QUEUES=//p')
	LAB_SMP=$(echo "$entries" | sed -n 's/^SMP=//p')
	LAB_HOTPLUG_NIC=$(echo "$entries" | sed -n 's/^NET_HOTPLUG_PCI=.*/1/p')
	LAB_MODEL=$(echo "$entries" | sed -n 's/^MODEL=//p' | tr + ,)
	export LAB_CMDLINE LAB_NET_QUEUES LAB_SMP LAB_HOTPLUG_NIC LAB_MODEL
}

# The newest source package of the series decides the kernel version:
# image, headers and source then all come from that one upload.
lab_resolve_kernel() {
	local cand
	cand=$(apt-cache policy "linux-source-$KSERIES" 2>/dev/null |
	       awk '/Candidate:/ { print $2 }')
	if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
		die "linux-source-$KSERIES is not in apt's lists (apt-get update?)"
	fi
	KPKGVER=$cand
	if [ "$KSERIES" = 6.1 ]; then
		# Debian 12's own kernel: ABI names such as 6.1.0-56
		KABI=$(apt-cache depends linux-image-amd64 |
		       sed -n 's/.*Depends: linux-image-\(6\.1\.0-[0-9]*\)-amd64$/\1/p')
		KBUILD_PKG=linux-kbuild-6.1
	else
		# 6.12.117-1~deb12u1 -> ABI name 6.12.117+deb12
		KABI="${cand%%-*}+deb${cand##*~deb}"
		KABI="${KABI%u*}"
		KBUILD_PKG=linux-kbuild-$KABI
	fi
	KVER="$KABI-amd64"
	KCACHE="$CACHE_ROOT/$KVER"
	KROOT="$KCACHE/root"
	KDIR="$KROOT/usr/src/linux-headers-$KVER"
	KSRC="$KCACHE/src"
	[ "$LAB_DEBUG" = 1 ] && lab_debug_kernel
	export KPKGVER KABI KVER KCACHE KROOT KDIR KSRC KBUILD_PKG
}

# lab_ktap_helpers: where the guest's ktap_helpers.sh comes from
lab_ktap_helpers() {
	if [ -f "$KSRC/$KTAP_HELPERS" ]; then
		echo "$KSRC/$KTAP_HELPERS"
		return
	fi
	local KSERIES=$KTAP_SERIES LAB_DEBUG=0 KPKGVER KABI KVER KCACHE KROOT \
	      KDIR KSRC KBUILD_PKG
	lab_resolve_kernel
	echo "$KSRC/$KTAP_HELPERS"
}

# The debug kernel is cached by source version and config lines: a change
# to either builds a new one. Debian's packages stay the source of truth,
# so STOCK_KROOT keeps pointing at them.
lab_debug_kernel() {
	local tag
	tag=$(grep -E '^(# )?CONFIG_' "$LAB_DIR/debug.config" | sha1sum |
	      cut -c1-10)
	STOCK_KROOT=$KROOT
	KVER="${KPKGVER%%-*}-ifcvf-debug"
	KCACHE="$CACHE_ROOT/debug-$KPKGVER-$tag"
	KROOT="$KCACHE/root"
	KDIR="$KCACHE/obj"
	KSRC="$KCACHE/linux"
	export STOCK_KROOT
}
