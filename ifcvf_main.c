// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF (virtio-compatible VF) vDPA parent driver: PCI driver,
 * vDPA management device, interrupts and the vdpa_config_ops.
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
 * Interrupts are requested at FEATURES_OK and freed at reset.
 */

#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vdpa.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>
#include <uapi/linux/vdpa.h>
#include <uapi/linux/virtio_blk.h>

#include "ifcvf_base.h"
#include "ifcvf_compat.h"

#define IFCVF_DEV_NET_TRANSITIONAL	0x1000
#define IFCVF_DEV_BLK_TRANSITIONAL	0x1001
#define IFCVF_DEV_NET			0x1041
#define IFCVF_DEV_BLK			0x1042
#define IFCVF_SUBSYS_N3000_NET		0x001a
#define IFCVF_SUBSYS_C5000X_NET		0x0001
#define IFCVF_SUBSYS_BLK		0x0002
#define IFCVF_SUBSYS_BLK_MODERN		0x0000

#define IFCVF_IRQ_NAME_LEN		32

#define IFCVF_MANDATORY_FEATURES (BIT_ULL(VIRTIO_F_VERSION_1) | \
				  BIT_ULL(VIRTIO_F_ACCESS_PLATFORM))

/*
 * Transport features this parent can serve. Left out: packed rings (the
 * LM region and set_vq_state only know split rings), notification data
 * and config data (kick_vq writes the plain queue index), ring reset,
 * SR-IOV and the admin vq (no ops to drive them).
 */
#define IFCVF_TRANSPORT_FEATURES (IFCVF_MANDATORY_FEATURES | \
				  BIT_ULL(VIRTIO_RING_F_INDIRECT_DESC) | \
				  BIT_ULL(VIRTIO_RING_F_EVENT_IDX) | \
				  BIT_ULL(VIRTIO_F_IN_ORDER) | \
				  BIT_ULL(VIRTIO_F_ORDER_PLATFORM))

/* Device-class feature bits: the device implements those itself. */
#define IFCVF_CLASS_FEATURES	(GENMASK_ULL(23, 0) | GENMASK_ULL(63, 50))

/*
 * Device statistics requests name queues by index, the control queue
 * included, which ifcvf_hw_qid() may renumber.
 */
#define IFCVF_NET_FEATURES	((IFCVF_TRANSPORT_FEATURES | IFCVF_CLASS_FEATURES) & \
				 ~BIT_ULL(VIRTIO_NET_F_DEVICE_STATS))
#define IFCVF_BLK_FEATURES	(IFCVF_TRANSPORT_FEATURES | IFCVF_CLASS_FEATURES)

/* Either one makes max_virtqueue_pairs valid and moves the control vq. */
#define IFCVF_NET_MQ_FEATURES	(BIT_ULL(VIRTIO_NET_F_MQ) | \
				 BIT_ULL(VIRTIO_NET_F_RSS))

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
	bool ready;
	bool hw_enabled;	/* queue_enable written since the last reset */
	char irq_name[IFCVF_IRQ_NAME_LEN];
};

/* A config field this parent answers itself (provisioned or cached). */
struct ifcvf_cfg_override {
	unsigned int offset;
	__le16 val;
};

struct ifcvf_vf;

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
	struct ifcvf_cfg_override cfg_override[2];
	unsigned int nr_cfg_override;
	char config_irq_name[IFCVF_IRQ_NAME_LEN];
	char data_irq_name[IFCVF_IRQ_NAME_LEN];
};

/* One per PCI function; owns the hardware and the MSI-X vectors. */
struct ifcvf_vf {
	struct ifcvf_hw hw;
	struct vdpa_mgmt_dev mdev;
	struct virtio_device_id id_table[2];
	struct ifcvf_adapter *adapter;	/* the VF's one vDPA device, or NULL */
	u64 features;			/* device features we can expose */
	u16 net_max_vqp;		/* 1 without VIRTIO_NET_F_MQ/RSS */
	u16 net_mtu;			/* 0 without VIRTIO_NET_F_MTU */
	int nvec;
};

struct ifcvf_dev_params {
	u64 features;
	u16 max_vqp;
	u16 mtu;
};

static const struct vdpa_config_ops ifcvf_vdpa_ops;

static struct ifcvf_adapter *vdpa_to_adapter(struct vdpa_device *vdpa)
{
	return container_of(vdpa, struct ifcvf_adapter, vdpa);
}

static struct device *ifcvf_dev(const struct ifcvf_adapter *a)
{
	return &a->hw->pdev->dev;
}

static bool ifcvf_driver_ok(const struct ifcvf_adapter *a)
{
	return ifcvf_get_status(a->hw) & VIRTIO_CONFIG_S_DRIVER_OK;
}

/*
 * With VIRTIO_NET_F_MQ (or RSS) negotiated the control vq follows the
 * last data queue pair, else it is queue 2.
 */
static u16 ifcvf_cvq_index(const struct ifcvf_adapter *a, u16 max_vqp)
{
	if (ifcvf_get_driver_features(a->hw) & IFCVF_NET_MQ_FEATURES)
		return 2 * max_vqp;
	return 2;
}

static bool ifcvf_is_cvq(const struct ifcvf_adapter *a, u16 idx)
{
	return a->has_cvq && idx == ifcvf_cvq_index(a, a->max_vqp);
}

/*
 * Hardware index of the driver's queue @idx: the driver looks for the
 * control vq after max_vqp pairs as provisioned, the device has it after
 * its own max_virtqueue_pairs. All other queues map 1:1.
 */
static u16 ifcvf_hw_qid(const struct ifcvf_adapter *a, u16 idx)
{
	if (ifcvf_is_cvq(a, idx))
		return ifcvf_cvq_index(a, a->vf->net_max_vqp);
	return idx;
}

/*
 * Queue sizes were read at probe with MQ accepted. Without MQ the control
 * vq moves to queue 2, so it must also fit what the control vq took then.
 */
