// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal userspace virtio driver on /dev/vhost-vdpa-N: the open, the
 * bring-up, split virtqueues and the tear-down; see vhost_vdpa_util.h.
 *
 * The memory is a shared file mapping (memfd): parents that use virtual
 * addresses (vdpa_sim with use_va) only map VM_SHARED file mappings and
 * silently skip anything else, parents behind the platform IOMMU pin the
 * pages; a memfd suits both.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vhost_vdpa_util.h"

/* ---- errors, ioctls, time ---- */

const char *vdpa_strerror(int err)
{
	return err == VDPA_ENOTSUPP ? "ENOTSUPP" : strerror(err);
}

int vdpa_fail(struct vdpa_dev *d, int err, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (err)
		snprintf(d->err, sizeof(d->err), "%s: %s (errno %d)",
			 what, vdpa_strerror(err), err);
	else
		snprintf(d->err, sizeof(d->err), "%s", what);
	fprintf(stderr, "# %s: %s\n", d->path, d->err);
	errno = err ? err : EIO;
	return -1;
}

int vdpa_named_ioctl(struct vdpa_dev *d, unsigned long req, void *arg,
		     const char *name, int vq)
{
	if (ioctl(d->fd, req, arg) == 0)
		return 0;
	if (vq >= 0)
		return vdpa_fail(d, errno, "%s(vq %d)", name, vq);
	return vdpa_fail(d, errno, "%s", name);
}

uint64_t vdpa_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- status ---- */

int vdpa_get_status(struct vdpa_dev *d, uint8_t *status)
{
	return VDPA_IOCTL(d, VHOST_VDPA_GET_STATUS, status);
}

int vdpa_set_status(struct vdpa_dev *d, uint8_t status)
{
	return VDPA_IOCTL(d, VHOST_VDPA_SET_STATUS, &status);
}

int vdpa_add_status(struct vdpa_dev *d, uint8_t bits)
{
	uint8_t s;

	if (vdpa_get_status(d, &s) || vdpa_set_status(d, s | bits) ||
	    vdpa_get_status(d, &s))
		return -1;
	if ((s & bits) != bits)
		return vdpa_fail(d, 0, "status reads 0x%02x after setting 0x%02x",
				 s, bits);
	if (s & (VIRTIO_CONFIG_S_NEEDS_RESET | VIRTIO_CONFIG_S_FAILED))
		return vdpa_fail(d, 0, "status reads 0x%02x (NEEDS_RESET/FAILED)",
				 s);
	return 0;
}

int vdpa_reset(struct vdpa_dev *d)
{
	uint8_t s;

	if (vdpa_set_status(d, 0) || vdpa_get_status(d, &s))
		return -1;
	if (s != 0)
		return vdpa_fail(d, 0, "status reads 0x%02x after reset", s);
	return 0;
}

/* ---- IOTLB ---- */

static const char *vdpa_iotlb_name(uint8_t type)
{
	switch (type) {
	case VHOST_IOTLB_UPDATE: return "VHOST_IOTLB_UPDATE";
	case VHOST_IOTLB_INVALIDATE: return "VHOST_IOTLB_INVALIDATE";
	case VHOST_IOTLB_BATCH_BEGIN: return "VHOST_IOTLB_BATCH_BEGIN";
	case VHOST_IOTLB_BATCH_END: return "VHOST_IOTLB_BATCH_END";
	}
	return "VHOST_IOTLB_?";
}

int vdpa_iotlb_msg(struct vdpa_dev *d, uint8_t type, uint64_t iova,
		   uint64_t size, void *uaddr, uint8_t perm)
{
	struct vhost_msg_v2 msg;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	msg.type = VHOST_IOTLB_MSG_V2;
	msg.iotlb.type = type;
	msg.iotlb.iova = iova;
	msg.iotlb.size = size;
	msg.iotlb.uaddr = (uint64_t)(uintptr_t)uaddr;
	msg.iotlb.perm = perm;
	n = write(d->fd, &msg, sizeof(msg));
	if (n == (ssize_t)sizeof(msg))
		return 0;
	/* vhost turns any failure of an IOTLB message into EFAULT */
	return vdpa_fail(d, n < 0 ? errno : EIO,
			 "write(%s iova 0x%llx size 0x%llx) returned %zd, vhost's EFAULT stands for any refusal",
			 vdpa_iotlb_name(type), (unsigned long long)iova,
			 (unsigned long long)size, n);
}

