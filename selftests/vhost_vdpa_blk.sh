#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A blk vDPA device bound to vhost_vdpa, driven through /dev/vhost-vdpa-N
# by vhost_vdpa_blk, a minimal userspace virtio-blk driver (see the .c).

. ./lib.sh

setup_failed() {
	ktap_header 1
	ktap_not_ok "vhost_vdpa_blk setup" "$1"
	del_all_vdpa
	ktap_finish
}

del_all_vdpa
add_vdpa blk0 "$BLK_MGMT" || setup_failed "vdpa dev add on $BLK_MGMT failed"
bind_vdpa blk0 vhost_vdpa || setup_failed "blk0 did not bind to vhost_vdpa"
chr=$(vhost_vdpa_chardev blk0)
{ [ -n "$chr" ] && wait_for 5 test -c "/dev/$chr"; } ||
	setup_failed "blk0 has no /dev/vhost-vdpa-N (found '$chr')"
# vdpa_sim_blk answers T_GET_ID with a fixed string
[ "$TARGET" = sim ] && export BLK_ID=vdpa_blk_sim
# ifcvf sizes the config space by the offered features (vdpa_sim_blk
# reports all of struct virtio_blk_config)
[ "$TARGET" = ifcvf ] && export BLK_CONFIG_SIZE=features

echo "# /dev/$chr of blk0 on $BLK_MGMT, $BLK_BYTES bytes"
# config_change needs the lab's QEMU monitor: vhost_vdpa_blk_resize.sh
VHOST_DEV=/dev/$chr BLK_BYTES=$BLK_BYTES ./vhost_vdpa_blk -T config_change
rc=$?
del_all_vdpa
exit $rc
