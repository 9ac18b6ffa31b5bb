// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF: hardware layer (virtio 1.x modern PCI transport).
 *
 * The capability walk is done here instead of with vp_modern_probe():
 * we need the full picture of which BARs the virtio capabilities use to
 * keep the IFCVF live-migration region off registers, we want to read
 * as few registers as possible, and that library's structure has changed
 * between kernel releases, which would tie this out-of-tree module to one.
 */

#include <linux/bitops.h>
#include <linux/iopoll.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <uapi/linux/virtio_blk.h>
#include <uapi/linux/virtio_net.h>

#include "ifcvf_base.h"
#include "ifcvf_compat.h"

#define IFCVF_PCI_ID_FIRST	0x1000
#define IFCVF_PCI_ID_MODERN	0x1040	/* + virtio device ID */
#define IFCVF_PCI_ID_LAST	0x107f

#define IFCVF_RESET_POLL_US	1000
#define IFCVF_RESET_TIMEOUT_MS	1000
#define IFCVF_CFG_READ_TRIES	8

/*
 * A function that is gone (surprise removal, its PF reset, a link down)
 * reads all ones. Some registers can never hold that: device_status (no
 * valid status has every bit set, see below), queue_enable (0 or 1), the
 * ISR (two bits), num_queues and queue_size (at most 32768). Where all
 * ones is a valid value (an MSI-X vector read back, a ring state in the
 * LM region, the device features) a status read tells. Device config
 * fields cannot tell.
 */
#define IFCVF_STATUS_GONE	0xff

/*
 * The status bits a driver sets (virtio 1.x, 2.1): NEEDS_RESET is the
 * device's, bits 4 and 5 are reserved. Only these are written, whatever a
 * vDPA driver asks for (vhost-vdpa passes user space's byte on), so a
 * live device never reads back IFCVF_STATUS_GONE.
 */
#define IFCVF_STATUS_DRIVER_BITS (VIRTIO_CONFIG_S_ACKNOWLEDGE | \
				  VIRTIO_CONFIG_S_DRIVER | \
				  VIRTIO_CONFIG_S_DRIVER_OK | \
				  VIRTIO_CONFIG_S_FEATURES_OK | \
				  VIRTIO_CONFIG_S_FAILED)

/* Live-migration region: one 32-bit ring state register per queue. */
/*
 * Live-migration region at BAR4 offset 0: a ring state register per
 * queue from 0x20 on, laid out as enum ifcvf_hw_lm_layout says, and (pair
 * layout) the number of queue pairs (net) or queues (blk) in use at 0x28.
 */
#define IFCVF_LM_BAR		4
#define IFCVF_LM_VQ_STATE	0x20
#define IFCVF_LM_MQ		0x28
#define IFCVF_LM_PAIR_STRIDE	0x40
#define IFCVF_LM_FLAT_STRIDE	4

#define IFCVF_VQ_STOP_POLL_US	1000
#define IFCVF_VQ_STOP_TIMEOUT_MS 1000

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

static int ifcvf_request_bar(struct ifcvf_hw *hw, int bar)
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

static bool ifcvf_msix_uses_bar(struct pci_dev *pdev, int bar)
{
	u32 table, pba;

	if (!pdev->msix_cap)
		return false;
	pci_read_config_dword(pdev, pdev->msix_cap + PCI_MSIX_TABLE, &table);
	pci_read_config_dword(pdev, pdev->msix_cap + PCI_MSIX_PBA, &pba);
	return (table & PCI_MSIX_TABLE_BIR) == bar ||
	       (pba & PCI_MSIX_PBA_BIR) == bar;
}

/* Offset of a queue's ring state register in the LM region. */
static u32 ifcvf_lm_state_reg(const struct ifcvf_hw *hw,
			      enum ifcvf_hw_lm_layout layout, u16 qid)
{
	if (layout == IFCVF_HW_LM_FLAT)
		return IFCVF_LM_VQ_STATE + qid * IFCVF_LM_FLAT_STRIDE;
	if (hw->dev_type == VIRTIO_ID_BLOCK)
		return IFCVF_LM_VQ_STATE + qid * IFCVF_LM_PAIR_STRIDE;
	return IFCVF_LM_VQ_STATE + (qid / 2) * IFCVF_LM_PAIR_STRIDE +
	       (qid % 2) * sizeof(u32);
}

