// SPDX-License-Identifier: GPL-2.0
/*
 * The frame format, the peer socket and the bring-up and datapath of a
 * minimal userspace virtio-net driver on /dev/vhost-vdpa-N; see
 * vnet_util.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_packet.h>

#include "vnet_util.h"
#include "kselftest.h"

#define HDR_LEN		sizeof(struct virtio_net_hdr_v1)
#define BUF_SIZE	2048
#define ETH_TYPE_TEST	0x88b5
#define FRAME_MAGIC	0x76445041	/* "vDPA" */
#define FRAME_MIN	60
#define FRAME_MAX	1514
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

/* ---- the frame format ---- */

static unsigned int frame_len(uint32_t seq)
{
	return FRAME_MIN + (seq * 181) % (FRAME_MAX - FRAME_MIN + 1);
}

static void frame_build(struct vnet *n, uint8_t *f, uint32_t seq,
			const uint8_t *dst, const uint8_t *src)
{
	struct test_frame *h = (struct test_frame *)f;
	unsigned int len = frame_len(seq);

	memcpy(h->dst, dst, ETH_ALEN);
	memcpy(h->src, src, ETH_ALEN);
	h->type = htons(ETH_TYPE_TEST);
	h->magic = htonl(FRAME_MAGIC);
	h->run = htonl(n->run);
	h->seq = htonl(seq);
	vdpa_fill_pattern(f + sizeof(*h), len - sizeof(*h),
			  ((uint64_t)n->run << 32) | seq);
}

/*
 * Checks one received frame. Frames of other senders or earlier runs are
 * "foreign" and only counted; a frame of this run must be exactly what
 * frame_build() made of its sequence number, and arrive once.
 */
static void frame_check(struct vnet *n, const uint8_t *f, size_t len,
			const uint8_t *dst, const uint8_t *src,
			uint8_t *seen, unsigned int *ok, const char *where)
{
	const struct test_frame *h = (const struct test_frame *)f;
	uint8_t want[FRAME_MAX];
	char why[160] = "";
	uint32_t seq;
	size_t i;

	if (len < sizeof(*h) || h->type != htons(ETH_TYPE_TEST) ||
	    h->magic != htonl(FRAME_MAGIC) || h->run != htonl(n->run)) {
		n->foreign++;
		return;
	}
	seq = ntohl(h->seq);
	if (seq >= VNET_MAX_SEQ) {
		snprintf(why, sizeof(why), "sequence number %u out of range", seq);
	} else if (len != frame_len(seq)) {
		snprintf(why, sizeof(why), "frame %u: %zu bytes, sent %u",
			 seq, len, frame_len(seq));
	} else {
		frame_build(n, want, seq, dst, src);
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
		if (n->bad++ < MAX_BAD_LOGS)
			ksft_print_msg("%s: %s\n", where, why);
		return;
	}
	(*ok)++;
	n->ok_bytes += len;
}

/* ---- the peer NIC ---- */

void vnet_init(struct vnet *n, struct vdpa_dev *dev)
{
	memset(n, 0, sizeof(*n));
	n->dev = dev;
	n->peer_fd = -1;
	n->run = (uint32_t)getpid() * 2654435761U ^ (uint32_t)time(NULL);
}

/* The bound AF_PACKET socket on IFNAME of the current namespace */
static int peer_socket(struct vnet *n, const char *ifname, const char **step)
{
	int rcvbuf = 8 << 20;
	struct sockaddr_ll sll;
	struct ifreq ifr;
	int s, err;

	*step = "socket(AF_PACKET)";
	s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_TYPE_TEST));
	if (s < 0)
		return -1;
	/* room for a burst of half a ring while the test is not reading */
	if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	*step = "SIOCGIFINDEX";
	if (ioctl(s, SIOCGIFINDEX, &ifr))
		goto fail;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_TYPE_TEST);
	sll.sll_ifindex = ifr.ifr_ifindex;
	*step = "SIOCGIFHWADDR";
	if (ioctl(s, SIOCGIFHWADDR, &ifr))
		goto fail;
	memcpy(n->peer_mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	*step = "bind(AF_PACKET)";
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll)))
		goto fail;
	return s;
fail:
	err = errno;
	close(s);
	errno = err;
	return -1;
}

int vnet_peer_open(struct vnet *n, const char *ns, const char *ifname)
{
	int self_ns = -1, peer_ns = -1, s = -1, err = 0;
	const char *step = "";
	char path[128];

	if (ns && *ns) {
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
		step = "open(/proc/self/ns/net)";
		self_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self_ns < 0)
			goto out;
		step = path;
		peer_ns = open(path, O_RDONLY | O_CLOEXEC);
		if (peer_ns < 0)
			goto out;
		step = "setns(peer)";
		if (setns(peer_ns, CLONE_NEWNET))
			goto out;
	}
	/* the socket stays in the peer's namespace once created there */
	s = peer_socket(n, ifname, &step);