static u16 ifcvf_vq_max(const struct ifcvf_adapter *a, u16 idx)
{
	const struct ifcvf_hw_vq *vqs = a->hw->vqs;
	u16 max = vqs[ifcvf_hw_qid(a, idx)].max_size;

	if (ifcvf_is_cvq(a, idx))
		max = min(max, vqs[2 * a->vf->net_max_vqp].max_size);
	return max;
}

static u16 ifcvf_vq_size(const struct ifcvf_adapter *a, u16 idx)
{
	u32 num = a->vqs[idx].num;
	u16 max = ifcvf_vq_max(a, idx);

	return num && num <= max ? num : max;
}

static u16 ifcvf_vq_vector(const struct ifcvf_adapter *a, u16 idx)
{
	return a->irq_mode == IFCVF_IRQ_FULL ? idx : 0;
}

static u16 ifcvf_config_vector(const struct ifcvf_adapter *a)
{
	switch (a->irq_mode) {
	case IFCVF_IRQ_FULL:
		return a->nvqs;
	case IFCVF_IRQ_SHARED:
		return 1;
	default:
		return 0;
	}
}

static unsigned int ifcvf_nr_irqs(const struct ifcvf_adapter *a)
{
	return a->irq_mode == IFCVF_IRQ_SINGLE ? 1 : ifcvf_config_vector(a) + 1;
}

static void ifcvf_call_vq(struct ifcvf_vq *vq)
{
	spin_lock(&vq->cb_lock);
	if (vq->cb.callback)
		vq->cb.callback(vq->cb.private);
	spin_unlock(&vq->cb_lock);
}

static void ifcvf_call_all_vqs(struct ifcvf_adapter *a)
{
	u16 i;

	for (i = 0; i < a->nvqs; i++)
		ifcvf_call_vq(&a->vqs[i]);
}

static void ifcvf_call_config(struct ifcvf_adapter *a)
{
	spin_lock(&a->config_cb_lock);
	if (a->config_cb.callback)
		a->config_cb.callback(a->config_cb.private);
	spin_unlock(&a->config_cb_lock);
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
	struct ifcvf_adapter *a = arg;
	u8 isr = ifcvf_read_isr(a->hw);

	if (isr & IFCVF_ISR_CONFIG)
		ifcvf_call_config(a);
	if ((isr & IFCVF_ISR_QUEUE) || !isr)
		ifcvf_call_all_vqs(a);
	return IRQ_HANDLED;
}

/* Handler, cookie and name for MSI-X vector @v in the adapter's mode. */
static irq_handler_t ifcvf_irq_slot(struct ifcvf_adapter *a, unsigned int v,
				    void **arg, const char **name)
{
	*arg = a;
	if (a->irq_mode == IFCVF_IRQ_SINGLE) {
		*name = a->data_irq_name;
		return ifcvf_single_irq;
	}
	if (v == ifcvf_config_vector(a)) {
		*name = a->config_irq_name;
		return ifcvf_config_irq;
	}
	if (a->irq_mode == IFCVF_IRQ_SHARED) {
		*name = a->data_irq_name;
		return ifcvf_vqs_irq;
	}
	*arg = &a->vqs[v];
	*name = a->vqs[v].irq_name;
	return ifcvf_vq_irq;
}

static void ifcvf_release_irqs(struct ifcvf_adapter *a, unsigned int count)
{
	const char *name;
	void *arg;

	while (count--) {
		ifcvf_irq_slot(a, count, &arg, &name);
		free_irq(pci_irq_vector(a->hw->pdev, count), arg);
	}
}

static int ifcvf_request_irqs(struct ifcvf_adapter *a)
{
	unsigned int v, count = ifcvf_nr_irqs(a);
	irq_handler_t handler;
	const char *name;
	void *arg;
	int ret;

	for (v = 0; v < count; v++) {
		handler = ifcvf_irq_slot(a, v, &arg, &name);
		ret = request_irq(pci_irq_vector(a->hw->pdev, v), handler, 0,
				  name, arg);
		if (ret) {
			dev_err(ifcvf_dev(a), "cannot request irq %s: %d\n",
				name, ret);
			ifcvf_release_irqs(a, v);
			return ret;
		}
	}
	a->irqs_on = true;
	return 0;
}

static void ifcvf_free_irqs(struct ifcvf_adapter *a)
{
	if (!a->irqs_on)
		return;
	ifcvf_release_irqs(a, ifcvf_nr_irqs(a));
	a->irqs_on = false;
}

static int ifcvf_start_queue(struct ifcvf_adapter *a, u16 idx)
{
	struct ifcvf_vq *vq = &a->vqs[idx];
	struct ifcvf_vq_setup setup = {
		.desc = vq->desc,
		.driver = vq->driver,
		.device = vq->device,
		.size = ifcvf_vq_size(a, idx),
		.vector = ifcvf_vq_vector(a, idx),
		.last_avail = vq->last_avail,
	};
	int ret;

	if (vq->num > setup.size) {
		dev_err_ratelimited(ifcvf_dev(a),
				    "vq %u: size %u exceeds the device maximum %u\n",
				    idx, vq->num, setup.size);
		return -EINVAL;
	}
	ret = ifcvf_start_vq(a->hw, ifcvf_hw_qid(a, idx), &setup);
	if (!ret)
		vq->hw_enabled = true;
	return ret;
}

static int ifcvf_start_datapath(struct ifcvf_adapter *a)
{
	int ret;
	u16 i;

	if (!a->irqs_on) {
		ret = ifcvf_request_irqs(a);
		if (ret)
			return ret;
	}
	ret = ifcvf_set_config_vector(a->hw, ifcvf_config_vector(a));
	for (i = 0; !ret && i < a->nvqs; i++)
		if (a->vqs[i].ready)
			ret = ifcvf_start_queue(a, i);
	if (ret)
		ifcvf_free_irqs(a);
	return ret;
}

/*
 * The interrupts are requested when FEATURES_OK is set: a failure there
 * leaves FEATURES_OK clear, which every vDPA driver reads back and gives
 * up on. At DRIVER_OK a failure only shows as FAILED, which no kernel
 * virtio driver reads back: virtio_blk would go on to read the partition
 * table from queues that never started, and wait for it forever.
 */
