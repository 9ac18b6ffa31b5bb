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

/* A virtio 1.3 feature bit that headers before its support do not name. */
#ifndef VIRTIO_NET_F_DEVICE_STATS
#define VIRTIO_NET_F_DEVICE_STATS	50
#endif

/*
 * Zoned block devices (virtio 1.2): the feature and the end of the zoned
 * characteristics' last field, zoned.model at byte 92 of the blk config.
 */
#ifdef IFCVF_HAVE_BLK_ZONED
#define IFCVF_BLK_CFG_ZONED_END \
	offsetofend(struct virtio_blk_config, zoned.model)
#else
#define VIRTIO_BLK_F_ZONED		17
#define IFCVF_BLK_CFG_ZONED_END		93
#endif

#endif /* _IFCVF_COMPAT_H */
