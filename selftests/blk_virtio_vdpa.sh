#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A blk vDPA device bound to virtio_vdpa becomes /dev/vdX of the device's
# capacity, and data written with O_DIRECT reads back byte for byte.

. ./lib.sh

CHUNK_MIB=${CHUNK_MIB:-4}

ktap_header 4
del_all_vdpa

add_vdpa blk0 "$BLK_MGMT" && bind_vdpa blk0 virtio_vdpa &&
	wait_for 5 vdpa_blkdev blk0
disk=$(vdpa_blkdev blk0)
if [ -n "$disk" ] && wait_for 5 test -b "/dev/$disk"; then
	ktap_ok "virtio_vdpa makes /dev/$disk of blk0"
else
	ktap_not_ok "virtio_vdpa makes a /dev/vdX of blk0"
	ktap_finish
fi
expect_eq "/dev/$disk has the device's capacity" "$BLK_BYTES" \
	"$(blockdev --getsize64 "/dev/$disk")"

# Offsets in MiB: the start, an odd middle, the last whole chunk.
last=$((BLK_BYTES / 1048576 - CHUNK_MIB))
dd if=/dev/urandom of=/tmp/pattern bs=1M count="$CHUNK_MIB" 2>/dev/null
written=0
for off in 0 7 $last; do
	dd if=/tmp/pattern of="/dev/$disk" bs=1M seek="$off" \
		oflag=direct conv=fsync 2>/dev/null && written=$((written + 1))
done
expect_eq "3 chunks of $CHUNK_MIB MiB written with O_DIRECT" 3 "$written"

echo 3 >/proc/sys/vm/drop_caches
same=0
for off in 0 7 $last; do
	dd if="/dev/$disk" of=/tmp/readback bs=1M skip="$off" \
		count="$CHUNK_MIB" iflag=direct 2>/dev/null &&
	cmp -s /tmp/pattern /tmp/readback && same=$((same + 1))
done
expect_eq "3 chunks read back identical" 3 "$same"
rm -f /tmp/pattern /tmp/readback
del_all_vdpa
ktap_finish
