/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The differences between the kernels ifcvf builds for (6.1 to 7.x), in
 * one place. Kbuild greps the target kernel's headers and defines
 * IFCVF_HAVE_* for what they have (see Kbuild); nothing here tests a
 * version number.
 */
#ifndef _IFCVF_COMPAT_H
#define _IFCVF_COMPAT_H

#include <linux/stddef.h>
#include <linux/vdpa.h>
#include <linux/virtio_blk.h>
#include <linux/virtio_net.h>

/*
 * Since the virtio map ops, vdpa_alloc_device() takes a map ops argument
 * (NULL: the DMA API on dma_dev) and dma_dev lives in vdpa->vmap.
 */
#ifdef IFCVF_HAVE_VDPA_MAP
#define ifcvf_vdpa_alloc_device(type, member, parent, ops, name) \
	vdpa_alloc_device(type, member, parent, ops, NULL, 1, 1, name, false)

static inline void ifcvf_vdpa_set_dma_dev(struct vdpa_device *vdpa,
					  struct device *dev)
{
	vdpa->vmap.dma_dev = dev;
}
#else
#define ifcvf_vdpa_alloc_device(type, member, parent, ops, name) \
	vdpa_alloc_device(type, member, parent, ops, 1, 1, name, false)

static inline void ifcvf_vdpa_set_dma_dev(struct vdpa_device *vdpa,
					  struct device *dev)
{
	vdpa->dma_dev = dev;
}
#endif

/* Net feature bits that headers before their support do not name. */
#ifndef VIRTIO_NET_F_DEVICE_STATS
#define VIRTIO_NET_F_DEVICE_STATS	50
#endif
#ifndef VIRTIO_NET_F_VQ_NOTF_COAL
#define VIRTIO_NET_F_VQ_NOTF_COAL	52
#endif
#ifndef VIRTIO_NET_F_NOTF_COAL
#define VIRTIO_NET_F_NOTF_COAL		53
#endif
#ifndef VIRTIO_NET_F_GUEST_USO4
#define VIRTIO_NET_F_GUEST_USO4		54
#define VIRTIO_NET_F_GUEST_USO6		55
#define VIRTIO_NET_F_HOST_USO		56
#endif

/*
 * Zoned block devices (virtio 1.2): the feature, where the zoned
 * characteristics start (zoned.zone_sectors at byte 72 of the blk config)
 * and where their last field ends (zoned.model at byte 92).
 */
#ifdef IFCVF_HAVE_BLK_ZONED
#define IFCVF_BLK_CFG_ZONED \
	offsetof(struct virtio_blk_config, zoned)
#define IFCVF_BLK_CFG_ZONED_END \
	offsetofend(struct virtio_blk_config, zoned.model)
#else
#define VIRTIO_BLK_F_ZONED		17
#define IFCVF_BLK_CFG_ZONED		72
#define IFCVF_BLK_CFG_ZONED_END		93
#endif

#endif /* _IFCVF_COMPAT_H */
