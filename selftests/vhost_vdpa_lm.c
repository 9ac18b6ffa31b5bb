// SPDX-License-Identifier: GPL-2.0
/*
 * A transmit stream moved from one net VF to another by its ring state,
 * as live migration moves a guest's NIC: on VF A (through
 * /dev/vhost-vdpa-N) frames are queued and kicked, and the transmit queue
 * is stopped in the middle of them (VHOST_VDPA_SET_VRING_ENABLE 0); its
 * ring state is read (VHOST_GET_VRING_BASE); more frames are queued on
 * the stopped ring. Then the memory that holds the rings and the frames
 * is copied to VF B, as a migration copies guest memory, B is told the
 * state (VHOST_SET_VRING_BASE before DRIVER_OK) and resumes the ring.
 * The peer NIC must see every frame of the stream exactly once: none
 * lost (a state too far on), none repeated (a state too far back),
 * each byte as sent (vnet_util.c checks them).
 *
 * Needs functions whose ring state can be read and set (IFCVF's
 * live-migration region); on others the state calls fail and the test
 * says so.
 *
 * Environment:
 *   VHOST_DEV_A, VHOST_DEV_B  /dev/vhost-vdpa-N of two net vDPA devices
 *   PEER_IFNAME, PEER_NETNS   the peer netdev that receives the stream
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnet_util.h"
#include "kselftest.h"

#define FIRST_FRAMES	16	/* sent and seen before the stop */
#define MID_FRAMES	100	/* kicked right before the stop */
#define LATE_FRAMES	32	/* queued on the stopped ring */
#define ALL_FRAMES	(FIRST_FRAMES + MID_FRAMES + LATE_FRAMES)
#define QUIET_MS	500	/* how long a stopped queue must stay quiet */

static struct vdpa_dev dev_a, dev_b;
static struct vnet net_a, net_b;

static int get_base(struct vdpa_dev *d, unsigned int idx, uint16_t *base)
{
	struct vhost_vring_state s = { .index = idx };

	if (VDPA_VQ_IOCTL(d, VHOST_GET_VRING_BASE, &s, idx))
		return -1;
	*base = s.num;
	return 0;
}

static int set_base(struct vdpa_dev *d, unsigned int idx, uint16_t base)
{
	struct vhost_vring_state s = { .index = idx, .num = base };

	return VDPA_VQ_IOCTL(d, VHOST_SET_VRING_BASE, &s, idx);
}

/* Frames 0 .. COUNT-1 each seen once at the peer, nothing else. */
static int stream_intact(struct vnet *n, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		if (n->seen_peer[i] != 1)
			return 0;
	for (; i < VNET_MAX_SEQ; i++)
		if (n->seen_peer[i])
			return 0;
	return n->peer_ok == count && !n->bad;
}

/*
 * VF A: FIRST_FRAMES frames that arrive, MID_FRAMES kicked, the transmit
 * queue stopped at once, then LATE_FRAMES queued on the stopped ring.
 * *STATE is where A stopped.
 */
static int run_on_a(uint16_t *state)
{
	struct vnet *n = &net_a;

	if (vnet_up(n) || vnet_rx_fill(n) ||
	    vnet_tx_send(n, 0, FIRST_FRAMES) ||
	    vnet_pump(n, 0, FIRST_FRAMES, FIRST_FRAMES, VDPA_WAIT_MS))
		return -1;
	if (vnet_tx_send(n, FIRST_FRAMES, MID_FRAMES) ||
	    vq_enable(&dev_a, VNET_TXQ, 0))
		return -1;
	if (get_base(&dev_a, VNET_TXQ, state))
		return -1;
	return vnet_tx_send(n, FIRST_FRAMES + MID_FRAMES, LATE_FRAMES);
}

/* The driver's side of a ring whose memory was copied from FROM to TO */
static void copy_ring_view(struct vdpa_vq *to, const struct vdpa_vq *from)
{
	to->avail_idx = from->avail_idx;
	to->last_used = from->last_used;
	to->free_head = from->free_head;
	to->num_free = from->num_free;
	memcpy(to->token, from->token, sizeof(to->token));
	memcpy(to->chain_len, from->chain_len, sizeof(to->chain_len));
}

/*
 * VF B takes over A's transmit ring: the same layout of its memory (the
 * same bring-up steps allocate the same places), A's memory copied over
 * it, A's view of the rings, and the state. Only the transmit queue is
 * started.
 */