int vdpa_map_mem(struct vdpa_dev *d)
{
	int batch = !!(d->backend_features &
		       (1ULL << VHOST_BACKEND_F_IOTLB_BATCH));

	if (batch && vdpa_iotlb_msg(d, VHOST_IOTLB_BATCH_BEGIN, 0, 0, NULL, 0))
		return -1;
	if (vdpa_iotlb_msg(d, VHOST_IOTLB_UPDATE, d->iova, d->mem_size,
			   d->mem, VHOST_ACCESS_RW))
		return -1;
	d->mapped = 1;
	if (batch && vdpa_iotlb_msg(d, VHOST_IOTLB_BATCH_END, 0, 0, NULL, 0))
		return -1;
	return 0;
}

int vdpa_unmap_mem(struct vdpa_dev *d)
{
	if (!d->mapped)
		return 0;
	d->mapped = 0;
	return vdpa_iotlb_msg(d, VHOST_IOTLB_INVALIDATE, d->iova,
			      d->mem_size, NULL, 0);
}

/* ---- memory: a bump allocator over the one mapping ---- */

uint64_t vdpa_iova_of(struct vdpa_dev *d, const void *p)
{
	return d->iova + (uint64_t)((const uint8_t *)p - d->mem);
}

void *vdpa_alloc(struct vdpa_dev *d, size_t size, size_t align,
		 uint64_t *iova)
{
	size_t off = (d->mem_used + align - 1) & ~(align - 1);

	if (off + size > d->mem_size) {
		vdpa_fail(d, ENOMEM, "%zu bytes more of the %zu byte region",
			  size, d->mem_size);
		return NULL;
	}
	d->mem_used = off + size;
	memset(d->mem + off, 0, size);
	if (iova)
		*iova = d->iova + off;
	return d->mem + off;
}

/* ---- open / close ---- */

/* The device facts every test prints or checks, and backend features */
static int vdpa_query(struct vdpa_dev *d)
{
	uint64_t want;

	if (VDPA_IOCTL(d, VHOST_SET_OWNER, NULL) ||
	    VDPA_IOCTL(d, VHOST_VDPA_GET_DEVICE_ID, &d->device_id) ||
	    VDPA_IOCTL(d, VHOST_VDPA_GET_VQS_COUNT, &d->nvqs) ||
	    VDPA_IOCTL(d, VHOST_VDPA_GET_CONFIG_SIZE, &d->config_size) ||
	    VDPA_IOCTL(d, VHOST_VDPA_GET_VRING_NUM, &d->vq_num_max) ||
	    VDPA_IOCTL(d, VHOST_VDPA_GET_IOVA_RANGE, &d->range) ||
	    VDPA_IOCTL(d, VHOST_GET_FEATURES, &d->device_features) ||
	    VDPA_IOCTL(d, VHOST_GET_BACKEND_FEATURES, &d->backend_offered))
		return -1;

	if (!(d->backend_offered & (1ULL << VHOST_BACKEND_F_IOTLB_MSG_V2)))
		return vdpa_fail(d, 0, "backend features 0x%llx lack IOTLB_MSG_V2",
				 (unsigned long long)d->backend_offered);
	want = d->backend_offered & ((1ULL << VHOST_BACKEND_F_IOTLB_MSG_V2) |
				     (1ULL << VHOST_BACKEND_F_IOTLB_BATCH));
	if (VDPA_IOCTL(d, VHOST_SET_BACKEND_FEATURES, &want))
		return -1;
	d->backend_features = want;
	return 0;
}

