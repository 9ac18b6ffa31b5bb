// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF: the running vDPA device. Queue numbering, interrupts,
 * status and datapath, device config, and the vdpa_config_ops.
 *
 * Queue state handed over through the ops (size, ring addresses, ready,
 * last avail index) is only shadowed until DRIVER_OK is set, or until a
 * queue is enabled after that, and then written to the device in one go:
 * only then are the negotiated features, and with them the control
 * queue's hardware index, known for sure. Nothing but the driver changes
 * these registers, and the device ignores them until a queue is enabled,
 * so answering get_vq_ready and get_vq_size from the shadows is exact.
 * The net config fields this parent provisions (mtu, max_virtqueue_pairs)
 * are read-only for the device too and are answered from memory.
 * Interrupts are requested, and every vector routed, at FEATURES_OK, and
 * freed at reset: what can fail is tried where the vDPA driver reads the
 * outcome back.
 */

#include <linux/interrupt.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <net/netlink.h>
#include <uapi/linux/vdpa.h>

#include "ifcvf_compat.h"
#include "ifcvf_vdpa.h"

#define IFCVF_IRQ_NAME_LEN	32

/*
 * The smallest ring IFCVF takes: the in-tree ifcvf's IFCVF_MIN_VQ_SIZE,
 * its get_vq_num_min since Linux 5.17.
 */
#define IFCVF_VQ_NUM_MIN	64

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

static const struct vdpa_config_ops ifcvf_vdpa_ops;
static const struct vdpa_config_ops ifcvf_vdpa_lm_ops;

static struct ifcvf_adapter *vdpa_to_adapter(struct vdpa_device *vdpa)
{
	return container_of(vdpa, struct ifcvf_adapter, vdpa);
}

static struct device *ifcvf_dev(const struct ifcvf_adapter *adapter)
{
	return &adapter->hw->pdev->dev;
}

static bool ifcvf_driver_ok(const struct ifcvf_adapter *adapter)
{
	return ifcvf_hw_get_status(adapter->hw) & VIRTIO_CONFIG_S_DRIVER_OK;
}

/*
 * With VIRTIO_NET_F_MQ (or RSS) negotiated the control vq follows the
 * last data queue pair, else it is queue 2.
 */
static u16 ifcvf_cvq_index(const struct ifcvf_adapter *adapter, u16 max_vqp)
{
	if (ifcvf_hw_get_driver_features(adapter->hw) & IFCVF_NET_MQ_FEATURES)
		return 2 * max_vqp;
	return 2;
}

static bool ifcvf_is_cvq(const struct ifcvf_adapter *adapter, u16 idx)
{
	return adapter->has_cvq && idx == ifcvf_cvq_index(adapter, adapter->max_vqp);
}

/*
 * Hardware index of the driver's queue @idx: the driver looks for the
 * control vq after max_vqp pairs as provisioned, the device has it after
 * its own max_virtqueue_pairs. All other queues map 1:1.
 */
static u16 ifcvf_hw_qid(const struct ifcvf_adapter *adapter, u16 idx)
{
	if (ifcvf_is_cvq(adapter, idx))
		return ifcvf_cvq_index(adapter, adapter->vf->net_max_vqp);
	return idx;
}

/*
 * Queue sizes were read at probe with MQ accepted. Without MQ the control
 * vq moves to queue 2, so it must also fit what the control vq took then.
 */
static u16 ifcvf_vq_max(const struct ifcvf_adapter *adapter, u16 idx)
{
	const struct ifcvf_hw_vq *vqs = adapter->hw->vqs;
	u16 max = vqs[ifcvf_hw_qid(adapter, idx)].max_size;

	if (ifcvf_is_cvq(adapter, idx))
		max = min(max, vqs[2 * adapter->vf->net_max_vqp].max_size);
	return max;
}

static u16 ifcvf_vq_size(const struct ifcvf_adapter *adapter, u16 idx)
{
	u32 num = adapter->vqs[idx].num;
	u16 max = ifcvf_vq_max(adapter, idx);

	return num && num <= max ? num : max;
}

/* The smallest ring every queue takes (none takes less than its maximum) */
static u16 ifcvf_vq_num_min(const struct ifcvf_adapter *adapter)
{
	u16 i, num = IFCVF_VQ_NUM_MIN;

	for (i = 0; i < adapter->nvqs; i++)
		num = min(num, ifcvf_vq_max(adapter, i));
	return num;
}

static bool ifcvf_packed(const struct ifcvf_adapter *adapter)
{
	return ifcvf_hw_get_driver_features(adapter->hw) &
	       BIT_ULL(VIRTIO_F_RING_PACKED);
}

static u16 ifcvf_vq_vector(const struct ifcvf_adapter *adapter, u16 idx)
{
	return adapter->irq_mode == IFCVF_IRQ_FULL ? idx : 0;
}

static u16 ifcvf_config_vector(const struct ifcvf_adapter *adapter)
{
	switch (adapter->irq_mode) {
	case IFCVF_IRQ_FULL:
		return adapter->nvqs;
	case IFCVF_IRQ_SHARED:
		return 1;
	default:
		return 0;
	}
}

static unsigned int ifcvf_nr_irqs(const struct ifcvf_adapter *adapter)
{
	if (adapter->irq_mode == IFCVF_IRQ_SINGLE)
		return 1;
	return ifcvf_config_vector(adapter) + 1;
}

static void ifcvf_call_vq(struct ifcvf_vq *vq)
{
	spin_lock(&vq->cb_lock);
	if (vq->cb.callback) {
		vq->cb.callback(vq->cb.private);
		vq->callbacks++;
	}
	spin_unlock(&vq->cb_lock);
}

static void ifcvf_call_all_vqs(struct ifcvf_adapter *adapter)
{
	u16 i;

	for (i = 0; i < adapter->nvqs; i++)
		ifcvf_call_vq(&adapter->vqs[i]);
}

static void ifcvf_call_config(struct ifcvf_adapter *adapter)
{
	spin_lock(&adapter->config_cb_lock);
	if (adapter->config_cb.callback)
		adapter->config_cb.callback(adapter->config_cb.private);
	spin_unlock(&adapter->config_cb_lock);
}

