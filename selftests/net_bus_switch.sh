#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One net vDPA device moves between the vDPA bus drivers, as
# "driverctl -b vdpa set-override" moves it: vhost_vdpa gives a
# /dev/vhost-vdpa-N, virtio_vdpa a netdev again that still passes frames.

. ./lib.sh

FLIPS=${FLIPS:-20}

ktap_header 4
del_all_vdpa
add_net_vdpa vdpa0 "$NET_MGMT"

bind_vdpa vdpa0 vhost_vdpa
chr=$(vhost_vdpa_chardev vdpa0)
if [ -n "$chr" ] && wait_for 5 test -c "/dev/$chr"; then
	ktap_ok "vhost_vdpa gives /dev/$chr"
else
	ktap_not_ok "vhost_vdpa gives a /dev/vhost-vdpa-N" "found '$chr'"
fi
if vdpa_netdev vdpa0 >/dev/null; then
	ktap_not_ok "no netdev while bound to vhost_vdpa"
else
	ktap_ok "no netdev while bound to vhost_vdpa"
fi

flipped=0
i=0
while [ $i -lt "$FLIPS" ]; do
	bind_vdpa vdpa0 virtio_vdpa && wait_for 5 vdpa_netdev vdpa0 &&
	bind_vdpa vdpa0 vhost_vdpa &&
	wait_for 5 test -c "/dev/$(vhost_vdpa_chardev vdpa0)" &&
	flipped=$((flipped + 1))
	i=$((i + 1))
done
expect_eq "$FLIPS flips virtio_vdpa <-> vhost_vdpa" "$FLIPS" "$flipped"

dev0=$(attach_virtio_net vdpa0)
if back=$(net_traffic "$dev0" vdpa1 20); then
	ktap_ok "frames pass after the last flip"
else
	ktap_not_ok "frames pass after the last flip" "$back"
fi
cleanup
ktap_finish