/* The memfd mapping and the IOVA it goes to, in the device's range */
static int vdpa_make_mem(struct vdpa_dev *d)
{
	long page = sysconf(_SC_PAGESIZE);

	d->mem_size = VDPA_MEM_SIZE;
	d->memfd = memfd_create("vhost-vdpa-selftest", MFD_CLOEXEC);
	if (d->memfd < 0)
		return vdpa_fail(d, errno, "memfd_create");
	if (ftruncate(d->memfd, d->mem_size))
		return vdpa_fail(d, errno, "ftruncate(memfd, %zu)", d->mem_size);
	d->mem = mmap(NULL, d->mem_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      d->memfd, 0);
	if (d->mem == MAP_FAILED) {
		d->mem = NULL;
		return vdpa_fail(d, errno, "mmap(%zu bytes of memfd)",
				 d->mem_size);
	}
	memset(d->mem, 0, d->mem_size);

	d->iova = VDPA_IOVA_BASE;
	if (d->iova < d->range.first)
		d->iova = (d->range.first + page - 1) & ~((uint64_t)page - 1);
	if (d->iova + d->mem_size - 1 > d->range.last)
		return vdpa_fail(d, 0, "no room for 0x%zx bytes at IOVA 0x%llx in [0x%llx, 0x%llx]",
				 d->mem_size, (unsigned long long)d->iova,
				 (unsigned long long)d->range.first,
				 (unsigned long long)d->range.last);
	return 0;
}

int vdpa_open(struct vdpa_dev *d, const char *path)
{
	int i;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->memfd = -1;
	for (i = 0; i < VDPA_MAX_VQS; i++)
		d->vq[i].kickfd = d->vq[i].callfd = -1;
	snprintf(d->path, sizeof(d->path), "%s", path ? path : "(unset)");
	if (!path)
		return vdpa_fail(d, EINVAL, "no device: set VHOST_DEV");

	d->fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		return vdpa_fail(d, errno, "open(%s)", path);
	if (vdpa_query(d))
		return -1;
	return vdpa_make_mem(d);
}

/* ---- virtqueues ---- */

/* The largest power of two within QSIZE, the device's and our limit */
static unsigned int vq_size(struct vdpa_dev *d, unsigned int qsize)
{
	unsigned int num;

	if (!qsize || qsize > VDPA_QSIZE_CAP)
		qsize = VDPA_QSIZE_CAP;
	if (qsize > d->vq_num_max)
		qsize = d->vq_num_max;
	for (num = 1; num * 2 <= qsize; num *= 2)
		;
	return num;
}

/* VHOST_SET_VRING_NUM/ADDR/BASE/KICK/CALL of a vq whose rings are made */
static int vq_tell_device(struct vdpa_dev *d, struct vdpa_vq *vq,
			  unsigned int num)
{
	struct vhost_vring_state state = { .index = vq->idx, .num = num };
	struct vhost_vring_file file = { .index = vq->idx };
	struct vhost_vring_addr addr;
	int idx = vq->idx;

	if (VDPA_VQ_IOCTL(d, VHOST_SET_VRING_NUM, &state, idx))
		return -1;
	memset(&addr, 0, sizeof(addr));
	addr.index = vq->idx;
	addr.desc_user_addr = vq->desc_iova;
	addr.avail_user_addr = vq->avail_iova;
	addr.used_user_addr = vq->used_iova;
	if (VDPA_VQ_IOCTL(d, VHOST_SET_VRING_ADDR, &addr, idx))
		return -1;
	state.num = 0;
	if (VDPA_VQ_IOCTL(d, VHOST_SET_VRING_BASE, &state, idx))
		return -1;
	file.fd = vq->kickfd;
	if (VDPA_VQ_IOCTL(d, VHOST_SET_VRING_KICK, &file, idx))
		return -1;
	file.fd = vq->callfd;
	return VDPA_VQ_IOCTL(d, VHOST_SET_VRING_CALL, &file, idx);
}

