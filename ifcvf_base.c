// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF: hardware layer (virtio 1.x modern PCI transport): the
 * capability walk, BAR claims and mappings, driver features, device
 * config access, queue and vector programming, doorbells, the ISR, and
 * init/uninit. The device status, its reset and a failing function are
 * in ifcvf_status.c, the live-migration region in ifcvf_lm.c.
 *
 * The capability walk is done here instead of with vp_modern_probe():
 * we need the full picture of which BARs the virtio capabilities use to
 * keep the IFCVF live-migration region off registers, we want to read
 * as few registers as possible, and that library's structure has changed
 * between kernel releases, which would tie this out-of-tree module to one.
 */

#include <linux/bitops.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <uapi/linux/virtio_blk.h>
#include <uapi/linux/virtio_net.h>

#include "ifcvf_base_priv.h"
#include "ifcvf_compat.h"

#define IFCVF_PCI_ID_FIRST	0x1000
#define IFCVF_PCI_ID_MODERN	0x1040	/* + virtio device ID */
#define IFCVF_PCI_ID_LAST	0x107f

#define IFCVF_CFG_READ_TRIES	8

struct ifcvf_cap {
	u32 offset;
	u32 length;
	u8 bar;
	bool found;
};

struct ifcvf_caps {
	struct ifcvf_cap cfg[VIRTIO_PCI_CAP_DEVICE_CFG + 1];
	u32 notify_mult;
	unsigned long named_bars;	/* BARs any virtio capability uses */
};

static const u32 ifcvf_cap_min_len[VIRTIO_PCI_CAP_DEVICE_CFG + 1] = {
	[VIRTIO_PCI_CAP_COMMON_CFG] = sizeof(struct virtio_pci_common_cfg),
	[VIRTIO_PCI_CAP_NOTIFY_CFG] = sizeof(__le16),
	[VIRTIO_PCI_CAP_ISR_CFG] = sizeof(u8),
	[VIRTIO_PCI_CAP_DEVICE_CFG] = sizeof(u8),
};

static const char * const ifcvf_cap_name[VIRTIO_PCI_CAP_DEVICE_CFG + 1] = {
	[VIRTIO_PCI_CAP_COMMON_CFG] = "common configuration",
	[VIRTIO_PCI_CAP_NOTIFY_CFG] = "notification",
	[VIRTIO_PCI_CAP_ISR_CFG] = "ISR",
	[VIRTIO_PCI_CAP_DEVICE_CFG] = "device configuration",
};

/**
 * ifcvf_hw_virtio_type - virtio device type of a PCI function
 * @pdev: the PCI function
 *
 * Transitional device IDs (below 0x1040) carry the type in the PCI
 * subsystem device ID, modern ones are 0x1040 + type.
 *
 * Return: the virtio device ID, or -ENODEV if @pdev is no virtio function.
 */
int ifcvf_hw_virtio_type(struct pci_dev *pdev)
{
	if (pdev->vendor != PCI_VENDOR_ID_REDHAT_QUMRANET ||
	    pdev->device < IFCVF_PCI_ID_FIRST || pdev->device > IFCVF_PCI_ID_LAST)
		return -ENODEV;
	if (pdev->device < IFCVF_PCI_ID_MODERN)
		return pdev->subsystem_device;
	return pdev->device - IFCVF_PCI_ID_MODERN;
}

static u32 ifcvf_cap_dword(struct pci_dev *pdev, u8 pos, size_t field)
{
	u32 val;

	pci_read_config_dword(pdev, pos + field, &val);
	return val;
}

static bool ifcvf_cap_in_bar(struct pci_dev *pdev, u8 type, u8 bar,
			     u32 offset, u32 length)
{
	unsigned long flags;
	u32 end;

	if (bar >= PCI_STD_NUM_BARS)
		return false;
	/* pci_iomap_range() handles port I/O, but only doorbells may use it */
	flags = pci_resource_flags(pdev, bar);
	if (!(flags & IORESOURCE_MEM) &&
	    !(type == VIRTIO_PCI_CAP_NOTIFY_CFG && (flags & IORESOURCE_IO)))
		return false;
	if (length < ifcvf_cap_min_len[type])
		return false;
	if (check_add_overflow(offset, length, &end))
		return false;
	return end <= pci_resource_len(pdev, bar);
}