/*
 * A config interrupt of our own, for a device state change the device
 * did not signal (it lost its state to a reset it never saw coming):
 * vhost-vdpa users and virtio drivers then read NEEDS_RESET.
 */
static void ifcvf_notify_config(struct ifcvf_adapter *adapter)
{
	unsigned long flags;

	local_irq_save(flags);
	ifcvf_call_config(adapter);
	local_irq_restore(flags);
}

static irqreturn_t ifcvf_vq_irq(int irq, void *arg)
{
	ifcvf_call_vq(arg);
	return IRQ_HANDLED;
}

static irqreturn_t ifcvf_vqs_irq(int irq, void *arg)
{
	ifcvf_call_all_vqs(arg);
	return IRQ_HANDLED;
}

static irqreturn_t ifcvf_config_irq(int irq, void *arg)
{
	ifcvf_call_config(arg);
	return IRQ_HANDLED;
}

/*
 * One vector for everything: the ISR tells what happened. A device need
 * not maintain the ISR while MSI-X is on, so a read of 0 counts as a
 * queue interrupt too; a spurious vq callback is harmless.
 */
static irqreturn_t ifcvf_single_irq(int irq, void *arg)
{
	struct ifcvf_adapter *adapter = arg;
	u8 isr = ifcvf_hw_read_isr(adapter->hw);

	if (isr & IFCVF_ISR_CONFIG)
		ifcvf_call_config(adapter);
	if ((isr & IFCVF_ISR_QUEUE) || !isr)
		ifcvf_call_all_vqs(adapter);
	return IRQ_HANDLED;
}

/* Handler, cookie and name for MSI-X vector @v in the adapter's mode. */
static irq_handler_t ifcvf_irq_slot(struct ifcvf_adapter *adapter,
				    unsigned int v, void **arg,
				    const char **name)
{
	*arg = adapter;
	if (adapter->irq_mode == IFCVF_IRQ_SINGLE) {
		*name = adapter->data_irq_name;
		return ifcvf_single_irq;
	}
	if (v == ifcvf_config_vector(adapter)) {
		*name = adapter->config_irq_name;
		return ifcvf_config_irq;
	}
	if (adapter->irq_mode == IFCVF_IRQ_SHARED) {
		*name = adapter->data_irq_name;
		return ifcvf_vqs_irq;
	}
	*arg = &adapter->vqs[v];
	*name = adapter->vqs[v].irq_name;
	return ifcvf_vq_irq;
}

static void ifcvf_release_irqs(struct ifcvf_adapter *adapter,
			       unsigned int count)
{
	const char *name;
	void *arg;

	while (count--) {
		ifcvf_irq_slot(adapter, count, &arg, &name);
		free_irq(pci_irq_vector(adapter->hw->pdev, count), arg);
	}
}

static int ifcvf_request_irqs(struct ifcvf_adapter *adapter)
{
	unsigned int v, count = ifcvf_nr_irqs(adapter);
	irq_handler_t handler;
	const char *name;
	void *arg;
	int ret;

	for (v = 0; v < count; v++) {
		handler = ifcvf_irq_slot(adapter, v, &arg, &name);
		ret = request_irq(pci_irq_vector(adapter->hw->pdev, v), handler,
				  0, name, arg);
		if (ret) {
			dev_err(ifcvf_dev(adapter), "cannot request irq %s: %pe\n",
				name, ERR_PTR(ret));
			ifcvf_release_irqs(adapter, v);
			return ret;
		}
	}
	adapter->irqs_on = true;
	return 0;
}

static void ifcvf_free_irqs(struct ifcvf_adapter *adapter)
{
	if (!adapter->irqs_on)
		return;
	ifcvf_release_irqs(adapter, ifcvf_nr_irqs(adapter));
	adapter->irqs_on = false;
}

/*
 * Routes config changes and every queue to their vectors. Each is read
 * back (the device answers NO_VECTOR for one it cannot route); the
 * queues' hold from FEATURES_OK, when the control queue's index is known,
 * until the next reset.
 */
static int ifcvf_set_vectors(struct ifcvf_adapter *adapter)
{
	struct ifcvf_hw *hw = adapter->hw;
	int ret;
	u16 i;

	ret = ifcvf_hw_set_config_vector(hw, ifcvf_config_vector(adapter));
	if (ret)
		return ret;
	for (i = 0; i < adapter->nvqs; i++) {
		ret = ifcvf_hw_set_vq_vector(hw, ifcvf_hw_qid(adapter, i),
					     ifcvf_vq_vector(adapter, i));
		if (ret)
			return ret;
	}
	return 0;
}

/* The interrupts requested and routed, or none of them. */
static int ifcvf_irqs_start(struct ifcvf_adapter *adapter)
{
	int ret;

	if (!adapter->irqs_on) {
		ret = ifcvf_request_irqs(adapter);
		if (ret)
			return ret;
	}
	ret = ifcvf_set_vectors(adapter);
	if (ret)
		goto err_free_irqs;
	return 0;

err_free_irqs:
	ifcvf_free_irqs(adapter);
	return ret;
}

/* Programs and enables the hardware queue behind the driver's queue @idx. */
static int ifcvf_vq_start(struct ifcvf_adapter *adapter, u16 idx)
{
	struct ifcvf_vq *vq = &adapter->vqs[idx];
	struct ifcvf_hw_vq_setup setup = {
		.desc = vq->desc,
		.driver = vq->driver,
		.device = vq->device,
		.size = ifcvf_vq_size(adapter, idx),
		.last_avail = vq->last_avail,
	};
	int ret;

	if (vq->num > setup.size || setup.size < ifcvf_vq_num_min(adapter)) {
		dev_err_ratelimited(ifcvf_dev(adapter),
				    "vq %u: size %u outside the device's [%u, %u]\n",
				    idx, vq->num ? vq->num : setup.size,
				    ifcvf_vq_num_min(adapter),
				    ifcvf_vq_max(adapter, idx));
		return -EINVAL;
	}
	ret = ifcvf_hw_start_vq(adapter->hw, ifcvf_hw_qid(adapter, idx), &setup);
	if (ret)
		return ret;
	vq->hw_enabled = true;
	return 0;
}

