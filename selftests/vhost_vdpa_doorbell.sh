#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vhost-vdpa maps a queue's notify page into user space only where the
# page holds that queue's doorbell alone: on ifcvf when the function's
# doorbell stride (notify_off_multiplier, read from its own PCI
# capability) is a page or more; with a smaller stride a page holds
# other queues' doorbells too and none may map. vdpa_sim has no
# doorbells. vhost_vdpa_ctl tries each queue's page.

. ./lib.sh
. ./pci_lib.sh

PAGE=4096

ktap_header 2
del_all_vdpa
add_net_vdpa vdpa0 "$NET_MGMT" ||
	setup_failed vhost_vdpa_doorbell "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed vhost_vdpa_doorbell "$chr"
nvqs=$(./vhost_vdpa_ctl "$chr" vqs | sed -n 's/^vqs //p')
steps=
for i in $(seq 0 $((${nvqs:-0} - 1))); do
	steps="$steps mmap $i"
done
# shellcheck disable=SC2086
out=$(./vhost_vdpa_ctl "$chr" $steps)
echo "$out" | sed 's/^/# /'
expect_eq "vhost_vdpa_ctl tried the notify page of each of the $nvqs vqs" \
	"${nvqs:-none}" "$(echo "$out" | grep -c '^mmap [0-9]* \(ok\|errno\)')"

mapped=$(echo "$out" | grep -c '^mmap [0-9]* ok$')
if [ "$TARGET" = ifcvf ]; then
	mult=$(virtio_pci_field "${NET_MGMT#pci/}" notify 4)
	if [ "${mult:-0}" -ge $PAGE ]; then
		want=$nvqs
		why="a doorbell stride of $mult bytes gives each queue a page"
	else
		want=0
		why="a doorbell stride of ${mult:-?} bytes shares a page among queues"
	fi
else
	want=0
	why="$TARGET has no doorbell pages"
fi
expect_eq "$why: $want notify pages map" "$want" "$mapped"
del_all_vdpa
ktap_finish