static void ifcvf_parse_cap(struct pci_dev *pdev, u8 pos,
			    struct ifcvf_caps *caps)
{
	struct ifcvf_cap *cap;
	u32 offset, length;
	u8 len, type, bar;

	pci_read_config_byte(pdev, pos + offsetof(struct virtio_pci_cap, cap_len), &len);
	pci_read_config_byte(pdev, pos + offsetof(struct virtio_pci_cap, cfg_type), &type);
	pci_read_config_byte(pdev, pos + offsetof(struct virtio_pci_cap, bar), &bar);
	/* the PCI cfg access window's BAR field is ours to write, not a claim */
	if (len < sizeof(struct virtio_pci_cap) || type == VIRTIO_PCI_CAP_PCI_CFG)
		return;
	if (bar < PCI_STD_NUM_BARS)
		caps->named_bars |= BIT(bar);
	if (type < VIRTIO_PCI_CAP_COMMON_CFG || type > VIRTIO_PCI_CAP_DEVICE_CFG)
		return;
	cap = &caps->cfg[type];
	if (cap->found)
		return;
	if (type == VIRTIO_PCI_CAP_NOTIFY_CFG &&
	    len < sizeof(struct virtio_pci_notify_cap))
		return;

	offset = ifcvf_cap_dword(pdev, pos, offsetof(struct virtio_pci_cap, offset));
	length = ifcvf_cap_dword(pdev, pos, offsetof(struct virtio_pci_cap, length));
	if (!ifcvf_cap_in_bar(pdev, type, bar, offset, length)) {
		dev_warn(&pdev->dev,
			 "ignoring virtio %s capability: BAR %u offset %#x length %#x unusable\n",
			 ifcvf_cap_name[type], bar, offset, length);
		return;
	}
	if (type == VIRTIO_PCI_CAP_NOTIFY_CFG)
		caps->notify_mult = ifcvf_cap_dword(pdev, pos,
						    offsetof(struct virtio_pci_notify_cap,
							     notify_off_multiplier));
	cap->offset = offset;
	cap->length = length;
	cap->bar = bar;
	cap->found = true;
}

static int ifcvf_walk_caps(struct pci_dev *pdev, struct ifcvf_caps *caps)
{
	u8 pos, type;

	for (pos = pci_find_capability(pdev, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pdev, pos, PCI_CAP_ID_VNDR))
		ifcvf_parse_cap(pdev, pos, caps);

	if (!caps->cfg[VIRTIO_PCI_CAP_COMMON_CFG].found) {
		dev_err(&pdev->dev,
			"no usable virtio 1.x common configuration capability: legacy-only virtio devices are not supported\n");
		return -ENODEV;
	}
	for (type = VIRTIO_PCI_CAP_NOTIFY_CFG; type <= VIRTIO_PCI_CAP_DEVICE_CFG; type++) {
		if (!caps->cfg[type].found) {
			dev_err(&pdev->dev, "no usable virtio %s capability\n",
				ifcvf_cap_name[type]);
			return -ENODEV;
		}
	}
	return 0;
}

int ifcvf_request_bar(struct ifcvf_hw *hw, int bar)
{
	int ret;

	if (hw->bars & BIT(bar))
		return 0;
	ret = pci_request_region(hw->pdev, bar, KBUILD_MODNAME);
	if (ret) {
		dev_err(&hw->pdev->dev, "cannot claim BAR %d: %pe\n", bar,
			ERR_PTR(ret));
		return ret;
	}
	hw->bars |= BIT(bar);
	return 0;
}

static void __iomem *ifcvf_map_cap(struct ifcvf_hw *hw,
				   const struct ifcvf_cap *cap)
{
	return pci_iomap_range(hw->pdev, cap->bar, cap->offset, cap->length);
}

