// SPDX-License-Identifier: GPL-2.0
/*
 * The bring-up and the requests of a minimal userspace virtio-blk driver
 * on /dev/vhost-vdpa-N; see vblk_util.h.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "vblk_util.h"

#define MAX_DESCS	(2 + VBLK_IO_BYTES / VBLK_SECTOR)

/* The config field at OFF of LEN (4 or 8) bytes, little-endian */
static int config_read(struct vblk *b, unsigned int off, unsigned int len,
		       uint64_t *v)
{
	uint64_t le = 0;

	if (vdpa_get_config(b->dev, off, &le, len))
		return -1;
	*v = le64toh(le);
	return 0;
}

#define CONFIG_FIELD(b, field, v) \
	config_read(b, offsetof(struct virtio_blk_config, field), \
		    sizeof(((struct virtio_blk_config *)0)->field), v)

int vblk_config(struct vblk *b)
{
	struct vdpa_dev *d = b->dev;
	uint64_t v = 0;

	if (CONFIG_FIELD(b, capacity, &b->capacity))
		return -1;
	b->size_max = b->seg_max = 0;
	b->blk_size = VBLK_SECTOR;
	if (vdpa_has(d, VIRTIO_BLK_F_SIZE_MAX)) {
		if (CONFIG_FIELD(b, size_max, &v))
			return -1;
		b->size_max = v;
	}
	if (vdpa_has(d, VIRTIO_BLK_F_SEG_MAX)) {
		if (CONFIG_FIELD(b, seg_max, &v))
			return -1;
		b->seg_max = v;
	}
	if (vdpa_has(d, VIRTIO_BLK_F_BLK_SIZE)) {
		if (CONFIG_FIELD(b, blk_size, &v))
			return -1;
		b->blk_size = v;
	}
	return 0;
}

void vblk_init(struct vblk *b, struct vdpa_dev *dev)
{
	memset(b, 0, sizeof(*b));
	b->dev = dev;
}

int vblk_up(struct vblk *b)
{
	struct vdpa_dev *dev = b->dev;
	unsigned int i;

	b->queued = 0;
	if (vdpa_start(dev, VBLK_FEATURES, 1, VDPA_QSIZE_CAP) || vblk_config(b))
		return -1;
	for (i = 0; i < VBLK_MAX_REQS; i++) {
		struct vblk_req *r = &b->req[i];

		r->hdr = vdpa_alloc(dev, 32, 32, &r->hdr_iova);
		if (!r->hdr)
			return -1;
		r->status = (uint8_t *)r->hdr + sizeof(*r->hdr);
		r->status_iova = r->hdr_iova + sizeof(*r->hdr);
	}
	b->data = vdpa_alloc(dev, VBLK_SLOTS * VBLK_IO_BYTES, 4096,
			     &b->data_iova);
	return b->data ? 0 : -1;
}

uint8_t *vblk_data(struct vblk *b, unsigned int slot)
{
	return b->data + (size_t)slot * VBLK_IO_BYTES;
}

uint32_t vblk_seg_len(struct vblk *b, uint32_t want)
{
	if (b->size_max && b->size_max < want)
		want = b->size_max & ~(VBLK_SECTOR - 1);
	return want ? want : VBLK_SECTOR;
}

int vblk_queue(struct vblk *b, unsigned int req, uint32_t type,
	       uint64_t sector, unsigned int slot, uint32_t len, uint32_t seg)
{
	struct vdpa_vq *vq = &b->dev->vq[0];
	struct vblk_req *r = &b->req[req];
	int in = type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID;
	uint64_t data = b->data_iova + (uint64_t)slot * VBLK_IO_BYTES;
	struct vq_buf v[MAX_DESCS];
	unsigned int n = 0;
	uint32_t off;

	if (b->seg_max && len && (len + seg - 1) / seg > b->seg_max)
		return vdpa_fail(b->dev, EINVAL,
				 "%u bytes in %u-byte segments exceed seg_max %u",
				 len, seg, b->seg_max);
	r->hdr->type = htole32(type);
	r->hdr->ioprio = 0;
	r->hdr->sector = htole64(sector);
	*r->status = VBLK_POISON;
	r->done = 0;
	r->used_len = 0;
	v[n++] = (struct vq_buf){ r->hdr_iova, sizeof(*r->hdr), 0 };
	for (off = 0; off < len && n < MAX_DESCS - 1; off += seg)
		v[n++] = (struct vq_buf){ data + off,
					  len - off < seg ? len - off : seg, in };
	v[n++] = (struct vq_buf){ r->status_iova, 1, 1 };
	if (vq_add(vq, v, n, r))
		return -1;
	b->queued++;
	return 0;
}

int vblk_run(struct vblk *b)
{
	struct vdpa_dev *d = b->dev;
	struct vdpa_vq *vq = &d->vq[0];
	uint64_t deadline = vdpa_now_ms() + VDPA_WAIT_MS;
	unsigned int done = 0, want = b->queued;
	uint32_t len = 0;
	void *token = NULL;
	int r;

	b->queued = 0;
	vq_publish(vq);
	if (vq_kick(vq))
		return -1;
	while (done < want) {
		while ((r = vq_get_used(vq, &token, &len)) != 0) {
			struct vblk_req *req = token;

			if (r < 0)
				return -1;
			req->done = 1;
			req->used_len = len;
			b->status[req - b->req] = *req->status;
			done++;
		}
		if (done >= want)
			break;
		if (vdpa_now_ms() >= deadline)
			return vdpa_fail(d, ETIMEDOUT,
					 "%u of %u requests completed in %d ms (used idx %u, calls %lu)",
					 done, want, VDPA_WAIT_MS, vq_used_idx(vq),
					 vq->calls);
		if (vdpa_wait(d, -1, (int)(deadline - vdpa_now_ms())) < 0)
			return -1;
	}
	return 0;
}