static void ifcvf_change_status(struct ifcvf_adapter *a, u8 status)
{
	u8 new;

	if (!status) {
		dev_warn_ratelimited(ifcvf_dev(a),
				     "set_status(0) ignored: use reset\n");
		return;
	}
	mutex_lock(&a->lock);
	new = status & ~ifcvf_get_status(a->hw);
	if ((new & VIRTIO_CONFIG_S_FEATURES_OK) && !a->irqs_on &&
	    ifcvf_request_irqs(a))
		status &= ~(VIRTIO_CONFIG_S_FEATURES_OK |
			    VIRTIO_CONFIG_S_DRIVER_OK);
	if ((status & VIRTIO_CONFIG_S_DRIVER_OK) && !ifcvf_driver_ok(a) &&
	    ifcvf_start_datapath(a))
		status = (status & ~VIRTIO_CONFIG_S_DRIVER_OK) |
			 VIRTIO_CONFIG_S_FAILED;
	ifcvf_set_status(a->hw, status);
	mutex_unlock(&a->lock);
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

static void ifcvf_clear_vqs(struct ifcvf_adapter *a)
{
	struct ifcvf_vq *vq;
	u16 i;

	for (i = 0; i < a->nvqs; i++) {
		vq = &a->vqs[i];
		ifcvf_set_cb(&vq->cb_lock, &vq->cb, NULL);
		vq->desc = 0;
		vq->driver = 0;
		vq->device = 0;
		vq->num = 0;
		vq->last_avail = 0;
		vq->ready = false;
		vq->hw_enabled = false;
	}
	ifcvf_set_cb(&a->config_cb_lock, &a->config_cb, NULL);
}

/* Reset the device first so it stops raising interrupts, then free them. */
static int ifcvf_stop(struct ifcvf_adapter *a)
{
	int ret;

	mutex_lock(&a->lock);
	ret = ifcvf_reset(a->hw);
	ifcvf_free_irqs(a);
	ifcvf_clear_vqs(a);
	mutex_unlock(&a->lock);
	return ret;
}

/* A queue cannot be disabled short of a reset: !ready only updates the shadow. */
static void ifcvf_set_ready(struct ifcvf_adapter *a, u16 idx, bool ready)
{
	struct ifcvf_vq *vq = &a->vqs[idx];

	mutex_lock(&a->lock);
	vq->ready = ready;
	if (ready && !vq->hw_enabled && ifcvf_driver_ok(a) &&
	    ifcvf_start_queue(a, idx))
		vq->ready = false;
	mutex_unlock(&a->lock);
}

static void ifcvf_set_num(struct ifcvf_adapter *a, u16 idx, u32 num)
{
	u16 max = ifcvf_vq_max(a, idx);

	if (num > max)
		dev_warn_ratelimited(ifcvf_dev(a),
				     "vq %u: size %u exceeds the device maximum %u, the queue will not start\n",
				     idx, num, max);
	a->vqs[idx].num = num;
}

static bool ifcvf_packed(const struct ifcvf_adapter *a)
{
	return ifcvf_get_driver_features(a->hw) & BIT_ULL(VIRTIO_F_RING_PACKED);
}

/*
 * Without an LM region the device cannot be told where to start, so only
 * the state a freshly reset queue has anyway is accepted.
 */
static int ifcvf_set_state(struct ifcvf_adapter *a, u16 idx,
			   const struct vdpa_vq_state *state)
{
	struct ifcvf_vq *vq = &a->vqs[idx];

	if (ifcvf_packed(a))
		return -EOPNOTSUPP;
	if (!a->hw->lm)
		return state->split.avail_index ? -EOPNOTSUPP : 0;
	if (vq->hw_enabled)
		return -EBUSY;
	vq->last_avail = state->split.avail_index;
	return 0;
}

static int ifcvf_get_state(struct ifcvf_adapter *a, u16 idx,
			   struct vdpa_vq_state *state)
{
	struct ifcvf_vq *vq = &a->vqs[idx];

	if (ifcvf_packed(a) || !a->hw->lm)
		return -EOPNOTSUPP;
	if (!vq->hw_enabled) {
		state->split.avail_index = vq->last_avail;
		return 0;
	}
	return ifcvf_get_vq_last_avail(a->hw, ifcvf_hw_qid(a, idx),
				       &state->split.avail_index);
}

/*
 * vhost-vdpa maps the area into user space only if it is exactly one
 * page; {0, 0} makes it refuse the mmap and fall back to kick_vq. A
 * renumbered queue is never mapped: user space would write its own index.
 */
static struct vdpa_notification_area
ifcvf_notification(const struct ifcvf_adapter *a, u16 idx)
{
	struct vdpa_notification_area area = {};
	u16 qid = ifcvf_hw_qid(a, idx);
	resource_size_t phys;

	if (qid == idx && ifcvf_get_vq_doorbell_page(a->hw, qid, &phys)) {
		area.addr = phys;
		area.size = PAGE_SIZE;
	}
	return area;
}

static int ifcvf_set_features(struct ifcvf_adapter *a, u64 features)
{
	u64 missing = IFCVF_MANDATORY_FEATURES & ~features;

	/* the vdpa core sets 0 for config reads before negotiation */
	if (features && missing) {
		dev_err_ratelimited(ifcvf_dev(a), "driver features %#llx lack %s\n",
				    features,
				    missing & BIT_ULL(VIRTIO_F_VERSION_1) ?
				    "VIRTIO_F_VERSION_1" : "VIRTIO_F_ACCESS_PLATFORM");
		return -EINVAL;
	}
	/*
	 * Negotiation ends at FEATURES_OK, and at DRIVER_OK too should a
	 * driver skip FEATURES_OK: a running device may have laid out its
	 * queues by the features (QEMU's virtio-net adds and removes its
	 * multiqueue queues, then aborts stopping their notifiers).
	 */
	if (ifcvf_get_status(a->hw) &
	    (VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK))
		return -EBUSY;
	/* bits that were never offered do not reach the device */
	ifcvf_set_driver_features(a->hw, features & a->features);
	return 0;
}

static const struct ifcvf_cfg_override *
ifcvf_find_override(const struct ifcvf_adapter *a, unsigned int offset,
		    unsigned int len)
{
	const struct ifcvf_cfg_override *o;
	unsigned int i;

	for (i = 0; i < a->nr_cfg_override; i++) {
		o = &a->cfg_override[i];
		if (offset >= o->offset &&
		    offset + len <= o->offset + sizeof(o->val))
			return o;
	}
	return NULL;
}

static void ifcvf_apply_overrides(const struct ifcvf_adapter *a,
				  unsigned int offset, u8 *buf,
				  unsigned int len)
{
	const struct ifcvf_cfg_override *o;
	unsigned int i, start, end;

	for (i = 0; i < a->nr_cfg_override; i++) {
		o = &a->cfg_override[i];
		start = max(offset, o->offset);
		end = min(offset + len, o->offset + (unsigned int)sizeof(o->val));
		if (start < end)
			memcpy(buf + start - offset,
			       (const u8 *)&o->val + start - o->offset,
			       end - start);
	}
}

/* Overridden fields are answered without touching the device. */
static void ifcvf_get_cfg(struct ifcvf_adapter *a, unsigned int offset,
			  void *buf, unsigned int len)
{
	memset(buf, 0, len);
	if (offset >= a->config_size)
		return;
	len = min(len, a->config_size - offset);
	if (!ifcvf_find_override(a, offset, len))
		ifcvf_read_dev_cfg(a->hw, offset, buf, len);
	ifcvf_apply_overrides(a, offset, buf, len);
}

static void ifcvf_set_cfg(struct ifcvf_adapter *a, unsigned int offset,
			  const void *buf, unsigned int len)
{
	if (offset < a->config_size && len <= a->config_size - offset)
		ifcvf_write_dev_cfg(a->hw, offset, buf, len);
}

/*
 * Net features a device may only offer together with (one of) others
 * (virtio 1.3, 5.1.3.1); virtio_net refuses a device that breaks this.
 */
static const struct ifcvf_feature_dep {
	unsigned int feature;
	u64 needs;		/* at least one of these */
} ifcvf_net_feature_deps[] = {
	{ VIRTIO_NET_F_GUEST_TSO4, BIT_ULL(VIRTIO_NET_F_GUEST_CSUM) },
	{ VIRTIO_NET_F_GUEST_TSO6, BIT_ULL(VIRTIO_NET_F_GUEST_CSUM) },
	{ VIRTIO_NET_F_GUEST_UFO, BIT_ULL(VIRTIO_NET_F_GUEST_CSUM) },
	{ VIRTIO_NET_F_GUEST_ECN, BIT_ULL(VIRTIO_NET_F_GUEST_TSO4) |
				  BIT_ULL(VIRTIO_NET_F_GUEST_TSO6) },
	{ VIRTIO_NET_F_HOST_TSO4, BIT_ULL(VIRTIO_NET_F_CSUM) },
	{ VIRTIO_NET_F_HOST_TSO6, BIT_ULL(VIRTIO_NET_F_CSUM) },
	{ VIRTIO_NET_F_HOST_UFO, BIT_ULL(VIRTIO_NET_F_CSUM) },
	{ VIRTIO_NET_F_HOST_ECN, BIT_ULL(VIRTIO_NET_F_HOST_TSO4) |
				 BIT_ULL(VIRTIO_NET_F_HOST_TSO6) },
	{ VIRTIO_NET_F_CTRL_RX, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
	{ VIRTIO_NET_F_CTRL_RX_EXTRA, BIT_ULL(VIRTIO_NET_F_CTRL_RX) },
	{ VIRTIO_NET_F_CTRL_VLAN, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
	{ VIRTIO_NET_F_GUEST_ANNOUNCE, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
	{ VIRTIO_NET_F_MQ, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
	{ VIRTIO_NET_F_CTRL_MAC_ADDR, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
	{ VIRTIO_NET_F_CTRL_GUEST_OFFLOADS, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
	{ VIRTIO_NET_F_RSS, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
};

static int ifcvf_check_net_feature_deps(struct device *dev, u64 f)
{
	const struct ifcvf_feature_dep *d;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ifcvf_net_feature_deps); i++) {
		d = &ifcvf_net_feature_deps[i];
		if ((f & BIT_ULL(d->feature)) && !(f & d->needs)) {
			dev_err(dev, "device_features %#llx: feature bit %u needs %#llx\n",
				f, d->feature, d->needs);
			return -EINVAL;
		}
	}
	return 0;
}

static int ifcvf_parse_features(struct ifcvf_vf *vf,
				const struct vdpa_dev_set_config *config,
				u64 *features)
{
	struct device *dev = &vf->hw.pdev->dev;
	u64 f = config->device_features;

	*features = vf->features;
	if (!(config->mask & BIT_ULL(VDPA_ATTR_DEV_FEATURES)))
		return 0;
	if (f & ~vf->features) {
		dev_err(dev, "device_features %#llx: %#llx not supported by this device\n",
			f, f & ~vf->features);
		return -EINVAL;
	}
	if ((f & IFCVF_MANDATORY_FEATURES) != IFCVF_MANDATORY_FEATURES) {
		dev_err(dev, "device_features %#llx: VIRTIO_F_VERSION_1 and VIRTIO_F_ACCESS_PLATFORM are required\n",
			f);
		return -EINVAL;
	}
	if (vf->hw.dev_type == VIRTIO_ID_NET &&
	    ifcvf_check_net_feature_deps(dev, f))
		return -EINVAL;
	*features = f;
	return 0;
}

static int ifcvf_parse_mtu(struct ifcvf_vf *vf,
			   const struct vdpa_dev_set_config *config, u16 *mtu)
{
	struct device *dev = &vf->hw.pdev->dev;
	u16 val = config->net.mtu;

	*mtu = vf->net_mtu;
	if (!(config->mask & BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MTU)))
		return 0;
	if (!(vf->features & BIT_ULL(VIRTIO_NET_F_MTU))) {
		dev_err(dev, "mtu cannot be set: the device does not offer VIRTIO_NET_F_MTU\n");
		return -EOPNOTSUPP;
	}
	if (val < ETH_MIN_MTU || val > vf->net_mtu) {
		dev_err(dev, "mtu %u out of range [%u, %u]\n",
			val, ETH_MIN_MTU, vf->net_mtu);
		return -EINVAL;
	}
	*mtu = val;
	return 0;
}

static int ifcvf_parse_max_vqp(struct ifcvf_vf *vf,
			       const struct vdpa_dev_set_config *config,
			       u16 *max_vqp)
{
	struct device *dev = &vf->hw.pdev->dev;
	u16 val = config->net.max_vq_pairs;

	*max_vqp = vf->net_max_vqp;
	if (!(config->mask & BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MAX_VQP)))
		return 0;
	if (!val || val > vf->net_max_vqp) {
		dev_err(dev, "max_vqp %u out of range [1, %u]\n",
			val, vf->net_max_vqp);
		return -EINVAL;
	}
	*max_vqp = val;
	return 0;
}

/*
 * The vdpa core gives dev_add no netlink extack in this kernel, so the
 * reasons for refusing end up in the kernel log.
 */
static int ifcvf_parse_config(struct ifcvf_vf *vf,
			      const struct vdpa_dev_set_config *config,
			      struct ifcvf_dev_params *p)
{
	int ret;

	ret = ifcvf_parse_features(vf, config, &p->features);
	if (ret || vf->hw.dev_type != VIRTIO_ID_NET)
		return ret;
	ret = ifcvf_parse_mtu(vf, config, &p->mtu);
	if (!ret)
		ret = ifcvf_parse_max_vqp(vf, config, &p->max_vqp);
	/* a driver that cannot negotiate MQ or RSS uses one queue pair */
	if (!(p->features & IFCVF_NET_MQ_FEATURES))
		p->max_vqp = 1;
	return ret;
}

static void ifcvf_add_override(struct ifcvf_adapter *a, unsigned int offset,
			       u16 val)
{
	struct ifcvf_cfg_override *o = &a->cfg_override[a->nr_cfg_override++];

	o->offset = offset;
	o->val = cpu_to_le16(val);
}

static void ifcvf_init_net(struct ifcvf_adapter *a,
			   const struct ifcvf_dev_params *p)
{
	a->max_vqp = p->max_vqp;
	a->has_cvq = p->features & BIT_ULL(VIRTIO_NET_F_CTRL_VQ);
	a->nvqs = 2 * p->max_vqp + a->has_cvq;
	a->config_size = min_t(u32, a->hw->dev_cfg_len,
			       sizeof(struct virtio_net_config));
	if (p->features & IFCVF_NET_MQ_FEATURES)
		ifcvf_add_override(a, offsetof(struct virtio_net_config,
					       max_virtqueue_pairs), p->max_vqp);
	if (p->features & BIT_ULL(VIRTIO_NET_F_MTU))
		ifcvf_add_override(a, offsetof(struct virtio_net_config, mtu),
				   p->mtu);
}

#define IFCVF_BLK_CFG_END(feature, field) \
	{ feature, offsetofend(struct virtio_blk_config, field) }

/* Where the last config field that exists only with a feature ends. */
static const struct ifcvf_blk_cfg_end {
	unsigned int feature;
	u32 end;
} ifcvf_blk_cfg_ends[] = {
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_SIZE_MAX, size_max),
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_SEG_MAX, seg_max),
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_GEOMETRY, geometry),
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_BLK_SIZE, blk_size),
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_TOPOLOGY, opt_io_size),
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_CONFIG_WCE, wce),
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_MQ, num_queues),
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_DISCARD, discard_sector_alignment),
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_WRITE_ZEROES, write_zeroes_may_unmap),
	IFCVF_BLK_CFG_END(VIRTIO_BLK_F_SECURE_ERASE,
			  secure_erase_sector_alignment),
	{ VIRTIO_BLK_F_ZONED, IFCVF_BLK_CFG_ZONED_END },
};