/* Ready data queues: pairs for net (the control vq not counted), or queues. */
static u16 ifcvf_data_queues_in_use(const struct ifcvf_adapter *adapter)
{
	u16 i, n = 0;

	for (i = 0; i < adapter->nvqs; i++)
		if (adapter->vqs[i].ready && !ifcvf_is_cvq(adapter, i))
			n++;
	return adapter->hw->dev_type == VIRTIO_ID_NET ? n / 2 : n;
}

/*
 * At DRIVER_OK: every ready queue starts (a suspended device's wait for
 * resume). A driver that skipped FEATURES_OK has its interrupts set up
 * here.
 */
static int ifcvf_datapath_start(struct ifcvf_adapter *adapter)
{
	int ret;
	u16 i;

	if (!adapter->irqs_on) {
		ret = ifcvf_irqs_start(adapter);
		if (ret)
			return ret;
	}
	ifcvf_hw_set_lm_queues(adapter->hw, ifcvf_data_queues_in_use(adapter));
	for (i = 0; i < adapter->nvqs && !adapter->suspended; i++) {
		if (!adapter->vqs[i].ready || adapter->vqs[i].hw_enabled)
			continue;
		ret = ifcvf_vq_start(adapter, i);
		if (ret)
			return ret;
	}
	return 0;
}

static void ifcvf_set_cb(spinlock_t *lock, struct vdpa_callback *dst,
			 const struct vdpa_callback *cb)
{
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	if (cb)
		*dst = *cb;
	else
		memset(dst, 0, sizeof(*dst));
	spin_unlock_irqrestore(lock, flags);
}

static void ifcvf_forget_vqs(struct ifcvf_adapter *adapter)
{
	struct ifcvf_vq *vq;
	u16 i;

	for (i = 0; i < adapter->nvqs; i++) {
		vq = &adapter->vqs[i];
		ifcvf_set_cb(&vq->cb_lock, &vq->cb, NULL);
		vq->desc = 0;
		vq->driver = 0;
		vq->device = 0;
		vq->num = 0;
		vq->last_avail = 0;
		vq->ready = false;
		vq->hw_enabled = false;
		spin_lock_irq(&vq->cb_lock);
		vq->callbacks = 0;
		spin_unlock_irq(&vq->cb_lock);
		atomic64_set(&vq->kicks, 0);
	}
	adapter->suspended = false;
	ifcvf_set_cb(&adapter->config_cb_lock, &adapter->config_cb, NULL);
}

static int ifcvf_vq_stop(struct ifcvf_adapter *adapter, u16 idx);

/*
 * Where each queue set up since the last reset stands, kept for
 * get_vq_state after this reset: QEMU 7.2 resets the device at VM stop
 * before it reads the control queue's state back, and told 0 its
 * virtio-net takes that queue over from 0 and replays old commands. So a
 * running queue is stopped and read first, as for suspend; one that does
 * not stop has no state to give.
 */
static void ifcvf_keep_vq_states(struct ifcvf_adapter *adapter)
{
	struct ifcvf_vq *vq;
	int err = 0;
	u16 i;

	if (!adapter->hw->lm)
		return;
	for (i = 0; i < adapter->nvqs; i++) {
		vq = &adapter->vqs[i];
		if (!vq->desc)
			continue;
		/* after one queue failed to stop, the rest are not tried */
		if (vq->hw_enabled)
			err = err ?: ifcvf_vq_stop(adapter, i);
		vq->kept_err = vq->hw_enabled ? -EIO : 0;
		vq->kept_avail = vq->last_avail;
	}
}

/*
 * Reset the device first so it stops raising interrupts and using the
 * rings, then free them. A reset that does not complete has stopped the
 * function's DMA before it returns (ifcvf_hw_reset()), so the vDPA driver
 * may free the rings either way; its error says the device still needs
 * a reset, which the next start tries again.
 */
static int ifcvf_adapter_reset(struct ifcvf_adapter *adapter)
{
	int ret;

	mutex_lock(&adapter->lock);
	ifcvf_keep_vq_states(adapter);
	ret = ifcvf_hw_reset(adapter->hw);
	ifcvf_free_irqs(adapter);
	ifcvf_forget_vqs(adapter);
	/* reset during a function reset: nothing to bring back after it */
	adapter->restorable = false;
	adapter->saved_status = 0;
	adapter->saved_features = 0;
	mutex_unlock(&adapter->lock);
	return ret;
}

static void ifcvf_apply_overrides(const struct ifcvf_adapter *adapter,
				  unsigned int offset, u8 *buf,
				  unsigned int len)
{
	const struct ifcvf_cfg_override *o;
	unsigned int i, start, end;

	for (i = 0; i < adapter->nr_cfg_override; i++) {
		o = &adapter->cfg_override[i];
		start = max(offset, o->offset);
		end = min(offset + len, o->offset + (unsigned int)sizeof(o->val));
		if (start < end)
			memcpy(buf + start - offset,
			       (const u8 *)&o->val + start - o->offset,
			       end - start);
	}
}

static bool ifcvf_cfg_overridden(const struct ifcvf_adapter *adapter,
				 unsigned int offset, unsigned int len)
{
	const struct ifcvf_cfg_override *o;
	unsigned int i;

	for (i = 0; i < adapter->nr_cfg_override; i++) {
		o = &adapter->cfg_override[i];
		if (offset >= o->offset &&
		    offset + len <= o->offset + sizeof(o->val))
			return true;
	}
	return false;
}

static void ifcvf_add_override(struct ifcvf_adapter *adapter,
			       unsigned int offset, u16 val)
{
	struct ifcvf_cfg_override *o;

	o = &adapter->cfg_override[adapter->nr_cfg_override++];
	o->offset = offset;
	o->val = cpu_to_le16(val);
}

static void ifcvf_init_net(struct ifcvf_adapter *adapter,
			   const struct ifcvf_dev_params *params)
{
	adapter->max_vqp = params->max_vqp;
	adapter->has_cvq = params->features & BIT_ULL(VIRTIO_NET_F_CTRL_VQ);
	adapter->nvqs = 2 * params->max_vqp + adapter->has_cvq;
	if (params->features & IFCVF_NET_MQ_FEATURES)
		ifcvf_add_override(adapter,
				   offsetof(struct virtio_net_config,
					    max_virtqueue_pairs),
				   params->max_vqp);
	if (params->features & BIT_ULL(VIRTIO_NET_F_MTU))
		ifcvf_add_override(adapter,
				   offsetof(struct virtio_net_config, mtu),
				   params->mtu);
}

