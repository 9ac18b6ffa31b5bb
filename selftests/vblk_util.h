/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal userspace virtio-blk driver over vhost_vdpa_util
 * (vblk_util.c), shared by vhost_vdpa_blk.c and the fuzzer's check that
 * the device still works: one request queue (vq 0).
 *
 * A request is a descriptor chain: the 16-byte out header
 * (device-readable), the data split into segments (device-readable for
 * T_OUT, device-writable for T_IN and T_GET_ID), and the status byte
 * (device-writable). The status byte is poisoned with VBLK_POISON before
 * each request, so a request the device never answers cannot pass.
 *
 * Functions returning int return 0 or -1 with the reason in dev->err.
 */
#ifndef VBLK_UTIL_H
#define VBLK_UTIL_H

#include <stdint.h>
#include <linux/virtio_blk.h>

#include "vhost_vdpa_util.h"

#define VBLK_FEATURES	((1ULL << VIRTIO_BLK_F_FLUSH) | \
			 (1ULL << VIRTIO_BLK_F_BLK_SIZE) | \
			 (1ULL << VIRTIO_BLK_F_SIZE_MAX) | \
			 (1ULL << VIRTIO_BLK_F_SEG_MAX) | \
			 (1ULL << VIRTIO_BLK_F_RO))
#define VBLK_SECTOR	512
#define VBLK_IO_SECTORS	64		/* 32 KiB per data slot */
#define VBLK_IO_BYTES	(VBLK_IO_SECTORS * VBLK_SECTOR)
#define VBLK_SLOTS	16		/* data slots of VBLK_IO_BYTES */
#define VBLK_MAX_REQS	16		/* requests in flight */
#define VBLK_POISON	0xff

struct vblk_req {
	struct virtio_blk_outhdr *hdr;
	uint64_t hdr_iova;
	uint8_t *status;
	uint64_t status_iova;
	int done;
	uint32_t used_len;
};

struct vblk {
	struct vdpa_dev *dev;
	uint64_t capacity;	/* in sectors */
	uint32_t size_max, seg_max, blk_size;
	uint8_t *data;		/* VBLK_SLOTS slots */
	uint64_t data_iova;
	struct vblk_req req[VBLK_MAX_REQS];
	unsigned int queued;
	uint8_t status[VBLK_MAX_REQS];	/* of each request of vblk_run() */
};

/* B to drive DEV (opened) */
void vblk_init(struct vblk *b, struct vdpa_dev *dev);
/* Reads capacity, size_max, seg_max and blk_size (512 if not offered). */
int vblk_config(struct vblk *b);
/* Bring-up with VBLK_FEATURES, the config, request headers and data. */
int vblk_up(struct vblk *b);
/* Data slot SLOT, VBLK_IO_BYTES long */
uint8_t *vblk_data(struct vblk *b, unsigned int slot);
/* Largest segment within WANT and the device's size_max, whole sectors */
uint32_t vblk_seg_len(struct vblk *b, uint32_t want);
/*
 * Queues request REQ: TYPE at SECTOR with LEN bytes of data at data slot
 * SLOT, in segments of SEG bytes; the device writes the data for
 * T_IN/T_GET_ID. vblk_run() sends what is queued.
 */
int vblk_queue(struct vblk *b, unsigned int req, uint32_t type,
	       uint64_t sector, unsigned int slot, uint32_t len, uint32_t seg);
/*
 * Publishes and kicks what is queued, then waits until all of it is
 * completed. Returns 0 when it was, with each status in b->status.
 */
int vblk_run(struct vblk *b);

#endif /* VBLK_UTIL_H */
