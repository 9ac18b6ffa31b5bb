// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal userspace virtio-net driver on /dev/vhost-vdpa-N: receive
 * queue 0, transmit queue 1, no control queue, no offloads. The frames it
 * sends carry ethertype 0x88b5 (IEEE local experimental), a magic, a run
 * id and a sequence number, then a pseudo-random payload derived from
 * them, 60..1514 bytes long; every frame received is rebuilt from its
 * sequence number and compared byte for byte.
 *
 * Without a peer (vdpa_sim_net) the device loops each transmitted frame
 * into its own receive queue when it is addressed to the device's MAC, so
 * the frames go to our own MAC and come back on our receive ring. With a
 * peer NIC (the wrapper sets PEER_IFNAME and PEER_NETNS) the frames go to
 * the peer's MAC and are read from an AF_PACKET socket on the peer
 * netdev, and frames the peer sends through that socket to our MAC must
 * arrive on our receive ring.
 *
 * Environment:
 *   VHOST_DEV    /dev/vhost-vdpa-N of the net vDPA device (required)
 *   NET_MAC      the MAC "vdpa dev config show" reports for it
 *   PEER_IFNAME  the peer netdev (optional), PEER_NETNS its namespace
 */
#include <arpa/inet.h>
#include <endian.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stddef.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
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

#define RXQ		0
#define TXQ		1
/*
 * No VIRTIO_NET_F_MTU: the receive buffers hold 1514-byte frames, not
 * whatever MTU the device would announce; no offloads, no MRG_RXBUF.
 */
#define NET_FEATURES	((1ULL << VIRTIO_NET_F_MAC) | \
			 (1ULL << VIRTIO_NET_F_STATUS))
#define HDR_LEN		sizeof(struct virtio_net_hdr_v1)
#define BUF_SIZE	2048
#define ETH_TYPE_TEST	0x88b5
#define FRAME_MAGIC	0x76445041	/* "vDPA" */
#define FRAME_MIN	60
#define FRAME_MAX	1514
#define FRAMES		64
#define MAX_SEQ		2048
#define SETTLE_MS	200
#define MAX_BAD_LOGS	5

struct test_frame {
	uint8_t dst[ETH_ALEN];
	uint8_t src[ETH_ALEN];
	uint16_t type;
	uint32_t magic;
	uint32_t run;
	uint32_t seq;
} __attribute__((packed));

struct net_slot {
	uint8_t *va;
	uint64_t iova;
	int busy;
	uint32_t seq;
};

FIXTURE(vnet) {
	struct vdpa_dev dev;
	uint8_t mac[ETH_ALEN];
	uint8_t peer_mac[ETH_ALEN];
	int peer_fd;
	uint32_t run;
	int refill;
	struct net_slot rx[VDPA_QSIZE_CAP];
	struct net_slot tx[VDPA_QSIZE_CAP];
	/* what the current bring-up has seen */
	unsigned int rx_posted;
	unsigned int ring_ok, peer_ok, bad, foreign, tx_done, tx_sent;
	unsigned long tx_bytes, ok_bytes;
	uint8_t seen_ring[MAX_SEQ], seen_peer[MAX_SEQ];
	uint16_t link_status;
	char peer_err[256];
};

typedef FIXTURE_DATA(vnet) vnet_t;

static unsigned int frame_len(uint32_t seq)
{
	return FRAME_MIN + (seq * 181) % (FRAME_MAX - FRAME_MIN + 1);
}

static void frame_build(vnet_t *self, uint8_t *f, uint32_t seq,
			const uint8_t *dst, const uint8_t *src)
{
	struct test_frame *h = (struct test_frame *)f;
	unsigned int len = frame_len(seq);

	memcpy(h->dst, dst, ETH_ALEN);
	memcpy(h->src, src, ETH_ALEN);
	h->type = htons(ETH_TYPE_TEST);
	h->magic = htonl(FRAME_MAGIC);
	h->run = htonl(self->run);
	h->seq = htonl(seq);
	vdpa_fill_pattern(f + sizeof(*h), len - sizeof(*h),
			  ((uint64_t)self->run << 32) | seq);
}

