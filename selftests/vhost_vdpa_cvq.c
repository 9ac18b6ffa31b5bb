// SPDX-License-Identifier: GPL-2.0
/*
 * The control virtqueue of a net vDPA device, driven from user space
 * through /dev/vhost-vdpa-N: it sits where the negotiated features put it
 * (after max_virtqueue_pairs pairs with VIRTIO_NET_F_MQ, else queue 2),
 * whatever queue the device behind it uses, and it answers commands.
 * Only the control queue is set up. Every wait is bounded: a command the
 * device never answers fails the test rather than hang it (virtio_net
 * would spin in the kernel).
 *
 * Environment:
 *   VHOST_DEV  /dev/vhost-vdpa-N of the net vDPA device (required)
 */
#include <endian.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <linux/virtio_net.h>

#include "vhost_vdpa_util.h"
/*
 * -Wextra meets the harness: its timeout handler leaves a parameter
 * unused, and its per-test wrappers keep "child" across setjmp(), which
 * -Wclobbered reports for some tests. Nothing here calls setjmp itself.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop
#pragma GCC diagnostic ignored "-Wclobbered"

#define CVQ_FEATURES	((1ULL << VIRTIO_NET_F_CTRL_VQ) | \
			 (1ULL << VIRTIO_NET_F_CTRL_MAC_ADDR) | \
			 (1ULL << VIRTIO_NET_F_MAC) | \
			 (1ULL << VIRTIO_NET_F_MQ))
#define CVQ_QSIZE	64	/* the smallest ring ifcvf takes (IFCVF_VQ_NUM_MIN) */
#define ACK_POISON	0xff

FIXTURE(cvq) {
	struct vdpa_dev dev;
	unsigned int idx;	/* the control queue's index */
	uint16_t pairs;		/* max_virtqueue_pairs, 1 without MQ */
	uint8_t mac[6];
};

FIXTURE_SETUP(cvq)
{
	ASSERT_EQ(0, vdpa_open(&self->dev, getenv("VHOST_DEV")))
		TH_LOG("%s", self->dev.err);
}

FIXTURE_TEARDOWN(cvq)
{
	EXPECT_EQ(0, vdpa_close(&self->dev)) TH_LOG("%s", self->dev.err);
}

/*
 * Negotiates the control queue (and MQ where offered), finds its index,
 * sets it up alone and brings the device to DRIVER_OK.
 */
static int cvq_up(FIXTURE_DATA(cvq) *self)
{
	struct vdpa_dev *d = &self->dev;
	__le16 pairs;

	d->mem_used = 0;
	if (vdpa_negotiate(d, CVQ_FEATURES))
		return -1;
	if (!vdpa_has(d, VIRTIO_NET_F_CTRL_VQ) ||
	    !vdpa_has(d, VIRTIO_NET_F_CTRL_MAC_ADDR))
		return vdpa_fail(d, 0, "features 0x%llx lack CTRL_VQ or CTRL_MAC_ADDR",
				 (unsigned long long)d->device_features);
	if (vdpa_get_config(d, offsetof(struct virtio_net_config, mac),
			    self->mac, sizeof(self->mac)))
		return -1;
	self->pairs = 1;
	if (vdpa_has(d, VIRTIO_NET_F_MQ)) {
		if (vdpa_get_config(d, offsetof(struct virtio_net_config,
						max_virtqueue_pairs),
				    &pairs, sizeof(pairs)))
			return -1;
		self->pairs = le16toh(pairs);
	}
	self->idx = vdpa_has(d, VIRTIO_NET_F_MQ) ? 2 * self->pairs : 2;
	ksft_print_msg("features 0x%llx, %u queue pairs, control queue %u of %u\n",
		       (unsigned long long)d->features, self->pairs, self->idx,
		       d->nvqs);
	if (self->idx + 1 != d->nvqs)
		return vdpa_fail(d, 0, "control queue %u is not the last of %u vqs",
				 self->idx, d->nvqs);
	if (self->idx >= VDPA_MAX_VQS)
		return vdpa_fail(d, 0, "control queue %u: this client has %u vq slots (provision fewer queue pairs)",
				 self->idx, VDPA_MAX_VQS);
	if (vdpa_map_mem(d))
		return -1;
	d->started = 1;
	if (vq_setup(d, self->idx, CVQ_QSIZE) || vq_enable(d, self->idx, 1))
		return -1;
	return vdpa_add_status(d, VIRTIO_CONFIG_S_DRIVER_OK);
}