static int ifcvf_map_caps(struct ifcvf_hw *hw, const struct ifcvf_caps *caps)
{
	const struct ifcvf_cap *notify = &caps->cfg[VIRTIO_PCI_CAP_NOTIFY_CFG];
	struct pci_dev *pdev = hw->pdev;
	int type, ret;

	for (type = VIRTIO_PCI_CAP_COMMON_CFG; type <= VIRTIO_PCI_CAP_DEVICE_CFG; type++) {
		ret = ifcvf_request_bar(hw, caps->cfg[type].bar);
		if (ret)
			return ret;
	}

	hw->common = ifcvf_map_cap(hw, &caps->cfg[VIRTIO_PCI_CAP_COMMON_CFG]);
	hw->notify = ifcvf_map_cap(hw, notify);
	hw->isr = ifcvf_map_cap(hw, &caps->cfg[VIRTIO_PCI_CAP_ISR_CFG]);
	hw->dev_cfg = ifcvf_map_cap(hw, &caps->cfg[VIRTIO_PCI_CAP_DEVICE_CFG]);
	if (!hw->common || !hw->notify || !hw->isr || !hw->dev_cfg) {
		dev_err(&pdev->dev, "cannot map the virtio capabilities\n");
		return -ENOMEM;
	}

	hw->notify_len = notify->length;
	hw->notify_mult = caps->notify_mult;
	hw->dev_cfg_len = caps->cfg[VIRTIO_PCI_CAP_DEVICE_CFG].length;
	if (pci_resource_flags(pdev, notify->bar) & IORESOURCE_MEM)
		hw->notify_phys = pci_resource_start(pdev, notify->bar) +
				  notify->offset;
	return 0;
}

static void ifcvf_unmap(struct ifcvf_hw *hw)
{
	void __iomem *maps[] = { hw->common, hw->notify, hw->isr,
				 hw->dev_cfg, hw->lm };
	unsigned int i;
	int bar;

	for (i = 0; i < ARRAY_SIZE(maps); i++)
		if (maps[i])
			pci_iounmap(hw->pdev, maps[i]);
	for_each_set_bit(bar, &hw->bars, PCI_STD_NUM_BARS)
		pci_release_region(hw->pdev, bar);
	kfree(hw->vqs);

	hw->common = NULL;
	hw->notify = NULL;
	hw->isr = NULL;
	hw->dev_cfg = NULL;
	hw->lm = NULL;
	hw->vqs = NULL;
	hw->bars = 0;
}

/**
 * ifcvf_hw_set_driver_features - write the features the driver accepted
 * @hw: the device
 * @features: accepted features
 */
void ifcvf_hw_set_driver_features(struct ifcvf_hw *hw, u64 features)
{
	struct virtio_pci_common_cfg __iomem *c = hw->common;

	vp_iowrite32(0, &c->guest_feature_select);
	vp_iowrite32(lower_32_bits(features), &c->guest_feature);
	vp_iowrite32(1, &c->guest_feature_select);
	vp_iowrite32(upper_32_bits(features), &c->guest_feature);
	hw->drv_features = features;
}

/**
 * ifcvf_hw_get_driver_features - the features last written by the driver
 * @hw: the device
 *
 * Return: the driver feature shadow (0 after reset).
 */
u64 ifcvf_hw_get_driver_features(const struct ifcvf_hw *hw)
{
	return hw->drv_features;
}

/**
 * ifcvf_hw_get_generation - read the device configuration generation
 * @hw: the device
 *
 * Return: config_generation; it changes whenever the device config does.
 */
u8 ifcvf_hw_get_generation(struct ifcvf_hw *hw)
{
	return vp_ioread8(&hw->common->config_generation);
}

/* A device config field wider than a byte: where, and its size in bytes. */
struct ifcvf_cfg_field {
	u8 offset;
	u8 size;
};

#define IFCVF_NET_FIELD(f)	offsetof(struct virtio_net_config, f)
#define IFCVF_BLK_FIELD(f)	offsetof(struct virtio_blk_config, f)