static void ifcvf_init_irq_names(struct ifcvf_adapter *adapter)
{
	const char *bdf = pci_name(adapter->hw->pdev);
	u16 i;

	for (i = 0; i < adapter->nvqs; i++)
		snprintf(adapter->vqs[i].irq_name, IFCVF_IRQ_NAME_LEN,
			 "ifcvf[%s]-vq%u", bdf, i);
	snprintf(adapter->config_irq_name, IFCVF_IRQ_NAME_LEN,
		 "ifcvf[%s]-config", bdf);
	snprintf(adapter->data_irq_name, IFCVF_IRQ_NAME_LEN,
		 adapter->irq_mode == IFCVF_IRQ_SHARED ?
		 "ifcvf[%s]-vqs" : "ifcvf[%s]", bdf);
}

static enum ifcvf_irq_mode ifcvf_pick_irq_mode(int nvec, u16 nvqs)
{
	if (nvec > nvqs)
		return IFCVF_IRQ_FULL;
	if (nvec >= 2)
		return IFCVF_IRQ_SHARED;
	return IFCVF_IRQ_SINGLE;
}

static int ifcvf_init_adapter(struct ifcvf_adapter *adapter,
			      struct ifcvf_vf *vf,
			      const struct ifcvf_dev_params *params)
{
	u16 i;

	adapter->vf = vf;
	adapter->hw = &vf->hw;
	adapter->features = params->features;
	adapter->config_size = params->config_size;
	adapter->nvqs = vf->hw.nr_vqs;
	if (vf->hw.dev_type == VIRTIO_ID_NET)
		ifcvf_init_net(adapter, params);

	adapter->vqs = kcalloc(adapter->nvqs, sizeof(*adapter->vqs),
			       GFP_KERNEL);
	if (!adapter->vqs)
		return -ENOMEM;
	for (i = 0; i < adapter->nvqs; i++)
		spin_lock_init(&adapter->vqs[i].cb_lock);
	spin_lock_init(&adapter->config_cb_lock);
	adapter->irq_mode = ifcvf_pick_irq_mode(vf->nvec, adapter->nvqs);
	ifcvf_init_irq_names(adapter);

	ifcvf_vdpa_set_dma_dev(&adapter->vdpa, &vf->hw.pdev->dev);
	adapter->vdpa.mdev = &vf->mdev;
	return 0;
}

/**
 * ifcvf_vdpa_create - make and register the vDPA device of a VF
 * @vf: the PCI function, with no vDPA device yet
 * @name: the device name, checked by the caller
 * @params: the provisioned attributes, checked by the caller
 *
 * Return: the registered vDPA device or an ERR_PTR.
 */
struct vdpa_device *ifcvf_vdpa_create(struct ifcvf_vf *vf, const char *name,
				      const struct ifcvf_dev_params *params)
{
	struct ifcvf_adapter *adapter;
	int ret;

	/* suspend and resume only where queues can be stopped and read */
	adapter = ifcvf_vdpa_alloc_device(struct ifcvf_adapter, vdpa,
					  &vf->hw.pdev->dev,
					  vf->hw.lm ? &ifcvf_vdpa_lm_ops :
					  &ifcvf_vdpa_ops, name);
	if (IS_ERR(adapter))
		return ERR_CAST(adapter);
	/* from here on put_device() frees everything through ops->free */
	mutex_init(&adapter->lock);
	ret = ifcvf_init_adapter(adapter, vf, params);
	if (ret)
		goto err_put;
	ret = _vdpa_register_device(&adapter->vdpa, adapter->nvqs);
	if (ret)
		goto err_put;
	dev_info(ifcvf_dev(adapter), "vDPA device %s: %u vqs, %u MSI-X vectors\n",
		 dev_name(&adapter->vdpa.dev), adapter->nvqs,
		 ifcvf_nr_irqs(adapter));
	return &adapter->vdpa;

err_put:
	put_device(&adapter->vdpa.dev);
	return ERR_PTR(ret);
}

/**
 * ifcvf_vdpa_destroy - unregister a VF's vDPA device and quiesce the VF
 * @vdpa: what ifcvf_vdpa_create() returned
 */
void ifcvf_vdpa_destroy(struct vdpa_device *vdpa)
{
	/* hold the adapter past unregistering to quiesce the hardware */
	get_device(&vdpa->dev);
	_vdpa_unregister_device(vdpa);
	ifcvf_adapter_reset(vdpa_to_adapter(vdpa));
	put_device(&vdpa->dev);
}

/*
 * Brings a running device back after a function reset: its features and
 * status replayed, every vector routed again, each queue that ran
 * started where it stopped (a suspended device's at resume).
 */
static int ifcvf_restore(struct ifcvf_adapter *adapter)
{
	struct ifcvf_hw *hw = adapter->hw;
	u8 status = adapter->saved_status;
	int ret;

	ret = ifcvf_hw_reset(hw);
	if (ret)
		return ret;
	ifcvf_hw_set_driver_features(hw, adapter->saved_features);
	ifcvf_hw_set_status(hw, status & ~VIRTIO_CONFIG_S_DRIVER_OK);
	if (!(ifcvf_hw_get_status(hw) & VIRTIO_CONFIG_S_FEATURES_OK))
		return -EIO;
	ret = ifcvf_set_vectors(adapter);
	if (ret)
		return ret;
	ret = ifcvf_datapath_start(adapter);
	if (ret)
		return ret;
	ifcvf_hw_set_status(hw, status);
	return 0;
}

/**
 * ifcvf_vdpa_reset_prepare - the function is about to be reset under the device
 * @vdpa: the VF's vDPA device
 * @reachable: its registers still answer (an FLR, a non-fatal PCI error)
 *
 * A running device whose queues can be stopped and read (an LM region,
 * registers that answer) keeps where each one stopped, to start there
 * again in ifcvf_vdpa_reset_done(). The caller then takes the function
 * offline (ifcvf_hw_set_offline()) until the reset is done.
 */