/*
 * The blk config space holds the capacity and the fields of the offered
 * features, and a device need not implement more: QEMU's reads as all
 * ones past it. Reporting only that much also keeps a read of the whole
 * space from using a register access wider than its last field (the
 * padding after write_zeroes_may_unmap or the zoned model is left out).
 */
static u32 ifcvf_blk_config_size(u64 features)
{
	u32 size = offsetofend(struct virtio_blk_config, capacity);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ifcvf_blk_cfg_ends); i++)
		if (features & BIT_ULL(ifcvf_blk_cfg_ends[i].feature))
			size = max(size, ifcvf_blk_cfg_ends[i].end);
	return size;
}

static void ifcvf_init_blk(struct ifcvf_adapter *a)
{
	a->nvqs = a->hw->nr_vqs;
	a->config_size = min(a->hw->dev_cfg_len,
			     ifcvf_blk_config_size(a->features));
}

static void ifcvf_init_irq_names(struct ifcvf_adapter *a)
{
	const char *bdf = pci_name(a->hw->pdev);
	u16 i;

	for (i = 0; i < a->nvqs; i++)
		snprintf(a->vqs[i].irq_name, IFCVF_IRQ_NAME_LEN,
			 "ifcvf[%s]-vq%u", bdf, i);
	snprintf(a->config_irq_name, IFCVF_IRQ_NAME_LEN, "ifcvf[%s]-config", bdf);
	snprintf(a->data_irq_name, IFCVF_IRQ_NAME_LEN,
		 a->irq_mode == IFCVF_IRQ_SHARED ? "ifcvf[%s]-vqs" : "ifcvf[%s]",
		 bdf);
}