static const char *mac_str(const uint8_t *m, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x",
		m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

/*
 * Checks one received frame. Frames of other senders or earlier runs are
 * "foreign" and only counted; a frame of this run must be exactly what
 * frame_build() made of its sequence number, and arrive once.
 */
static void frame_check(vnet_t *self, const uint8_t *f, size_t len,
			const uint8_t *dst, const uint8_t *src,
			uint8_t *seen, unsigned int *ok, const char *where)
{
	const struct test_frame *h = (const struct test_frame *)f;
	uint8_t want[FRAME_MAX];
	char why[160] = "";
	uint32_t seq;
	size_t i;

	if (len < sizeof(*h) || h->type != htons(ETH_TYPE_TEST) ||
	    h->magic != htonl(FRAME_MAGIC) || h->run != htonl(self->run)) {
		self->foreign++;
		return;
	}
	seq = ntohl(h->seq);
	if (seq >= MAX_SEQ) {
		snprintf(why, sizeof(why), "sequence number %u out of range", seq);
	} else if (len != frame_len(seq)) {
		snprintf(why, sizeof(why), "frame %u: %zu bytes, sent %u",
			 seq, len, frame_len(seq));
	} else {
		frame_build(self, want, seq, dst, src);
		for (i = 0; i < len && f[i] == want[i]; i++)
			;
		if (i < len)
			snprintf(why, sizeof(why),
				 "frame %u: byte %zu is 0x%02x, sent 0x%02x",
				 seq, i, f[i], want[i]);
		else if (seen[seq]++)
			snprintf(why, sizeof(why), "frame %u arrived twice", seq);
	}
	if (why[0]) {
		if (self->bad++ < MAX_BAD_LOGS)
			ksft_print_msg("%s: %s\n", where, why);
		return;
	}
	(*ok)++;
	self->ok_bytes += len;
}

static int peer_open(vnet_t *self, const char *ns, const char *ifname)
{
	int self_ns = -1, peer_ns = -1, s = -1, err = 0;
	int rcvbuf = 8 << 20;
	const char *step = "";
	struct sockaddr_ll sll;
	struct ifreq ifr;
	char path[128];

	if (ns && *ns) {
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
		step = "open(/proc/self/ns/net)";
		self_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self_ns < 0)
			goto fail;
		step = path;
		peer_ns = open(path, O_RDONLY | O_CLOEXEC);
		if (peer_ns < 0)
			goto fail;
		step = "setns(peer)";
		if (setns(peer_ns, CLONE_NEWNET))
			goto fail;
	}
	/* the socket stays in the peer's namespace once created there */
	step = "socket(AF_PACKET)";
	s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_TYPE_TEST));
	if (s < 0)
		goto fail;
	/* room for a burst of half a ring while the test is not reading */
	if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	step = "SIOCGIFINDEX";
	if (ioctl(s, SIOCGIFINDEX, &ifr))
		goto fail;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_TYPE_TEST);
	sll.sll_ifindex = ifr.ifr_ifindex;
	step = "SIOCGIFHWADDR";
	if (ioctl(s, SIOCGIFHWADDR, &ifr))
		goto fail;
	memcpy(self->peer_mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	step = "bind(AF_PACKET)";
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll)))
		goto fail;
	step = NULL;
fail:
	if (step)
		err = errno;
	if (self_ns >= 0 && setns(self_ns, CLONE_NEWNET) && !err) {
		step = "setns(back)";
		err = errno;
	}
	if (self_ns >= 0)
		close(self_ns);
	if (peer_ns >= 0)
		close(peer_ns);
	if (err) {
		snprintf(self->peer_err, sizeof(self->peer_err),
			 "peer %s in netns '%s': %s: %s (errno %d)", ifname,
			 ns ? ns : "", step, strerror(err), err);
		if (s >= 0)
			close(s);
		return -1;
	}
	self->peer_fd = s;
	return 0;
}

static int have_peer(vnet_t *self)
{
	return self->peer_fd >= 0;
}

