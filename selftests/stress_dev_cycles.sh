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

cleanup() {
	$IP netns del ns0 2>/dev/null
	$IP netns del ns1 2>/dev/null
	del_all_vdpa
}

bound() {
	[ -e "/sys/bus/vdpa/devices/$1/driver" ]
}

# cycles NAME MGMTDEV [ATTRS...]: prints how many add/bind/del cycles
# completed, and the first failure on stderr
cycles() {
	local name=$1 mgmt=$2 done=0 i=0
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

net_frames_cross() {
	local dev0 dev1
	add_net_vdpa vdpa0 "$NET_MGMT" && bind_vdpa vdpa0 virtio_vdpa &&
		wait_for 5 vdpa_netdev vdpa0 || return 1
	dev0=$(vdpa_netdev vdpa0)
	netns_setup ns0 "$dev0" 10.99.0.1/24 &&
		wait_for 5 netns_carrier ns0 "$dev0" || return 1
	if [ -z "$NET_MGMT_PEER" ]; then
		[ "$(loopback_frames ns0 "$dev0" 10)" -ge 10 ] 2>/dev/null
		return
	fi
	add_net_vdpa vdpa1 "$NET_MGMT_PEER" && bind_vdpa vdpa1 virtio_vdpa &&
		wait_for 5 vdpa_netdev vdpa1 || return 1
	dev1=$(vdpa_netdev vdpa1)
	netns_setup ns1 "$dev1" 10.99.0.2/24 &&
		wait_for 5 netns_carrier ns1 "$dev1" &&
		$IP netns exec ns0 ping -c 10 -i 0.05 -W 5 10.99.0.2 >/dev/null
}

blk_round_trip() {
	local disk
	disk=$(add_blk_disk blk0) || return 1
	./blk_pattern write "/dev/$disk" 74 $BLK_AT $BLK_SPAN &&
		./blk_pattern verify "/dev/$disk" 74 $BLK_AT $BLK_SPAN
}

ktap_header 4
del_all_vdpa
# shellcheck disable=SC2086
expect_eq "$CYCLES net add/bind/del cycles on $NET_MGMT" "$CYCLES" \
	"$(cycles vdpa0 "$NET_MGMT" $NET_ADD_ATTRS)"
check "frames cross through a net device added afterwards" net_frames_cross
cleanup
expect_eq "$CYCLES blk add/bind/del cycles on $BLK_MGMT" "$CYCLES" \
	"$(cycles blk0 "$BLK_MGMT")"
check "a pattern round-trips through a blk device added afterwards" \
	blk_round_trip
cleanup
ktap_finish
