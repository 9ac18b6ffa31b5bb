/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel IFCVF: what the PCI function (ifcvf_main.c) and the running vDPA
 * device (ifcvf_adapter.c, ifcvf_vdpa.c, ifcvf_irq.c) share.
 */
#ifndef _IFCVF_VDPA_H
#define _IFCVF_VDPA_H

#include <linux/bits.h>
#include <linux/mutex.h>
#include <linux/vdpa.h>
#include <uapi/linux/virtio_config.h>
#include <uapi/linux/virtio_net.h>

#include "ifcvf_base.h"

#define IFCVF_MANDATORY_FEATURES (BIT_ULL(VIRTIO_F_VERSION_1) | \
				  BIT_ULL(VIRTIO_F_ACCESS_PLATFORM))

/* Either one makes max_virtqueue_pairs valid and moves the control vq. */
#define IFCVF_NET_MQ_FEATURES	(BIT_ULL(VIRTIO_NET_F_MQ) | \
				 BIT_ULL(VIRTIO_NET_F_RSS))

/* One per PCI function; owns the hardware and the MSI-X vectors. */
struct ifcvf_vf {
	struct ifcvf_hw hw;
	struct vdpa_mgmt_dev mdev;
	struct virtio_device_id id_table[2];
	struct mutex lock;		/* vdpa against lm_layout changes */
	struct vdpa_device *vdpa;	/* the VF's one vDPA device, or NULL */
	u64 features;			/* device features we can expose */
	u16 net_max_vqp;		/* 1 without VIRTIO_NET_F_MQ/RSS */
	u16 net_mtu;			/* 0 without VIRTIO_NET_F_MTU */
	int nvec;
};

/* What `vdpa dev add` provisioned, checked against the function. */
struct ifcvf_dev_params {
	u64 features;
	u32 config_size;		/* of the device config the driver sees */
	u16 max_vqp;
	u16 mtu;
};

struct vdpa_device *ifcvf_vdpa_create(struct ifcvf_vf *vf, const char *name,
				      const struct ifcvf_dev_params *params);
void ifcvf_vdpa_destroy(struct vdpa_device *vdpa);
void ifcvf_vdpa_reset_prepare(struct vdpa_device *vdpa, bool reachable);
void ifcvf_vdpa_reset_done(struct vdpa_device *vdpa);

#endif /* _IFCVF_VDPA_H */
