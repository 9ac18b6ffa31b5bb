// SPDX-License-Identifier: GPL-2.0
/*
 * What a VMM needs of a net vDPA device to stop and restart a guest's
 * NIC, through /dev/vhost-vdpa-N and "vdpa dev vstats":
 *
 * - the per-queue vendor statistics count what really happened: the
 *   kicks and callbacks a stream of frames caused, and (where the
 *   function has them) the device's own ring positions, equal to the
 *   ring's indices;
 * - VHOST_BACKEND_F_SUSPEND and _RESUME are offered where the parent can
 *   keep them (EXPECT_SUSPEND=1) and not elsewhere;
 * - after VHOST_VDPA_SUSPEND the device sends nothing that is queued and
 *   kicked, every queue's state reads back, twice the same and equal to
 *   the used index; after VHOST_VDPA_RESUME the queued frames go out, and
 *   the whole stream arrives once each;
 * - the statistics count since the device's last reset: after a reset
 *   and a second bring-up they have only what that one made;
 * - a queue's state read after a reset (as QEMU 7.2 reads the control
 *   queue's at VM stop) is where the queue stood when the device was
 *   reset (EXPECT_RESET_STATE=kept), 0 (reset: vdpa_sim, the reference,
 *   reports the reset queue), or refused (EOPNOTSUPP: no ring state).
 *
 * Environment:
 *   VHOST_DEV, VDPA_NAME      the char device and the vDPA device's name
 *   PEER_IFNAME, PEER_NETNS   a peer netdev (optional: else loop-back)
 *   EXPECT_SUSPEND            1 if suspend and resume must be offered
 *   EXPECT_VSTATS             none, counters, or lm (counters and the
 *                             device's ring positions)
 *   EXPECT_RESET_STATE        kept, reset or refused (unset: skipped)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vnet_util.h"
#include "kselftest.h"

#define ONE_BY_ONE	8	/* frames sent one at a time for the counts */
#define HELD_FRAMES	32	/* queued while suspended */
#define QUIET_MS	500

static struct vdpa_dev dev;
static struct vnet net;

/*
 * The value of vendor attribute NAME of queue QIDX from
 * "vdpa -j dev vstats show", or -1 if absent (or vstats failed).
 */
static long long vstat(const char *vdpa_name, unsigned int qidx,
		       const char *name)
{
	char cmd[256], out[1024], key[64], *p;
	long long v = -1;
	size_t len;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "/sbin/vdpa -j dev vstats show %s qidx %u 2>&1",
		 vdpa_name, qidx);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	len = fread(out, 1, sizeof(out) - 1, f);
	out[len] = 0;
	pclose(f);
	snprintf(key, sizeof(key), "\"%s\":", name);
	p = strstr(out, key);
	if (p)
		v = strtoll(p + strlen(key), NULL, 10);
	else
		ksft_print_msg("vstats qidx %u: no %s in: %s\n", qidx, name, out);
	return v;
}

/* The counts of queue Q as vstats has them and as the test made them */
static int counters_match(const char *name, unsigned int q)
{
	struct vdpa_vq *vq = &dev.vq[q];
	long long kicks = vstat(name, q, "kicks");
	long long cbs = vstat(name, q, "callbacks");

	while (vq_take_call(vq))
		;
	ksft_print_msg("vq %u: vstats kicks %lld callbacks %lld; test kicked %lu, was called %lu\n",
		       q, kicks, cbs, vq->kicks, vq->calls);
	return kicks == (long long)vq->kicks && cbs == (long long)vq->calls;
}

/* WITH_USED: the layout has the device's used index (else no completed_desc) */
static int positions_match(const char *name, unsigned int q, int with_used)
{
	struct vdpa_vq *vq = &dev.vq[q];
	long long rx = vstat(name, q, "received_desc");
	long long done = with_used ? vstat(name, q, "completed_desc") : -1;

	ksft_print_msg("vq %u: vstats received_desc %lld completed_desc %lld; ring avail %u used %u\n",
		       q, rx, done, vq->avail_idx, vq_used_idx(vq));
	if (q == VNET_TXQ && rx != vq->avail_idx)
		return 0;
	if (q == VNET_RXQ && rx != vq_used_idx(vq))
		return 0;
	if (!with_used)
		return vstat(name, q, "completed_desc") < 0;
	return done == vq_used_idx(vq);
}