static enum ifcvf_irq_mode ifcvf_pick_irq_mode(int nvec, u16 nvqs)
{
	if (nvec > nvqs)
		return IFCVF_IRQ_FULL;
	if (nvec >= 2)
		return IFCVF_IRQ_SHARED;
	return IFCVF_IRQ_SINGLE;
}

static int ifcvf_init_adapter(struct ifcvf_adapter *a, struct ifcvf_vf *vf,
			      const struct ifcvf_dev_params *p)
{
	u16 i;

	a->vf = vf;
	a->hw = &vf->hw;
	a->features = p->features;
	if (vf->hw.dev_type == VIRTIO_ID_NET)
		ifcvf_init_net(a, p);
	else
		ifcvf_init_blk(a);

	a->vqs = kcalloc(a->nvqs, sizeof(*a->vqs), GFP_KERNEL);
	if (!a->vqs)
		return -ENOMEM;
	for (i = 0; i < a->nvqs; i++)
		spin_lock_init(&a->vqs[i].cb_lock);
	spin_lock_init(&a->config_cb_lock);
	a->irq_mode = ifcvf_pick_irq_mode(vf->nvec, a->nvqs);
	ifcvf_init_irq_names(a);

	ifcvf_vdpa_set_dma_dev(&a->vdpa, &vf->hw.pdev->dev);
	a->vdpa.mdev = &vf->mdev;
	return 0;
}

