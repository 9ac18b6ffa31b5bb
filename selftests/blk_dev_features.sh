#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A blk device provisioned with fewer features (device_features, sent by
# vdpa_netlink: iproute2 6.1 cannot) offers only those: without
# VIRTIO_BLK_F_DISCARD virtio_blk sees a disk that cannot discard, and
# data still round-trips. The management device must report its
# features, and DISCARD among them where the scenario's emulated device
# offers it (BLK_DISCARD); only where it does not are the tests skipped.

. ./lib.sh

NL=./vdpa_netlink
DISCARD_BIT=13

discard_max() {
	cat "/sys/block/$1/queue/discard_max_bytes"
}

ktap_header 4
del_all_vdpa
# the four tests, for where they cannot run
set -- "device_features without DISCARD" "no discard on /dev/vdX" \
	"negotiated features lack DISCARD" "data round-trips"
out=$($NL mgmtdev-features "$BLK_MGMT" 2>&1)
sup=$(echo "$out" | sed -n 's/^supported_features //p')
if [ -z "$sup" ]; then
	for t; do
		ktap_not_ok "$t" "no supported_features from $BLK_MGMT: $out"
	done
	ktap_finish
fi
if [ $(((sup >> DISCARD_BIT) & 1)) -eq 0 ]; then
	echo "# $BLK_MGMT offers no DISCARD ($sup)"
	feature_missing BLK_DISCARD VIRTIO_BLK_F_DISCARD "$@"
	ktap_finish
fi

want=$(printf '%#x' $((sup & ~(1 << DISCARD_BIT))))
out=$($NL new name=blk0 mgmtdev="$BLK_MGMT" features="$want" 2>&1)
expect_eq "device_features $want (no DISCARD) are accepted" ok "$out"
bind_vdpa blk0 virtio_vdpa && wait_for 5 vdpa_blkdev blk0
disk=$(vdpa_blkdev blk0)
expect_eq "/dev/$disk cannot discard" 0 "$(discard_max "$disk")"
neg=$($NL config blk0 | sed -n 's/^negotiated_features //p')
if [ -n "$neg" ] && [ $(((neg >> DISCARD_BIT) & 1)) -eq 0 ]; then
	ktap_ok "negotiated features ($neg) lack DISCARD"
else
	ktap_not_ok "negotiated features lack DISCARD" "got '$neg'"
fi
off=72		# MiB: this test's region (see lib.sh)
dd if=/dev/urandom of=/tmp/chunk bs=1M count=1 2>/dev/null
dd if=/tmp/chunk of="/dev/$disk" bs=1M seek="$off" oflag=direct 2>/dev/null
dd if="/dev/$disk" of=/tmp/back bs=1M skip="$off" count=1 iflag=direct 2>/dev/null
if cmp -s /tmp/chunk /tmp/back; then
	ktap_ok "1 MiB round-trips on the device without DISCARD"
else
	ktap_not_ok "1 MiB round-trips on the device without DISCARD"
fi
rm -f /tmp/chunk /tmp/back
del_all_vdpa
ktap_finish
