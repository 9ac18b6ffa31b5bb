#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A transmit stream moved between two IFCVF VFs by its ring state
# (vhost_vdpa_lm, see the .c): vdpa0 on NET_MGMT and vdpa1 on
# NET_MGMT_PEER through /dev/vhost-vdpa-N, the frames received by a third
# NIC (NET_HOTPLUG_PCI, bound to virtio-pci) as a netdev in ns1. LM_LAYOUT, if set, is written
# to both VFs' lm_layout first (the model's layout when it is not the
# identity's default).

. ./lib.sh

del_all_vdpa
for bdf in ${NET_MGMT#pci/} ${NET_MGMT_PEER#pci/}; do
	[ -z "$LM_LAYOUT" ] ||
		echo "$LM_LAYOUT" >"/sys/bus/pci/devices/$bdf/lm_layout" ||
		setup_failed vhost_vdpa_lm "lm_layout $LM_LAYOUT on $bdf refused"
done
[ -n "$NET_HOTPLUG_PCI" ] ||
	setup_failed vhost_vdpa_lm "no third NIC for the peer (NET_HOTPLUG_PCI)"
# the third NIC as the kernel's own virtio_net over virtio-pci
peer=$(first_entry "/sys/bus/pci/devices/$NET_HOTPLUG_PCI"/virtio*/net) ||
	setup_failed vhost_vdpa_lm "$NET_HOTPLUG_PCI has no virtio_net netdev"
if ! netns_setup ns1 "$peer" 10.99.0.2/24 ||
   ! wait_for 5 netns_carrier ns1 "$peer"; then
	setup_failed vhost_vdpa_lm "peer $peer in ns1 has no carrier"
fi
add_net_vdpa vdpa0 "$NET_MGMT" >/dev/null ||
	setup_failed vhost_vdpa_lm "vdpa dev add on $NET_MGMT failed"
add_net_vdpa vdpa1 "$NET_MGMT_PEER" >/dev/null ||
	setup_failed vhost_vdpa_lm "vdpa dev add on $NET_MGMT_PEER failed"
chr_a=$(attach_vhost_vdpa vdpa0) || setup_failed vhost_vdpa_lm "$chr_a"
chr_b=$(attach_vhost_vdpa vdpa1) || setup_failed vhost_vdpa_lm "$chr_b"

echo "# A $chr_a on $NET_MGMT, B $chr_b on $NET_MGMT_PEER, peer $peer, layout ${LM_LAYOUT:-default}"
VHOST_DEV_A=$chr_a VHOST_DEV_B=$chr_b PEER_NETNS=ns1 PEER_IFNAME=$peer \
	./vhost_vdpa_lm
rc=$?
cleanup
exit $rc