void ifcvf_vdpa_reset_prepare(struct vdpa_device *vdpa, bool reachable)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct ifcvf_hw *hw = adapter->hw;
	u16 i;

	mutex_lock(&adapter->lock);
	adapter->saved_status = ifcvf_hw_get_status(hw);
	adapter->saved_features = ifcvf_hw_get_driver_features(hw);
	adapter->restorable = reachable && hw->lm && !hw->needs_reset &&
			      (adapter->saved_status & VIRTIO_CONFIG_S_DRIVER_OK);
	for (i = 0; i < adapter->nvqs && adapter->restorable; i++)
		if (adapter->vqs[i].hw_enabled && ifcvf_vq_stop(adapter, i))
			adapter->restorable = false;
	adapter->resetting = true;
	mutex_unlock(&adapter->lock);
}

/**
 * ifcvf_vdpa_reset_done - the function was reset under the device
 * @vdpa: the VF's vDPA device, after ifcvf_vdpa_reset_prepare()
 *
 * Called with the function back online. A device that was running runs
 * again where its queues stopped if ifcvf_vdpa_reset_prepare() could
 * keep that. Otherwise it is reset and reads NEEDS_RESET, which its vDPA
 * driver learns from a config interrupt, until the driver resets it.
 */
void ifcvf_vdpa_reset_done(struct vdpa_device *vdpa)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct ifcvf_hw *hw = adapter->hw;
	bool notify = false;

	mutex_lock(&adapter->lock);
	adapter->resetting = false;
	if (adapter->restorable && !ifcvf_restore(adapter)) {
		dev_info(ifcvf_dev(adapter),
			 "%s: running again after the function reset, each queue where it stopped\n",
			 dev_name(&vdpa->dev));
	} else {
		ifcvf_hw_reset_lost(hw, adapter->saved_status,
				    adapter->saved_features,
				    "the function was reset under it");
		notify = adapter->saved_status;
	}
	adapter->restorable = false;
	mutex_unlock(&adapter->lock);
	if (notify)
		ifcvf_notify_config(adapter);
}

/* vdpa_config_ops: queue indices as the vDPA driver numbers them */

/*
 * A ring smaller than the device takes is refused here, the first op
 * after set_vq_num that can fail: virtio_vdpa, which shrinks rings when
 * memory is short, then fails to set up the queue instead of starting
 * one that never runs.
 */
static int ifcvf_vdpa_set_vq_address(struct vdpa_device *vdpa, u16 idx,
				     u64 desc_area, u64 driver_area,
				     u64 device_area)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct ifcvf_vq *vq = &adapter->vqs[idx];

	if (vq->num && vq->num < ifcvf_vq_num_min(adapter)) {
		dev_err_ratelimited(ifcvf_dev(adapter),
				    "vq %u: size %u is below the device's minimum %u\n",
				    idx, vq->num, ifcvf_vq_num_min(adapter));
		return -EINVAL;
	}
	vq->desc = desc_area;
	vq->driver = driver_area;
	vq->device = device_area;
	return 0;
}

static void ifcvf_vdpa_set_vq_num(struct vdpa_device *vdpa, u16 idx, u32 num)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	u16 max = ifcvf_vq_max(adapter, idx);

	if (num > max)
		dev_warn_ratelimited(ifcvf_dev(adapter),
				     "vq %u: size %u exceeds the device maximum %u, the queue will not start\n",
				     idx, num, max);
	adapter->vqs[idx].num = num;
}

static void ifcvf_vdpa_kick_vq(struct vdpa_device *vdpa, u16 idx)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);

	atomic64_inc(&adapter->vqs[idx].kicks);
	ifcvf_hw_notify_vq(adapter->hw, ifcvf_hw_qid(adapter, idx));
}

static void ifcvf_vdpa_set_vq_cb(struct vdpa_device *vdpa, u16 idx,
				 struct vdpa_callback *cb)
{
	struct ifcvf_vq *vq = &vdpa_to_adapter(vdpa)->vqs[idx];

	ifcvf_set_cb(&vq->cb_lock, &vq->cb, cb);
}

/*
 * Stops a running queue and keeps where it stopped: the used index, so
 * that what the device fetched but never completed is fetched again
 * rather than lost (IFCVF finishes what it fetched before it reads
 * stopped, and then the two are the same).
 */
static int ifcvf_vq_stop(struct ifcvf_adapter *adapter, u16 idx)
{
	struct ifcvf_vq *vq = &adapter->vqs[idx];
	u16 qid = ifcvf_hw_qid(adapter, idx);
	struct ifcvf_hw_vq_state state;
	int ret;

	ret = ifcvf_hw_stop_vq(adapter->hw, qid);
	if (ret)
		return ret;
	ret = ifcvf_hw_get_vq_state(adapter->hw, qid, &state);
	if (ret)
		return ret;
	vq->last_avail = state.used;
	vq->hw_enabled = false;
	return 0;
}

/*
 * A queue is stopped (!ready) only on a function with an LM region,
 * which IFCVF needs stopped queues for; plain virtio-pci cannot stop one
 * queue short of a reset, so there !ready only updates the shadow.
 */
static void ifcvf_vdpa_set_vq_ready(struct vdpa_device *vdpa, u16 idx,
				    bool ready)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct ifcvf_vq *vq = &adapter->vqs[idx];

	mutex_lock(&adapter->lock);
	if (!ready && vq->hw_enabled && adapter->hw->lm &&
	    ifcvf_vq_stop(adapter, idx))
		goto unlock;
	vq->ready = ready;
	/* a suspended device starts nothing until resume */
	if (ready && !vq->hw_enabled && ifcvf_driver_ok(adapter) &&
	    !adapter->suspended && ifcvf_vq_start(adapter, idx))
		vq->ready = false;
unlock:
	mutex_unlock(&adapter->lock);
}

static bool ifcvf_vdpa_get_vq_ready(struct vdpa_device *vdpa, u16 idx)
{
	return vdpa_to_adapter(vdpa)->vqs[idx].ready;
}

/*
 * Without an LM region the device cannot be told where to start, so only
 * the state a freshly reset queue has anyway is accepted.
 */