/*
 * The vdpa core checks no device name, and the name becomes a sysfs
 * directory: an empty one makes kobject warn, a long one overflows the
 * uevent buffer, "." and ".." shadow the directory's own entries, and
 * kobject turns a '/' into '!', so the device would not have the name
 * asked for.
 */
static bool ifcvf_dev_name_ok(const char *name)
{
	size_t len = strnlen(name, NAME_MAX + 1);

	return len && len <= NAME_MAX && !strchr(name, '/') &&
	       strcmp(name, ".") && strcmp(name, "..");
}

static int ifcvf_dev_add(struct vdpa_mgmt_dev *mdev, const char *name,
			 const struct vdpa_dev_set_config *config)
{
	struct ifcvf_vf *vf = container_of(mdev, struct ifcvf_vf, mdev);
	struct device *dev = &vf->hw.pdev->dev;
	struct ifcvf_dev_params p = {};
	struct ifcvf_adapter *a;
	int ret;

	if (vf->adapter) {
		dev_err(dev, "only one vDPA device per VF: %s exists already\n",
			dev_name(&vf->adapter->vdpa.dev));
		return -EEXIST;
	}
	if (!ifcvf_dev_name_ok(name)) {
		dev_err(dev, "vDPA device name must have 1 to %u characters, no '/', and not be '.' or '..'\n",
			NAME_MAX);
		return -EINVAL;
	}
	ret = ifcvf_parse_config(vf, config, &p);
	if (ret)
		return ret;

	a = ifcvf_vdpa_alloc_device(struct ifcvf_adapter, vdpa, dev,
				    &ifcvf_vdpa_ops, name);
	if (IS_ERR(a))
		return PTR_ERR(a);
	/* from here on put_device() frees everything through ops->free */
	mutex_init(&a->lock);
	ret = ifcvf_init_adapter(a, vf, &p);
	if (!ret)
		ret = _vdpa_register_device(&a->vdpa, a->nvqs);
	if (ret) {
		put_device(&a->vdpa.dev);
		return ret;
	}
	vf->adapter = a;
	dev_info(dev, "vDPA device %s: %u vqs, %u MSI-X vectors\n",
		 dev_name(&a->vdpa.dev), a->nvqs, ifcvf_nr_irqs(a));
	return 0;
}

static void ifcvf_dev_del(struct vdpa_mgmt_dev *mdev, struct vdpa_device *vdpa)
{
	struct ifcvf_vf *vf = container_of(mdev, struct ifcvf_vf, mdev);
	struct ifcvf_adapter *a = vdpa_to_adapter(vdpa);

	/* hold the adapter past unregistering to quiesce the hardware */
	get_device(&vdpa->dev);
	_vdpa_unregister_device(vdpa);
	ifcvf_stop(a);
	vf->adapter = NULL;
	put_device(&vdpa->dev);
}

static const struct vdpa_mgmtdev_ops ifcvf_mgmt_ops = {
	.dev_add = ifcvf_dev_add,
	.dev_del = ifcvf_dev_del,
};

static int ifcvf_read_net_limits(struct ifcvf_vf *vf)
{
	struct ifcvf_hw *hw = &vf->hw;
	bool cvq = vf->features & BIT_ULL(VIRTIO_NET_F_CTRL_VQ);
	__le16 val;

	vf->net_max_vqp = 1;
	if (vf->features & IFCVF_NET_MQ_FEATURES) {
		ifcvf_read_dev_cfg(hw, offsetof(struct virtio_net_config,
						max_virtqueue_pairs),
				   &val, sizeof(val));
		vf->net_max_vqp = le16_to_cpu(val);
	}
	if (vf->features & BIT_ULL(VIRTIO_NET_F_MTU)) {
		ifcvf_read_dev_cfg(hw, offsetof(struct virtio_net_config, mtu),
				   &val, sizeof(val));
		vf->net_mtu = le16_to_cpu(val);
	}
	if (!vf->net_max_vqp || 2 * vf->net_max_vqp + cvq > hw->nr_vqs) {
		dev_err(&hw->pdev->dev,
			"max_virtqueue_pairs %u does not fit the device's %u virtqueues\n",
			vf->net_max_vqp, hw->nr_vqs);
		return -ENODEV;
	}
	return 0;
}

static int ifcvf_init_class(struct ifcvf_vf *vf)
{
	struct ifcvf_hw *hw = &vf->hw;

	if (hw->dev_type == VIRTIO_ID_BLOCK) {
		vf->features = hw->dev_features & IFCVF_BLK_FEATURES;
		return 0;
	}
	vf->features = hw->dev_features & IFCVF_NET_FEATURES;
	return ifcvf_read_net_limits(vf);
}

static int ifcvf_alloc_vectors(struct ifcvf_vf *vf)
{
	struct pci_dev *pdev = vf->hw.pdev;
	int nvec;

	nvec = pci_alloc_irq_vectors(pdev, 1, vf->hw.nr_vqs + 1, PCI_IRQ_MSIX);
	if (nvec < 0) {
		dev_err(&pdev->dev, "cannot enable MSI-X: %d\n", nvec);
		return nvec;
	}
	vf->nvec = nvec;
	return 0;
}