out:
	if (s < 0)
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
		if (s >= 0)
			close(s);
		return vdpa_fail(n->dev, err, "peer %s in netns '%s': %s",
				 ifname, ns ? ns : "", step);
	}
	n->peer_fd = s;
	return 0;
}

void vnet_peer_close(struct vnet *n)
{
	if (n->peer_fd >= 0)
		close(n->peer_fd);
	n->peer_fd = -1;
}

int vnet_has_peer(const struct vnet *n)
{
	return n->peer_fd >= 0;
}

/* ---- bring-up and datapath ---- */

static int alloc_slots(struct vdpa_dev *d, struct vnet_slot *slot,
		       unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		slot[i].va = vdpa_alloc(d, BUF_SIZE, 64, &slot[i].iova);
		slot[i].busy = 0;
		if (!slot[i].va)
			return -1;
	}
	return 0;
}

int vnet_up(struct vnet *n)
{
	struct vdpa_dev *d = n->dev;

	if (vdpa_start(d, VNET_FEATURES, 2, VDPA_QSIZE_CAP))
		return -1;
	if (!vdpa_has(d, VIRTIO_NET_F_MAC))
		return vdpa_fail(d, 0, "the device does not offer VIRTIO_NET_F_MAC");
	if (vdpa_get_config(d, offsetof(struct virtio_net_config, mac),
			    n->mac, ETH_ALEN))
		return -1;
	if (alloc_slots(d, n->rx, d->vq[VNET_RXQ].num) ||
	    alloc_slots(d, n->tx, d->vq[VNET_TXQ].num))
		return -1;
	n->rx_posted = 0;
	n->ring_ok = n->peer_ok = n->bad = n->foreign = 0;
	n->tx_done = n->tx_sent = 0;
	n->tx_bytes = n->ok_bytes = 0;
	memset(n->seen_ring, 0, sizeof(n->seen_ring));
	memset(n->seen_peer, 0, sizeof(n->seen_peer));
	return 0;
}