int vq_setup(struct vdpa_dev *d, unsigned int idx, unsigned int qsize)
{
	struct vdpa_vq *vq = &d->vq[idx];
	unsigned int num, i;

	if (idx >= VDPA_MAX_VQS || idx >= d->nvqs)
		return vdpa_fail(d, 0, "vq %u: the device has %u", idx, d->nvqs);
	num = vq_size(d, qsize);
	if (num < 2)
		return vdpa_fail(d, 0, "vq %u: device queue size %u is too small",
				 idx, d->vq_num_max);

	memset(vq, 0, sizeof(*vq));
	vq->dev = d;
	vq->idx = idx;
	vq->kickfd = vq->callfd = -1;
	vq->desc = vdpa_alloc(d, 16 * num, 4096, &vq->desc_iova);
	vq->avail = vdpa_alloc(d, 6 + 2 * num, 4096, &vq->avail_iova);
	vq->used = vdpa_alloc(d, 6 + 8 * num, 4096, &vq->used_iova);
	if (!vq->desc || !vq->avail || !vq->used)
		return -1;
	for (i = 0; i < num; i++)
		vq->desc[i].next = htole16((i + 1) % num);
	vq->free_head = 0;
	vq->num_free = num;

	vq->kickfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	vq->callfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (vq->kickfd < 0 || vq->callfd < 0)
		return vdpa_fail(d, errno, "eventfd (vq %u)", idx);
	if (vq_tell_device(d, vq, num))
		return -1;
	vq->num = num;
	return 0;
}

int vq_enable(struct vdpa_dev *d, unsigned int idx, int on)
{
	struct vhost_vring_state state = { .index = idx, .num = !!on };

	return VDPA_VQ_IOCTL(d, VHOST_VDPA_SET_VRING_ENABLE, &state, idx);
}

/* vhost_vdpa_mmap: one page, write only, shared, at offset IDX * page */
int vq_map_doorbell(struct vdpa_dev *d, unsigned int idx)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	p = mmap(NULL, page, PROT_WRITE, MAP_SHARED, d->fd, (off_t)idx * page);
	if (p == MAP_FAILED) {
		int err = errno;

		snprintf(d->err, sizeof(d->err),
			 "mmap(notify page of vq %u): %s (errno %d)", idx,
			 vdpa_strerror(err), err);
		return err;
	}
	d->vq[idx].doorbell = p;
	return 0;
}

void vq_unmap_doorbell(struct vdpa_dev *d, unsigned int idx)
{
	struct vdpa_vq *vq = &d->vq[idx];

	if (vq->doorbell)
		munmap((void *)vq->doorbell, sysconf(_SC_PAGESIZE));
	vq->doorbell = NULL;
}

int vq_add(struct vdpa_vq *vq, const struct vq_buf *bufs, unsigned int n,
	   void *token)
{
	uint16_t head = vq->free_head, i = head, last = head;
	unsigned int k;

	if (!n || n > vq->num_free || !token)
		return vdpa_fail(vq->dev, ENOSPC, "vq %u: %u descriptors, %u free",
				 vq->idx, n, vq->num_free);
	for (k = 0; k < n; k++) {
		struct vring_desc *desc = &vq->desc[i];

		desc->addr = htole64(bufs[k].iova);
		desc->len = htole32(bufs[k].len);
		desc->flags = htole16((bufs[k].device_writes ? VRING_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VRING_DESC_F_NEXT : 0));
		last = i;
		i = le16toh(desc->next);
	}
	vq->free_head = le16toh(vq->desc[last].next);
	vq->num_free -= n;
	vq->token[head] = token;
	vq->chain_len[head] = n;
	vq->avail->ring[vq->avail_idx % vq->num] = htole16(head);
	vq->avail_idx++;
	return 0;
}

void vq_publish(struct vdpa_vq *vq)
{
	/* descriptors and ring entries before the index */
	__atomic_store_n(&vq->avail->idx, htole16(vq->avail_idx),
			 __ATOMIC_RELEASE);
}