static void ifcvf_init_mgmtdev(struct ifcvf_vf *vf)
{
	struct vdpa_mgmt_dev *mdev = &vf->mdev;

	vf->id_table[0].device = vf->hw.dev_type;
	vf->id_table[0].vendor = VIRTIO_DEV_ANY_ID;
	mdev->device = &vf->hw.pdev->dev;
	mdev->ops = &ifcvf_mgmt_ops;
	mdev->id_table = vf->id_table;
	mdev->supported_features = vf->features;
	mdev->max_supported_vqs = vf->hw.nr_vqs;
	mdev->config_attr_mask = BIT_ULL(VDPA_ATTR_DEV_FEATURES);
	if (vf->hw.dev_type == VIRTIO_ID_NET)
		mdev->config_attr_mask |= BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MTU) |
					  BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MAX_VQP);
}

static int ifcvf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct ifcvf_vf *vf;
	int type, ret;

	type = ifcvf_pci_virtio_type(pdev);
	if (type < 0) {
		dev_err(dev, "not a virtio PCI function\n");
		return type;
	}
	if (type != VIRTIO_ID_NET && type != VIRTIO_ID_BLOCK) {
		dev_err(dev, "virtio device type %d not supported, only net and block\n",
			type);
		return -ENODEV;
	}

	vf = devm_kzalloc(dev, sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	ret = pci_enable_device(pdev);
	if (ret) {
		dev_err(dev, "cannot enable PCI device: %d\n", ret);
		return ret;
	}
	pci_set_master(pdev);
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret) {
		dev_err(dev, "no usable DMA configuration\n");
		goto err_disable;
	}

	ret = ifcvf_init_hw(&vf->hw, pdev);
	if (ret)
		goto err_disable;
	ret = ifcvf_init_class(vf);
	if (ret)
		goto err_hw;
	ret = ifcvf_alloc_vectors(vf);
	if (ret)
		goto err_hw;

	ifcvf_init_mgmtdev(vf);
	pci_set_drvdata(pdev, vf);
	ret = vdpa_mgmtdev_register(&vf->mdev);
	if (ret) {
		dev_err(dev, "cannot register vDPA management device: %d\n", ret);
		goto err_vectors;
	}
	return 0;

err_vectors:
	pci_free_irq_vectors(pdev);
err_hw:
	ifcvf_uninit_hw(&vf->hw);
err_disable:
	pci_clear_master(pdev);
	pci_disable_device(pdev);
	return ret;
}

static void ifcvf_remove(struct pci_dev *pdev)
{
	struct ifcvf_vf *vf = pci_get_drvdata(pdev);

	vdpa_mgmtdev_unregister(&vf->mdev);
	pci_free_irq_vectors(pdev);
	ifcvf_uninit_hw(&vf->hw);
	pci_clear_master(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id ifcvf_pci_ids[] = {
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_REDHAT_QUMRANET, IFCVF_DEV_NET,
			 PCI_VENDOR_ID_INTEL, IFCVF_SUBSYS_N3000_NET) },
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_REDHAT_QUMRANET, IFCVF_DEV_NET_TRANSITIONAL,
			 PCI_VENDOR_ID_INTEL, IFCVF_SUBSYS_C5000X_NET) },
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_REDHAT_QUMRANET, IFCVF_DEV_BLK_TRANSITIONAL,
			 PCI_VENDOR_ID_INTEL, IFCVF_SUBSYS_BLK) },
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_REDHAT_QUMRANET, IFCVF_DEV_BLK,
			 PCI_VENDOR_ID_INTEL, IFCVF_SUBSYS_BLK) },
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_REDHAT_QUMRANET, IFCVF_DEV_BLK,
			 PCI_VENDOR_ID_INTEL, IFCVF_SUBSYS_BLK_MODERN) },
	{}
};
MODULE_DEVICE_TABLE(pci, ifcvf_pci_ids);

static struct pci_driver ifcvf_pci_driver = {
	.name = "ifcvf",
	.id_table = ifcvf_pci_ids,
	.probe = ifcvf_probe,
	.remove = ifcvf_remove,
};

/* vdpa_config_ops: thin wrappers, queue indices as the vDPA driver sees them */

static int ifcvf_vdpa_set_vq_address(struct vdpa_device *vdpa, u16 idx,
				     u64 desc_area, u64 driver_area,
				     u64 device_area)
{
	struct ifcvf_vq *vq = &vdpa_to_adapter(vdpa)->vqs[idx];

	vq->desc = desc_area;
	vq->driver = driver_area;
	vq->device = device_area;
	return 0;
}

static void ifcvf_vdpa_set_vq_num(struct vdpa_device *vdpa, u16 idx, u32 num)
{
	ifcvf_set_num(vdpa_to_adapter(vdpa), idx, num);
}

static void ifcvf_vdpa_kick_vq(struct vdpa_device *vdpa, u16 idx)
{
	struct ifcvf_adapter *a = vdpa_to_adapter(vdpa);

	ifcvf_notify_vq(a->hw, ifcvf_hw_qid(a, idx));
}

static void ifcvf_vdpa_set_vq_cb(struct vdpa_device *vdpa, u16 idx,
				 struct vdpa_callback *cb)
{
	struct ifcvf_vq *vq = &vdpa_to_adapter(vdpa)->vqs[idx];

	ifcvf_set_cb(&vq->cb_lock, &vq->cb, cb);
}

static void ifcvf_vdpa_set_vq_ready(struct vdpa_device *vdpa, u16 idx,
				    bool ready)
{
	ifcvf_set_ready(vdpa_to_adapter(vdpa), idx, ready);
}

static bool ifcvf_vdpa_get_vq_ready(struct vdpa_device *vdpa, u16 idx)
{
	return vdpa_to_adapter(vdpa)->vqs[idx].ready;
}

static int ifcvf_vdpa_set_vq_state(struct vdpa_device *vdpa, u16 idx,
				   const struct vdpa_vq_state *state)
{
	return ifcvf_set_state(vdpa_to_adapter(vdpa), idx, state);
}

static int ifcvf_vdpa_get_vq_state(struct vdpa_device *vdpa, u16 idx,
				   struct vdpa_vq_state *state)
{
	return ifcvf_get_state(vdpa_to_adapter(vdpa), idx, state);
}