int vnet_rx_fill(struct vnet *n)
{
	struct vdpa_vq *vq = &n->dev->vq[VNET_RXQ];
	unsigned int i, added = 0;

	for (i = 0; i < vq->num; i++) {
		struct vq_buf b = { n->rx[i].iova, BUF_SIZE, 1 };

		if (n->rx[i].busy)
			continue;
		if (vq_add(vq, &b, 1, &n->rx[i]))
			return -1;
		n->rx[i].busy = 1;
		n->rx_posted++;
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
static int tx_queue(struct vnet *n, uint32_t seq, const uint8_t *dst)
{
	struct vdpa_vq *vq = &n->dev->vq[VNET_TXQ];
	struct vnet_slot *slot = NULL;
	unsigned int i, len = frame_len(seq);
	struct vq_buf b[2];

	for (i = 0; i < vq->num && !slot; i++)
		if (!n->tx[i].busy)
			slot = &n->tx[i];
	if (!slot)
		return vdpa_fail(n->dev, ENOSPC, "no free transmit buffer");
	memset(slot->va, 0, HDR_LEN);
	frame_build(n, slot->va + HDR_LEN, seq, dst, n->mac);
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
	n->tx_sent++;
	n->tx_bytes += len;
	return 0;
}

int vnet_tx_send(struct vnet *n, uint32_t first, unsigned int count)
{
	const uint8_t *dst = vnet_has_peer(n) ? n->peer_mac : n->mac;
	struct vdpa_vq *vq = &n->dev->vq[VNET_TXQ];
	uint32_t seq;

	for (seq = first; seq < first + count; seq++)
		if (tx_queue(n, seq, dst))
			return -1;
	vq_publish(vq);
	return vq_kick(vq);
}

int vnet_peer_send(struct vnet *n, uint32_t first, unsigned int count)
{
	uint8_t f[FRAME_MAX];
	uint32_t seq;

	for (seq = first; seq < first + count; seq++) {
		frame_build(n, f, seq, n->mac, n->peer_mac);
		if (send(n->peer_fd, f, frame_len(seq), 0) !=
		    (ssize_t)frame_len(seq))
			return vdpa_fail(n->dev, errno,
					 "send(frame %u on the peer)", seq);
	}
	return 0;
}

/* Takes the used buffers of both queues, reposting if n->refill. */
static int collect_rings(struct vnet *n)
{
	struct vdpa_vq *rxq = &n->dev->vq[VNET_RXQ];
	struct vdpa_vq *txq = &n->dev->vq[VNET_TXQ];
	const uint8_t *src = vnet_has_peer(n) ? n->peer_mac : n->mac;
	struct vnet_slot *slot;
	uint32_t len = 0;
	void *token = NULL;
	int r;

	while ((r = vq_get_used(rxq, &token, &len)) != 0) {
		if (r < 0)
			return -1;
		slot = token;
		slot->busy = 0;
		n->rx_posted--;
		if (len < HDR_LEN || len > BUF_SIZE) {
			if (n->bad++ < MAX_BAD_LOGS)
				ksft_print_msg("rx ring: used length %u\n", len);
			continue;
		}
		frame_check(n, slot->va + HDR_LEN, len - HDR_LEN, n->mac, src,
			    n->seen_ring, &n->ring_ok, "rx ring");
	}
	if (n->refill && vnet_rx_fill(n))
		return -1;
	while ((r = vq_get_used(txq, &token, &len)) != 0) {
		if (r < 0)
			return -1;
		slot = token;
		slot->busy = 0;
		n->tx_done++;
	}
	return 0;
}

/* Takes what the peer socket has received. */
static int collect_peer(struct vnet *n)
{
	struct sockaddr_ll from;
	socklen_t fromlen;
	uint8_t f[BUF_SIZE];
	ssize_t len;

	while (vnet_has_peer(n)) {
		fromlen = sizeof(from);
		len = recvfrom(n->peer_fd, f, sizeof(f), MSG_DONTWAIT,
			       (struct sockaddr *)&from, &fromlen);
		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return vdpa_fail(n->dev, errno, "recvfrom(peer)");
		}
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		frame_check(n, f, len, n->peer_mac, n->mac, n->seen_peer,
			    &n->peer_ok, "peer");
	}
	return 0;
}

/* vnet_pump(); a time-out leaves what was missing in dev->err unless QUIET */
static int pump(struct vnet *n, unsigned int ring, unsigned int peer,
		unsigned int tx, int timeout_ms, int quiet)
{
	uint64_t deadline = vdpa_now_ms() + timeout_ms;

	for (;;) {
		if (collect_rings(n) || collect_peer(n))
			return -1;
		if (n->ring_ok >= ring && n->peer_ok >= peer && n->tx_done >= tx)
			return 0;
		if (vdpa_now_ms() >= deadline)
			break;
		if (vdpa_wait(n->dev, n->peer_fd,
			      (int)(deadline - vdpa_now_ms())) < 0)
			return -1;
	}
	if (quiet)
		return -1;
	return vdpa_fail(n->dev, ETIMEDOUT,
			 "after %d ms: tx completed %u of %u, rx ring %u of %u, peer %u of %u (tx used idx %u, rx used idx %u)",
			 timeout_ms, n->tx_done, tx, n->ring_ok, ring,
			 n->peer_ok, peer, vq_used_idx(&n->dev->vq[VNET_TXQ]),
			 vq_used_idx(&n->dev->vq[VNET_RXQ]));
}

int vnet_pump(struct vnet *n, unsigned int ring, unsigned int peer,
	      unsigned int tx, int timeout_ms)
{
	return pump(n, ring, peer, tx, timeout_ms, 0);
}

void vnet_settle(struct vnet *n)
{
	pump(n, ~0U, ~0U, ~0U, SETTLE_MS, 1);
}

/*
 * Receive buffers are posted either way, as any driver keeps them
 * (vdpa_sim_net stops transmitting while its receive ring is empty).
 */
int vnet_exchange(struct vnet *n, uint32_t first, unsigned int count)
{
	int peer = vnet_has_peer(n), r;

	if (vnet_rx_fill(n) || vnet_tx_send(n, first, count))
		return -1;
	r = vnet_pump(n, peer ? 0 : count, peer ? count : 0, count,
		      VDPA_WAIT_MS);
	vnet_settle(n);
	return r;
}

unsigned int vnet_burst(struct vnet *n)
{
	unsigned int b = n->dev->vq[VNET_TXQ].num / 2;

	if (b > n->dev->vq[VNET_RXQ].num / 2)
		b = n->dev->vq[VNET_RXQ].num / 2;
	return b < VNET_FRAMES ? b : VNET_FRAMES;
}

void vnet_report(struct vnet *n, const char *what)
{
	struct vdpa_dev *d = n->dev;

	ksft_print_msg("%s: sent %u frames (%lu bytes), tx completed %u, rx ring %u, peer %u, %lu bytes verified, bad %u, foreign %u; kicks rx %lu tx %lu, calls rx %lu tx %lu\n",
		       what, n->tx_sent, n->tx_bytes, n->tx_done, n->ring_ok,
		       n->peer_ok, n->ok_bytes, n->bad, n->foreign,
		       d->vq[VNET_RXQ].kicks, d->vq[VNET_TXQ].kicks,
		       d->vq[VNET_RXQ].calls, d->vq[VNET_TXQ].calls);
}
