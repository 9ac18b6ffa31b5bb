// SPDX-License-Identifier: GPL-2.0
/*
 * What a vhost-vdpa user sees when the function under its net device
 * fails, the failure made by the shell command FAULT_ON (a device-side
 * fault of the IFCVF model, an FLR, an AER error) at the point the mode
 * says, and undone by FAULT_OFF where the mode recovers. Frames cross
 * with the peer NIC before and after (vnet_util.c checks each byte).
 *
 * Modes:
 *   reset-hang   a reset the device never completes fails with
 *                ETIMEDOUT, bus mastering is off by then (BDF), the rings
 *                are given back (the IOTLB entry removed) while the peer
 *                keeps sending (the device must not reach them: any DMA
 *                would be an IOMMU fault), the next bring-up sees
 *                NEEDS_RESET, and once the device completes resets
 *                again the function is back in service
 *   needs-reset  the device loses its state: a config interrupt comes,
 *                the status reads DRIVER_OK with NEEDS_RESET, and a
 *                reset and a new bring-up make frames cross again
 *   gone         the function reads all ones: the status reads DRIVER_OK
 *                with NEEDS_RESET (not a bare FAILED), a reset returns at
 *                once, and once it answers again a reset completes
 *   refused      the device refuses an MSI-X vector: FEATURES_OK is not
 *                accepted, at once, and no DRIVER_OK is waited for;
 *                once it takes vectors again a bring-up works
 *   restored     the function is reset and comes back by itself: no
 *                config interrupt needed, no NEEDS_RESET, and frames
 *                cross both ways on the same rings, no new bring-up
 *   small-ring   (no fault) a ring below the device's minimum is
 *                refused when its address is set; one of the minimum
 *                is taken
 *   cvq-doorbell (no fault) with max_vqp below the device's pairs, the
 *                doorbell of the queue that becomes the control queue
 *                once MQ is negotiated is mapped before that; a control
 *                command kicked through it must still be answered
 *   config OFF LEN  (no fault) prints LEN bytes of the config space at
 *                OFF as "config: xx xx ..."
 *
 * Environment: VHOST_DEV (/dev/vhost-vdpa-N), PEER_IFNAME and PEER_NETNS
 * (the peer netdev), FAULT_ON and FAULT_OFF (shell commands), BDF (the
 * PCI function, for reset-hang), MIN_QSIZE (small-ring).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vnet_util.h"
#include "kselftest.h"

#define FRAMES		16		/* each way, per crossing */
#define RESET_MAX_MS	5000		/* a reset that gives up */
#define GONE_RESET_MS	500		/* a reset of a function that is gone */
#define NOTIFY_MS	10000		/* for a config interrupt */
#define CVQ_SIZE	64		/* QEMU's control queue takes 64 */

static struct vdpa_dev dev;
static struct vnet net;
static uint32_t seq;

static void fail_with(const char *test)
{
	ksft_print_msg("%s\n", dev.err);
	ksft_test_result_fail("%s\n", test);
}

/* Runs the shell command in environment variable NAME, if set. */
static int run_env(const char *name)
{
	const char *cmd = getenv(name);
	int ret;

	if (!cmd || !*cmd)
		return 0;
	fflush(stdout);
	ret = system(cmd);
	if (ret)
		return vdpa_fail(&dev, 0, "%s (%s) exited with %d", name, cmd,
				 ret);
	return 0;
}

/* Each of FRAMES frames from FIRST on was seen once */
static int seen_once(const uint8_t *seen, uint32_t first)
{
	uint32_t i;

	for (i = first; i < first + FRAMES; i++)
		if (seen[i] != 1)
			return 0;
	return 1;
}

/*
 * FRAMES frames each way between the device and the peer, each seen
 * once and intact (frames the network held from before may come too)
 */
