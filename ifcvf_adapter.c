// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF: the running vDPA device's life as the PCI function sees
 * it. Made and registered at `vdpa dev add` (ifcvf_vdpa_create()),
 * reset (by its vDPA driver, or when it goes), carried through a reset
 * of the function under it (FLR, AER: ifcvf_vdpa_reset_prepare() and
 * ifcvf_vdpa_reset_done()), unregistered at `vdpa dev del`.
 */

#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>

#include "ifcvf_compat.h"
#include "ifcvf_vdpa_priv.h"

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
int ifcvf_adapter_reset(struct ifcvf_adapter *adapter)
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
