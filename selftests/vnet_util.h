/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal userspace virtio-net driver over vhost_vdpa_util
 * (vnet_util.c), shared by vhost_vdpa_net.c and the fuzzer's check that
 * the device still works: receive queue 0, transmit queue 1, no control
 * queue, no offloads.
 *
 * The frames carry ethertype 0x88b5 (IEEE local experimental), a magic, a
 * run id and a sequence number, then a pseudo-random payload derived from
 * them, 60..1514 bytes long; every frame received is rebuilt from its
 * sequence number and compared byte for byte. Frames of other senders or
 * other runs are counted as foreign and otherwise ignored.
 *
 * Without a peer (vdpa_sim_net) the device loops each transmitted frame
 * into its own receive queue when it is addressed to the device's MAC, so
 * the frames go to our own MAC and come back on our receive ring. With a
 * peer NIC (vnet_peer_open) the frames go to the peer's MAC and are read
 * from an AF_PACKET socket on the peer netdev, and frames the peer sends
 * through that socket to our MAC must arrive on our receive ring.
 *
 * Functions returning int return 0 or -1 with the reason in dev->err.
 */
#ifndef VNET_UTIL_H
#define VNET_UTIL_H

#include <stdint.h>
#include <linux/if_ether.h>
#include <linux/virtio_net.h>

#include "vhost_vdpa_util.h"

#define VNET_RXQ	0
#define VNET_TXQ	1
/*
 * No VIRTIO_NET_F_MTU: the receive buffers hold 1514-byte frames, not
 * whatever MTU the device would announce; no offloads, no MRG_RXBUF.
 */
#define VNET_FEATURES	((1ULL << VIRTIO_NET_F_MAC) | \
			 (1ULL << VIRTIO_NET_F_STATUS))
#define VNET_FRAMES	64	/* the most vnet_burst() gives */
#define VNET_MAX_SEQ	2048	/* sequence numbers 0 .. VNET_MAX_SEQ-1 */

struct vnet_slot {
	uint8_t *va;
	uint64_t iova;
	int busy;
	uint32_t seq;
};

struct vnet {
	struct vdpa_dev *dev;
	uint8_t mac[ETH_ALEN];
	uint8_t peer_mac[ETH_ALEN];
	int peer_fd;		/* -1: no peer */
	uint32_t run;		/* in every frame: tells this run's apart */
	int refill;		/* vnet_pump() reposts used receive buffers */
	struct vnet_slot rx[VDPA_QSIZE_CAP];
	struct vnet_slot tx[VDPA_QSIZE_CAP];
	/* what the current bring-up has seen */
	unsigned int rx_posted;
	unsigned int ring_ok, peer_ok, bad, foreign, tx_done, tx_sent;
	unsigned long tx_bytes, ok_bytes;
	uint8_t seen_ring[VNET_MAX_SEQ], seen_peer[VNET_MAX_SEQ];
};

/* N to drive DEV (opened), no peer, a run id of this process and time */
void vnet_init(struct vnet *n, struct vdpa_dev *dev);
/*
 * The AF_PACKET socket on the peer netdev IFNAME in network namespace NS
 * (NULL or "": ours), and the peer's MAC.
 */
int vnet_peer_open(struct vnet *n, const char *ns, const char *ifname);
void vnet_peer_close(struct vnet *n);
int vnet_has_peer(const struct vnet *n);
/*
 * Bring-up with both data queues, our MAC from the config space, a
 * buffer per descriptor of each queue; the counts start from 0.
 */
int vnet_up(struct vnet *n);
/* Gives the device every free receive buffer, then kicks. */
int vnet_rx_fill(struct vnet *n);
/*
 * Sends frames FIRST .. FIRST+COUNT-1 on the transmit queue, to the peer
 * or to ourselves; odd sequence numbers split header and frame.
 */
int vnet_tx_send(struct vnet *n, uint32_t first, unsigned int count);
/* Sends frames FIRST .. FIRST+COUNT-1 from the peer netdev to our MAC. */
int vnet_peer_send(struct vnet *n, uint32_t first, unsigned int count);
/*
 * Collects until RING frames arrived on our receive ring, PEER at the
 * peer and TX were completed, or TIMEOUT_MS passed (-1, ETIMEDOUT).
 */
int vnet_pump(struct vnet *n, unsigned int ring, unsigned int peer,
	      unsigned int tx, int timeout_ms);
/* Waits a little longer so that duplicates and strays get counted too. */
void vnet_settle(struct vnet *n);
/*
 * Sends COUNT frames from FIRST on and waits for all of them: back on our
 * receive ring without a peer, at the peer with one; then vnet_settle().
 */
int vnet_exchange(struct vnet *n, uint32_t first, unsigned int count);
/* Half the smaller ring, at most VNET_FRAMES: a burst that always fits */
unsigned int vnet_burst(struct vnet *n);
/* A "# WHAT: sent ..., rx ring ..., peer ..." line of the counts */
void vnet_report(struct vnet *n, const char *what);

#endif /* VNET_UTIL_H */
