// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF: the running vDPA device's interrupts. Which MSI-X vector
 * serves what (one per queue plus config, all queues on one plus config,
 * or one for everything demultiplexed through the ISR), the handlers
 * that run the vDPA driver's callbacks, and requesting, routing and
 * freeing the vectors.
 */

#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/spinlock.h>

#include "ifcvf_vdpa_priv.h"

u16 ifcvf_vq_vector(const struct ifcvf_adapter *adapter, u16 idx)
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

unsigned int ifcvf_nr_irqs(const struct ifcvf_adapter *adapter)
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
void ifcvf_notify_config(struct ifcvf_adapter *adapter)
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

void ifcvf_free_irqs(struct ifcvf_adapter *adapter)
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
int ifcvf_set_vectors(struct ifcvf_adapter *adapter)
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
int ifcvf_irqs_start(struct ifcvf_adapter *adapter)
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

void ifcvf_init_irq_names(struct ifcvf_adapter *adapter)
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

enum ifcvf_irq_mode ifcvf_pick_irq_mode(int nvec, u16 nvqs)
{
	if (nvec > nvqs)
		return IFCVF_IRQ_FULL;
	if (nvec >= 2)
		return IFCVF_IRQ_SHARED;
	return IFCVF_IRQ_SINGLE;
}