static u32 ifcvf_lm_len(const struct ifcvf_hw *hw,
			enum ifcvf_hw_lm_layout layout)
{
	u32 len = ifcvf_lm_state_reg(hw, layout, hw->nr_vqs - 1) + sizeof(u32);

	return max_t(u32, len, IFCVF_LM_MQ + sizeof(u32));
}

/*
 * BAR4 is taken for the LM region only when asked to (the function's
 * identity, or the lm_layout override), and never when the function has
 * other registers there: on QEMU's virtio-pci functions BAR4 holds the
 * virtio capabilities, which LM writes would corrupt.
 */
static int ifcvf_lm_bar_usable(const struct ifcvf_hw *hw, u32 len)
{
	struct pci_dev *pdev = hw->pdev;

	if (!(pci_resource_flags(pdev, IFCVF_LM_BAR) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, IFCVF_LM_BAR) < len) {
		dev_err(&pdev->dev,
			"no live-migration region: BAR%d is not %u bytes of memory\n",
			IFCVF_LM_BAR, len);
		return -ENODEV;
	}
	if ((hw->cap_bars & BIT(IFCVF_LM_BAR)) ||
	    ifcvf_msix_uses_bar(pdev, IFCVF_LM_BAR)) {
		dev_err(&pdev->dev,
			"no live-migration region: BAR%d holds virtio or MSI-X registers\n",
			IFCVF_LM_BAR);
		return -EBUSY;
	}
	return 0;
}

static int ifcvf_map_lm(struct ifcvf_hw *hw, enum ifcvf_hw_lm_layout layout)
{
	u32 len = ifcvf_lm_len(hw, layout);
	int ret;

	ret = ifcvf_lm_bar_usable(hw, len);
	if (ret)
		return ret;
	ret = ifcvf_request_bar(hw, IFCVF_LM_BAR);
	if (ret)
		return ret;
	hw->lm = pci_iomap_range(hw->pdev, IFCVF_LM_BAR, 0, len);
	if (!hw->lm) {
		dev_err(&hw->pdev->dev, "cannot map the live-migration region\n");
		pci_release_region(hw->pdev, IFCVF_LM_BAR);
		hw->bars &= ~BIT(IFCVF_LM_BAR);
		return -ENOMEM;
	}
	hw->lm_layout = layout;
	return 0;
}

static void ifcvf_unmap_lm(struct ifcvf_hw *hw)
{
	if (!hw->lm)
		return;
	pci_iounmap(hw->pdev, hw->lm);
	pci_release_region(hw->pdev, IFCVF_LM_BAR);
	hw->bars &= ~BIT(IFCVF_LM_BAR);
	hw->lm = NULL;
	hw->lm_layout = IFCVF_HW_LM_NONE;
}

static const char * const ifcvf_lm_layout_names[] = {
	[IFCVF_HW_LM_NONE] = "none",
	[IFCVF_HW_LM_PAIR] = "pair",
	[IFCVF_HW_LM_FLAT] = "flat",
};

/**
 * ifcvf_hw_lm_layout_name - name of a live-migration region layout
 * @layout: the layout
 *
 * Return: "none", "pair" or "flat".
 */
const char *ifcvf_hw_lm_layout_name(enum ifcvf_hw_lm_layout layout)
{
	return ifcvf_lm_layout_names[layout];
}

/**
 * ifcvf_hw_lm_layout_parse - the layout a name stands for
 * @name: "none", "pair" or "flat", with an optional trailing newline
 *
 * Return: the layout, or -EINVAL.
 */
int ifcvf_hw_lm_layout_parse(const char *name)
{
	return sysfs_match_string(ifcvf_lm_layout_names, name);
}