/* Bring-up with both data queues, our MAC from the config space. */
static int net_up(vnet_t *self)
{
	struct vdpa_dev *d = &self->dev;
	unsigned int i;

	if (vdpa_start(d, NET_FEATURES, 2, VDPA_QSIZE_CAP))
		return -1;
	if (!vdpa_has(d, VIRTIO_NET_F_MAC))
		return vdpa_fail(d, 0, "the device does not offer VIRTIO_NET_F_MAC");
	if (vdpa_get_config(d, offsetof(struct virtio_net_config, mac),
			    self->mac, ETH_ALEN))
		return -1;
	for (i = 0; i < d->vq[RXQ].num; i++) {
		self->rx[i].va = vdpa_alloc(d, BUF_SIZE, 64, &self->rx[i].iova);
		self->rx[i].busy = 0;
		if (!self->rx[i].va)
			return -1;
	}
	for (i = 0; i < d->vq[TXQ].num; i++) {
		self->tx[i].va = vdpa_alloc(d, BUF_SIZE, 64, &self->tx[i].iova);
		self->tx[i].busy = 0;
		if (!self->tx[i].va)
			return -1;
	}
	self->rx_posted = 0;
	self->ring_ok = self->peer_ok = self->bad = self->foreign = 0;
	self->tx_done = self->tx_sent = 0;
	self->tx_bytes = self->ok_bytes = 0;
	memset(self->seen_ring, 0, sizeof(self->seen_ring));
	memset(self->seen_peer, 0, sizeof(self->seen_peer));
	return 0;
}

/* Gives the device every free receive buffer, then kicks. */
static int rx_fill(vnet_t *self)
{
	struct vdpa_vq *vq = &self->dev.vq[RXQ];
	unsigned int i, added = 0;

	for (i = 0; i < vq->num; i++) {
		struct vq_buf b = { self->rx[i].iova, BUF_SIZE, 1 };

		if (self->rx[i].busy)
			continue;
		if (vq_add(vq, &b, 1, &self->rx[i]))
			return -1;
		self->rx[i].busy = 1;
		self->rx_posted++;
		added++;
	}
	if (!added)
		return 0;
	vq_publish(vq);
	return vq_kick(vq);
}

/*
 * Queues frame SEQ for transmission: virtio_net_hdr_v1 (all zero: no
 * offloads) and the frame, as one descriptor for even and as two for odd
 * sequence numbers. vq_publish/vq_kick send it.
 */
static int tx_queue(vnet_t *self, uint32_t seq, const uint8_t *dst)
{
	struct vdpa_vq *vq = &self->dev.vq[TXQ];
	struct net_slot *slot = NULL;
	unsigned int i, len = frame_len(seq);
	struct vq_buf b[2];

	for (i = 0; i < vq->num && !slot; i++)
		if (!self->tx[i].busy)
			slot = &self->tx[i];
	if (!slot)
		return vdpa_fail(&self->dev, ENOSPC, "no free transmit buffer");
	memset(slot->va, 0, HDR_LEN);
	frame_build(self, slot->va + HDR_LEN, seq, dst, self->mac);
	if (seq % 2) {
		b[0] = (struct vq_buf){ slot->iova, HDR_LEN, 0 };
		b[1] = (struct vq_buf){ slot->iova + HDR_LEN, len, 0 };
	} else {
		b[0] = (struct vq_buf){ slot->iova, HDR_LEN + len, 0 };
	}
	if (vq_add(vq, b, seq % 2 ? 2 : 1, slot))
		return -1;
	slot->busy = 1;
	slot->seq = seq;
	self->tx_sent++;
	self->tx_bytes += len;
	return 0;
}

static int tx_send(vnet_t *self, uint32_t first, unsigned int count)
{
	const uint8_t *dst = have_peer(self) ? self->peer_mac : self->mac;
	struct vdpa_vq *vq = &self->dev.vq[TXQ];
	uint32_t seq;

	for (seq = first; seq < first + count; seq++)
		if (tx_queue(self, seq, dst))
			return -1;
	vq_publish(vq);
	return vq_kick(vq);
}

/* Sends frames first..first+count-1 from the peer netdev to our MAC. */
static int peer_send(vnet_t *self, uint32_t first, unsigned int count)
{
	uint8_t f[FRAME_MAX];
	uint32_t seq;

	for (seq = first; seq < first + count; seq++) {
		frame_build(self, f, seq, self->mac, self->peer_mac);
		if (send(self->peer_fd, f, frame_len(seq), 0) !=
		    (ssize_t)frame_len(seq))
			return vdpa_fail(&self->dev, errno,
					 "send(frame %u on the peer)", seq);
	}
	return 0;
}

