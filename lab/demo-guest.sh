#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What "make demo" shows, run inside the lab guest: the management
# devices, a net and a blk vDPA device, and a ping between two NICs.

# in the guest, selftests/lib.sh sits beside it
# shellcheck source=../selftests/lib.sh
. ./lib.sh

run() {
	echo "# $*"
	"$@" 2>&1 | sed 's/^/    /'
}

say() {
	echo
	echo "== $*"
}

del_all_vdpa
say "Management devices (one per PCI function the driver is bound to)"
run $VDPA mgmtdev show

say "A net vDPA device on each NIC, a blk vDPA device on the disk"
# $NET_ADD_ATTRS: vdpa attributes, one a word
# shellcheck disable=SC2086
run $VDPA dev add name vdpa0 mgmtdev "$NET_MGMT" $NET_ADD_ATTRS
[ -n "$NET_MGMT_PEER" ] && run $VDPA dev add name vdpa1 mgmtdev "$NET_MGMT_PEER"
run $VDPA dev add name blk0 mgmtdev "$BLK_MGMT"
run $VDPA dev show

say "Bound to virtio_vdpa, they are a netdev and a disk on the host"
for d in vdpa0 vdpa1 blk0; do
	vdpa_dev_exists $d && bind_vdpa $d virtio_vdpa
done
wait_for 5 vdpa_netdev vdpa0
run $VDPA dev config show vdpa0
dev0=$(vdpa_netdev vdpa0)
disk=$(vdpa_blkdev blk0)
echo "# vdpa0 -> $dev0, blk0 -> /dev/$disk ($(blockdev --getsize64 "/dev/$disk") bytes)"

if [ -n "$NET_MGMT_PEER" ]; then
	wait_for 5 vdpa_netdev vdpa1
	dev1=$(vdpa_netdev vdpa1)
	say "$dev0 in namespace ns0 (10.99.0.1), $dev1 in ns1 (10.99.0.2)"
	netns_setup ns0 "$dev0" 10.99.0.1/24
	netns_setup ns1 "$dev1" 10.99.0.2/24
	wait_for 5 netns_carrier ns1 "$dev1"
	run $IP netns exec ns0 ping -c 5 10.99.0.2
fi

say "Switched to vhost_vdpa, vdpa0 is a device for QEMU, DPDK or libblkio"
run bind_vdpa vdpa0 vhost_vdpa
run ls -l "/dev/$(vhost_vdpa_chardev vdpa0)"
run $VDPA dev del vdpa0
del_all_vdpa