static const struct ifcvf_cfg_field ifcvf_net_fields[] = {
	{ IFCVF_NET_FIELD(status), 2 },
	{ IFCVF_NET_FIELD(max_virtqueue_pairs), 2 },
	{ IFCVF_NET_FIELD(mtu), 2 },
	{ IFCVF_NET_FIELD(speed), 4 },
	{ IFCVF_NET_FIELD(rss_max_indirection_table_length), 2 },
	{ IFCVF_NET_FIELD(supported_hash_types), 4 },
};

/* The zoned characteristics (virtio 1.2): 32-bit fields, then a byte */
#define IFCVF_BLK_ZONED_FIELD(n)	(IFCVF_BLK_CFG_ZONED + 4 * (n))

static const struct ifcvf_cfg_field ifcvf_blk_fields[] = {
	{ IFCVF_BLK_FIELD(capacity), 8 },
	{ IFCVF_BLK_FIELD(size_max), 4 },
	{ IFCVF_BLK_FIELD(seg_max), 4 },
	{ IFCVF_BLK_FIELD(geometry.cylinders), 2 },
	{ IFCVF_BLK_FIELD(blk_size), 4 },
	{ IFCVF_BLK_FIELD(min_io_size), 2 },
	{ IFCVF_BLK_FIELD(opt_io_size), 4 },
	{ IFCVF_BLK_FIELD(num_queues), 2 },
	{ IFCVF_BLK_FIELD(max_discard_sectors), 4 },
	{ IFCVF_BLK_FIELD(max_discard_seg), 4 },
	{ IFCVF_BLK_FIELD(discard_sector_alignment), 4 },
	{ IFCVF_BLK_FIELD(max_write_zeroes_sectors), 4 },
	{ IFCVF_BLK_FIELD(max_write_zeroes_seg), 4 },
	{ IFCVF_BLK_FIELD(max_secure_erase_sectors), 4 },
	{ IFCVF_BLK_FIELD(max_secure_erase_seg), 4 },
	{ IFCVF_BLK_FIELD(secure_erase_sector_alignment), 4 },
	{ IFCVF_BLK_ZONED_FIELD(0), 4 },	/* zone_sectors */
	{ IFCVF_BLK_ZONED_FIELD(1), 4 },	/* max_open_zones */
	{ IFCVF_BLK_ZONED_FIELD(2), 4 },	/* max_active_zones */
	{ IFCVF_BLK_ZONED_FIELD(3), 4 },	/* max_append_sectors */
	{ IFCVF_BLK_ZONED_FIELD(4), 4 },	/* write_granularity */
};

static const struct ifcvf_cfg_field *
ifcvf_cfg_field_at(const struct ifcvf_hw *hw, unsigned int offset)
{
	const struct ifcvf_cfg_field *f = ifcvf_blk_fields;
	unsigned int i, n = ARRAY_SIZE(ifcvf_blk_fields);

	if (hw->dev_type == VIRTIO_ID_NET) {
		f = ifcvf_net_fields;
		n = ARRAY_SIZE(ifcvf_net_fields);
	}
	for (i = 0; i < n; i++, f++)
		if (offset >= f->offset && offset < f->offset + f->size)
			return f;
	return NULL;
}

/*
 * The virtio spec wants device config fields accessed as wide as they are
 * (64-bit ones as two 32-bit halves) and bytes bytewise: an access never
 * spans two fields, which a device may implement as separate registers.
 * A caller reading part of a field gets bytewise accesses.
 */
static unsigned int ifcvf_cfg_width(const struct ifcvf_hw *hw,
				    unsigned int offset, unsigned int len)
{
	const struct ifcvf_cfg_field *f = ifcvf_cfg_field_at(hw, offset);
	unsigned int width;

	if (!f)
		return 1;
	width = min_t(unsigned int, f->size, sizeof(u32));
	if ((offset - f->offset) % width || len < width)
		return 1;
	return width;
}

