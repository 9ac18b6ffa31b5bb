/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core of a minimal userspace virtio driver on /dev/vhost-vdpa-N
 * (vhost_vdpa_util.c), linked into the selftests that drive a device
 * through vhost-vdpa and into lab/vdpa_bench.
 *
 * One open of the character device (vdpa_open):
 *   open, VHOST_SET_OWNER, VHOST_{GET,SET}_BACKEND_FEATURES (IOTLB_MSG_V2,
 *   plus IOTLB_BATCH when offered), and a 2 MiB memfd mapping that holds
 *   the rings and the buffers.
 * One bring-up (vdpa_start) inside an open:
 *   status 0 -> ACKNOWLEDGE -> DRIVER -> VHOST_SET_FEATURES -> FEATURES_OK
 *   (read back) -> one VHOST_IOTLB_UPDATE of the whole memory at a test
 *   IOVA -> per virtqueue VHOST_SET_VRING_NUM/ADDR/BASE/KICK/CALL and
 *   VHOST_VDPA_SET_VRING_ENABLE -> DRIVER_OK (read back).
 * vdpa_stop undoes a bring-up: status 0 (read back), kick and call
 * unbound and closed, doorbells unmapped, the IOTLB entry invalidated.
 * vdpa_close undoes the open.
 *
 * The device sees IOVAs only (VIRTIO_F_ACCESS_PLATFORM is always
 * negotiated), so every address written into a ring is an IOVA of the
 * one mapping. Split virtqueues only; no event index, no indirect
 * descriptors.
 *
 * Errors: a function that returns int returns 0 on success and -1 on
 * failure, with "<call>: <strerror> (errno N)" in dev->err, also printed
 * as a "# " line on stderr; a test only has to print dev->err.
 */
#ifndef VHOST_VDPA_UTIL_H
#define VHOST_VDPA_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/vhost.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>

#define VDPA_MEM_SIZE		(2UL << 20)
#define VDPA_IOVA_BASE		0x100000ULL
#define VDPA_MAX_VQS		9
#define VDPA_QSIZE_CAP		256
#define VDPA_WAIT_MS		5000
#define VDPA_REQUIRED_FEATURES	((1ULL << VIRTIO_F_VERSION_1) | \
				 (1ULL << VIRTIO_F_ACCESS_PLATFORM))
#define VDPA_STATUS_RUNNING	(VIRTIO_CONFIG_S_ACKNOWLEDGE | \
				 VIRTIO_CONFIG_S_DRIVER | \
				 VIRTIO_CONFIG_S_FEATURES_OK | \
				 VIRTIO_CONFIG_S_DRIVER_OK)
/* Newer than the build host's linux/vhost.h may be (6.4) */
#ifndef VHOST_BACKEND_F_RESUME
#define VHOST_BACKEND_F_RESUME	0x5
#endif
#ifndef VHOST_VDPA_RESUME
#define VHOST_VDPA_RESUME	_IO(VHOST_VIRTIO, 0x7E)
#endif
/* The kernel-internal ENOTSUPP can reach userspace from vhost_vdpa_mmap */
#define VDPA_ENOTSUPP		524

struct vdpa_dev;

/* One element of a descriptor chain */
struct vq_buf {
	uint64_t iova;
	uint32_t len;
	int device_writes;	/* VRING_DESC_F_WRITE */
};

struct vdpa_vq {
	struct vdpa_dev *dev;
	unsigned int idx;
	unsigned int num;	/* 0: not set up */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint64_t desc_iova, avail_iova, used_iova;
	int kickfd, callfd;
	volatile uint16_t *doorbell;	/* the mmap()ed notify page, or NULL */
	uint16_t avail_idx;	/* next free slot of the avail ring */
	uint16_t last_used;	/* next used element to consume */
	uint16_t free_head, num_free;
	void *token[VDPA_QSIZE_CAP];	/* per head descriptor, NULL if free */
	uint16_t chain_len[VDPA_QSIZE_CAP];
	unsigned long kicks, calls;
};

struct vdpa_dev {
	int fd;
	char path[128];
	uint32_t device_id;
	uint32_t nvqs;
	uint32_t config_size;
	uint16_t vq_num_max;
	uint64_t device_features;
	uint64_t features;		/* negotiated */
	uint64_t backend_offered, backend_features;
	struct vhost_vdpa_iova_range range;
	int memfd;
	uint8_t *mem;
	size_t mem_size, mem_used;
	uint64_t iova;
	int mapped;
	int started;
	struct vdpa_vq vq[VDPA_MAX_VQS];
	char err[512];
};

/* ---- errors, ioctls, time ---- */

