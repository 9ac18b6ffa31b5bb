#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A capacity change reaches the driver through the config interrupt:
# after QEMU's "block_resize" of the drive behind the blk function
# /dev/vdX has the new size (virtio_blk re-reads the capacity only when
# told), data written past the old end reads back, and resizing back to
# BLK_BYTES shows as well. Writes only past BLK_BYTES (see lib.sh).
# Needs the host's QEMU monitor (lab/run.sh): not for vdpa_sim_blk.

. ./lib.sh

GROW=$((32 * MIB + 4096))
SEED=5
WAIT=30		# generous: the resize is asynchronous, under TCG

size_is() {
	[ "$(blockdev --getsize64 "/dev/$disk")" = "$1" ]
}

# resize BYTES: asks for it, waits for /dev/vdX to show it
resize() {
	host_monitor "block_resize blk0 ${1}B"
	if wait_for $WAIT size_is "$1"; then
		ktap_ok "block_resize to $1 bytes shows as the size of /dev/$disk"
	else
		ktap_not_ok "block_resize to $1 bytes shows as the size of /dev/$disk" \
			"size $(blockdev --getsize64 "/dev/$disk") after $WAIT s"
	fi
}

ktap_header 4
del_all_vdpa
need_blk_disk blk0
expect_eq "/dev/$disk starts with the device's capacity" "$BLK_BYTES" \
	"$(blockdev --getsize64 "/dev/$disk")"

new=$((BLK_BYTES + GROW))
resize $new
# 1 MiB right past the old end and the last MiB of the new size
check "data written past the old end reads back" sh -c "
	./blk_pattern write /dev/$disk $SEED $BLK_BYTES $MIB &&
	./blk_pattern write /dev/$disk $SEED $((new - MIB)) $MIB &&
	./blk_pattern verify /dev/$disk $SEED $BLK_BYTES $MIB &&
	./blk_pattern verify /dev/$disk $SEED $((new - MIB)) $MIB"
resize "$BLK_BYTES"
del_all_vdpa
ktap_finish