static void ifcvf_cfg_read_chunk(struct ifcvf_hw *hw, unsigned int offset,
				 u8 *buf, unsigned int width)
{
	u8 __iomem *reg = hw->dev_cfg + offset;
	__le32 v32;
	__le16 v16;

	switch (width) {
	case 4:
		v32 = cpu_to_le32(vp_ioread32((__le32 __iomem *)reg));
		memcpy(buf, &v32, sizeof(v32));
		break;
	case 2:
		v16 = cpu_to_le16(vp_ioread16((__le16 __iomem *)reg));
		memcpy(buf, &v16, sizeof(v16));
		break;
	default:
		*buf = vp_ioread8(reg);
	}
}

static void ifcvf_cfg_write_chunk(struct ifcvf_hw *hw, unsigned int offset,
				  const u8 *buf, unsigned int width)
{
	u8 __iomem *reg = hw->dev_cfg + offset;
	__le32 v32;
	__le16 v16;

	switch (width) {
	case 4:
		memcpy(&v32, buf, sizeof(v32));
		vp_iowrite32(le32_to_cpu(v32), (__le32 __iomem *)reg);
		break;
	case 2:
		memcpy(&v16, buf, sizeof(v16));
		vp_iowrite16(le16_to_cpu(v16), (__le16 __iomem *)reg);
		break;
	default:
		vp_iowrite8(*buf, reg);
	}
}

static void ifcvf_cfg_copy_in(struct ifcvf_hw *hw, unsigned int offset,
			      u8 *buf, unsigned int len)
{
	unsigned int width;

	for (; len; offset += width, buf += width, len -= width) {
		width = ifcvf_cfg_width(hw, offset, len);
		ifcvf_cfg_read_chunk(hw, offset, buf, width);
	}
}

static bool ifcvf_cfg_in_range(const struct ifcvf_hw *hw, unsigned int offset,
			       unsigned int len)
{
	return offset <= hw->dev_cfg_len && len <= hw->dev_cfg_len - offset;
}

/**
 * ifcvf_hw_read_cfg - read the device-specific configuration
 * @hw: the device
 * @offset: offset into the device configuration
 * @buf: destination, filled in device (little-endian) layout
 * @len: number of bytes
 *
 * A read that needs more than one register access is repeated until
 * config_generation is the same before and after it (bounded), so the
 * bytes are consistent. A range outside the capability reads as zeroes.
 */
void ifcvf_hw_read_cfg(struct ifcvf_hw *hw, unsigned int offset,
		       void *buf, unsigned int len)
{
	unsigned int tries;
	u8 gen;

	if (!ifcvf_cfg_in_range(hw, offset, len)) {
		memset(buf, 0, len);
		return;
	}
	if (!len || ifcvf_cfg_width(hw, offset, len) == len) {
		ifcvf_cfg_copy_in(hw, offset, buf, len);
		return;
	}
	for (tries = 0; tries < IFCVF_CFG_READ_TRIES; tries++) {
		gen = ifcvf_hw_get_generation(hw);
		ifcvf_cfg_copy_in(hw, offset, buf, len);
		if (ifcvf_hw_get_generation(hw) == gen)
			return;
	}
	dev_warn_ratelimited(&hw->pdev->dev,
			     "device config kept changing while being read\n");
}

/**
 * ifcvf_hw_write_cfg - write the device-specific configuration
 * @hw: the device
 * @offset: offset into the device configuration
 * @buf: source, in device (little-endian) layout
 * @len: number of bytes; a range outside the capability is ignored
 */
void ifcvf_hw_write_cfg(struct ifcvf_hw *hw, unsigned int offset,
			const void *buf, unsigned int len)
{
	const u8 *src = buf;
	unsigned int width;

	if (!ifcvf_cfg_in_range(hw, offset, len))
		return;
	for (; len; offset += width, src += width, len -= width) {
		width = ifcvf_cfg_width(hw, offset, len);
		ifcvf_cfg_write_chunk(hw, offset, src, width);
	}
}

/*
 * A vector is read back after it is written: a device that cannot route
 * it answers VIRTIO_MSI_NO_VECTOR, and so does one that is gone.
 */