static int frames_cross(void)
{
	struct vnet *n = &net;
	unsigned int ring = n->ring_ok + FRAMES, peer = n->peer_ok + FRAMES;
	unsigned int tx = n->tx_done + FRAMES;
	uint32_t first = seq;

	seq += FRAMES;
	if (vnet_rx_fill(n) || vnet_tx_send(n, first, FRAMES) ||
	    vnet_peer_send(n, first, FRAMES))
		return -1;
	if (vnet_pump(n, ring, peer, tx, VDPA_WAIT_MS))
		return -1;
	vnet_settle(n);
	if (n->bad)
		return vdpa_fail(&dev, 0, "%u frames arrived corrupted", n->bad);
	if (!seen_once(n->seen_ring, first) || !seen_once(n->seen_peer, first))
		return vdpa_fail(&dev, 0, "frames %u..%u did not each arrive once both ways",
				 first, first + FRAMES - 1);
	return 0;
}

static int up_and_cross(void)
{
	return vnet_up(&net) || frames_cross() ? -1 : 0;
}

static int get_status(uint8_t *status)
{
	return vdpa_get_status(&dev, status);
}

/* VHOST_VDPA_SET_STATUS 0, timed; 0 or the errno */
static int timed_reset(uint64_t *ms)
{
	uint8_t zero = 0;
	uint64_t t0 = vdpa_now_ms();
	int ret = 0;

	if (ioctl(dev.fd, VHOST_VDPA_SET_STATUS, &zero))
		ret = errno;
	*ms = vdpa_now_ms() - t0;
	return ret;
}

/* A reset that must work, then the same bring-up again with frames */
static int recover(void)
{
	if (vdpa_stop(&dev))
		return -1;
	return up_and_cross();
}

static int config_eventfd(void)
{
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	if (fd < 0)
		return vdpa_fail(&dev, errno, "eventfd");
	if (VDPA_IOCTL(&dev, VHOST_VDPA_SET_CONFIG_CALL, &fd)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int wait_fd(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

/* PCI_COMMAND bit 2 of the function BDF */
static int bus_master(const char *bdf)
{
	char path[128];
	uint8_t cmd = 0;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config",
		 bdf ? bdf : "");
	fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, &cmd, 1, 4) != 1)
		cmd = 0xff;
	if (fd >= 0)
		close(fd);
	return cmd == 0xff ? -1 : !!(cmd & 4);
}

static void mode_reset_hang(void)
{
	uint8_t status = 0xff, started = 0;
	uint64_t ms;
	int err;

	ksft_set_plan(6);
	if (up_and_cross() || run_env("FAULT_ON")) {
		fail_with("frames cross, then the device's resets hang");
		ksft_exit_fail();
	}
	ksft_test_result_pass("frames cross, then the device's resets hang\n");

	err = timed_reset(&ms);
	ksft_test_result(err == ETIMEDOUT && ms < RESET_MAX_MS &&
			 !get_status(&status) && status == 0,
			 "a reset that never completes fails with ETIMEDOUT in %llu ms (errno %d), status 0x%02x after\n",
			 (unsigned long long)ms, err, status);
	ksft_test_result(bus_master(getenv("BDF")) == 0,
			 "bus mastering of %s is off before the rings are given back\n",
			 getenv("BDF"));

	/* the rings go back while the peer keeps sending to the device */
	vdpa_unmap_mem(&dev);
	vnet_peer_send(&net, seq, FRAMES);
	/* (the network may hold them for the next bring-up) */
	seq += FRAMES;
	usleep(500 * 1000);
	if (!vdpa_set_status(&dev, VIRTIO_CONFIG_S_ACKNOWLEDGE))
		get_status(&started);
	ksft_test_result(started == (VIRTIO_CONFIG_S_ACKNOWLEDGE |
				     VIRTIO_CONFIG_S_NEEDS_RESET),
			 "a driver starting over on it reads NEEDS_RESET (status 0x%02x)\n",
			 started);

	if (run_env("FAULT_OFF") || vdpa_stop(&dev)) {
		fail_with("once the device resets again, a reset completes");
		ksft_exit_fail();
	}
	ksft_test_result_pass("once the device resets again, a reset completes\n");
	if (up_and_cross())
		fail_with("frames cross again after a new bring-up");
	else
		ksft_test_result_pass("frames cross again after a new bring-up\n");
}