static void test_vstats(const char *name, const char *expect)
{
	int sent = 1, with_used;
	unsigned int i;

	for (i = 0; i < ONE_BY_ONE && sent; i++)
		sent = !vnet_exchange(&net, i, 1);
	/* and the other way, where a peer can send (else the loop-back did) */
	for (i = 0; i < ONE_BY_ONE && sent && vnet_has_peer(&net); i++)
		sent = !vnet_peer_send(&net, VNET_MAX_SEQ - 1 - i, 1) &&
		       !vnet_pump(&net, i + 1, 0, 0, VDPA_WAIT_MS);
	if (!sent)
		ksft_print_msg("%s\n", dev.err);
	if (!strcmp(expect, "none")) {
		ksft_test_result_skip("vstats of every queue count what happened: the parent has no vendor statistics\n");
		ksft_test_result_skip("vstats give the device's ring positions: the parent has no vendor statistics\n");
		return;
	}
	ksft_test_result(sent && counters_match(name, VNET_RXQ) &&
			 counters_match(name, VNET_TXQ),
			 "vstats of every queue count what happened: %u frames each way, kicks and callbacks as made\n",
			 ONE_BY_ONE);
	if (strncmp(expect, "lm", 2)) {
		ksft_test_result(vstat(name, VNET_TXQ, "received_desc") < 0,
				 "vstats give no ring positions without an LM region\n");
		return;
	}
	with_used = !strcmp(expect, "lm");
	ksft_test_result(positions_match(name, VNET_RXQ, with_used) &&
			 positions_match(name, VNET_TXQ, with_used),
			 "vstats give the device's ring positions, as the rings have them%s\n",
			 with_used ? "" : " (the flat layout: avail only)");
}

static int get_base(unsigned int idx, uint16_t *base)
{
	struct vhost_vring_state s = { .index = idx };

	if (VDPA_VQ_IOCTL(&dev, VHOST_GET_VRING_BASE, &s, idx))
		return -1;
	*base = s.num;
	return 0;
}

/* Every queue's state, twice the same, equal to its used index */
static int states_stable(void)
{
	uint16_t a, b;
	unsigned int q;

	for (q = VNET_RXQ; q <= VNET_TXQ; q++) {
		if (get_base(q, &a) || get_base(q, &b))
			return 0;
		ksft_print_msg("vq %u: state %u then %u, used index %u\n",
			       q, a, b, vq_used_idx(&dev.vq[q]));
		if (a != b || a != vq_used_idx(&dev.vq[q]))
			return 0;
	}
	return 1;
}

/* Frames of the stream that arrived: at the peer, or back on our ring */
static unsigned int arrived(void)
{
	return vnet_has_peer(&net) ? net.peer_ok : net.ring_ok;
}

static void test_suspend(int expect)
{
	uint64_t both = (1ULL << VHOST_BACKEND_F_SUSPEND) |
			(1ULL << VHOST_BACKEND_F_RESUME);
	unsigned int before;

	ksft_test_result((dev.backend_offered & both) == (expect ? both : 0),
			 "suspend and resume are %soffered\n", expect ? "" : "not ");
	if (!expect) {
		errno = 0;
		ksft_test_result(ioctl(dev.fd, VHOST_VDPA_SUSPEND) && errno == EOPNOTSUPP,
				 "VHOST_VDPA_SUSPEND is refused with EOPNOTSUPP\n");
		return;
	}
	before = arrived();
	if (VDPA_IOCTL(&dev, VHOST_VDPA_SUSPEND, NULL) ||
	    vnet_tx_send(&net, ONE_BY_ONE, HELD_FRAMES)) {
		ksft_print_msg("%s\n", dev.err);
		ksft_test_result_fail("a suspended device sends nothing queued and kicked\n");
		return;
	}
	vnet_pump(&net, vnet_has_peer(&net) ? 0 : HELD_FRAMES,
		  vnet_has_peer(&net) ? HELD_FRAMES : 0, HELD_FRAMES, QUIET_MS);
	ksft_test_result(arrived() == before,
			 "a suspended device sends nothing queued and kicked (%u arrived)\n",
			 arrived() - before);
	ksft_test_result(states_stable(),
			 "every queue's state reads back while suspended, stable and at its used index\n");
	if (VDPA_IOCTL(&dev, VHOST_VDPA_RESUME, NULL))
		ksft_print_msg("%s\n", dev.err);
	vnet_pump(&net, vnet_has_peer(&net) ? 0 : ONE_BY_ONE + HELD_FRAMES,
		  vnet_has_peer(&net) ? ONE_BY_ONE + HELD_FRAMES : 0,
		  ONE_BY_ONE + HELD_FRAMES, VDPA_WAIT_MS);
	vnet_settle(&net);
	vnet_report(&net, "after resume");
	ksft_test_result(arrived() == ONE_BY_ONE + HELD_FRAMES && !net.bad,
			 "after resume the held frames go out: all %u once each\n",
			 ONE_BY_ONE + HELD_FRAMES);
}

