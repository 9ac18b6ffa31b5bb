#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Flush, write-zeroes and discard on /dev/vdX do what they say, each when
# the device offers it (virtio_blk shows the offer in sysfs: a write back
# cache for VIRTIO_BLK_F_FLUSH, write_zeroes_max_bytes and
# discard_max_bytes above 0). Where the disk lacks one, its tests fail if
# the scenario's emulated device offers it (BLK_FLUSH=1, BLK_WZEROES and
# BLK_DISCARD its limits in bytes), else SKIP:
#  - fsync completes a flush request at the device;
#  - BLKZEROOUT turns a written range into zeroes, and nothing beside it;
#  - BLKDISCARD completes as discarded sectors at the device and leaves
#    the data beside the range alone; where the disk is an image on the
#    host, the discarded range is a hole in it afterwards (QEMU
#    -drive discard=unmap).
# Region 40 MiB .. 56 MiB (see lib.sh).

. ./lib.sh

ZERO_AT=$((40 * MIB))
DISCARD_AT=$((48 * MIB))
SPAN=$((8 * MIB))		# pattern written
EDGE=$((2 * MIB))		# left alone on either side
INNER=$((SPAN - 2 * EDGE))	# zeroed or discarded

# disk_stat FIELD: /sys/block/DISK/stat field (1-based): 12 discard requests,
# 14 discarded sectors, 16 flush requests
disk_stat() {
	awk -v f="$1" '{ print $f }' "/sys/block/$disk/stat"
}

# edges_intact SEED START: the EDGE bytes on either side of the inner
# range hold the pattern; host_check_edges: so does the disk image
edges_intact() {
	./blk_pattern verify "/dev/$disk" "$1" "$2" $EDGE &&
	./blk_pattern verify "/dev/$disk" "$1" $(($2 + EDGE + INNER)) $EDGE
}

host_check_edges() {
	host_check verify "$1" "$2" $EDGE
	host_check verify "$1" $(($2 + EDGE + INNER)) $EDGE
}

ktap_header 6
del_all_vdpa
need_blk_disk blk0
q=/sys/block/$disk/queue
echo "# /dev/$disk: write_cache '$(cat "$q/write_cache")'," \
	"write_zeroes_max_bytes $(cat "$q/write_zeroes_max_bytes")," \
	"discard_max_bytes $(cat "$q/discard_max_bytes")"

if [ "$(cat "$q/write_cache")" = "write back" ]; then
	before=$(disk_stat 16)
	out=$(./blk_pattern write "/dev/$disk" 2 $ZERO_AT $SPAN)
	after=$(disk_stat 16)
	if [ "$after" -gt "$before" ]; then
		ktap_ok "fsync after writing completes a flush at the device ($before -> $after flushes)"
	else
		ktap_not_ok "fsync after writing completes a flush at the device" \
			"flushes $before -> $after; $out"
	fi
else
	feature_missing BLK_FLUSH VIRTIO_BLK_F_FLUSH \
		"fsync completes a flush at the device (write through cache)"
	./blk_pattern write "/dev/$disk" 2 $ZERO_AT $SPAN >/dev/null
fi

if [ "$(cat "$q/write_zeroes_max_bytes")" -gt 0 ]; then
	check "BLKZEROOUT of $INNER bytes succeeds" \
		./blk_ioctl zeroout "/dev/$disk" $((ZERO_AT + EDGE)) $INNER
	check "the $INNER bytes read back as zeroes" \
		./blk_pattern zero "/dev/$disk" $((ZERO_AT + EDGE)) $INNER
	check "the pattern on either side of them is intact" \
		edges_intact 2 $ZERO_AT
	host_check zero $((ZERO_AT + EDGE)) $INNER
	host_check_edges 2 $ZERO_AT
else
	feature_missing BLK_WZEROES VIRTIO_BLK_F_WRITE_ZEROES \
		"BLKZEROOUT succeeds" "zeroed bytes read back as zeroes" \
		"the pattern beside them is intact"
fi

if [ "$(cat "$q/discard_max_bytes")" -gt 0 ]; then
	./blk_pattern write "/dev/$disk" 3 $DISCARD_AT $SPAN >/dev/null
	before=$(disk_stat 14)
	out=$(./blk_ioctl discard "/dev/$disk" $((DISCARD_AT + EDGE)) $INNER)
	after=$(disk_stat 14)
	expect_eq "BLKDISCARD of $INNER bytes completes $((INNER / 512)) discarded sectors" \
		$((INNER / 512)) $((after - before))
	[ -n "$out" ] && echo "# $out"
	check "the pattern on either side of the discarded range is intact" \
		edges_intact 3 $DISCARD_AT
	host_check hole $((DISCARD_AT + EDGE)) $INNER
	host_check_edges 3 $DISCARD_AT
else
	feature_missing BLK_DISCARD VIRTIO_BLK_F_DISCARD \
		"BLKDISCARD completes discarded sectors" \
		"the pattern beside the discarded range is intact"
fi
del_all_vdpa
ktap_finish
