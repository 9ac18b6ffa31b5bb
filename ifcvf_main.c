// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF (virtio-compatible VF) vDPA parent driver: the PCI driver,
 * one vDPA management device per VF, and provisioning: what `vdpa dev
 * add` may ask of a VF. The running vDPA device is in ifcvf_adapter.c,
 * ifcvf_vdpa.c and ifcvf_irq.c.
 */

#include <linux/module.h>
#include <linux/pci.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>
#include <uapi/linux/vdpa.h>
#include <uapi/linux/virtio_blk.h>

#include "ifcvf_compat.h"
#include "ifcvf_vdpa.h"

#define IFCVF_DEV_NET_TRANSITIONAL	0x1000
#define IFCVF_DEV_BLK_TRANSITIONAL	0x1001
#define IFCVF_DEV_NET			0x1041
#define IFCVF_DEV_BLK			0x1042
#define IFCVF_SUBSYS_N3000_NET		0x001a
#define IFCVF_SUBSYS_C5000X_NET		0x0001
#define IFCVF_SUBSYS_BLK		0x0002
#define IFCVF_SUBSYS_BLK_MODERN		0x0000

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
	{ VIRTIO_NET_F_HASH_REPORT, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
	{ VIRTIO_NET_F_NOTF_COAL, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
	{ VIRTIO_NET_F_VQ_NOTF_COAL, BIT_ULL(VIRTIO_NET_F_CTRL_VQ) },
	{ VIRTIO_NET_F_GUEST_USO4, BIT_ULL(VIRTIO_NET_F_GUEST_CSUM) },
	{ VIRTIO_NET_F_GUEST_USO6, BIT_ULL(VIRTIO_NET_F_GUEST_CSUM) },
	{ VIRTIO_NET_F_HOST_USO, BIT_ULL(VIRTIO_NET_F_CSUM) },
	{ VIRTIO_NET_F_RSC_EXT, BIT_ULL(VIRTIO_NET_F_HOST_TSO4) |
				BIT_ULL(VIRTIO_NET_F_HOST_TSO6) },
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

/*
 * The vdpa core gives dev_add no netlink extack in this kernel, so the
 * reasons for refusing end up in the kernel log.
 */
static int ifcvf_parse_config(struct ifcvf_vf *vf,
			      const struct vdpa_dev_set_config *config,
			      struct ifcvf_dev_params *params)
{
	int ret;

	ret = ifcvf_parse_features(vf, config, &params->features);
	if (ret)
		return ret;
	if (vf->hw.dev_type != VIRTIO_ID_NET) {
		params->config_size = min(vf->hw.dev_cfg_len,
					  ifcvf_blk_config_size(params->features));
		return 0;
	}
	params->config_size = min_t(u32, vf->hw.dev_cfg_len,
				    sizeof(struct virtio_net_config));
	ret = ifcvf_parse_mtu(vf, config, &params->mtu);
	if (ret)
		return ret;
	ret = ifcvf_parse_max_vqp(vf, config, &params->max_vqp);
	if (ret)
		return ret;
	/* a driver that cannot negotiate MQ or RSS uses one queue pair */
	if (!(params->features & IFCVF_NET_MQ_FEATURES))
		params->max_vqp = 1;
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
	struct ifcvf_dev_params params = {};
	struct vdpa_device *vdpa;
	int ret;

	if (!ifcvf_dev_name_ok(name)) {
		dev_err(dev, "vDPA device name must have 1 to %u characters, no '/', and not be '.' or '..'\n",
			NAME_MAX);
		return -EINVAL;
	}
	ret = ifcvf_parse_config(vf, config, &params);
	if (ret)
		return ret;

	mutex_lock(&vf->lock);
	if (!ifcvf_hw_present(&vf->hw)) {
		dev_err(dev, "not adding %s: the function does not answer (its registers read all ones)\n",
			name);
		ret = -ENODEV;
		goto unlock;
	}
	if (vf->vdpa) {
		dev_err(dev, "only one vDPA device per VF: %s exists already\n",
			dev_name(&vf->vdpa->dev));
		ret = -EEXIST;
		goto unlock;
	}
	vdpa = ifcvf_vdpa_create(vf, name, &params);
	if (IS_ERR(vdpa)) {
		ret = PTR_ERR(vdpa);
		goto unlock;
	}
	vf->vdpa = vdpa;
unlock:
	mutex_unlock(&vf->lock);
	return ret;
}

static void ifcvf_dev_del(struct vdpa_mgmt_dev *mdev, struct vdpa_device *vdpa)
{
	struct ifcvf_vf *vf = container_of(mdev, struct ifcvf_vf, mdev);

	ifcvf_vdpa_destroy(vdpa);
	mutex_lock(&vf->lock);
	vf->vdpa = NULL;
	mutex_unlock(&vf->lock);
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
		ifcvf_hw_read_cfg(hw, offsetof(struct virtio_net_config,
					       max_virtqueue_pairs),
				  &val, sizeof(val));
		vf->net_max_vqp = le16_to_cpu(val);
	}
	if (vf->features & BIT_ULL(VIRTIO_NET_F_MTU)) {
		ifcvf_hw_read_cfg(hw, offsetof(struct virtio_net_config, mtu),
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
		dev_err(&pdev->dev, "cannot enable MSI-X: %pe\n", ERR_PTR(nvec));
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

static int ifcvf_check_type(struct pci_dev *pdev)
{
	int type = ifcvf_hw_virtio_type(pdev);

	if (type < 0) {
		dev_err(&pdev->dev, "not a virtio PCI function\n");
		return type;
	}
	if (type != VIRTIO_ID_NET && type != VIRTIO_ID_BLOCK) {
		dev_err(&pdev->dev,
			"virtio device type %d not supported, only net and block\n",
			type);
		return -ENODEV;
	}
	return 0;
}

static int ifcvf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct ifcvf_vf *vf;
	int ret;

	ret = ifcvf_check_type(pdev);
	if (ret)
		return ret;
	vf = devm_kzalloc(dev, sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	mutex_init(&vf->lock);
	ret = pci_enable_device(pdev);
	if (ret) {
		dev_err(dev, "cannot enable PCI device: %pe\n", ERR_PTR(ret));
		return ret;
	}
	pci_set_master(pdev);
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret) {
		dev_err(dev, "no usable DMA configuration: %pe\n", ERR_PTR(ret));
		goto err_disable;
	}

	/* bound through driver_override, a function matches no IFCVF identity */
	ret = ifcvf_hw_init(&vf->hw, pdev, id->driver_data);
	if (ret)
		goto err_disable;
	ret = ifcvf_init_class(vf);
	if (ret)
		goto err_uninit_hw;
	ret = ifcvf_alloc_vectors(vf);
	if (ret)
		goto err_uninit_hw;

	ifcvf_init_mgmtdev(vf);
	pci_set_drvdata(pdev, vf);
	ret = vdpa_mgmtdev_register(&vf->mdev);
	if (ret) {
		dev_err(dev, "cannot register vDPA management device: %pe\n",
			ERR_PTR(ret));
		goto err_free_vectors;
	}
	return 0;

err_free_vectors:
	pci_free_irq_vectors(pdev);
err_uninit_hw:
	ifcvf_hw_uninit(&vf->hw);
err_disable:
	pci_clear_master(pdev);
	pci_disable_device(pdev);
	mutex_destroy(&vf->lock);
	return ret;
}

/*
 * The function is about to be reset under its driver: a running vDPA
 * device keeps what it can (ifcvf_vdpa_reset_prepare()), then the
 * registers are left alone until ifcvf_vf_reset_done().
 */
static void ifcvf_vf_reset_prepare(struct ifcvf_vf *vf, bool reachable)
{
	mutex_lock(&vf->lock);
	if (vf->vdpa)
		ifcvf_vdpa_reset_prepare(vf->vdpa, reachable);
	ifcvf_hw_set_offline(&vf->hw, true);
	mutex_unlock(&vf->lock);
}

/* The function was reset: back online, and its vDPA device with it. */
static void ifcvf_vf_reset_done(struct ifcvf_vf *vf)
{
	mutex_lock(&vf->lock);
	ifcvf_hw_set_offline(&vf->hw, false);
	if (vf->vdpa)
		ifcvf_vdpa_reset_done(vf->vdpa);
	else
		ifcvf_hw_reset(&vf->hw);
	mutex_unlock(&vf->lock);
}

/* An FLR through sysfs "reset", or by the VF's PF driver (pci_reset_function) */
static void ifcvf_reset_prepare(struct pci_dev *pdev)
{
	ifcvf_vf_reset_prepare(pci_get_drvdata(pdev), true);
}

static void ifcvf_reset_done(struct pci_dev *pdev)
{
	ifcvf_vf_reset_done(pci_get_drvdata(pdev));
}

/*
 * AER: the registers still answer after a non-fatal error (the PCI core
 * resets nothing then; ifcvf_vdpa_reset_done() resets the device), not
 * once the link is frozen (the core resets the link below the port).
 */
static pci_ers_result_t ifcvf_error_detected(struct pci_dev *pdev,
					     pci_channel_state_t state)
{
	struct ifcvf_vf *vf = pci_get_drvdata(pdev);

	dev_warn(&pdev->dev, "PCI error, channel %s: the function will be reset\n",
		 state == pci_channel_io_normal ? "normal" :
		 state == pci_channel_io_frozen ? "frozen" : "failed");
	ifcvf_vf_reset_prepare(vf, state == pci_channel_io_normal);
	if (state == pci_channel_io_perm_failure) {
		ifcvf_vf_reset_done(vf);
		return PCI_ERS_RESULT_DISCONNECT;
	}
	return PCI_ERS_RESULT_NEED_RESET;
}

static pci_ers_result_t ifcvf_slot_reset(struct pci_dev *pdev)
{
	struct ifcvf_vf *vf = pci_get_drvdata(pdev);
	bool present;

	pci_restore_state(pdev);
	pci_save_state(pdev);
	ifcvf_hw_set_offline(&vf->hw, false);
	present = ifcvf_hw_present(&vf->hw);
	ifcvf_hw_set_offline(&vf->hw, true);
	if (present)
		return PCI_ERS_RESULT_RECOVERED;
	dev_err(&pdev->dev, "the function does not answer after its reset\n");
	ifcvf_vf_reset_done(vf);
	return PCI_ERS_RESULT_DISCONNECT;
}

static void ifcvf_resume(struct pci_dev *pdev)
{
	ifcvf_vf_reset_done(pci_get_drvdata(pdev));
}

static const struct pci_error_handlers ifcvf_err_handler = {
	.error_detected = ifcvf_error_detected,
	.slot_reset = ifcvf_slot_reset,
	.resume = ifcvf_resume,
	.reset_prepare = ifcvf_reset_prepare,
	.reset_done = ifcvf_reset_done,
};

/*
 * Before a kexec (or a reboot the firmware does not reset devices for):
 * the device reset and its DMA stopped, whatever a vhost-vdpa user still
 * holds, so that nothing writes into memory the next kernel owns.
 */
static void ifcvf_shutdown(struct pci_dev *pdev)
{
	struct ifcvf_vf *vf = pci_get_drvdata(pdev);

	ifcvf_vf_reset_prepare(vf, false);
	ifcvf_hw_set_offline(&vf->hw, false);
	ifcvf_hw_reset(&vf->hw);
	ifcvf_hw_set_offline(&vf->hw, true);
	pci_clear_master(pdev);
}

static void ifcvf_remove(struct pci_dev *pdev)
{
	struct ifcvf_vf *vf = pci_get_drvdata(pdev);

	vdpa_mgmtdev_unregister(&vf->mdev);
	pci_free_irq_vectors(pdev);
	ifcvf_hw_uninit(&vf->hw);
	pci_clear_master(pdev);
	pci_disable_device(pdev);
	mutex_destroy(&vf->lock);
}

/*
 * The IFCVF identities, each with the layout of its LM region. DPDK's
 * ifc driver and the kernel's before 6.5 agree on the pair layout; the
 * kernel's since 6.5 uses the flat one. lm_layout overrides it per VF.
 */
#define IFCVF_ID(dev, subsys, layout) \
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_REDHAT_QUMRANET, dev, \
			 PCI_VENDOR_ID_INTEL, subsys), .driver_data = layout }

static const struct pci_device_id ifcvf_pci_ids[] = {
	IFCVF_ID(IFCVF_DEV_NET, IFCVF_SUBSYS_N3000_NET, IFCVF_HW_LM_PAIR),
	IFCVF_ID(IFCVF_DEV_NET_TRANSITIONAL, IFCVF_SUBSYS_C5000X_NET,
		 IFCVF_HW_LM_PAIR),
	IFCVF_ID(IFCVF_DEV_BLK_TRANSITIONAL, IFCVF_SUBSYS_BLK, IFCVF_HW_LM_PAIR),
	IFCVF_ID(IFCVF_DEV_BLK, IFCVF_SUBSYS_BLK, IFCVF_HW_LM_PAIR),
	IFCVF_ID(IFCVF_DEV_BLK, IFCVF_SUBSYS_BLK_MODERN, IFCVF_HW_LM_PAIR),
	{}
};
MODULE_DEVICE_TABLE(pci, ifcvf_pci_ids);

static ssize_t lm_layout_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct ifcvf_vf *vf = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", ifcvf_hw_lm_layout_name(vf->hw.lm_layout));
}