/* Takes what the device and the peer have delivered so far. */
static int net_collect(vnet_t *self)
{
	struct vdpa_vq *rxq = &self->dev.vq[RXQ], *txq = &self->dev.vq[TXQ];
	const uint8_t *src = have_peer(self) ? self->peer_mac : self->mac;
	struct net_slot *slot;
	uint32_t len = 0;
	void *token = NULL;
	int r;

	while ((r = vq_get_used(rxq, &token, &len)) != 0) {
		if (r < 0)
			return -1;
		slot = token;
		slot->busy = 0;
		self->rx_posted--;
		if (len < HDR_LEN || len > BUF_SIZE) {
			if (self->bad++ < MAX_BAD_LOGS)
				ksft_print_msg("rx ring: used length %u\n", len);
			continue;
		}
		frame_check(self, slot->va + HDR_LEN, len - HDR_LEN, self->mac,
			    src, self->seen_ring, &self->ring_ok, "rx ring");
	}
	if (self->refill && rx_fill(self))
		return -1;
	while ((r = vq_get_used(txq, &token, &len)) != 0) {
		if (r < 0)
			return -1;
		slot = token;
		slot->busy = 0;
		self->tx_done++;
	}
	while (have_peer(self)) {
		uint8_t f[BUF_SIZE];
		struct sockaddr_ll from;
		socklen_t fromlen = sizeof(from);
		ssize_t n;

		n = recvfrom(self->peer_fd, f, sizeof(f), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return vdpa_fail(&self->dev, errno, "recvfrom(peer)");
		}
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		frame_check(self, f, n, self->peer_mac, self->mac,
			    self->seen_peer, &self->peer_ok, "peer");
	}
	return 0;
}

/*
 * Collects until the counts are reached or TIMEOUT_MS passed, waiting on
 * the call eventfds (and the peer socket). 0 when reached; a time-out
 * leaves what was missing in dev.err unless QUIET.
 */
static int net_pump_(vnet_t *self, unsigned int ring, unsigned int peer,
		     unsigned int tx, int timeout_ms, int quiet)
{
	uint64_t deadline = vdpa_now_ms() + timeout_ms;

	for (;;) {
		if (net_collect(self))
			return -1;
		if (self->ring_ok >= ring && self->peer_ok >= peer &&
		    self->tx_done >= tx)
			return 0;
		if (vdpa_now_ms() >= deadline)
			break;
		if (vdpa_wait(&self->dev, self->peer_fd,
			      (int)(deadline - vdpa_now_ms())) < 0)
			return -1;
	}
	if (quiet)
		return -1;
	return vdpa_fail(&self->dev, ETIMEDOUT,
			 "after %d ms: tx completed %u of %u, rx ring %u of %u, peer %u of %u (tx used idx %u, rx used idx %u)",
			 timeout_ms, self->tx_done, tx, self->ring_ok, ring,
			 self->peer_ok, peer, vq_used_idx(&self->dev.vq[TXQ]),
			 vq_used_idx(&self->dev.vq[RXQ]));
}

static int net_pump(vnet_t *self, unsigned int ring, unsigned int peer,
		    unsigned int tx, int timeout_ms)
{
	return net_pump_(self, ring, peer, tx, timeout_ms, 0);
}

/* Waits a little longer so that duplicates and strays get counted too. */
static void net_settle(vnet_t *self)
{
	net_pump_(self, ~0U, ~0U, ~0U, SETTLE_MS, 1);
}

static void net_report(vnet_t *self, const char *what)
{
	struct vdpa_dev *d = &self->dev;

	ksft_print_msg("%s: sent %u frames (%lu bytes), tx completed %u, rx ring %u, peer %u, %lu bytes verified, bad %u, foreign %u; kicks rx %lu tx %lu, calls rx %lu tx %lu\n",
		       what, self->tx_sent, self->tx_bytes, self->tx_done,
		       self->ring_ok, self->peer_ok, self->ok_bytes, self->bad,
		       self->foreign, d->vq[RXQ].kicks, d->vq[TXQ].kicks,
		       d->vq[RXQ].calls, d->vq[TXQ].calls);
}