static void mode_needs_reset(void)
{
	uint8_t status = 0;
	int cfd;

	ksft_set_plan(4);
	/* after the bring-up's reset, which forgets the config callback */
	if (up_and_cross() || (cfd = config_eventfd()) < 0) {
		fail_with("frames cross before the fault");
		ksft_exit_fail();
	}
	ksft_test_result_pass("frames cross before the fault\n");
	if (run_env("FAULT_ON")) {
		fail_with("a config interrupt comes");
		ksft_exit_fail();
	}
	ksft_test_result(wait_fd(cfd, NOTIFY_MS), "a config interrupt comes\n");
	ksft_test_result(!get_status(&status) &&
			 status == (VDPA_STATUS_RUNNING |
				    VIRTIO_CONFIG_S_NEEDS_RESET),
			 "the status reads DRIVER_OK with NEEDS_RESET: 0x%02x\n",
			 status);
	if (run_env("FAULT_OFF") || recover())
		fail_with("a reset and a new bring-up make frames cross again");
	else
		ksft_test_result_pass("a reset and a new bring-up make frames cross again\n");
	close(cfd);
}

static void mode_gone(void)
{
	uint8_t status = 0;
	uint64_t ms;
	int err;

	ksft_set_plan(4);
	if (up_and_cross() || run_env("FAULT_ON")) {
		fail_with("frames cross, then the function is gone");
		ksft_exit_fail();
	}
	ksft_test_result_pass("frames cross, then the function is gone\n");
	ksft_test_result(!get_status(&status) &&
			 status == (VDPA_STATUS_RUNNING |
				    VIRTIO_CONFIG_S_NEEDS_RESET),
			 "the status reads DRIVER_OK with NEEDS_RESET, not a bare FAILED: 0x%02x\n",
			 status);
	err = timed_reset(&ms);
	ksft_test_result(ms < GONE_RESET_MS,
			 "a reset of the gone function returns at once: %llu ms (errno %d)\n",
			 (unsigned long long)ms, err);
	if (run_env("FAULT_OFF") || recover())
		fail_with("once it answers again, a reset completes and frames cross");
	else
		ksft_test_result_pass("once it answers again, a reset completes and frames cross\n");
}

static void mode_refused(void)
{
	uint8_t status = 0xff;
	uint64_t t0;
	int ret;

	ksft_set_plan(2);
	if (run_env("FAULT_ON")) {
		fail_with("with a vector refused, FEATURES_OK is refused at once");
		ksft_exit_fail();
	}
	t0 = vdpa_now_ms();
	ret = vnet_up(&net);
	get_status(&status);
	ksft_print_msg("bring-up: %s\n", ret ? dev.err : "started");
	ksft_test_result(ret && !(status & VIRTIO_CONFIG_S_FEATURES_OK) &&
			 !(status & VIRTIO_CONFIG_S_DRIVER_OK) &&
			 vdpa_now_ms() - t0 < RESET_MAX_MS,
			 "with a vector refused, FEATURES_OK is refused at once: status 0x%02x\n",
			 status);
	if (run_env("FAULT_OFF") || recover())
		fail_with("once vectors are taken again, a bring-up works and frames cross");
	else
		ksft_test_result_pass("once vectors are taken again, a bring-up works and frames cross\n");
}

