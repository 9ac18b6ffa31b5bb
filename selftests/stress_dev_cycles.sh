#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CYCLES times (50 unless set; the debug tier asks for 500) a net and a
# blk vDPA device are added, bound to their vDPA bus driver and deleted
# again. Every add must give a bound device and every delete must leave
# none; afterwards a new device of each class still works: frames cross,
# and a seeded pattern round-trips through /dev/vdX.

. ./lib.sh

CYCLES=${CYCLES:-50}
# stress_dev_cycles's own region of the disk (see lib.sh)
BLK_AT=$((74 * MIB))
BLK_SPAN=$MIB

bound() {
	[ -e "/sys/bus/vdpa/devices/$1/driver" ]
}

# cycles NAME MGMTDEV [ATTRS...]: prints how many add/bind/del cycles
# completed, and the first failure on stderr
cycles() {
	local name="$1" mgmt="$2" done=0 i=0
	shift 2
	while [ $i -lt "$CYCLES" ]; do
		i=$((i + 1))
		if ! $VDPA dev add name "$name" mgmtdev "$mgmt" "$@"; then
			echo "# cycle $i: dev add failed" >&2
			break
		fi
		if ! wait_for 5 bound "$name"; then
			echo "# cycle $i: $name bound to no driver" >&2
			break
		fi
		if ! $VDPA dev del "$name" || vdpa_dev_exists "$name"; then
			echo "# cycle $i: $name still there after dev del" >&2
			break
		fi
		done=$((done + 1))
		[ $((done % 100)) = 0 ] &&
			echo "# $name: $done cycles, uptime $(cut -d' ' -f1 /proc/uptime) s" >&2
	done
	echo $done
}

ktap_header 4
del_all_vdpa
# $NET_ADD_ATTRS: vdpa attributes, one a word
# shellcheck disable=SC2086
expect_eq "$CYCLES net add/bind/del cycles on $NET_MGMT" "$CYCLES" \
	"$(cycles vdpa0 "$NET_MGMT" $NET_ADD_ATTRS)"
check "frames cross through a net device added afterwards" \
	net_dev_works vdpa0 vdpa1 10
cleanup
expect_eq "$CYCLES blk add/bind/del cycles on $BLK_MGMT" "$CYCLES" \
	"$(cycles blk0 "$BLK_MGMT")"
check "a pattern round-trips through a blk device added afterwards" \
	blk_round_trip blk0 74 $BLK_AT $BLK_SPAN
cleanup
ktap_finish