int vq_kick(struct vdpa_vq *vq)
{
	uint64_t one = 1;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->kicks++;
	if (vq->doorbell) {
		*vq->doorbell = (uint16_t)vq->idx;
		return 0;
	}
	if (write(vq->kickfd, &one, sizeof(one)) != sizeof(one))
		return vdpa_fail(vq->dev, errno, "write(kick eventfd of vq %u)",
				 vq->idx);
	return 0;
}

uint16_t vq_used_idx(struct vdpa_vq *vq)
{
	return le16toh(__atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE));
}

int vq_get_used(struct vdpa_vq *vq, void **token, uint32_t *len)
{
	struct vring_used_elem *e;
	uint32_t id;
	uint16_t i, n;

	if (vq_used_idx(vq) == vq->last_used)
		return 0;
	e = &vq->used->ring[vq->last_used % vq->num];
	id = le32toh(e->id);
	*len = le32toh(e->len);
	vq->last_used++;
	if (id >= vq->num || !vq->token[id])
		return vdpa_fail(vq->dev, 0, "vq %u: used element %u has id %u, which is not in flight",
				 vq->idx, (uint16_t)(vq->last_used - 1), id);
	*token = vq->token[id];
	vq->token[id] = NULL;
	/* back to the free list */
	for (i = id, n = vq->chain_len[id]; --n; )
		i = le16toh(vq->desc[i].next);
	vq->desc[i].next = htole16(vq->free_head);
	vq->free_head = id;
	vq->num_free += vq->chain_len[id];
	return 1;
}

int vq_take_call(struct vdpa_vq *vq)
{
	uint64_t n;

	if (vq->callfd < 0 || read(vq->callfd, &n, sizeof(n)) != sizeof(n))
		return 0;
	vq->calls += n;
	return 1;
}

int vdpa_wait(struct vdpa_dev *d, int extra_fd, int timeout_ms)
{
	struct pollfd pfd[VDPA_MAX_VQS + 1];
	int n = 0, i, r;

	for (i = 0; i < VDPA_MAX_VQS; i++) {
		if (!d->vq[i].num)
			continue;
		pfd[n].fd = d->vq[i].callfd;
		pfd[n].events = POLLIN;
		n++;
	}
	if (extra_fd >= 0) {
		pfd[n].fd = extra_fd;
		pfd[n].events = POLLIN;
		n++;
	}
	if (timeout_ms < 0)
		timeout_ms = 0;
	r = poll(pfd, n, timeout_ms);
	if (r < 0 && errno != EINTR)
		return vdpa_fail(d, errno, "poll");
	for (i = 0; i < VDPA_MAX_VQS; i++)
		if (d->vq[i].num)
			vq_take_call(&d->vq[i]);
	return r < 0 ? 0 : r;
}

/* ---- bring-up and tear-down ---- */

int vdpa_negotiate(struct vdpa_dev *d, uint64_t optional)
{
	if (vdpa_reset(d) ||
	    vdpa_add_status(d, VIRTIO_CONFIG_S_ACKNOWLEDGE) ||
	    vdpa_add_status(d, VIRTIO_CONFIG_S_DRIVER) ||
	    VDPA_IOCTL(d, VHOST_GET_FEATURES, &d->device_features))
		return -1;
	if ((d->device_features & VDPA_REQUIRED_FEATURES) != VDPA_REQUIRED_FEATURES)
		return vdpa_fail(d, 0, "device features 0x%llx lack%s%s",
				 (unsigned long long)d->device_features,
				 d->device_features & (1ULL << VIRTIO_F_VERSION_1) ?
				 "" : " VIRTIO_F_VERSION_1",
				 d->device_features & (1ULL << VIRTIO_F_ACCESS_PLATFORM) ?
				 "" : " VIRTIO_F_ACCESS_PLATFORM");
	d->features = VDPA_REQUIRED_FEATURES | (d->device_features & optional);
	if (VDPA_IOCTL(d, VHOST_SET_FEATURES, &d->features))
		return -1;
	if (vdpa_add_status(d, VIRTIO_CONFIG_S_FEATURES_OK)) {
		char why[sizeof(d->err)];

		memcpy(why, d->err, sizeof(why));
		return vdpa_fail(d, 0, "FEATURES_OK not accepted for features 0x%llx: %s",
				 (unsigned long long)d->features, why);
	}
	return 0;
}