static struct vdpa_notification_area
ifcvf_vdpa_get_vq_notification(struct vdpa_device *vdpa, u16 idx)
{
	return ifcvf_notification(vdpa_to_adapter(vdpa), idx);
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
	struct ifcvf_adapter *a = vdpa_to_adapter(vdpa);
	int irq = -EINVAL;

	mutex_lock(&a->lock);
	if (a->irq_mode == IFCVF_IRQ_FULL && a->irqs_on && ifcvf_driver_ok(a))
		irq = pci_irq_vector(a->hw->pdev, ifcvf_vq_vector(a, idx));
	mutex_unlock(&a->lock);
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
	return ifcvf_set_features(vdpa_to_adapter(vdpa), features);
}

static u64 ifcvf_vdpa_get_driver_features(struct vdpa_device *vdpa)
{
	return ifcvf_get_driver_features(vdpa_to_adapter(vdpa)->hw);
}

static void ifcvf_vdpa_set_config_cb(struct vdpa_device *vdpa,
				     struct vdpa_callback *cb)
{
	struct ifcvf_adapter *a = vdpa_to_adapter(vdpa);

	ifcvf_set_cb(&a->config_cb_lock, &a->config_cb, cb);
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
	struct ifcvf_adapter *a = vdpa_to_adapter(vdpa);
	u16 i, num = U16_MAX;

	for (i = 0; i < a->nvqs; i++)
		num = min(num, ifcvf_vq_max(a, i));
	return num;
}
#endif

static u32 ifcvf_vdpa_get_device_id(struct vdpa_device *vdpa)
{
	return vdpa_to_adapter(vdpa)->hw->dev_type;
}

static u32 ifcvf_vdpa_get_vendor_id(struct vdpa_device *vdpa)
{
	return vdpa_to_adapter(vdpa)->hw->pdev->subsystem_vendor;
}

static u8 ifcvf_vdpa_get_status(struct vdpa_device *vdpa)
{
	return ifcvf_get_status(vdpa_to_adapter(vdpa)->hw);
}

static void ifcvf_vdpa_set_status(struct vdpa_device *vdpa, u8 status)
{
	ifcvf_change_status(vdpa_to_adapter(vdpa), status);
}

static int ifcvf_vdpa_reset(struct vdpa_device *vdpa)
{
	return ifcvf_stop(vdpa_to_adapter(vdpa));
}

static size_t ifcvf_vdpa_get_config_size(struct vdpa_device *vdpa)
{
	return vdpa_to_adapter(vdpa)->config_size;
}

static void ifcvf_vdpa_get_config(struct vdpa_device *vdpa,
				  unsigned int offset, void *buf,
				  unsigned int len)
{
	ifcvf_get_cfg(vdpa_to_adapter(vdpa), offset, buf, len);
}

static void ifcvf_vdpa_set_config(struct vdpa_device *vdpa,
				  unsigned int offset, const void *buf,
				  unsigned int len)
{
	ifcvf_set_cfg(vdpa_to_adapter(vdpa), offset, buf, len);
}

static u32 ifcvf_vdpa_get_generation(struct vdpa_device *vdpa)
{
	return ifcvf_get_generation(vdpa_to_adapter(vdpa)->hw);
}

/* Called on the last put_device(), possibly after the VF is gone. */
static void ifcvf_vdpa_free(struct vdpa_device *vdpa)
{
	struct ifcvf_adapter *a = vdpa_to_adapter(vdpa);

	kfree(a->vqs);
	mutex_destroy(&a->lock);
}

static const struct vdpa_config_ops ifcvf_vdpa_ops = {
	.set_vq_address		= ifcvf_vdpa_set_vq_address,
	.set_vq_num		= ifcvf_vdpa_set_vq_num,
	.kick_vq		= ifcvf_vdpa_kick_vq,
	.set_vq_cb		= ifcvf_vdpa_set_vq_cb,
	.set_vq_ready		= ifcvf_vdpa_set_vq_ready,
	.get_vq_ready		= ifcvf_vdpa_get_vq_ready,
	.set_vq_state		= ifcvf_vdpa_set_vq_state,
	.get_vq_state		= ifcvf_vdpa_get_vq_state,
	.get_vq_notification	= ifcvf_vdpa_get_vq_notification,
	.get_vq_irq		= ifcvf_vdpa_get_vq_irq,
#ifdef IFCVF_HAVE_GET_VQ_SIZE
	.get_vq_size		= ifcvf_vdpa_get_vq_size,
#endif
	.get_vq_align		= ifcvf_vdpa_get_vq_align,
	.get_vq_group		= ifcvf_vdpa_get_vq_group,
	.get_device_features	= ifcvf_vdpa_get_device_features,
	.set_driver_features	= ifcvf_vdpa_set_driver_features,
	.get_driver_features	= ifcvf_vdpa_get_driver_features,
	.set_config_cb		= ifcvf_vdpa_set_config_cb,
	.get_vq_num_max		= ifcvf_vdpa_get_vq_num_max,
	.get_device_id		= ifcvf_vdpa_get_device_id,
	.get_vendor_id		= ifcvf_vdpa_get_vendor_id,
	.get_status		= ifcvf_vdpa_get_status,
	.set_status		= ifcvf_vdpa_set_status,
	.reset			= ifcvf_vdpa_reset,
	.get_config_size	= ifcvf_vdpa_get_config_size,
	.get_config		= ifcvf_vdpa_get_config,
	.set_config		= ifcvf_vdpa_set_config,
	.get_generation		= ifcvf_vdpa_get_generation,
	.free			= ifcvf_vdpa_free,
};

static int __init ifcvf_init(void)
{
	int ret;

	ifcvf_debugfs_create_root();
	ret = pci_register_driver(&ifcvf_pci_driver);
	if (ret)
		ifcvf_debugfs_remove_root();
	return ret;
}
module_init(ifcvf_init);

static void __exit ifcvf_exit(void)
{
	pci_unregister_driver(&ifcvf_pci_driver);
	ifcvf_debugfs_remove_root();
}
module_exit(ifcvf_exit);

MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("Intel IFCVF virtio-compatible VF vDPA parent driver");
MODULE_VERSION("0.1");
