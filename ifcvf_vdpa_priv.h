/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel IFCVF: the running vDPA device as its files share it: the
 * vdpa_config_ops (ifcvf_vdpa.c), its interrupts (ifcvf_irq.c) and its
 * life as the PCI function sees it (ifcvf_adapter.c). ifcvf_main.c does
 * not include it: it meets the running device through ifcvf_vdpa.h.
 */
#ifndef _IFCVF_VDPA_PRIV_H
#define _IFCVF_VDPA_PRIV_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/vdpa.h>

#include "ifcvf_vdpa.h"

#define IFCVF_IRQ_NAME_LEN	32

enum ifcvf_irq_mode {
	IFCVF_IRQ_FULL,		/* vector i for vq i, config on vector nvqs */
	IFCVF_IRQ_SHARED,	/* all vqs on vector 0, config on vector 1 */
	IFCVF_IRQ_SINGLE,	/* one vector, demultiplexed through the ISR */
};

/* Driver's view of one queue, indexed as the vDPA driver numbers them. */
struct ifcvf_vq {
	spinlock_t cb_lock;	/* cb against the interrupt handler */
	struct vdpa_callback cb;
	u64 desc;
	u64 driver;
	u64 device;
	u32 num;		/* 0: not set, the device's maximum */
	u16 last_avail;
	/* get_vq_state's answer until the queue is set up after a reset */
	u16 kept_avail;
	int kept_err;
	bool ready;
	bool hw_enabled;	/* queue_enable written since the last reset */
	u64 callbacks;		/* cb run for an interrupt, under cb_lock */
	atomic64_t kicks;	/* kick_vq calls */
	char irq_name[IFCVF_IRQ_NAME_LEN];
};

/* A config field this parent answers itself (provisioned or cached). */
struct ifcvf_cfg_override {
	unsigned int offset;
	__le16 val;
};

struct ifcvf_adapter {
	struct vdpa_device vdpa;	/* first: see vdpa_alloc_device() */
	struct ifcvf_vf *vf;
	struct ifcvf_hw *hw;
	struct ifcvf_vq *vqs;
	struct mutex lock;		/* status changes, reset, queue start */
	spinlock_t config_cb_lock;	/* config_cb against the handler */
	struct vdpa_callback config_cb;
	u64 features;			/* offered to the vDPA driver */
	u32 config_size;
	u16 nvqs;
	u16 max_vqp;
	bool has_cvq;
	enum ifcvf_irq_mode irq_mode;
	bool irqs_on;
	bool suspended;			/* every running queue stopped */
	/* the function is being reset under us (FLR, AER): see reset_prepare */
	bool resetting;
	bool restorable;		/* every running queue stopped and read */
	u8 saved_status;
	u64 saved_features;
	struct ifcvf_cfg_override cfg_override[2];
	unsigned int nr_cfg_override;
	char config_irq_name[IFCVF_IRQ_NAME_LEN];
	char data_irq_name[IFCVF_IRQ_NAME_LEN];
};

static inline struct ifcvf_adapter *vdpa_to_adapter(struct vdpa_device *vdpa)
{
	return container_of(vdpa, struct ifcvf_adapter, vdpa);
}

static inline struct device *ifcvf_dev(const struct ifcvf_adapter *adapter)
{
	return &adapter->hw->pdev->dev;
}

/* ifcvf_vdpa.c */
extern const struct vdpa_config_ops ifcvf_vdpa_ops;
extern const struct vdpa_config_ops ifcvf_vdpa_lm_ops;
u16 ifcvf_hw_qid(const struct ifcvf_adapter *adapter, u16 idx);
int ifcvf_datapath_start(struct ifcvf_adapter *adapter);
int ifcvf_vq_stop(struct ifcvf_adapter *adapter, u16 idx);
void ifcvf_set_cb(spinlock_t *lock, struct vdpa_callback *dst,
		  const struct vdpa_callback *cb);

/* ifcvf_irq.c */
enum ifcvf_irq_mode ifcvf_pick_irq_mode(int nvec, u16 nvqs);
void ifcvf_init_irq_names(struct ifcvf_adapter *adapter);
unsigned int ifcvf_nr_irqs(const struct ifcvf_adapter *adapter);
u16 ifcvf_vq_vector(const struct ifcvf_adapter *adapter, u16 idx);
int ifcvf_irqs_start(struct ifcvf_adapter *adapter);
int ifcvf_set_vectors(struct ifcvf_adapter *adapter);
void ifcvf_free_irqs(struct ifcvf_adapter *adapter);
void ifcvf_notify_config(struct ifcvf_adapter *adapter);

/* ifcvf_adapter.c */
int ifcvf_adapter_reset(struct ifcvf_adapter *adapter);

#endif /* _IFCVF_VDPA_PRIV_H */