/*
 * Sends one command (its class, command and data) and waits for the
 * device to use it; returns the ack byte, or -1 with the reason in
 * dev.err when there is none.
 */
static int cvq_command(FIXTURE_DATA(cvq) *self, uint8_t class, uint8_t cmd,
		       const void *data, uint32_t len)
{
	struct vdpa_dev *d = &self->dev;
	struct vdpa_vq *vq = &d->vq[self->idx];
	struct virtio_net_ctrl_hdr *hdr;
	struct vq_buf bufs[3];
	uint64_t hdr_iova = 0, data_iova = 0, ack_iova = 0, end;
	uint8_t *buf, *ack;
	uint32_t used_len;
	void *token = NULL;
	int got;

	hdr = vdpa_alloc(d, sizeof(*hdr), 64, &hdr_iova);
	buf = vdpa_alloc(d, len, 64, &data_iova);
	ack = vdpa_alloc(d, 1, 64, &ack_iova);
	if (!hdr || !buf || !ack)
		return -1;
	hdr->class = class;
	hdr->cmd = cmd;
	memcpy(buf, data, len);
	*ack = ACK_POISON;
	bufs[0] = (struct vq_buf){ hdr_iova, sizeof(*hdr), 0 };
	bufs[1] = (struct vq_buf){ data_iova, len, 0 };
	bufs[2] = (struct vq_buf){ ack_iova, 1, 1 };
	if (vq_add(vq, bufs, 3, hdr))
		return -1;
	vq_publish(vq);
	if (vq_kick(vq))
		return -1;
	end = vdpa_now_ms() + VDPA_WAIT_MS;
	while (!(got = vq_get_used(vq, &token, &used_len))) {
		if (vdpa_now_ms() >= end)
			return vdpa_fail(d, 0, "control queue %u: command %u.%u not used in %u ms",
					 self->idx, class, cmd, VDPA_WAIT_MS);
		vdpa_wait(d, -1, (int)(end - vdpa_now_ms()));
	}
	if (got < 0)
		return -1;
	if (token != hdr)
		return vdpa_fail(d, 0, "control queue %u: another buffer came back",
				 self->idx);
	return __atomic_load_n(ack, __ATOMIC_ACQUIRE);
}

/*
 * Setting the device's own MAC, and with MQ the number of queue pairs it
 * has, are answered VIRTIO_NET_OK on the control queue.
 */
TEST_F(cvq, commands_answered)
{
	uint16_t pairs;
	int ack;

	ASSERT_EQ(0, cvq_up(self)) TH_LOG("%s", self->dev.err);
	ack = cvq_command(self, VIRTIO_NET_CTRL_MAC,
			  VIRTIO_NET_CTRL_MAC_ADDR_SET, self->mac,
			  sizeof(self->mac));
	EXPECT_EQ(VIRTIO_NET_OK, ack) TH_LOG("MAC_ADDR_SET: %s",
					     ack < 0 ? self->dev.err : "refused");
	if (!vdpa_has(&self->dev, VIRTIO_NET_F_MQ))
		return;
	pairs = htole16(self->pairs);
	ack = cvq_command(self, VIRTIO_NET_CTRL_MQ,
			  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, &pairs,
			  sizeof(pairs));
	EXPECT_EQ(VIRTIO_NET_OK, ack) TH_LOG("MQ_VQ_PAIRS_SET %u: %s",
					     self->pairs,
					     ack < 0 ? self->dev.err : "refused");
}

TEST_HARNESS_MAIN