static int ifcvf_vdpa_set_vq_state(struct vdpa_device *vdpa, u16 idx,
				   const struct vdpa_vq_state *state)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct ifcvf_vq *vq = &adapter->vqs[idx];
	int ret = 0;

	if (ifcvf_packed(adapter))
		return -EOPNOTSUPP;
	if (!adapter->hw->lm)
		return state->split.avail_index ? -EOPNOTSUPP : 0;
	mutex_lock(&adapter->lock);
	if (vq->hw_enabled) {
		ret = -EBUSY;
	} else {
		vq->last_avail = state->split.avail_index;
		vq->kept_avail = vq->last_avail;
		vq->kept_err = 0;
	}
	mutex_unlock(&adapter->lock);
	return ret;
}

/*
 * The state of a queue that still runs would be stale when read: it is
 * given only once the queue is stopped (set_vq_ready(false)), or before
 * it started. Until a queue is set up after a reset, its state is where
 * it stood when the device was reset (ifcvf_keep_vq_states()).
 */
static int ifcvf_vdpa_get_vq_state(struct vdpa_device *vdpa, u16 idx,
				   struct vdpa_vq_state *state)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct ifcvf_vq *vq = &adapter->vqs[idx];
	int ret = 0;

	if (ifcvf_packed(adapter) || !adapter->hw->lm)
		return -EOPNOTSUPP;
	mutex_lock(&adapter->lock);
	if (vq->hw_enabled)
		ret = -EBUSY;
	else if (vq->desc)
		state->split.avail_index = vq->last_avail;
	else if (vq->kept_err)
		ret = vq->kept_err;
	else
		state->split.avail_index = vq->kept_avail;
	mutex_unlock(&adapter->lock);
	return ret;
}

/*
 * Whether queue @idx may map to another hardware queue, under some
 * negotiation: the control queue after max_vqp pairs, when that is not
 * where the device has it (ifcvf_hw_qid()).
 */
static bool ifcvf_vq_renumbered(const struct ifcvf_adapter *adapter, u16 idx)
{
	return adapter->has_cvq && (adapter->features & IFCVF_NET_MQ_FEATURES) &&
	       idx == 2 * adapter->max_vqp &&
	       adapter->max_vqp != adapter->vf->net_max_vqp;
}

/*
 * vhost-vdpa maps the area into user space only if it is exactly one
 * page; {0, 0} makes it refuse the mmap and fall back to kick_vq. A queue
 * that is or may become a renumbered one is never mapped, whatever has
 * been negotiated so far: user space would write its own index, and a
 * page mapped before MQ is negotiated stays mapped after.
 */
static struct vdpa_notification_area
ifcvf_vdpa_get_vq_notification(struct vdpa_device *vdpa, u16 idx)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct vdpa_notification_area area = {};
	resource_size_t phys;

	if (!ifcvf_vq_renumbered(adapter, idx) &&
	    ifcvf_hw_get_vq_doorbell_page(adapter->hw, idx, &phys)) {
		area.addr = phys;
		area.size = PAGE_SIZE;
	}
	return area;
}

/*
 * Only while the vectors are requested and DRIVER_OK reads back set:
 * vhost-vdpa registers an irq bypass producer for what it gets right
 * after asking for DRIVER_OK, and unregisters it at reset only if
 * DRIVER_OK was set. After a DRIVER_OK that failed, a producer would stay
 * registered and later be zeroed or freed while on the bypass list.
 */
static int ifcvf_vdpa_get_vq_irq(struct vdpa_device *vdpa, u16 idx)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	int irq = -EINVAL;

	mutex_lock(&adapter->lock);
	if (adapter->irq_mode == IFCVF_IRQ_FULL && adapter->irqs_on &&
	    ifcvf_driver_ok(adapter))
		irq = pci_irq_vector(adapter->hw->pdev,
				     ifcvf_vq_vector(adapter, idx));
	mutex_unlock(&adapter->lock);
	return irq;
}

#ifdef IFCVF_HAVE_GET_VQ_SIZE
static u16 ifcvf_vdpa_get_vq_size(struct vdpa_device *vdpa, u16 idx)
{
	return ifcvf_vq_size(vdpa_to_adapter(vdpa), idx);
}
#endif

static u32 ifcvf_vdpa_get_vq_align(struct vdpa_device *vdpa)
{
	return PAGE_SIZE;
}

static u32 ifcvf_vdpa_get_vq_group(struct vdpa_device *vdpa, u16 idx)
{
	return 0;
}

static u64 ifcvf_vdpa_get_device_features(struct vdpa_device *vdpa)
{
	return vdpa_to_adapter(vdpa)->features;
}

static int ifcvf_vdpa_set_driver_features(struct vdpa_device *vdpa,
					  u64 features)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	u64 missing = IFCVF_MANDATORY_FEATURES & ~features;

	/* the vdpa core sets 0 for config reads before negotiation */
	if (features && missing) {
		dev_err_ratelimited(ifcvf_dev(adapter),
				    "driver features %#llx lack %s\n", features,
				    missing & BIT_ULL(VIRTIO_F_VERSION_1) ?
				    "VIRTIO_F_VERSION_1" :
				    "VIRTIO_F_ACCESS_PLATFORM");
		return -EINVAL;
	}
	/*
	 * Negotiation ends at FEATURES_OK, and at DRIVER_OK too should a
	 * driver skip FEATURES_OK: a running device may have laid out its
	 * queues by the features (QEMU's virtio-net adds and removes its
	 * multiqueue queues, then aborts stopping their notifiers).
	 */
	if (ifcvf_hw_get_status(adapter->hw) &
	    (VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK))
		return -EBUSY;
	/* bits that were never offered do not reach the device */
	ifcvf_hw_set_driver_features(adapter->hw, features & adapter->features);
	return 0;
}

static u64 ifcvf_vdpa_get_driver_features(struct vdpa_device *vdpa)
{
	return ifcvf_hw_get_driver_features(vdpa_to_adapter(vdpa)->hw);
}

static void ifcvf_vdpa_set_config_cb(struct vdpa_device *vdpa,
				     struct vdpa_callback *cb)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);

	ifcvf_set_cb(&adapter->config_cb_lock, &adapter->config_cb, cb);
}