static int ifcvf_check_vector(struct ifcvf_hw *hw, __le16 __iomem *reg,
			      u16 vector)
{
	if (vector == VIRTIO_MSI_NO_VECTOR || vp_ioread16(reg) == vector)
		return 0;
	return ifcvf_confirm_gone(hw) ? -ENODEV : -EIO;
}

/**
 * ifcvf_hw_set_config_vector - route config change interrupts to an MSI-X vector
 * @hw: the device
 * @vector: MSI-X table entry, or VIRTIO_MSI_NO_VECTOR
 *
 * Return: 0, -EIO if the device did not accept the vector, -ENODEV if it
 * is gone.
 */
int ifcvf_hw_set_config_vector(struct ifcvf_hw *hw, u16 vector)
{
	__le16 __iomem *reg = &hw->common->msix_config;
	int ret;

	vp_iowrite16(vector, reg);
	ret = ifcvf_check_vector(hw, reg, vector);
	if (ret == -EIO)
		dev_err_ratelimited(&hw->pdev->dev,
				    "device refused MSI-X vector %u for config changes\n",
				    vector);
	return ret;
}

/**
 * ifcvf_hw_set_vq_vector - route a queue's interrupts to an MSI-X vector
 * @hw: the device
 * @qid: hardware queue index
 * @vector: MSI-X table entry, or VIRTIO_MSI_NO_VECTOR
 *
 * The vector holds until the device is reset, across stopping and
 * restarting the queue.
 *
 * Return: 0, -EIO if the device did not accept the vector, -ENODEV if it
 * is gone.
 */
int ifcvf_hw_set_vq_vector(struct ifcvf_hw *hw, u16 qid, u16 vector)
{
	struct virtio_pci_common_cfg __iomem *c = hw->common;
	int ret;

	vp_iowrite16(qid, &c->queue_select);
	vp_iowrite16(vector, &c->queue_msix_vector);
	ret = ifcvf_check_vector(hw, &c->queue_msix_vector, vector);
	if (ret == -EIO)
		dev_err_ratelimited(&hw->pdev->dev,
				    "vq %u: device refused MSI-X vector %u\n",
				    qid, vector);
	return ret;
}

/**
 * ifcvf_hw_start_vq - program a hardware queue and enable it
 * @hw: the device
 * @qid: hardware queue index
 * @setup: size, ring addresses and (LM only) last avail index
 *
 * The queue's MSI-X vector is set apart (ifcvf_hw_set_vq_vector()). A
 * queue cannot be disabled again except by a device reset or, with an LM
 * region, ifcvf_hw_stop_vq().
 *
 * Return: 0, -EINVAL for a size the queue cannot take, -EIO while the
 * function is offline.
 */
int ifcvf_hw_start_vq(struct ifcvf_hw *hw, u16 qid,
		      const struct ifcvf_hw_vq_setup *setup)
{
	struct virtio_pci_common_cfg __iomem *c = hw->common;

	if (qid >= hw->nr_vqs || !setup->size ||
	    setup->size > hw->vqs[qid].max_size) {
		dev_err_ratelimited(&hw->pdev->dev, "vq %u: cannot use size %u\n",
				    qid, setup->size);
		return -EINVAL;
	}
	if (hw->offline)
		return -EIO;

	vp_iowrite16(qid, &c->queue_select);
	vp_iowrite16(setup->size, &c->queue_size);
	vp_iowrite64_twopart(setup->desc, &c->queue_desc_lo, &c->queue_desc_hi);
	vp_iowrite64_twopart(setup->driver, &c->queue_avail_lo, &c->queue_avail_hi);
	vp_iowrite64_twopart(setup->device, &c->queue_used_lo, &c->queue_used_hi);
	if (hw->lm)
		ifcvf_lm_write_state(hw, qid, setup->last_avail);
	vp_iowrite16(1, &c->queue_enable);
	return 0;
}

/**
 * ifcvf_hw_notify_vq - ring a queue's doorbell
 * @hw: the device
 * @qid: hardware queue index
 */