static void mode_restored(void)
{
	uint8_t status = 0;
	int cfd;

	ksft_set_plan(3);
	if (up_and_cross() || (cfd = config_eventfd()) < 0 ||
	    run_env("FAULT_ON")) {
		fail_with("frames cross, then the function is reset");
		ksft_exit_fail();
	}
	ksft_test_result_pass("frames cross, then the function is reset\n");
	ksft_test_result(!get_status(&status) && status == VDPA_STATUS_RUNNING &&
			 !wait_fd(cfd, 0),
			 "it runs on: status 0x%02x, no config interrupt\n",
			 status);
	if (frames_cross()) {
		fail_with("frames cross both ways on the same rings, no new bring-up");
	} else {
		vnet_report(&net, "after the reset");
		ksft_test_result_pass("frames cross both ways on the same rings, no new bring-up\n");
	}
	close(cfd);
}

static void mode_small_ring(void)
{
	const char *min_env = getenv("MIN_QSIZE");
	unsigned int min = min_env ? atoi(min_env) : 0;
	struct vhost_vring_state num = { .index = 0 };
	struct vhost_vring_addr addr = { .index = 0 };
	uint64_t iova;
	int ret;

	ksft_set_plan(2);
	if (min < 2 || vdpa_negotiate(&dev, VNET_FEATURES) || vdpa_map_mem(&dev)) {
		ksft_print_msg("MIN_QSIZE %u; %s\n", min, dev.err);
		ksft_exit_fail_msg("no bring-up to set rings in\n");
	}
	/* rings of the minimum size fit where the smaller ones go */
	vdpa_alloc(&dev, 16 * min, 4096, &iova);
	addr.desc_user_addr = iova;
	vdpa_alloc(&dev, 6 + 2 * min, 4096, &iova);
	addr.avail_user_addr = iova;
	vdpa_alloc(&dev, 6 + 8 * min, 4096, &iova);
	addr.used_user_addr = iova;

	num.num = min / 2;
	errno = 0;
	ret = ioctl(dev.fd, VHOST_SET_VRING_NUM, &num) ||
	      ioctl(dev.fd, VHOST_SET_VRING_ADDR, &addr);
	ksft_test_result(ret && errno == EINVAL,
			 "a %u-entry ring, below the minimum, is refused with EINVAL (errno %d)\n",
			 num.num, ret ? errno : 0);
	num.num = min;
	ret = ioctl(dev.fd, VHOST_SET_VRING_NUM, &num) ||
	      ioctl(dev.fd, VHOST_SET_VRING_ADDR, &addr);
	ksft_test_result(!ret, "a %u-entry ring is taken (errno %d)\n", min,
			 ret ? errno : 0);
}

/* A VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET of one pair on control queue CVQ */
static int cvq_command(unsigned int cvq, uint8_t *ack)
{
	struct vdpa_vq *vq = &dev.vq[cvq];
	uint8_t *buf;
	uint64_t iova, t0;
	struct vq_buf b[2];
	void *token;
	uint32_t len;

	buf = vdpa_alloc(&dev, 64, 64, &iova);
	if (!buf)
		return -1;
	buf[0] = VIRTIO_NET_CTRL_MQ;
	buf[1] = VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET;
	buf[2] = 1;		/* le16 pairs */
	buf[3] = 0;
	buf[4] = 0xff;		/* the ack, until the device writes it */
	b[0] = (struct vq_buf){ iova, 4, 0 };
	b[1] = (struct vq_buf){ iova + 4, 1, 1 };
	if (vq_add(vq, b, 2, buf))
		return -1;
	vq_publish(vq);
	if (vq_kick(vq))
		return -1;
	for (t0 = vdpa_now_ms(); vdpa_now_ms() - t0 < VDPA_WAIT_MS;) {
		if (vq_get_used(vq, &token, &len) == 1) {
			*ack = buf[4];
			return 0;
		}
		usleep(1000);
	}
	return vdpa_fail(&dev, ETIMEDOUT,
			 "no answer on control queue %u (used index %u)", cvq,
			 vq_used_idx(vq));
}

