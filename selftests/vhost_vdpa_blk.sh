#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A blk vDPA device bound to vhost_vdpa, driven through /dev/vhost-vdpa-N
# by vhost_vdpa_blk, a minimal userspace virtio-blk driver (see the .c).
# virtio_vdpa never takes the device first (no_autoprobe): virtio_blk
# would read the partition table, and wait in the kernel, unbounded, on
# a parent that broke the queue.

. ./lib.sh

del_all_vdpa
no_autoprobe
add_vdpa blk0 "$BLK_MGMT" ||
	setup_failed vhost_vdpa_blk "vdpa dev add on $BLK_MGMT failed"
chr=$(attach_vhost_vdpa blk0) || setup_failed vhost_vdpa_blk "$chr"
# T_GET_ID answers with the serial the scenario gave the device (QEMU's
# serial=; vdpa_sim_blk's fixed string), as virtio_blk shows it too
[ -n "${BLK_SERIAL:-}" ] && export BLK_ID="$BLK_SERIAL"
# ifcvf sizes the config space by the offered features (vdpa_sim_blk
# reports all of struct virtio_blk_config)
[ "$TARGET" = ifcvf ] && export BLK_CONFIG_SIZE=features

echo "# $chr of blk0 on $BLK_MGMT, $BLK_BYTES bytes"
# config_change needs the lab's QEMU monitor: vhost_vdpa_blk_resize.sh
VHOST_DEV=$chr BLK_BYTES=$BLK_BYTES ./vhost_vdpa_blk -T config_change
rc=$?
cleanup
exit $rc
