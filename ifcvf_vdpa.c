// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF: the running vDPA device. Queue numbering, status and
 * datapath, device config, and the vdpa_config_ops. Its interrupts are
 * in ifcvf_irq.c, its creation, reset and way through a reset of the
 * function in ifcvf_adapter.c.
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
#include "ifcvf_vdpa_priv.h"

/*
 * The smallest ring IFCVF takes: the in-tree ifcvf's IFCVF_MIN_VQ_SIZE,
 * its get_vq_num_min since Linux 5.17.
 */
#define IFCVF_VQ_NUM_MIN	64

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
u16 ifcvf_hw_qid(const struct ifcvf_adapter *adapter, u16 idx)
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
int ifcvf_datapath_start(struct ifcvf_adapter *adapter)
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

void ifcvf_set_cb(spinlock_t *lock, struct vdpa_callback *dst,
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
int ifcvf_vq_stop(struct ifcvf_adapter *adapter, u16 idx)
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

const struct vdpa_config_ops ifcvf_vdpa_ops = {
	IFCVF_VDPA_COMMON_OPS
};

/*
 * A kernel without resume gets neither: vhost_vdpa would offer a suspend
 * its users could not undo short of a reset.
 */
const struct vdpa_config_ops ifcvf_vdpa_lm_ops = {
	IFCVF_VDPA_COMMON_OPS
#ifdef IFCVF_HAVE_RESUME
	.suspend		= ifcvf_vdpa_suspend,
	.resume			= ifcvf_vdpa_resume,
#endif
};