void ifcvf_hw_notify_vq(struct ifcvf_hw *hw, u16 qid)
{
	vp_iowrite16(qid, hw->vqs[qid].notify);
}

/**
 * ifcvf_hw_get_vq_doorbell_page - physical page holding only a queue's doorbell
 * @hw: the device
 * @qid: hardware queue index
 * @phys: where to store the page's physical address
 *
 * The doorbell may be mapped into user space only when it is a memory
 * page of its own: page aligned, fully inside the notify region, and no
 * other queue's doorbell closer than a page (multiplier >= PAGE_SIZE).
 *
 * Return: true if @phys was filled in.
 */
bool ifcvf_hw_get_vq_doorbell_page(const struct ifcvf_hw *hw, u16 qid,
				   resource_size_t *phys)
{
	u32 off = hw->vqs[qid].notify_off;
	resource_size_t addr = hw->notify_phys + off;

	if (!hw->notify_phys || hw->notify_mult < PAGE_SIZE)
		return false;
	if (hw->notify_len - off < PAGE_SIZE || !IS_ALIGNED(addr, PAGE_SIZE))
		return false;
	*phys = addr;
	return true;
}

/**
 * ifcvf_hw_read_isr - read (and thereby clear) the ISR status
 * @hw: the device
 *
 * May be called from an interrupt handler. A function that is gone reads
 * all ones, both bits among them: its config change callback then lets
 * the driver find NEEDS_RESET.
 *
 * Return: IFCVF_ISR_QUEUE and/or IFCVF_ISR_CONFIG bits.
 */
u8 ifcvf_hw_read_isr(struct ifcvf_hw *hw)
{
	u8 isr = vp_ioread8(hw->isr);

	if (isr == U8_MAX)
		ifcvf_set_gone(hw, true);
	return isr;
}

static u64 ifcvf_read_dev_features(struct ifcvf_hw *hw)
{
	struct virtio_pci_common_cfg __iomem *c = hw->common;
	u64 lo, hi;

	vp_iowrite32(0, &c->device_feature_select);
	lo = vp_ioread32(&c->device_feature);
	vp_iowrite32(1, &c->device_feature_select);
	hi = vp_ioread32(&c->device_feature);
	return hi << 32 | lo;
}

static int ifcvf_init_features(struct ifcvf_hw *hw)
{
	hw->dev_features = ifcvf_read_dev_features(hw);
	if (hw->dev_features == U64_MAX && ifcvf_confirm_gone(hw))
		return -ENODEV;
	if (!(hw->dev_features & BIT_ULL(VIRTIO_F_VERSION_1))) {
		dev_err(&hw->pdev->dev,
			"device does not offer VIRTIO_F_VERSION_1\n");
		return -ENODEV;
	}
	if (!(hw->dev_features & BIT_ULL(VIRTIO_F_ACCESS_PLATFORM))) {
		dev_err(&hw->pdev->dev,
			"device does not offer VIRTIO_F_ACCESS_PLATFORM: its DMA would bypass the IOMMU\n");
		return -ENODEV;
	}
	return 0;
}

static int ifcvf_init_vq(struct ifcvf_hw *hw, u16 qid)
{
	struct virtio_pci_common_cfg __iomem *c = hw->common;
	struct ifcvf_hw_vq *vq = &hw->vqs[qid];
	u32 off;

	vp_iowrite16(qid, &c->queue_select);
	vq->max_size = vp_ioread16(&c->queue_size);
	if (vq->max_size == U16_MAX) {
		ifcvf_set_gone(hw, true);
		return -ENODEV;
	}
	off = vp_ioread16(&c->queue_notify_off);
	if (check_mul_overflow(off, hw->notify_mult, &off) ||
	    off > hw->notify_len - sizeof(__le16)) {
		dev_err(&hw->pdev->dev,
			"vq %u: doorbell lies outside the notify region\n", qid);
		return -ENODEV;
	}
	vq->notify_off = off;
	vq->notify = (__le16 __iomem *)(hw->notify + off);
	hw->vq_num_max = max(hw->vq_num_max, vq->max_size);
	return 0;
}

