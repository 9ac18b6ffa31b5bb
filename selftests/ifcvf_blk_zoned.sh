#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The zoned characteristics of a blk config space (virtio 1.2) are read
# as wide as each field, as the spec asks: the IFCVF model, offering
# VIRTIO_BLK_F_ZONED (x-offer-features) to a fresh probe of BLK_MGMT,
# answers each 32-bit field only to a 32-bit read (narrower ones read
# all ones, as from a device of 32-bit registers). A vhost-vdpa user
# reads them through ifcvf and must find the model's values.

. ./lib.sh

bdf=${BLK_MGMT#pci/}
ZONED=17

cleanup_test() {
	model_offer "$bdf" 0
	rebind_ifcvf "$bdf"
}

# field NAME OFFSET BYTES EXPECTED: bytes OFFSET.. of the config read at
# 72, little-endian, as a number
field() {
	local v=0 i
	for i in $(seq $(($2 + $3 - 1)) -1 "$2"); do
		v=$((v * 256 + 0x$(echo "$cfg" | cut -d ' ' -f $((i + 1)))))
	done
	expect_eq "zoned.$1 reads as the device has it: $4" "$4" "$v"
}

ktap_header 6
del_all_vdpa
if ! model_offer "$bdf" $((1 << ZONED)) || ! rebind_ifcvf "$bdf"; then
	setup_failed ifcvf_blk_zoned "the model did not offer VIRTIO_BLK_F_ZONED"
fi
add_vdpa blk0 "$BLK_MGMT" || setup_failed ifcvf_blk_zoned "no blk0"
chr=$(attach_vhost_vdpa blk0) || setup_failed ifcvf_blk_zoned "$chr"
cfg=$(VHOST_DEV=$chr ./vhost_vdpa_fault config 72 21 | sed -n 's/^config: //p')
echo "# config 72..92: $cfg"
field zone_sectors 0 4 65536
field max_open_zones 4 4 8
field max_active_zones 8 4 12
field max_append_sectors 12 4 1024
field write_granularity 16 4 4096
field model 20 1 1
cleanup
ktap_finish