/*
 * Sends COUNT frames from FIRST on and waits for all of them: back on our
 * receive ring without a peer, at the peer with one. Receive buffers are
 * posted either way, as any driver keeps them (vdpa_sim_net stops
 * transmitting while its receive ring is empty).
 */
static int net_exchange(vnet_t *self, uint32_t first, unsigned int count)
{
	int r;

	if (rx_fill(self))
		return -1;
	if (tx_send(self, first, count))
		return -1;
	r = net_pump(self, have_peer(self) ? 0 : count,
		     have_peer(self) ? count : 0, count, VDPA_WAIT_MS);
	net_settle(self);
	return r;
}

static unsigned int burst(vnet_t *self)
{
	unsigned int n = self->dev.vq[TXQ].num / 2;

	if (n > self->dev.vq[RXQ].num / 2)
		n = self->dev.vq[RXQ].num / 2;
	return n < FRAMES ? n : FRAMES;
}

FIXTURE_SETUP(vnet)
{
	const char *peer_if = getenv("PEER_IFNAME");

	self->peer_fd = -1;
	self->run = (uint32_t)getpid() * 2654435761U ^ (uint32_t)time(NULL);
	ASSERT_EQ(0, vdpa_open(&self->dev, getenv("VHOST_DEV")))
		TH_LOG("%s", self->dev.err);
	if (peer_if && *peer_if) {
		ASSERT_EQ(0, peer_open(self, getenv("PEER_NETNS"), peer_if))
			TH_LOG("%s", self->peer_err);
	}
}

FIXTURE_TEARDOWN(vnet)
{
	EXPECT_EQ(0, vdpa_close(&self->dev)) TH_LOG("%s", self->dev.err);
	if (self->peer_fd >= 0)
		close(self->peer_fd);
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
	ASSERT_EQ(0, vdpa_negotiate(d, NET_FEATURES)) TH_LOG("%s", d->err);
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
	uint8_t status;

	ASSERT_EQ(0, net_up(self)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vdpa_get_status(&self->dev, &status))
		TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VDPA_STATUS_RUNNING, status);
	ksft_print_msg("status 0x%02x, queue sizes rx %u tx %u\n", status,
		       self->dev.vq[RXQ].num, self->dev.vq[TXQ].num);
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
	ASSERT_EQ(0, vdpa_negotiate(d, NET_FEATURES)) TH_LOG("%s", d->err);
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
	unsigned int n;

	ASSERT_EQ(0, net_up(self)) TH_LOG("%s", self->dev.err);
	n = burst(self);
	EXPECT_EQ(0, net_exchange(self, 0, n)) TH_LOG("%s", self->dev.err);
	net_report(self, have_peer(self) ? "tx to the peer" : "tx loop-back");
	EXPECT_EQ(n, self->tx_done);
	EXPECT_EQ(n, have_peer(self) ? self->peer_ok : self->ring_ok);
	EXPECT_EQ(0U, self->bad);
	EXPECT_LT(0UL, self->dev.vq[TXQ].calls) TH_LOG("no call on the tx queue");
	if (!have_peer(self)) {
		EXPECT_LT(0UL, self->dev.vq[RXQ].calls)
			TH_LOG("no call on the rx queue");
	}
}