#ifdef IFCVF_HAVE_GET_VQ_SIZE
static u16 ifcvf_vdpa_get_vq_num_max(struct vdpa_device *vdpa)
{
	return vdpa_to_adapter(vdpa)->hw->vq_num_max;
}
#else
/*
 * Without get_vq_size vDPA drivers size every queue by this, so it must
 * fit the smallest one (QEMU's control vq takes 64 entries, its data
 * queues 256): a queue larger than its maximum would not start.
 */
static u16 ifcvf_vdpa_get_vq_num_max(struct vdpa_device *vdpa)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	u16 i, num = U16_MAX;

	for (i = 0; i < adapter->nvqs; i++)
		num = min(num, ifcvf_vq_max(adapter, i));
	return num;
}
#endif

static u16 ifcvf_vdpa_get_vq_num_min(struct vdpa_device *vdpa)
{
	return ifcvf_vq_num_min(vdpa_to_adapter(vdpa));
}

static u32 ifcvf_vdpa_get_device_id(struct vdpa_device *vdpa)
{
	return vdpa_to_adapter(vdpa)->hw->dev_type;
}

static u32 ifcvf_vdpa_get_vendor_id(struct vdpa_device *vdpa)
{
	return vdpa_to_adapter(vdpa)->hw->pdev->subsystem_vendor;
}

/*
 * From DRIVER_OK on the device is asked: it may have raised NEEDS_RESET,
 * been reset by someone else or vanished (ifcvf_hw_read_status()).
 */
static u8 ifcvf_vdpa_get_status(struct vdpa_device *vdpa)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	u8 status;

	mutex_lock(&adapter->lock);
	status = ifcvf_hw_read_status(adapter->hw);
	mutex_unlock(&adapter->lock);
	return status;
}

/*
 * What can fail is done when FEATURES_OK is set, which every vDPA driver
 * reads back and gives up without: the interrupts are requested and
 * every vector is routed then (a device that refuses one makes the
 * features refused). A kernel virtio driver never reads the status back
 * after DRIVER_OK and would wait forever on queues that never started
 * (virtio_blk for its partition table, virtio_net for its control
 * queue): what still fails there (a ring size a vhost-vdpa user chose,
 * a device gone meanwhile) raises NEEDS_RESET with a config interrupt
 * and leaves DRIVER_OK unset.
 */
static void ifcvf_vdpa_set_status(struct vdpa_device *vdpa, u8 status)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct ifcvf_hw *hw = adapter->hw;
	bool notify = false;
	u8 new;

	if (!status) {
		dev_warn_ratelimited(ifcvf_dev(adapter),
				     "set_status(0) ignored: use reset\n");
		return;
	}
	mutex_lock(&adapter->lock);
	new = status & ~ifcvf_hw_get_status(hw);
	if (adapter->resetting) {
		/* the function is reset meanwhile: this is what it lost */
		adapter->restorable = false;
		ifcvf_hw_set_status(hw, status);
		adapter->saved_status = ifcvf_hw_get_status(hw);
		goto unlock;
	}
	if (new & VIRTIO_CONFIG_S_FEATURES_OK) {
		ifcvf_hw_set_status(hw, status & ~VIRTIO_CONFIG_S_DRIVER_OK);
		if (!(ifcvf_hw_get_status(hw) & VIRTIO_CONFIG_S_FEATURES_OK))
			goto unlock;
		if (ifcvf_irqs_start(adapter)) {
			ifcvf_hw_refuse_status(hw, VIRTIO_CONFIG_S_FEATURES_OK);
			goto unlock;
		}
	}
	if ((new & VIRTIO_CONFIG_S_DRIVER_OK) && ifcvf_datapath_start(adapter)) {
		ifcvf_hw_set_status(hw, status & ~VIRTIO_CONFIG_S_DRIVER_OK);
		ifcvf_hw_set_needs_reset(hw, "its datapath did not start");
		notify = true;
		goto unlock;
	}
	ifcvf_hw_set_status(hw, status);
unlock:
	mutex_unlock(&adapter->lock);
	if (notify)
		ifcvf_notify_config(adapter);
}

static int ifcvf_vdpa_reset(struct vdpa_device *vdpa)
{
	return ifcvf_adapter_reset(vdpa_to_adapter(vdpa));
}

static size_t ifcvf_vdpa_get_config_size(struct vdpa_device *vdpa)
{
	return vdpa_to_adapter(vdpa)->config_size;
}

/* Provisioned fields are answered without touching the device. */
static void ifcvf_vdpa_get_config(struct vdpa_device *vdpa,
				  unsigned int offset, void *buf,
				  unsigned int len)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);

	memset(buf, 0, len);
	if (offset >= adapter->config_size)
		return;
	len = min(len, adapter->config_size - offset);
	if (!ifcvf_cfg_overridden(adapter, offset, len))
		ifcvf_hw_read_cfg(adapter->hw, offset, buf, len);
	ifcvf_apply_overrides(adapter, offset, buf, len);
}

static void ifcvf_vdpa_set_config(struct vdpa_device *vdpa,
				  unsigned int offset, const void *buf,
				  unsigned int len)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);

	if (offset < adapter->config_size &&
	    len <= adapter->config_size - offset)
		ifcvf_hw_write_cfg(adapter->hw, offset, buf, len);
}

static u32 ifcvf_vdpa_get_generation(struct vdpa_device *vdpa)
{
	return ifcvf_hw_get_generation(vdpa_to_adapter(vdpa)->hw);
}

#ifdef IFCVF_HAVE_RESUME
/*
 * Stops every running queue and keeps where each stopped (the LM
 * region): the device then takes no buffer until resume. A queue that
 * does not stop within its bound fails the suspend; the queues stopped
 * until then stay stopped.
 */
static int ifcvf_vdpa_suspend(struct vdpa_device *vdpa)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	int ret = 0;
	u16 i;

	mutex_lock(&adapter->lock);
	adapter->suspended = true;
	for (i = 0; i < adapter->nvqs && !ret; i++)
		if (adapter->vqs[i].hw_enabled)
			ret = ifcvf_vq_stop(adapter, i);
	mutex_unlock(&adapter->lock);
	return ret;
}

