#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The blk function's config space reaches virtio_blk through the vDPA
# device field by field: each value the scenario gave the emulated device
# shows where virtio_blk puts it (sysfs, HDIO_GETGEO, the T_GET_ID
# serial). Expected values come from the guest environment; a value the
# scenario does not set is a SKIP.
#   BLK_PHYS_BS   physical_block_exp  queue/physical_block_size
#   BLK_IO_MIN    min_io_size         queue/minimum_io_size
#   BLK_IO_OPT    opt_io_size         queue/optimal_io_size
#   BLK_SEG_MAX   seg_max             queue/max_segments
#   BLK_DISCARD   max_discard_sectors queue/discard_max_hw_bytes (bytes)
#   BLK_WZEROES   max_write_zeroes_.. queue/write_zeroes_max_bytes (bytes)
#   BLK_GEOMETRY  geometry            HDIO_GETGEO, CYLINDERS/HEADS/SECTORS
#   BLK_SERIAL    (T_GET_ID)          serial
#   BLK_DEV_VQS   num_queues          "vdpa dev show" max_vqs
# With VIRTIO_BLK_F_CONFIG_WCE, a cache type written to sysfs goes to the
# device's wce field and virtio_blk reads it back from there; where the
# scenario's emulated device offers it (BLK_WCE=1), it must be
# negotiated, else those two tests SKIP.

. ./lib.sh

# expect_env DESCRIPTION VARIABLE ACTUAL
expect_env() {
	local want
	eval "want=\${$2:-}"
	if [ -z "$want" ]; then
		ktap_skip "$1" "$2 not set by the scenario"
	else
		expect_eq "$1 ($want)" "$want" "$3"
	fi
}

ktap_header 11
del_all_vdpa
need_blk_disk blk0
q=/sys/block/$disk/queue

expect_env "topology: physical block size" BLK_PHYS_BS \
	"$(cat "$q/physical_block_size")"
expect_env "topology: minimum I/O size" BLK_IO_MIN "$(cat "$q/minimum_io_size")"
expect_env "topology: optimal I/O size" BLK_IO_OPT "$(cat "$q/optimal_io_size")"
expect_env "seg_max: segments per request" BLK_SEG_MAX "$(cat "$q/max_segments")"
expect_env "max_discard_sectors: largest discard" BLK_DISCARD \
	"$(cat "$q/discard_max_hw_bytes")"
expect_env "max_write_zeroes_sectors: largest write-zeroes" BLK_WZEROES \
	"$(cat "$q/write_zeroes_max_bytes")"
expect_env "geometry: cylinders/heads/sectors" BLK_GEOMETRY \
	"$(./blk_ioctl geometry "/dev/$disk" | tr ' ' /)"
expect_env "serial number" BLK_SERIAL "$(cat "/sys/block/$disk/serial")"
expect_env "vdpa dev show: max_vqs" BLK_DEV_VQS \
	"$($VDPA dev show blk0 | sed -n 's/.* max_vqs \([0-9]*\).*/\1/p')"

# negotiated features, one character per bit: VIRTIO_BLK_F_CONFIG_WCE is 11
ct=/sys/block/$disk/cache_type
if [ "$(cut -c12 "/sys/block/$disk/device/features")" = 1 ]; then
	for mode in "write through" "write back"; do
		echo "$mode" >"$ct"
		expect_eq "wce: cache type '$mode' reads back from the device" \
			"$mode" "$(cat "$ct")"
	done
else
	feature_missing BLK_WCE VIRTIO_BLK_F_CONFIG_WCE \
		"wce: cache type 'write through' reads back from the device" \
		"wce: cache type 'write back' reads back from the device"
fi
del_all_vdpa
ktap_finish