int vdpa_has(struct vdpa_dev *d, unsigned int bit)
{
	return !!(d->features & (1ULL << bit));
}

int vdpa_start(struct vdpa_dev *d, uint64_t optional, unsigned int nvqs,
	       unsigned int qsize)
{
	unsigned int i;

	if (d->started)
		return vdpa_fail(d, 0, "vdpa_start: already started");
	d->mem_used = 0;
	if (vdpa_negotiate(d, optional) || vdpa_map_mem(d))
		return -1;
	d->started = 1;
	for (i = 0; i < nvqs; i++)
		if (vq_setup(d, i, qsize))
			return -1;
	for (i = 0; i < nvqs; i++)
		if (vq_enable(d, i, 1))
			return -1;
	return vdpa_add_status(d, VIRTIO_CONFIG_S_DRIVER_OK);
}

/* Kick and call of vq I unbound and closed, its doorbell unmapped */
static int vq_release(struct vdpa_dev *d, unsigned int i)
{
	struct vhost_vring_file file = { .index = i, .fd = VHOST_FILE_UNBIND };
	struct vdpa_vq *vq = &d->vq[i];
	int ret = 0;

	vq_unmap_doorbell(d, i);
	if (vq->kickfd >= 0) {
		if (VDPA_VQ_IOCTL(d, VHOST_SET_VRING_KICK, &file, i))
			ret = -1;
		close(vq->kickfd);
	}
	if (vq->callfd >= 0) {
		if (VDPA_VQ_IOCTL(d, VHOST_SET_VRING_CALL, &file, i))
			ret = -1;
		close(vq->callfd);
	}
	vq->kickfd = vq->callfd = -1;
	vq->num = 0;
	return ret;
}

int vdpa_stop(struct vdpa_dev *d)
{
	int ret = 0, i;

	if (d->fd < 0)
		return 0;
	if (vdpa_reset(d))
		ret = -1;
	for (i = 0; i < VDPA_MAX_VQS; i++)
		if (vq_release(d, i))
			ret = -1;
	if (vdpa_unmap_mem(d))
		ret = -1;
	d->started = 0;
	return ret;
}

int vdpa_close(struct vdpa_dev *d)
{
	int ret = 0;

	if (d->fd >= 0) {
		ret = vdpa_stop(d);
		if (close(d->fd))
			ret = vdpa_fail(d, errno, "close(%s)", d->path);
		d->fd = -1;
	}
	if (d->mem)
		munmap(d->mem, d->mem_size);
	d->mem = NULL;
	if (d->memfd >= 0)
		close(d->memfd);
	d->memfd = -1;
	return ret;
}

int vdpa_get_config(struct vdpa_dev *d, unsigned int off, void *buf,
		    unsigned int len)
{
	struct vhost_vdpa_config *c = calloc(1, sizeof(*c) + len);
	int ret;

	if (!c)
		return vdpa_fail(d, ENOMEM, "calloc");
	c->off = off;
	c->len = len;
	ret = VDPA_IOCTL(d, VHOST_VDPA_GET_CONFIG, c);
	if (!ret)
		memcpy(buf, c->buf, len);
	free(c);
	return ret;
}

/* ---- test data ---- */

uint64_t vdpa_prng(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

void vdpa_fill_pattern(uint8_t *p, size_t len, uint64_t seed)
{
	uint64_t s = seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
	size_t i;

	for (i = 0; i < len; i += 8) {
		uint64_t v = vdpa_prng(&s);
		size_t k;

		for (k = 0; k < 8 && i + k < len; k++)
			p[i + k] = (uint8_t)(v >> (8 * k));
	}
}