/*
 * Which layout a bitstream uses is not published: an operator who knows
 * better than the identity table sets it here, while the VF has no vDPA
 * device (Documentation/ifcvf.rst).
 */
static ssize_t lm_layout_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct ifcvf_vf *vf = dev_get_drvdata(dev);
	int layout, ret;

	layout = ifcvf_hw_lm_layout_parse(buf);
	if (layout < 0)
		return layout;
	mutex_lock(&vf->lock);
	if (vf->vdpa) {
		dev_err_ratelimited(dev, "lm_layout cannot change while %s exists\n",
				    dev_name(&vf->vdpa->dev));
		ret = -EBUSY;
	} else {
		ret = ifcvf_hw_set_lm_layout(&vf->hw, layout);
	}
	mutex_unlock(&vf->lock);
	return ret ?: count;
}
static DEVICE_ATTR_RW(lm_layout);

static struct attribute *ifcvf_attrs[] = {
	&dev_attr_lm_layout.attr,
	NULL
};
ATTRIBUTE_GROUPS(ifcvf);

static struct pci_driver ifcvf_pci_driver = {
	.name = "ifcvf",
	.id_table = ifcvf_pci_ids,
	.probe = ifcvf_probe,
	.remove = ifcvf_remove,
	.shutdown = ifcvf_shutdown,
	.err_handler = &ifcvf_err_handler,
	.dev_groups = ifcvf_groups,
};

module_pci_driver(ifcvf_pci_driver);

MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("Intel IFCVF virtio-compatible VF vDPA parent driver");
MODULE_VERSION("0.1");