static void mode_cvq_doorbell(void)
{
	uint64_t want = (1ULL << VIRTIO_NET_F_CTRL_VQ) | (1ULL << VIRTIO_NET_F_MQ);
	unsigned int cvq = dev.nvqs - 1;
	uint8_t ack = 0xff;
	int mapped;

	ksft_set_plan(2);
	/* before any feature: the queue is a data queue yet */
	mapped = !vq_map_doorbell(&dev, cvq);
	ksft_print_msg("vq %u's doorbell page %s before negotiation\n", cvq,
		       mapped ? "mapped" : "refused");
	if (vdpa_negotiate(&dev, want) || vdpa_map_mem(&dev) ||
	    (dev.features & want) != want) {
		ksft_print_msg("%s\n", dev.err);
		ksft_exit_fail_msg("no bring-up with CTRL_VQ and MQ\n");
	}
	dev.started = 1;
	/* vq_setup forgets the mapping: put it back as it stays mapped */
	{
		volatile uint16_t *db = dev.vq[cvq].doorbell;

		if (vq_setup(&dev, cvq, CVQ_SIZE) || vq_enable(&dev, cvq, 1) ||
		    vdpa_add_status(&dev, VIRTIO_CONFIG_S_DRIVER_OK)) {
			ksft_print_msg("%s\n", dev.err);
			ksft_exit_fail_msg("the control queue did not start\n");
		}
		dev.vq[cvq].doorbell = db;
	}
	ksft_test_result_pass("vq %u starts as the control queue (doorbell %s)\n",
			      cvq, mapped ? "mapped" : "not mapped");
	if (cvq_command(cvq, &ack))
		fail_with("a control command kicked through it is answered");
	else
		ksft_test_result(ack == VIRTIO_NET_OK,
				 "a control command kicked through it is answered: ack %u\n",
				 ack);
}

static void mode_config(unsigned int off, unsigned int len)
{
	uint8_t buf[256];
	unsigned int i;

	ksft_set_plan(1);
	if (len > sizeof(buf) || vdpa_get_config(&dev, off, buf, len)) {
		fail_with("the config space reads");
		return;
	}
	printf("config:");
	for (i = 0; i < len; i++)
		printf(" %02x", buf[i]);
	printf("\n");
	ksft_test_result_pass("%u bytes of the config space read at %u\n", len,
			      off);
}

int main(int argc, char **argv)
{
	const char *peer_if = getenv("PEER_IFNAME");
	const char *mode = argc > 1 ? argv[1] : "";

	ksft_print_header();
	vnet_init(&net, &dev);
	if (vdpa_open(&dev, getenv("VHOST_DEV")))
		ksft_exit_fail_msg("%s\n", dev.err);
	if (peer_if && *peer_if &&
	    vnet_peer_open(&net, getenv("PEER_NETNS"), peer_if))
		ksft_exit_fail_msg("no peer NIC: %s\n", dev.err);

	if (!strcmp(mode, "reset-hang"))
		mode_reset_hang();
	else if (!strcmp(mode, "needs-reset"))
		mode_needs_reset();
	else if (!strcmp(mode, "gone"))
		mode_gone();
	else if (!strcmp(mode, "refused"))
		mode_refused();
	else if (!strcmp(mode, "restored"))
		mode_restored();
	else if (!strcmp(mode, "small-ring"))
		mode_small_ring();
	else if (!strcmp(mode, "cvq-doorbell"))
		mode_cvq_doorbell();
	else if (!strcmp(mode, "config") && argc == 4)
		mode_config(atoi(argv[2]), atoi(argv[3]));
	else
		ksft_exit_fail_msg("usage: %s reset-hang|needs-reset|gone|refused|restored|small-ring|cvq-doorbell|config OFF LEN\n",
				   argv[0]);

	vdpa_close(&dev);
	vnet_peer_close(&net);
	ksft_finished();
}
