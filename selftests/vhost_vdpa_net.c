// SPDX-License-Identifier: GPL-2.0
/*
 * A net vDPA device through /dev/vhost-vdpa-N, driven by the minimal
 * userspace virtio-net driver of vnet_util.c (see vnet_util.h for its
 * queues and the frames it checks byte for byte): the device facts,
 * feature negotiation, DRIVER_OK, the MAC in the config space, frames
 * to and from a peer NIC (or looped back by vdpa_sim_net), both rings
 * wrapping around, kicks through the doorbell page and a reset between
 * two bring-ups.
 *
 * Environment:
 *   VHOST_DEV    /dev/vhost-vdpa-N of the net vDPA device (required)
 *   NET_MAC      the MAC "vdpa dev config show" reports for it
 *   PEER_IFNAME  the peer netdev (optional), PEER_NETNS its namespace
 *   NET_PAGE_PER_VQ  1: the function has a doorbell page per queue
 */
#include <endian.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnet_util.h"
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

FIXTURE(vnet) {
	struct vdpa_dev dev;
	struct vnet net;
	uint16_t link_status;
};

static const char *mac_str(const uint8_t *m, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x",
		m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

FIXTURE_SETUP(vnet)
{
	const char *peer_if = getenv("PEER_IFNAME");

	vnet_init(&self->net, &self->dev);
	ASSERT_EQ(0, vdpa_open(&self->dev, getenv("VHOST_DEV")))
		TH_LOG("%s", self->dev.err);
	if (peer_if && *peer_if) {
		ASSERT_EQ(0, vnet_peer_open(&self->net, getenv("PEER_NETNS"),
					    peer_if))
			TH_LOG("%s", self->dev.err);
	}
}

FIXTURE_TEARDOWN(vnet)
{
	EXPECT_EQ(0, vdpa_close(&self->dev)) TH_LOG("%s", self->dev.err);
	vnet_peer_close(&self->net);
}

/* The char device is a net device with two data queues at least. */
TEST_F(vnet, device_id)
{
	struct vdpa_dev *d = &self->dev;

	ksft_print_msg("%s: device id %u, %u vqs, queue size max %u, config %u bytes, features 0x%llx, backend 0x%llx (using 0x%llx), IOVA [0x%llx, 0x%llx]\n",
		       d->path, d->device_id, d->nvqs, d->vq_num_max,
		       d->config_size, (unsigned long long)d->device_features,
		       (unsigned long long)d->backend_offered,
		       (unsigned long long)d->backend_features,
		       (unsigned long long)d->range.first,
		       (unsigned long long)d->range.last);
	EXPECT_EQ((uint32_t)VIRTIO_ID_NET, d->device_id);
	EXPECT_LE(2U, d->nvqs);
	EXPECT_LE(2, d->vq_num_max);
	EXPECT_LE(offsetof(struct virtio_net_config, status) + 2, d->config_size);
}

/* VERSION_1 and ACCESS_PLATFORM are offered, FEATURES_OK sticks. */
TEST_F(vnet, features_ok)
{
	struct vdpa_dev *d = &self->dev;
	uint8_t status;

	EXPECT_TRUE(!!(d->device_features & (1ULL << VIRTIO_F_VERSION_1)));
	EXPECT_TRUE(!!(d->device_features & (1ULL << VIRTIO_F_ACCESS_PLATFORM)));
	ASSERT_EQ(0, vdpa_negotiate(d, VNET_FEATURES)) TH_LOG("%s", d->err);
	ASSERT_EQ(0, vdpa_get_status(d, &status)) TH_LOG("%s", d->err);
	EXPECT_EQ(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
		  VIRTIO_CONFIG_S_FEATURES_OK, status);
	ksft_print_msg("negotiated 0x%llx of 0x%llx\n",
		       (unsigned long long)d->features,
		       (unsigned long long)d->device_features);
}

/* The whole bring-up reaches DRIVER_OK, and the status reads back so. */
TEST_F(vnet, driver_ok)
{
	struct vdpa_dev *d = &self->dev;
	uint8_t status;

	ASSERT_EQ(0, vnet_up(&self->net)) TH_LOG("%s", d->err);
	ASSERT_EQ(0, vdpa_get_status(d, &status)) TH_LOG("%s", d->err);
	EXPECT_EQ(VDPA_STATUS_RUNNING, status);
	ksft_print_msg("status 0x%02x, queue sizes rx %u tx %u\n", status,
		       d->vq[VNET_RXQ].num, d->vq[VNET_TXQ].num);
}

/* The config space has the MAC the management device reports. */
TEST_F(vnet, config_mac)
{
	struct vdpa_dev *d = &self->dev;
	const char *want = getenv("NET_MAC");
	uint8_t mac[ETH_ALEN], wmac[ETH_ALEN];
	char a[18], b[18];

	ASSERT_NE(NULL, want) TH_LOG("NET_MAC is not set");
	ASSERT_EQ(ETH_ALEN, sscanf(want, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx",
				   &wmac[0], &wmac[1], &wmac[2], &wmac[3],
				   &wmac[4], &wmac[5]))
		TH_LOG("NET_MAC '%s' is not a MAC address", want);
	ASSERT_EQ(0, vdpa_negotiate(d, VNET_FEATURES)) TH_LOG("%s", d->err);
	ASSERT_TRUE(vdpa_has(d, VIRTIO_NET_F_MAC))
		TH_LOG("VIRTIO_NET_F_MAC not offered");
	ASSERT_EQ(0, vdpa_get_config(d, offsetof(struct virtio_net_config, mac),
				     mac, ETH_ALEN)) TH_LOG("%s", d->err);
	EXPECT_EQ(0, memcmp(mac, wmac, ETH_ALEN))
		TH_LOG("config space mac %s, the mgmtdev reports %s",
		       mac_str(mac, a), mac_str(wmac, b));
	ksft_print_msg("config space mac %s\n", mac_str(mac, a));
	if (vdpa_has(d, VIRTIO_NET_F_STATUS)) {
		ASSERT_EQ(0, vdpa_get_config(d, offsetof(struct virtio_net_config, status),
					     &self->link_status,
					     sizeof(self->link_status)))
			TH_LOG("%s", d->err);
		EXPECT_TRUE(!!(le16toh(self->link_status) & VIRTIO_NET_S_LINK_UP))
			TH_LOG("config status 0x%x: link down",
			       le16toh(self->link_status));
	}
}

/*
 * Frames sent on the transmit queue are all completed and arrive intact:
 * on our own receive ring (vdpa_sim_net loop-back) or at the peer NIC.
 */
TEST_F(vnet, tx_frames)
{
	struct vnet *n = &self->net;
	int peer = vnet_has_peer(n);
	unsigned int count;

	ASSERT_EQ(0, vnet_up(n)) TH_LOG("%s", self->dev.err);
	count = vnet_burst(n);
	EXPECT_EQ(0, vnet_exchange(n, 0, count)) TH_LOG("%s", self->dev.err);
	vnet_report(n, peer ? "tx to the peer" : "tx loop-back");
	EXPECT_EQ(count, n->tx_done);
	EXPECT_EQ(count, peer ? n->peer_ok : n->ring_ok);
	EXPECT_EQ(0U, n->bad);
	EXPECT_LT(0UL, self->dev.vq[VNET_TXQ].calls)
		TH_LOG("no call on the tx queue");
	if (!peer) {
		EXPECT_LT(0UL, self->dev.vq[VNET_RXQ].calls)
			TH_LOG("no call on the rx queue");
	}
}

/* Frames the peer NIC sends to our MAC arrive intact on our ring. */
TEST_F(vnet, rx_frames)
{
	struct vnet *n = &self->net;
	unsigned int count;

	if (!vnet_has_peer(n))
		SKIP(return, "no peer NIC (NET_MGMT_PEER empty): vdpa_sim_net receives only its own frames, see tx_frames");
	ASSERT_EQ(0, vnet_up(n)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vnet_rx_fill(n)) TH_LOG("%s", self->dev.err);
	count = vnet_burst(n);
	ASSERT_EQ(0, vnet_peer_send(n, 0, count)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(0, vnet_pump(n, count, 0, 0, VDPA_WAIT_MS))
		TH_LOG("%s", self->dev.err);
	vnet_settle(n);
	vnet_report(n, "rx from the peer");
	EXPECT_EQ(count, n->ring_ok);
	EXPECT_EQ(0U, n->bad);
	EXPECT_LT(0UL, self->dev.vq[VNET_RXQ].calls)
		TH_LOG("no call on the rx queue");
}

/*
 * Sends TOTAL frames in bursts of COUNT and waits for each burst before
 * the next, receive buffers given back as they are used.
 */
static int net_wrap(struct vnet *n, unsigned int total, unsigned int count)
{
	int peer = vnet_has_peer(n);
	unsigned int sent;

	n->refill = 1;
	if (vnet_rx_fill(n))
		return -1;
	for (sent = 0; sent < total; sent += count) {
		if (vnet_tx_send(n, sent, count))
			return -1;
		if (vnet_pump(n, peer ? 0 : sent + count, peer ? sent + count : 0,
			      sent + count, VDPA_WAIT_MS))
			return -1;
	}
	return 0;
}

/*
 * Four rings' worth of frames in bursts of half a ring, receive buffers
 * given back as they are used: descriptors are recycled and both rings
 * wrap around several times without losing or corrupting a frame.
 */
TEST_F(vnet, ring_wrap)
{
	struct vdpa_dev *d = &self->dev;
	struct vdpa_vq *txq = &d->vq[VNET_TXQ], *rxq = &d->vq[VNET_RXQ];
	struct vnet *n = &self->net;
	unsigned int num, total;

	ASSERT_EQ(0, vnet_up(n)) TH_LOG("%s", d->err);
	num = txq->num < rxq->num ? txq->num : rxq->num;
	total = 4 * num < VNET_MAX_SEQ ? 4 * num : VNET_MAX_SEQ;
	EXPECT_EQ(0, net_wrap(n, total, num / 2)) TH_LOG("%s", d->err);
	vnet_settle(n);
	vnet_report(n, "ring wrap");
	EXPECT_EQ(total, n->tx_done);
	EXPECT_EQ(total, vnet_has_peer(n) ? n->peer_ok : n->ring_ok);
	EXPECT_EQ(0U, n->bad);
	EXPECT_EQ((uint16_t)total, txq->last_used);
	EXPECT_EQ(txq->num, txq->num_free);
	ksft_print_msg("tx ring of %u entries wrapped %u times\n",
		       txq->num, total / txq->num);
}

/*
 * Kicks through the mmap()ed notify page instead of the kick eventfd.
 * Where the function has a doorbell page per queue (NET_PAGE_PER_VQ=1:
 * QEMU's page-per-vq=on) both queues' pages must map; elsewhere the
 * parent offers no page-sized doorbell and refuses the mmap: SKIP.
 */
TEST_F(vnet, doorbell)
{
	const char *page_per_vq = getenv("NET_PAGE_PER_VQ");
	bool pages = page_per_vq && !strcmp(page_per_vq, "1");
	struct vdpa_dev *d = &self->dev;
	struct vnet *n = &self->net;
	unsigned int count;
	int err;

	ASSERT_EQ(0, vnet_up(n)) TH_LOG("%s", d->err);
	err = vq_map_doorbell(d, VNET_TXQ);
	if (err && !pages) {
		ksft_print_msg("doorbell: %s: the parent offers no doorbell page, kicks go through the kick eventfd\n",
			       d->err);
		SKIP(return, "no doorbell page to mmap (errno %d)", err);
	}
	ASSERT_EQ(0, err)
		TH_LOG("the function has a doorbell page per queue (NET_PAGE_PER_VQ=1): %s",
		       d->err);
	err = vq_map_doorbell(d, VNET_RXQ);
	if (pages)
		ASSERT_EQ(0, err)
			TH_LOG("the function has a doorbell page per queue (NET_PAGE_PER_VQ=1): %s",
			       d->err);
	ksft_print_msg("doorbell pages mapped: tx yes, rx %s\n",
		       err ? d->err : "yes");
	count = vnet_burst(n);
	EXPECT_EQ(0, vnet_exchange(n, 0, count)) TH_LOG("%s", d->err);
	vnet_report(n, "doorbell kicks");
	EXPECT_EQ(count, n->tx_done);
	EXPECT_EQ(count, vnet_has_peer(n) ? n->peer_ok : n->ring_ok);
	EXPECT_EQ(0U, n->bad);
}

/*
 * Two bring-ups in one open: after the first passed frames, status 0
 * reads back 0, and the second bring-up (fresh rings from index 0, the
 * memory mapped again) passes frames as well.
 */
TEST_F(vnet, reset_restart)
{
	struct vdpa_dev *d = &self->dev;
	struct vnet *n = &self->net;
	unsigned int round, count;
	uint8_t status;

	for (round = 0; round < 2; round++) {
		n->run++;
		ASSERT_EQ(0, vnet_up(n)) TH_LOG("round %u: %s", round, d->err);
		count = vnet_burst(n) / 2;
		EXPECT_EQ(0, vnet_exchange(n, 0, count))
			TH_LOG("round %u: %s", round, d->err);
		vnet_report(n, round ? "after the reset" : "before the reset");
		EXPECT_EQ(count, n->tx_done);
		EXPECT_EQ(count, vnet_has_peer(n) ? n->peer_ok : n->ring_ok);
		EXPECT_EQ(0U, n->bad);
		ASSERT_EQ(0, vdpa_stop(d)) TH_LOG("round %u: %s", round, d->err);
		ASSERT_EQ(0, vdpa_get_status(d, &status)) TH_LOG("%s", d->err);
		EXPECT_EQ(0, status);
	}
}

TEST_HARNESS_MAIN
