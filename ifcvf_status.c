// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel IFCVF: hardware layer, the device status. What the driver sets
 * and what a vDPA driver reads back, the bounded reset, and a function
 * that fails: one that is gone (reads all ones), that needs a reset,
 * whose reset does not complete (bus mastering off, then a function
 * level reset), or that someone else resets (offline).
 */

#include <linux/iopoll.h>
#include <linux/virtio_config.h>

#include "ifcvf_base_priv.h"

#define IFCVF_RESET_POLL_US	1000
#define IFCVF_RESET_TIMEOUT_MS	1000

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
void ifcvf_set_gone(struct ifcvf_hw *hw, bool gone)
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
bool ifcvf_confirm_gone(struct ifcvf_hw *hw)
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