static int resume_on_b(uint16_t state)
{
	struct vdpa_vq *qa = &dev_a.vq[VNET_TXQ], *qb = &dev_b.vq[VNET_TXQ];
	struct vdpa_dev *b = &dev_b;

	b->mem_used = 0;
	if (vdpa_negotiate(b, VNET_FEATURES) || vdpa_map_mem(b))
		return -1;
	b->started = 1;
	if (vq_setup(b, VNET_RXQ, VDPA_QSIZE_CAP) ||
	    vq_setup(b, VNET_TXQ, VDPA_QSIZE_CAP))
		return -1;
	if (qb->num != qa->num || (void *)qb->desc - (void *)b->mem !=
	    (void *)qa->desc - (void *)dev_a.mem)
		return vdpa_fail(b, 0, "B's transmit ring is not laid out as A's");
	memcpy(b->mem, dev_a.mem, dev_a.mem_used);
	copy_ring_view(&dev_b.vq[VNET_RXQ], &dev_a.vq[VNET_RXQ]);
	copy_ring_view(qb, qa);

	net_b = net_a;
	net_b.dev = b;
	if (set_base(b, VNET_TXQ, state) || vq_enable(b, VNET_TXQ, 1) ||
	    vdpa_add_status(b, VIRTIO_CONFIG_S_DRIVER_OK))
		return -1;
	return vq_kick(qb);
}

static void fail_with(const char *test, struct vdpa_dev *d)
{
	ksft_print_msg("%s\n", d->err);
	ksft_test_result_fail("%s\n", test);
}

int main(void)
{
	const char *peer_if = getenv("PEER_IFNAME");
	uint16_t state = 0, rx_base;
	unsigned int sent_by_a;

	ksft_print_header();
	ksft_set_plan(5);
	vnet_init(&net_a, &dev_a);
	if (vdpa_open(&dev_a, getenv("VHOST_DEV_A")) ||
	    vdpa_open(&dev_b, getenv("VHOST_DEV_B")))
		ksft_exit_fail_msg("%s%s\n", dev_a.err, dev_b.err);
	if (!peer_if || vnet_peer_open(&net_a, getenv("PEER_NETNS"), peer_if))
		ksft_exit_fail_msg("no peer NIC: %s\n", dev_a.err);

	if (run_on_a(&state)) {
		fail_with("A's transmit queue stops and reports its state",
			  &dev_a);
		ksft_exit_fail();
	}
	ksft_test_result_pass("A's transmit queue stops and reports its state\n");
	ksft_print_msg("A stopped at %u: %u frames kicked, %u queued after\n",
		       state, FIRST_FRAMES + MID_FRAMES, LATE_FRAMES);

	/* whatever A sent before it stopped, and nothing after */
	vnet_pump(&net_a, 0, ALL_FRAMES, ALL_FRAMES, QUIET_MS);
	sent_by_a = net_a.peer_ok;
	vnet_report(&net_a, "A");
	ksft_test_result(state >= FIRST_FRAMES &&
			 state <= FIRST_FRAMES + MID_FRAMES &&
			 stream_intact(&net_a, state) &&
			 vq_used_idx(&dev_a.vq[VNET_TXQ]) == state,
			 "the state is where A's stream stopped: frames 0..%u at the peer, used index %u\n",
			 sent_by_a, vq_used_idx(&dev_a.vq[VNET_TXQ]));

	errno = 0;
	ksft_test_result(get_base(&dev_a, VNET_RXQ, &rx_base) && errno == EBUSY,
			 "the state of A's running receive queue is refused with EBUSY\n");

	if (resume_on_b(state)) {
		fail_with("B takes A's ring from the state and starts", &dev_b);
		ksft_exit_fail();
	}
	ksft_test_result_pass("B takes A's ring from the state and starts\n");

	vnet_pump(&net_b, 0, ALL_FRAMES, ALL_FRAMES, VDPA_WAIT_MS);
	vnet_settle(&net_b);
	vnet_report(&net_b, "A then B");
	/* B completed every frame where the ring says: from the state on */
	ksft_test_result(stream_intact(&net_b, ALL_FRAMES) &&
			 net_b.tx_done == ALL_FRAMES &&
			 vq_used_idx(&dev_b.vq[VNET_TXQ]) == ALL_FRAMES,
			 "the peer got all %u frames once each (%u from A, %u from B, %u bad), B's used index %u\n",
			 ALL_FRAMES, sent_by_a, net_b.peer_ok - sent_by_a,
			 net_b.bad, vq_used_idx(&dev_b.vq[VNET_TXQ]));

	vdpa_close(&dev_b);
	vdpa_close(&dev_a);
	vnet_peer_close(&net_a);
	ksft_finished();
}
