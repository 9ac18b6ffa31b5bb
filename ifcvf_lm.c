// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF: hardware layer, the live-migration (LM) region at BAR4.
 * Taking BAR4 for it (never where virtio or MSI-X registers live), its
 * two layouts, and what only it makes possible: a queue that starts
 * where it stopped, a queue stopped on its own, its ring state read.
 */

#include <linux/bitops.h>
#include <linux/iopoll.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/virtio_ids.h>

#include "ifcvf_base_priv.h"

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

/*
 * Where a queue resumes. The pair layout holds both indices: a queue
 * restarts with nothing in flight, so they are the same.
 */
void ifcvf_lm_write_state(struct ifcvf_hw *hw, u16 qid, u16 index)
{
	u8 __iomem *reg = hw->lm + ifcvf_lm_state_reg(hw, hw->lm_layout, qid);

	if (hw->lm_layout == IFCVF_HW_LM_FLAT)
		vp_iowrite16(index, (__le16 __iomem *)reg);
	else
		vp_iowrite32(index | (u32)index << 16, (__le32 __iomem *)reg);
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