/**
 * ifcvf_hw_set_lm_layout - use (or stop using) BAR4 as the LM region
 * @hw: the device, with no queue enabled
 * @layout: how the region is laid out, IFCVF_HW_LM_NONE for no region
 *
 * Return: 0, or a negative errno if BAR4 cannot be the LM region; the
 * function then has none.
 */
int ifcvf_hw_set_lm_layout(struct ifcvf_hw *hw, enum ifcvf_hw_lm_layout layout)
{
	int ret = 0;

	ifcvf_unmap_lm(hw);
	if (layout != IFCVF_HW_LM_NONE)
		ret = ifcvf_map_lm(hw, layout);
	dev_info(&hw->pdev->dev, "live-migration region: %s\n",
		 ifcvf_hw_lm_layout_name(hw->lm_layout));
	return ret;
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
 * ifcvf_hw_set_needs_reset - the device lost its state: it needs a reset
 * @hw: the device
 * @why: what happened, for the log
 *
 * Until a reset completes, ifcvf_hw_read_status() reports
 * VIRTIO_CONFIG_S_NEEDS_RESET on top of what the driver set.
 */
void ifcvf_hw_set_needs_reset(struct ifcvf_hw *hw, const char *why)
{
	if (!hw->needs_reset)
		dev_warn_ratelimited(&hw->pdev->dev, "device needs a reset: %s\n",
				     why);
	hw->needs_reset = true;
}

/*
 * Gone while its registers read all ones; a status that reads sane again
 * brings it back. Gone while in use, it lost what it was doing.
 */
static void ifcvf_set_gone(struct ifcvf_hw *hw, bool gone)
{
	if (gone == hw->gone)
		return;
	hw->gone = gone;
	if (!gone) {
		dev_info(&hw->pdev->dev, "device answers again\n");
		return;
	}
	dev_err_ratelimited(&hw->pdev->dev,
			    "device is gone: its registers read all ones\n");
	if (hw->status)
		ifcvf_hw_set_needs_reset(hw, "it was gone while in use");
}

static u8 ifcvf_read_status(struct ifcvf_hw *hw)
{
	u8 status = vp_ioread8(&hw->common->device_status);

	ifcvf_set_gone(hw, status == IFCVF_STATUS_GONE);
	return status;
}

/* A register read all ones, which it may hold: does the status too? */
static bool ifcvf_confirm_gone(struct ifcvf_hw *hw)
{
	return ifcvf_read_status(hw) == IFCVF_STATUS_GONE;
}

/*
 * Another way to reset the function: a function level reset, with the
 * config space saved around it (it clears the command register and the
 * MSI-X set-up). Bus mastering stays off unless the device then reads
 * reset.
 */
static int ifcvf_flr(struct ifcvf_hw *hw)
{
	struct pci_dev *pdev = hw->pdev;
	int ret;

	if (pcie_reset_flr(pdev, PCI_RESET_PROBE))
		return -ENOTTY;
	pci_cfg_access_lock(pdev);
	pci_save_state(pdev);
	ret = pcie_flr(pdev);
	pci_restore_state(pdev);
	pci_cfg_access_unlock(pdev);
	if (!ret && ifcvf_read_status(hw))
		ret = -ETIMEDOUT;
	if (ret) {
		pci_clear_master(pdev);
		return ret;
	}
	dev_info(&pdev->dev, "function level reset instead: the device is reset\n");
	return 0;
}

/*
 * The device has not finished its reset and may still use the rings its
 * driver is about to give back: its DMA stops before that (bus mastering
 * off), then a function level reset is tried where it has one. Failing
 * that it needs a reset, until one completes.
 */
static int ifcvf_reset_stuck(struct ifcvf_hw *hw, u8 status)
{
	struct device *dev = &hw->pdev->dev;

	if (!hw->master_off) {
		pci_clear_master(hw->pdev);
		hw->master_off = true;
		dev_err(dev, "reset not complete after %u ms (status %#x): bus mastering stopped\n",
			IFCVF_RESET_TIMEOUT_MS, status);
	} else {
		dev_err_ratelimited(dev, "reset still not complete (status %#x)\n",
				    status);
	}
	ifcvf_hw_set_needs_reset(hw, "its reset did not complete");
	return ifcvf_flr(hw) ? -ETIMEDOUT : 0;
}

/**
 * ifcvf_hw_reset - reset the device and wait until it has finished
 * @hw: the device
 *
 * Clears the status and driver feature shadows. Waits at most
 * IFCVF_RESET_TIMEOUT_MS for the status to read back 0; a device that
 * has disappeared is noticed on the first read and not waited for. A
 * device that does not finish in time has its bus mastering stopped
 * before this returns, so that nothing it may still be writing to is
 * given back while it can; it is then reset at function level where it
 * can be, and otherwise needs a reset until one completes, which turns
 * bus mastering back on. While the function is offline (someone else
 * resets it) only the shadows are cleared.
 *
 * Return: 0, -ETIMEDOUT if the reset did not complete, -ENODEV if the
 * device is gone.
 */
int ifcvf_hw_reset(struct ifcvf_hw *hw)
{
	u8 status;
	int ret;

	hw->drv_features = 0;
	hw->status = 0;
	if (hw->offline)
		return 0;

	vp_iowrite8(0, &hw->common->device_status);
	ret = read_poll_timeout(ifcvf_read_status, status,
				!status || status == IFCVF_STATUS_GONE,
				IFCVF_RESET_POLL_US,
				IFCVF_RESET_TIMEOUT_MS * USEC_PER_MSEC, false, hw);
	if (status == IFCVF_STATUS_GONE)
		return -ENODEV;
	if (ret) {
		ret = ifcvf_reset_stuck(hw, status);
		if (ret)
			return ret;
	}
	hw->needs_reset = false;
	if (hw->master_off) {
		pci_set_master(hw->pdev);
		hw->master_off = false;
		dev_info(&hw->pdev->dev, "reset complete: bus mastering back on\n");
	}
	return 0;
}

/**
 * ifcvf_hw_reset_lost - reset a device that lost its state under its driver
 * @hw: the device
 * @status: the status the driver had set
 * @features: the features the driver had set
 * @why: what happened, for the log
 *
 * The device is reset (ifcvf_hw_reset()), while it reads as the driver
 * left it, with VIRTIO_CONFIG_S_NEEDS_RESET, until the driver resets it
 * too: a driver that set DRIVER_OK sees it kept (vhost-vdpa's irq bypass
 * bookkeeping goes by it).
 *
 * Return: what ifcvf_hw_reset() returned.
 */
int ifcvf_hw_reset_lost(struct ifcvf_hw *hw, u8 status, u64 features,
			const char *why)
{
	int ret;

	ret = ifcvf_hw_reset(hw);
	hw->status = status;
	hw->drv_features = features;
	if (status)
		ifcvf_hw_set_needs_reset(hw, why);
	return ret;
}

/**
 * ifcvf_hw_present - whether the function answers
 * @hw: the device
 *
 * Reads device_status once.
 *
 * Return: false if it reads all ones (the function is gone).
 */
bool ifcvf_hw_present(struct ifcvf_hw *hw)
{
	return !ifcvf_confirm_gone(hw);
}

/**
 * ifcvf_hw_get_status - the status as the driver last set it
 * @hw: the device
 *
 * No register is read: this is what the driver's own decisions go by.
 *
 * Return: the status last written, without FEATURES_OK if the device
 * refused it.
 */
u8 ifcvf_hw_get_status(const struct ifcvf_hw *hw)
{
	return hw->status;
}

/**
 * ifcvf_hw_read_status - the status as a vDPA driver should see it
 * @hw: the device
 *
 * Until DRIVER_OK only the driver changes the status, and the shadow is
 * answered. From DRIVER_OK on the device is asked (one read), since it
 * may raise NEEDS_RESET, be reset by its PF or vanish; any of those, a
 * reset that did not complete, or the driver's own finding that the
 * device lost its state (ifcvf_hw_set_needs_reset()) is reported as
 * VIRTIO_CONFIG_S_NEEDS_RESET on top of the driver's bits, DRIVER_OK
 * kept: vhost-vdpa pairs its irq bypass bookkeeping with DRIVER_OK. After
 * a reset it reads 0, as the virtio core expects even of a function that
 * is gone.
 *
 * Return: the status for the vDPA driver.
 */
u8 ifcvf_hw_read_status(struct ifcvf_hw *hw)
{
	u8 status;

	if (!hw->status)
		return 0;
	if ((hw->status & VIRTIO_CONFIG_S_DRIVER_OK) && !hw->needs_reset &&
	    !hw->offline) {
		status = ifcvf_read_status(hw);
		if (status == IFCVF_STATUS_GONE)
			ifcvf_hw_set_needs_reset(hw, "it reads all ones");
		else if (status & VIRTIO_CONFIG_S_NEEDS_RESET)
			ifcvf_hw_set_needs_reset(hw, "it raised DEVICE_NEEDS_RESET");
		else if (!(status & VIRTIO_CONFIG_S_DRIVER_OK))
			ifcvf_hw_set_needs_reset(hw, "it was reset under its driver");
	}
	if (hw->needs_reset)
		return hw->status | VIRTIO_CONFIG_S_NEEDS_RESET;
	return hw->status;
}

/**
 * ifcvf_hw_set_offline - stop (or resume) touching the registers
 * @hw: the device
 * @offline: true while someone else resets the function
 *
 * Offline, resets only clear the shadows, status writes only set them,
 * ifcvf_hw_read_status() answers from them and queues neither start nor
 * stop.
 */
void ifcvf_hw_set_offline(struct ifcvf_hw *hw, bool offline)
{
	hw->offline = offline;
}

/**
 * ifcvf_hw_set_status - write the device status
 * @hw: the device
 * @status: new status, never 0 (use ifcvf_hw_reset())
 *
 * Bits a driver must not set are dropped (IFCVF_STATUS_DRIVER_BITS); a
 * status of nothing else is not written, as 0 would reset the device.
 * When FEATURES_OK is newly set the status is read back, since the device
 * clears that bit again if it cannot accept the negotiated features. A
 * driver starting over after a reset that did not complete has it tried
 * once more first; while it still does not, nothing is written and the
 * device refuses FEATURES_OK.
 */
void ifcvf_hw_set_status(struct ifcvf_hw *hw, u8 status)
{
	bool features_ok = status & ~hw->status & VIRTIO_CONFIG_S_FEATURES_OK;
	u8 read;

	status &= IFCVF_STATUS_DRIVER_BITS;
	if (!status)
		return;
	/* a driver starting over tries the reset that did not complete again */
	if (hw->master_off && !hw->status && ifcvf_hw_reset(hw)) {
		hw->status = status & ~(VIRTIO_CONFIG_S_FEATURES_OK |
					VIRTIO_CONFIG_S_DRIVER_OK);
		return;
	}
	hw->status = status;
	if (hw->offline)
		return;
	vp_iowrite8(status, &hw->common->device_status);
	if (!features_ok)
		return;
	read = ifcvf_read_status(hw);
	if (read == IFCVF_STATUS_GONE || !(read & VIRTIO_CONFIG_S_FEATURES_OK))
		hw->status &= ~(VIRTIO_CONFIG_S_FEATURES_OK |
				VIRTIO_CONFIG_S_DRIVER_OK);
}

/**
 * ifcvf_hw_refuse_status - take back status bits the device accepted
 * @hw: the device
 * @bits: the bits the driver is to find refused
 *
 * For what turns out to fail only after the device accepted the bits
 * (FEATURES_OK, then a vector it will not route): the driver reads them
 * back as refused; the device keeps them until the next reset.
 */
void ifcvf_hw_refuse_status(struct ifcvf_hw *hw, u8 bits)
{
	hw->status &= ~bits;
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

/*
 * Where a queue resumes. The pair layout holds both indices: a queue
 * restarts with nothing in flight, so they are the same.
 */
static void ifcvf_lm_write_state(struct ifcvf_hw *hw, u16 qid, u16 index)
{
	u8 __iomem *reg = hw->lm + ifcvf_lm_state_reg(hw, hw->lm_layout, qid);

	if (hw->lm_layout == IFCVF_HW_LM_FLAT)
		vp_iowrite16(index, (__le16 __iomem *)reg);
	else
		vp_iowrite32(index | (u32)index << 16, (__le32 __iomem *)reg);
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
 * ifcvf_hw_stop_vq - stop one queue and wait until the device has
 * @hw: the device, with a live-migration region
 * @qid: hardware queue index
 *
 * IFCVF stops a queue when queue_enable is written 0 (plain virtio-pci
 * forbids that write): it finishes what it fetched, updates the ring
 * state in the LM region and then reads queue_enable 0. Waits at most
 * IFCVF_VQ_STOP_TIMEOUT_MS for that.
 *
 * Return: 0, -EOPNOTSUPP without an LM region, -ETIMEDOUT if the queue
 * still reads enabled, -ENODEV if the device is gone, -EIO while the
 * function is offline.
 */
int ifcvf_hw_stop_vq(struct ifcvf_hw *hw, u16 qid)
{
	struct virtio_pci_common_cfg __iomem *c = hw->common;
	u16 enabled;
	int ret;

	if (!hw->lm)
		return -EOPNOTSUPP;
	if (hw->offline)
		return -EIO;
	vp_iowrite16(qid, &c->queue_select);
	vp_iowrite16(0, &c->queue_enable);
	ret = read_poll_timeout(vp_ioread16, enabled,
				!enabled || enabled == U16_MAX,
				IFCVF_VQ_STOP_POLL_US,
				IFCVF_VQ_STOP_TIMEOUT_MS * USEC_PER_MSEC, false,
				&c->queue_enable);
	if (enabled == U16_MAX) {
		ifcvf_set_gone(hw, true);
		return -ENODEV;
	}
	if (ret)
		dev_err_ratelimited(&hw->pdev->dev,
				    "vq %u: still enabled %u ms after it was told to stop\n",
				    qid, IFCVF_VQ_STOP_TIMEOUT_MS);
	return ret;
}

/**
 * ifcvf_hw_get_vq_state - read a queue's ring state from the LM region
 * @hw: the device
 * @qid: hardware queue index
 * @state: where to store the last avail and last used index
 *
 * Meaningful only for a queue that does not move: stopped with
 * ifcvf_hw_stop_vq(), or not enabled. The flat layout has the avail
 * index only; used reads the same there.
 *
 * Return: 0, -EOPNOTSUPP if the device has no live-migration region,
 * -ENODEV if it is gone, -EIO while the function is offline.
 */
int ifcvf_hw_get_vq_state(struct ifcvf_hw *hw, u16 qid,
			  struct ifcvf_hw_vq_state *state)
{
	u8 __iomem *reg;
	u32 val;

	if (!hw->lm)
		return -EOPNOTSUPP;
	if (hw->offline)
		return -EIO;
	reg = hw->lm + ifcvf_lm_state_reg(hw, hw->lm_layout, qid);
	if (hw->lm_layout == IFCVF_HW_LM_FLAT) {
		val = vp_ioread16((__le16 __iomem *)reg);
		if (val == U16_MAX && ifcvf_confirm_gone(hw))
			return -ENODEV;
		state->avail = val;
		state->used = state->avail;
		return 0;
	}
	val = vp_ioread32((__le32 __iomem *)reg);
	if (val == U32_MAX && ifcvf_confirm_gone(hw))
		return -ENODEV;
	state->avail = lower_16_bits(val);
	state->used = upper_16_bits(val);
	return 0;
}

/**
 * ifcvf_hw_set_lm_queues - tell the device how many queues are in use
 * @hw: the device
 * @count: queue pairs for net, queues for blk
 *
 * Only the pair layout has the register; elsewhere this does nothing.
 */
void ifcvf_hw_set_lm_queues(struct ifcvf_hw *hw, u16 count)
{
	if (hw->lm && hw->lm_layout == IFCVF_HW_LM_PAIR)
		vp_iowrite32(count, (__le32 __iomem *)(hw->lm + IFCVF_LM_MQ));
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