/* Restarts every ready queue from where it stopped. */
static int ifcvf_vdpa_resume(struct vdpa_device *vdpa)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct ifcvf_vq *vq;
	int ret = 0;
	u16 i;

	mutex_lock(&adapter->lock);
	adapter->suspended = false;
	for (i = 0; i < adapter->nvqs && !ret; i++) {
		vq = &adapter->vqs[i];
		if (vq->ready && !vq->hw_enabled && ifcvf_driver_ok(adapter))
			ret = ifcvf_vq_start(adapter, i);
	}
	mutex_unlock(&adapter->lock);
	return ret;
}
#endif

static int ifcvf_put_vendor_stat(struct sk_buff *msg, const char *name,
				 u64 value)
{
	if (nla_put_string(msg, VDPA_ATTR_DEV_VENDOR_ATTR_NAME, name) ||
	    nla_put_u64_64bit(msg, VDPA_ATTR_DEV_VENDOR_ATTR_VALUE, value,
			      VDPA_ATTR_PAD))
		return -EMSGSIZE;
	return 0;
}

/*
 * Per queue, since the device's last reset: kick_vq calls (kicks through
 * a mapped doorbell page bypass the driver) and callbacks run for an
 * interrupt. Where the LM region has them, the device's own positions
 * in the ring: received_desc, the next avail index it will fetch, and
 * completed_desc, its used index (16 bits wide: descriptors modulo
 * 65536 since the ring started at 0).
 */
static int ifcvf_vdpa_get_vendor_vq_stats(struct vdpa_device *vdpa, u16 idx,
					  struct sk_buff *msg,
					  struct netlink_ext_ack *extack)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);
	struct ifcvf_hw_vq_state state;
	struct ifcvf_vq *vq;
	u64 callbacks;
	int ret;

	if (idx >= adapter->nvqs) {
		NL_SET_ERR_MSG_MOD(extack, "queue index beyond the device's queues");
		return -EINVAL;
	}
	vq = &adapter->vqs[idx];
	spin_lock_irq(&vq->cb_lock);
	callbacks = vq->callbacks;
	spin_unlock_irq(&vq->cb_lock);
	ret = ifcvf_put_vendor_stat(msg, "kicks", atomic64_read(&vq->kicks));
	if (!ret)
		ret = ifcvf_put_vendor_stat(msg, "callbacks", callbacks);
	if (ret || !adapter->hw->lm)
		return ret;

	mutex_lock(&adapter->lock);
	if (vq->hw_enabled) {
		ret = ifcvf_hw_get_vq_state(adapter->hw,
					    ifcvf_hw_qid(adapter, idx), &state);
	} else {
		state.avail = vq->last_avail;
		state.used = vq->last_avail;
	}
	mutex_unlock(&adapter->lock);
	if (ret)
		return ret;
	ret = ifcvf_put_vendor_stat(msg, "received_desc", state.avail);
	if (!ret && adapter->hw->lm_layout != IFCVF_HW_LM_FLAT)
		ret = ifcvf_put_vendor_stat(msg, "completed_desc", state.used);
	return ret;
}

/* Called on the last put_device(), possibly after the VF is gone. */
static void ifcvf_vdpa_free(struct vdpa_device *vdpa)
{
	struct ifcvf_adapter *adapter = vdpa_to_adapter(vdpa);

	kfree(adapter->vqs);
	mutex_destroy(&adapter->lock);
}

/* The ops every ifcvf device has; the LM table adds suspend and resume */
#ifdef IFCVF_HAVE_GET_VQ_SIZE
#define IFCVF_VDPA_GET_VQ_SIZE	.get_vq_size = ifcvf_vdpa_get_vq_size,
#else
#define IFCVF_VDPA_GET_VQ_SIZE
#endif

#define IFCVF_VDPA_COMMON_OPS \
	.set_vq_address		= ifcvf_vdpa_set_vq_address, \
	.set_vq_num		= ifcvf_vdpa_set_vq_num, \
	.kick_vq		= ifcvf_vdpa_kick_vq, \
	.set_vq_cb		= ifcvf_vdpa_set_vq_cb, \
	.set_vq_ready		= ifcvf_vdpa_set_vq_ready, \
	.get_vq_ready		= ifcvf_vdpa_get_vq_ready, \
	.set_vq_state		= ifcvf_vdpa_set_vq_state, \
	.get_vq_state		= ifcvf_vdpa_get_vq_state, \
	.get_vq_notification	= ifcvf_vdpa_get_vq_notification, \
	.get_vq_irq		= ifcvf_vdpa_get_vq_irq, \
	IFCVF_VDPA_GET_VQ_SIZE \
	.get_vq_align		= ifcvf_vdpa_get_vq_align, \
	.get_vq_group		= ifcvf_vdpa_get_vq_group, \
	.get_device_features	= ifcvf_vdpa_get_device_features, \
	.set_driver_features	= ifcvf_vdpa_set_driver_features, \
	.get_driver_features	= ifcvf_vdpa_get_driver_features, \
	.set_config_cb		= ifcvf_vdpa_set_config_cb, \
	.get_vq_num_max		= ifcvf_vdpa_get_vq_num_max, \
	.get_vq_num_min		= ifcvf_vdpa_get_vq_num_min, \
	.get_device_id		= ifcvf_vdpa_get_device_id, \
	.get_vendor_id		= ifcvf_vdpa_get_vendor_id, \
	.get_status		= ifcvf_vdpa_get_status, \
	.set_status		= ifcvf_vdpa_set_status, \
	.reset			= ifcvf_vdpa_reset, \
	.get_config_size	= ifcvf_vdpa_get_config_size, \
	.get_config		= ifcvf_vdpa_get_config, \
	.set_config		= ifcvf_vdpa_set_config, \
	.get_generation		= ifcvf_vdpa_get_generation, \
	.free			= ifcvf_vdpa_free, \
	.get_vendor_vq_stats	= ifcvf_vdpa_get_vendor_vq_stats,

static const struct vdpa_config_ops ifcvf_vdpa_ops = {
	IFCVF_VDPA_COMMON_OPS
};

/*
 * A kernel without resume gets neither: vhost_vdpa would offer a suspend
 * its users could not undo short of a reset.
 */
static const struct vdpa_config_ops ifcvf_vdpa_lm_ops = {
	IFCVF_VDPA_COMMON_OPS
#ifdef IFCVF_HAVE_RESUME
	.suspend		= ifcvf_vdpa_suspend,
	.resume			= ifcvf_vdpa_resume,
#endif
};