static int ifcvf_init_vqs(struct ifcvf_hw *hw)
{
	u16 qid;
	int ret;

	hw->nr_vqs = vp_ioread16(&hw->common->num_queues);
	if (hw->nr_vqs == U16_MAX) {
		ifcvf_set_gone(hw, true);
		return -ENODEV;
	}
	if (!hw->nr_vqs) {
		dev_err(&hw->pdev->dev, "device has no virtqueues\n");
		return -ENODEV;
	}
	hw->vqs = kcalloc(hw->nr_vqs, sizeof(*hw->vqs), GFP_KERNEL);
	if (!hw->vqs)
		return -ENOMEM;
	for (qid = 0; qid < hw->nr_vqs; qid++) {
		ret = ifcvf_init_vq(hw, qid);
		if (ret)
			return ret;
	}
	if (!hw->vq_num_max) {
		dev_err(&hw->pdev->dev, "all virtqueues have size 0\n");
		return -ENODEV;
	}
	return 0;
}

/*
 * Queues are discovered with every offered feature accepted, since a
 * device may size its queue set by the negotiated features: QEMU's
 * virtio-net only has 2N + 1 queues while VIRTIO_NET_F_MQ is accepted.
 */
static int ifcvf_discover_vqs(struct ifcvf_hw *hw)
{
	ifcvf_hw_set_driver_features(hw, hw->dev_features);
	ifcvf_hw_set_status(hw, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
			 VIRTIO_CONFIG_S_FEATURES_OK);
	if (hw->gone)
		return -ENODEV;
	if (!(hw->status & VIRTIO_CONFIG_S_FEATURES_OK))
		dev_warn(&hw->pdev->dev,
			 "device refused its own features, queue count may be low\n");
	return ifcvf_init_vqs(hw);
}

/**
 * ifcvf_hw_init - find, claim and map the device, read its immutable facts
 * @hw: zeroed structure to fill in
 * @pdev: the enabled PCI function
 * @layout: the layout of its live-migration region (or none)
 *
 * Requests and maps only the BARs the virtio capabilities (and an LM
 * region, if there is one) use. Caches device features, queue count,
 * every queue's maximum size and doorbell. Leaves the device reset.
 *
 * Return: 0 or a negative errno; on error nothing is left claimed.
 */
int ifcvf_hw_init(struct ifcvf_hw *hw, struct pci_dev *pdev,
		  enum ifcvf_hw_lm_layout layout)
{
	struct ifcvf_caps caps = {};
	int ret;

	hw->pdev = pdev;
	ret = ifcvf_hw_virtio_type(pdev);
	if (ret < 0)
		return ret;
	hw->dev_type = ret;

	ret = ifcvf_walk_caps(pdev, &caps);
	if (ret)
		return ret;
	ret = ifcvf_map_caps(hw, &caps);
	if (ret)
		goto err_unmap;
	ret = ifcvf_hw_reset(hw);
	if (ret)
		goto err_unmap;

	ifcvf_hw_set_status(hw, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	ifcvf_hw_set_status(hw, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	ret = ifcvf_init_features(hw);
	if (ret)
		goto err_reset;
	ret = ifcvf_discover_vqs(hw);
	if (ret)
		goto err_reset;
	hw->cap_bars = caps.named_bars;
	/* a function whose LM region is unusable still works without it */
	ifcvf_hw_set_lm_layout(hw, layout);
	ret = ifcvf_hw_reset(hw);
	if (ret)
		goto err_unmap;
	return 0;

err_reset:
	ifcvf_hw_reset(hw);
err_unmap:
	ifcvf_unmap(hw);
	return ret;
}

/**
 * ifcvf_hw_uninit - reset the device and release what ifcvf_hw_init() took
 * @hw: the device
 */
void ifcvf_hw_uninit(struct ifcvf_hw *hw)
{
	ifcvf_hw_reset(hw);
	ifcvf_unmap(hw);
}
