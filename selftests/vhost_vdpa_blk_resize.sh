#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A capacity change reaches a vhost-vdpa user: vhost_vdpa_blk's
# config_change test (see the .c) has the host resize the drive with
# QEMU's "block_resize" and back, and expects a config interrupt on the
# VHOST_VDPA_SET_CONFIG_CALL eventfd and the new capacity in the config
# space each time. Needs the lab's QEMU monitor: not for vdpa_sim_blk.

. ./lib.sh

del_all_vdpa
add_vdpa blk0 "$BLK_MGMT" ||
	setup_failed vhost_vdpa_blk "vdpa dev add on $BLK_MGMT failed"
chr=$(attach_vhost_vdpa blk0) || setup_failed vhost_vdpa_blk "$chr"

VHOST_DEV=$chr BLK_BYTES=$BLK_BYTES \
	BLK_RESIZE_TO=$((BLK_BYTES + 32 * MIB + 4096)) \
	./vhost_vdpa_blk -t config_change
rc=$?
del_all_vdpa
exit $rc