/* Leaves "<what>: <strerror(err)> (errno ERR)" in d->err; returns -1. */
int vdpa_fail(struct vdpa_dev *d, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* strerror(), with a name for the kernel-internal ENOTSUPP too */
const char *vdpa_strerror(int err);
/* ioctl REQ on the device; a failure names NAME (and vq VQ if >= 0) */
int vdpa_named_ioctl(struct vdpa_dev *d, unsigned long req, void *arg,
		     const char *name, int vq);
#define VDPA_IOCTL(d, req, arg)	vdpa_named_ioctl(d, req, arg, #req, -1)
#define VDPA_VQ_IOCTL(d, req, arg, vq) \
	vdpa_named_ioctl(d, req, arg, #req, vq)
/* CLOCK_MONOTONIC in milliseconds */
uint64_t vdpa_now_ms(void);

/* ---- status ---- */

int vdpa_get_status(struct vdpa_dev *d, uint8_t *status);
int vdpa_set_status(struct vdpa_dev *d, uint8_t status);
/* Sets BITS on top of the current status; they must read back. */
int vdpa_add_status(struct vdpa_dev *d, uint8_t bits);
/* Status 0, and it must read back as 0. */
int vdpa_reset(struct vdpa_dev *d);

/* ---- IOTLB and memory ---- */

/* Writes one VHOST_IOTLB_MSG_V2 of TYPE to the device. */
int vdpa_iotlb_msg(struct vdpa_dev *d, uint8_t type, uint64_t iova,
		   uint64_t size, void *uaddr, uint8_t perm);
/* Maps the whole memory at d->iova (in a batch when negotiated). */
int vdpa_map_mem(struct vdpa_dev *d);
int vdpa_unmap_mem(struct vdpa_dev *d);
/* The IOVA of P, a pointer into the memory */
uint64_t vdpa_iova_of(struct vdpa_dev *d, const void *p);
/* SIZE zeroed bytes of the memory at ALIGN, *IOVA their IOVA; NULL if full */
void *vdpa_alloc(struct vdpa_dev *d, size_t size, size_t align,
		 uint64_t *iova);

/* ---- open, bring-up, tear-down ---- */

/* Opens PATH (NULL: fails with "no device"): owner, facts, memory. */
int vdpa_open(struct vdpa_dev *d, const char *path);
/*
 * Reset, ACKNOWLEDGE, DRIVER, the features (VERSION_1 | ACCESS_PLATFORM
 * and whatever of OPTIONAL the device offers), FEATURES_OK read back.
 */
int vdpa_negotiate(struct vdpa_dev *d, uint64_t optional);
/* Whether feature BIT was negotiated */
int vdpa_has(struct vdpa_dev *d, unsigned int bit);
/* Full bring-up with vqs 0 .. NVQS-1, up to QSIZE entries each. */
int vdpa_start(struct vdpa_dev *d, uint64_t optional, unsigned int nvqs,
	       unsigned int qsize);
/* Reset (read back as 0), vqs unbound, IOTLB entry removed. */
int vdpa_stop(struct vdpa_dev *d);
/* vdpa_stop, then the open undone; safe on a failed vdpa_open. */
int vdpa_close(struct vdpa_dev *d);
/* VHOST_VDPA_GET_CONFIG of LEN bytes at OFF into BUF */
int vdpa_get_config(struct vdpa_dev *d, unsigned int off, void *buf,
		    unsigned int len);

/* ---- virtqueues ---- */

/* Rings for vq IDX of up to QSIZE entries (0: the cap), eventfds, ioctls */
int vq_setup(struct vdpa_dev *d, unsigned int idx, unsigned int qsize);
int vq_enable(struct vdpa_dev *d, unsigned int idx, int on);
/*
 * Maps the notify page of vq IDX; kicks then go there instead of the kick
 * eventfd. Returns 0, or the errno of mmap (d->err says it, unprinted):
 * parents without a page-sized, page-aligned doorbell refuse it.
 */
int vq_map_doorbell(struct vdpa_dev *d, unsigned int idx);
void vq_unmap_doorbell(struct vdpa_dev *d, unsigned int idx);
/*
 * Adds one descriptor chain of N buffers and puts its head into the avail
 * ring; the device sees it after vq_publish(). TOKEN (not NULL) comes
 * back from vq_get_used().
 */
int vq_add(struct vdpa_vq *vq, const struct vq_buf *bufs, unsigned int n,
	   void *token);
/* Makes what vq_add() added visible to the device: the avail index */
void vq_publish(struct vdpa_vq *vq);
/* Notifies the device: the doorbell page if mapped, else the kick eventfd */
int vq_kick(struct vdpa_vq *vq);
/* The device's used index */
uint16_t vq_used_idx(struct vdpa_vq *vq);
/*
 * Takes the next used element: 1 and its token and length, 0 if there is
 * none, -1 if the device returned an id that is not in flight.
 */
int vq_get_used(struct vdpa_vq *vq, void **token, uint32_t *len);
/* Consumes a pending call of the vq; 1 if there was one. */
int vq_take_call(struct vdpa_vq *vq);
/*
 * Waits up to TIMEOUT_MS for a call on any set-up vq of the device or for
 * EXTRA_FD (-1: none) to be readable. Returns the number of ready fds,
 * 0 on time-out.
 */
int vdpa_wait(struct vdpa_dev *d, int extra_fd, int timeout_ms);

/* ---- test data ---- */

/* xorshift64*: the reproducible pseudo-random patterns of the tests */
uint64_t vdpa_prng(uint64_t *state);
/* LEN bytes of the pattern of SEED */
void vdpa_fill_pattern(uint8_t *p, size_t len, uint64_t seed);

#endif /* VHOST_VDPA_UTIL_H */
