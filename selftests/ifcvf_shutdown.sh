#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# At a shutdown (kexec, reboot, power off) ifcvf resets the device and
# stops its DMA, even under a vhost-vdpa user that still holds it
# running: the next kernel must not find the device writing into its
# memory. This test leaves such a user behind and must run last in its
# boot: the guest then powers off, and the IFCVF model's own account of
# its state at that moment (in QEMU's log) is checked by the host as the
# test "host-image" (lab/run.sh), which fails if the device was still
# running with bus mastering on.

. ./lib.sh

bdf=${NET_MGMT#pci/}

ktap_header 1
del_all_vdpa
id=$(model_qom_id "$bdf") || setup_failed ifcvf_shutdown "$bdf is not the model's"
add_net_vdpa sd0 "$NET_MGMT" >/dev/null ||
	setup_failed ifcvf_shutdown "vdpa dev add on $NET_MGMT failed"
chr=$(attach_vhost_vdpa sd0) || setup_failed ifcvf_shutdown "$chr"
# out of the test's jobs, so that it outlives the test
(setsid ./vhost_vdpa_hold "$chr" >/tmp/shutdown_hold.out 2>&1 &)
check "a vhost-vdpa user holds $NET_MGMT running until the guest shuts down" \
	wait_for 10 grep -q ready /tmp/shutdown_hold.out
echo "LAB-HOSTCHECK stopped $id"
ktap_finish
