/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel IFCVF: hardware layer. The function is a virtio 1.x modern PCI
 * device; everything here speaks the virtio PCI transport and nothing
 * vDPA-specific.
 */
#ifndef _IFCVF_BASE_H
#define _IFCVF_BASE_H

#include <linux/pci.h>
#include <linux/types.h>
#include <linux/virtio_pci_modern.h>

#define IFCVF_ISR_QUEUE		0x1
#define IFCVF_ISR_CONFIG	VIRTIO_PCI_ISR_CONFIG

/*
 * How the live-migration region at BAR4 lays out the per-queue ring
 * state. The public descriptions of the hardware disagree, see
 * Documentation/design.rst.
 */
enum ifcvf_hw_lm_layout {
	IFCVF_HW_LM_NONE,	/* no live-migration region */
	IFCVF_HW_LM_PAIR,	/* u32 avail | used << 16; net queues in pairs */
	IFCVF_HW_LM_FLAT,	/* 16-bit avail, a queue every 4 bytes */
};

/* Facts about one hardware virtqueue, read once at probe. */
struct ifcvf_hw_vq {
	__le16 __iomem *notify;	/* doorbell */
	u32 notify_off;		/* doorbell offset inside the notify region */
	u16 max_size;		/* queue_size right after reset */
};

/*
 * Register shadows. The driver is the only writer of the driver
 * features, and reads of device_status only matter where the device may
 * change it on its own: after FEATURES_OK (it may refuse the features),
 * while waiting for a reset to finish, and while it runs (DRIVER_OK:
 * it may raise NEEDS_RESET, be reset by someone else or vanish). Those
 * are read from the device; every other get returns the value last
 * written. Device features, the queue count, every queue's maximum size
 * and doorbell are immutable between resets and are read once at probe.
 *
 * What went wrong with the function: @gone while its status reads all
 * ones (a status read that is sane again clears it); @needs_reset from
 * the first sign that its state is lost (NEEDS_RESET raised, a reset the
 * driver did not ask for, a reset that did not complete, all ones while
 * it ran) until a reset completes; @master_off while bus mastering is
 * stopped because a reset did not complete; @offline while someone else
 * resets the function (FLR, AER recovery): its registers are not touched.
 */
struct ifcvf_hw {
	struct pci_dev *pdev;
	struct virtio_pci_common_cfg __iomem *common;
	u8 __iomem *isr;
	u8 __iomem *dev_cfg;
	u8 __iomem *notify;
	u8 __iomem *lm;			/* NULL: no live-migration region */
	enum ifcvf_hw_lm_layout lm_layout;
	struct ifcvf_hw_vq *vqs;
	resource_size_t notify_phys;	/* 0: notify lives in an I/O BAR */
	u32 notify_len;
	u32 notify_mult;
	u32 dev_cfg_len;
	u32 dev_type;			/* virtio device ID */
	u64 dev_features;
	u64 drv_features;		/* shadow */
	u16 nr_vqs;
	u16 vq_num_max;			/* largest max_size of all queues */
	u8 status;			/* shadow */
	bool gone;
	bool needs_reset;
	bool master_off;
	bool offline;
	unsigned long bars;		/* BARs requested by us */
	unsigned long cap_bars;		/* BARs a virtio capability uses */
};

/* A queue's ring state, as the LM region has it. */
struct ifcvf_hw_vq_state {
	u16 avail;
	u16 used;
};

/* What ifcvf_hw_start_vq() programs into one hardware queue. */
struct ifcvf_hw_vq_setup {
	u64 desc;
	u64 driver;
	u64 device;
	u16 size;
	u16 last_avail;			/* where it resumes (LM region only) */
};

int ifcvf_hw_virtio_type(struct pci_dev *pdev);
int ifcvf_hw_init(struct ifcvf_hw *hw, struct pci_dev *pdev,
		  enum ifcvf_hw_lm_layout layout);
void ifcvf_hw_uninit(struct ifcvf_hw *hw);
int ifcvf_hw_reset(struct ifcvf_hw *hw);
int ifcvf_hw_reset_lost(struct ifcvf_hw *hw, u8 status, u64 features,
			const char *why);
bool ifcvf_hw_present(struct ifcvf_hw *hw);
u8 ifcvf_hw_get_status(const struct ifcvf_hw *hw);
u8 ifcvf_hw_read_status(struct ifcvf_hw *hw);
void ifcvf_hw_set_status(struct ifcvf_hw *hw, u8 status);
void ifcvf_hw_refuse_status(struct ifcvf_hw *hw, u8 bits);
void ifcvf_hw_set_needs_reset(struct ifcvf_hw *hw, const char *why);
void ifcvf_hw_set_offline(struct ifcvf_hw *hw, bool offline);
void ifcvf_hw_set_driver_features(struct ifcvf_hw *hw, u64 features);
u64 ifcvf_hw_get_driver_features(const struct ifcvf_hw *hw);
u8 ifcvf_hw_get_generation(struct ifcvf_hw *hw);
void ifcvf_hw_read_cfg(struct ifcvf_hw *hw, unsigned int offset,
		       void *buf, unsigned int len);
void ifcvf_hw_write_cfg(struct ifcvf_hw *hw, unsigned int offset,
			const void *buf, unsigned int len);
int ifcvf_hw_set_config_vector(struct ifcvf_hw *hw, u16 vector);
int ifcvf_hw_set_vq_vector(struct ifcvf_hw *hw, u16 qid, u16 vector);
int ifcvf_hw_start_vq(struct ifcvf_hw *hw, u16 qid,
		      const struct ifcvf_hw_vq_setup *setup);
void ifcvf_hw_notify_vq(struct ifcvf_hw *hw, u16 qid);
int ifcvf_hw_stop_vq(struct ifcvf_hw *hw, u16 qid);
int ifcvf_hw_get_vq_state(struct ifcvf_hw *hw, u16 qid,
			  struct ifcvf_hw_vq_state *state);
void ifcvf_hw_set_lm_queues(struct ifcvf_hw *hw, u16 count);
const char *ifcvf_hw_lm_layout_name(enum ifcvf_hw_lm_layout layout);
int ifcvf_hw_lm_layout_parse(const char *name);
int ifcvf_hw_set_lm_layout(struct ifcvf_hw *hw, enum ifcvf_hw_lm_layout layout);
bool ifcvf_hw_get_vq_doorbell_page(const struct ifcvf_hw *hw, u16 qid,
				   resource_size_t *phys);
u8 ifcvf_hw_read_isr(struct ifcvf_hw *hw);

#endif /* _IFCVF_BASE_H */