/* Frames the peer NIC sends to our MAC arrive intact on our ring. */
TEST_F(vnet, rx_frames)
{
	unsigned int n;

	if (!have_peer(self))
		SKIP(return, "no peer NIC (NET_MGMT_PEER empty): vdpa_sim_net receives only its own frames, see tx_frames");
	ASSERT_EQ(0, net_up(self)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, rx_fill(self)) TH_LOG("%s", self->dev.err);
	n = burst(self);
	ASSERT_EQ(0, peer_send(self, 0, n)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(0, net_pump(self, n, 0, 0, VDPA_WAIT_MS))
		TH_LOG("%s", self->dev.err);
	net_settle(self);
	net_report(self, "rx from the peer");
	EXPECT_EQ(n, self->ring_ok);
	EXPECT_EQ(0U, self->bad);
	EXPECT_LT(0UL, self->dev.vq[RXQ].calls) TH_LOG("no call on the rx queue");
}

/*
 * Sends TOTAL frames in bursts of N and waits for each burst before the
 * next, receive buffers given back as they are used.
 */
static int net_wrap(vnet_t *self, unsigned int total, unsigned int n)
{
	unsigned int sent;

	self->refill = 1;
	if (rx_fill(self))
		return -1;
	for (sent = 0; sent < total; sent += n) {
		if (tx_send(self, sent, n))
			return -1;
		if (net_pump(self, have_peer(self) ? 0 : sent + n,
			     have_peer(self) ? sent + n : 0, sent + n,
			     VDPA_WAIT_MS))
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
	unsigned int n, total;

	ASSERT_EQ(0, net_up(self)) TH_LOG("%s", d->err);
	n = d->vq[TXQ].num < d->vq[RXQ].num ? d->vq[TXQ].num : d->vq[RXQ].num;
	total = 4 * n < MAX_SEQ ? 4 * n : MAX_SEQ;
	EXPECT_EQ(0, net_wrap(self, total, n / 2)) TH_LOG("%s", d->err);
	net_settle(self);
	net_report(self, "ring wrap");
	EXPECT_EQ(total, self->tx_done);
	EXPECT_EQ(total, have_peer(self) ? self->peer_ok : self->ring_ok);
	EXPECT_EQ(0U, self->bad);
	EXPECT_EQ((uint16_t)total, d->vq[TXQ].last_used);
	EXPECT_EQ(d->vq[TXQ].num, d->vq[TXQ].num_free);
	ksft_print_msg("tx ring of %u entries wrapped %u times\n",
		       d->vq[TXQ].num, total / d->vq[TXQ].num);
}

/*
 * Kicks through the mmap()ed notify page instead of the kick eventfd.
 * Parents that offer no page-sized doorbell refuse the mmap: SKIP.
 */
TEST_F(vnet, doorbell)
{
	struct vdpa_dev *d = &self->dev;
	unsigned int n;
	int err;

	ASSERT_EQ(0, net_up(self)) TH_LOG("%s", d->err);
	err = vq_map_doorbell(d, TXQ);
	if (err) {
		ksft_print_msg("doorbell: %s: the parent offers no doorbell page, kicks go through the kick eventfd\n",
			       d->err);
		SKIP(return, "no doorbell page to mmap (errno %d)", err);
	}
	err = vq_map_doorbell(d, RXQ);
	ksft_print_msg("doorbell pages mapped: tx yes, rx %s\n",
		       err ? d->err : "yes");
	n = burst(self);
	EXPECT_EQ(0, net_exchange(self, 0, n)) TH_LOG("%s", d->err);
	net_report(self, "doorbell kicks");
	EXPECT_EQ(n, self->tx_done);
	EXPECT_EQ(n, have_peer(self) ? self->peer_ok : self->ring_ok);
	EXPECT_EQ(0U, self->bad);
}

/*
 * Two bring-ups in one open: after the first passed frames, status 0
 * reads back 0, and the second bring-up (fresh rings from index 0, the
 * memory mapped again) passes frames as well.
 */
TEST_F(vnet, reset_restart)
{
	struct vdpa_dev *d = &self->dev;
	unsigned int round, n;
	uint8_t status;

	for (round = 0; round < 2; round++) {
		self->run++;
		ASSERT_EQ(0, net_up(self)) TH_LOG("round %u: %s", round, d->err);
		n = burst(self) / 2;
		EXPECT_EQ(0, net_exchange(self, 0, n))
			TH_LOG("round %u: %s", round, d->err);
		net_report(self, round ? "after the reset" : "before the reset");
		EXPECT_EQ(n, self->tx_done);
		EXPECT_EQ(n, have_peer(self) ? self->peer_ok : self->ring_ok);
		EXPECT_EQ(0U, self->bad);
		ASSERT_EQ(0, vdpa_stop(d)) TH_LOG("round %u: %s", round, d->err);
		ASSERT_EQ(0, vdpa_get_status(d, &status)) TH_LOG("%s", d->err);
		EXPECT_EQ(0, status);
	}
}

TEST_HARNESS_MAIN
