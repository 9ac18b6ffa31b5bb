#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A blk vDPA device bound to virtio_vdpa becomes /dev/vdX of the device's
# capacity, and 64 MiB of a reproducible pattern written with O_DIRECT at
# four places (the start, an offset that is no whole MiB, the second half,
# the very end) read back identical. Where the disk is an image on the
# host, the host finds the same bytes in it after the boot.

. ./lib.sh

CHUNK=$((16 * MIB))
SEED=1

ktap_header 4
del_all_vdpa

if disk=$(add_blk_disk blk0); then
	ktap_ok "virtio_vdpa makes /dev/$disk of blk0"
else
	ktap_not_ok "virtio_vdpa makes a /dev/vdX of blk0"
	ktap_finish
fi
expect_eq "/dev/$disk has the device's capacity" "$BLK_BYTES" \
	"$(blockdev --getsize64 "/dev/$disk")"

offsets="0 $((16 * MIB + 4096)) $((80 * MIB + 8192)) $((BLK_BYTES - CHUNK))"
# pattern_chunks write|verify: prints how many bytes it did at $offsets
pattern_chunks() {
	local off out bytes=0
	for off in $offsets; do
		out=$(./blk_pattern "$1" "/dev/$disk" $SEED "$off" $CHUNK) &&
			bytes=$((bytes + CHUNK))
		echo "# $out" >&2
	done
	echo $bytes
}

expect_eq "4 x $CHUNK bytes of pattern written with O_DIRECT at $(echo "$offsets" | tr ' ' ,)" \
	$((4 * CHUNK)) "$(pattern_chunks write)"
expect_eq "the $((4 * CHUNK)) bytes read back with O_DIRECT hold the pattern" \
	$((4 * CHUNK)) "$(pattern_chunks verify)"

for off in $offsets; do
	host_check verify $SEED "$off" $CHUNK
done
del_all_vdpa
ktap_finish