/* Each queue's state after a reset, against what EXPECT says it is */
static void test_state_after_reset(const char *expect)
{
	uint16_t used[VNET_TXQ + 1], base;
	unsigned int q;
	int ok = 1;

	if (!expect) {
		ksft_test_result_skip("a queue's state after a reset: no EXPECT_RESET_STATE for this parent\n");
		return;
	}
	for (q = VNET_RXQ; q <= VNET_TXQ; q++)
		used[q] = vq_used_idx(&dev.vq[q]);
	if (vdpa_reset(&dev)) {
		ksft_print_msg("%s\n", dev.err);
		ksft_test_result_fail("a queue's state after a reset is %s\n", expect);
		return;
	}
	for (q = VNET_RXQ; q <= VNET_TXQ; q++) {
		errno = 0;
		if (get_base(q, &base)) {
			ksft_print_msg("vq %u: %s\n", q, dev.err);
			ok &= !strcmp(expect, "refused") && errno == EOPNOTSUPP;
			continue;
		}
		ksft_print_msg("vq %u: state %u after the reset, used index %u\n",
			       q, base, used[q]);
		if (!strcmp(expect, "kept"))
			ok &= base == used[q] && used[q] > 0;
		else
			ok &= !strcmp(expect, "reset") && base == 0;
	}
	ksft_test_result(ok, "a queue's state after a reset is %s\n", expect);
}

/*
 * A reset, a second bring-up and one frame each way: the counts have
 * that bring-up's kicks and callbacks only.
 */
static void test_vstats_reset(const char *name, const char *expect)
{
	int sent;

	if (!strcmp(expect, "none")) {
		ksft_test_result_skip("vstats count from 0 again after a reset: the parent has no vendor statistics\n");
		return;
	}
	net.run++;
	sent = !vdpa_stop(&dev) && !vnet_up(&net) && !vnet_rx_fill(&net) &&
	       !vnet_exchange(&net, 0, 1);
	if (sent && vnet_has_peer(&net))
		sent = !vnet_peer_send(&net, VNET_MAX_SEQ - 1, 1) &&
		       !vnet_pump(&net, 1, 0, 0, VDPA_WAIT_MS);
	if (!sent)
		ksft_print_msg("%s\n", dev.err);
	ksft_test_result(sent && counters_match(name, VNET_RXQ) &&
			 counters_match(name, VNET_TXQ),
			 "vstats count from 0 again after a reset: one bring-up's kicks and callbacks\n");
}

int main(void)
{
	const char *name = getenv("VDPA_NAME");
	const char *peer_if = getenv("PEER_IFNAME");
	const char *vstats = getenv("EXPECT_VSTATS");
	const char *suspend = getenv("EXPECT_SUSPEND");
	int expect_suspend = suspend && !strcmp(suspend, "1");

	ksft_print_header();
	ksft_set_plan(4 + (expect_suspend ? 4 : 2));
	vnet_init(&net, &dev);
	if (!name || !vstats)
		ksft_exit_fail_msg("VDPA_NAME and EXPECT_VSTATS are required\n");
	if (vdpa_open(&dev, getenv("VHOST_DEV")))
		ksft_exit_fail_msg("%s\n", dev.err);
	if (peer_if && *peer_if &&
	    vnet_peer_open(&net, getenv("PEER_NETNS"), peer_if))
		ksft_exit_fail_msg("%s\n", dev.err);
	if (vnet_up(&net) || vnet_rx_fill(&net))
		ksft_exit_fail_msg("%s\n", dev.err);

	test_vstats(name, vstats);
	test_suspend(expect_suspend);
	test_state_after_reset(getenv("EXPECT_RESET_STATE"));
	test_vstats_reset(name, vstats);

	vdpa_close(&dev);
	vnet_peer_close(&net);
	ksft_finished();
}
