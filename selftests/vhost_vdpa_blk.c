// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal userspace virtio-blk driver on /dev/vhost-vdpa-N, one request
 * queue (vq 0). A request is a descriptor chain: the 16-byte out header
 * (device-readable), the data split into segments (device-readable for
 * T_OUT, device-writable for T_IN and T_GET_ID), and the status byte
 * (device-writable). The status byte is poisoned with 0xff before each
 * request, so a request the device never answers cannot pass.
 *
 * Environment:
 *   VHOST_DEV  /dev/vhost-vdpa-N of the blk vDPA device (required)
 *   BLK_BYTES  the capacity in bytes the device must report
 *   BLK_ID     the T_GET_ID string to expect (optional)
 */
#include <endian.h>
#include <poll.h>
#include <stddef.h>
#include <time.h>
#include <sys/eventfd.h>
#include <linux/virtio_blk.h>

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

#define BLK_FEATURES	((1ULL << VIRTIO_BLK_F_FLUSH) | \
			 (1ULL << VIRTIO_BLK_F_BLK_SIZE) | \
			 (1ULL << VIRTIO_BLK_F_SIZE_MAX) | \
			 (1ULL << VIRTIO_BLK_F_SEG_MAX) | \
			 (1ULL << VIRTIO_BLK_F_RO))
#define SECTOR		512
#define IO_SECTORS	64		/* 32 KiB per data request */
#define IO_BYTES	(IO_SECTORS * SECTOR)
#define WRITE_SEG	4096
#define READ_SEG	2048
#define MAX_REQS	16
#define MAX_DESCS	(2 + IO_BYTES / SECTOR)
#define DATA_BYTES	(16 * IO_BYTES)
#define STATUS_POISON	0xff

struct blk_req {
	struct virtio_blk_outhdr *hdr;
	uint64_t hdr_iova;
	uint8_t *status;
	uint64_t status_iova;
	int done;
	uint32_t used_len;
};

FIXTURE(vblk) {
	struct vdpa_dev dev;
	uint64_t capacity;
	uint32_t size_max, seg_max, blk_size;
	uint8_t *data;
	uint64_t data_iova;
	struct blk_req req[MAX_REQS];
	unsigned int queued;
	uint64_t run;
	uint8_t status[MAX_REQS];
	char id[VIRTIO_BLK_ID_BYTES + 1];
};

typedef FIXTURE_DATA(vblk) vblk_t;

static int blk_config(vblk_t *self)
{
	struct vdpa_dev *d = &self->dev;
	uint64_t cap = 0;
	uint32_t v = 0;

	if (vdpa_get_config(d, offsetof(struct virtio_blk_config, capacity),
			    &cap, sizeof(cap)))
		return -1;
	self->capacity = le64toh(cap);
	self->size_max = self->seg_max = 0;
	self->blk_size = SECTOR;
	if (vdpa_has(d, VIRTIO_BLK_F_SIZE_MAX)) {
		if (vdpa_get_config(d, offsetof(struct virtio_blk_config, size_max),
				    &v, sizeof(v)))
			return -1;
		self->size_max = le32toh(v);
	}
	if (vdpa_has(d, VIRTIO_BLK_F_SEG_MAX)) {
		if (vdpa_get_config(d, offsetof(struct virtio_blk_config, seg_max),
				    &v, sizeof(v)))
			return -1;
		self->seg_max = le32toh(v);
	}
	if (vdpa_has(d, VIRTIO_BLK_F_BLK_SIZE)) {
		if (vdpa_get_config(d, offsetof(struct virtio_blk_config, blk_size),
				    &v, sizeof(v)))
			return -1;
		self->blk_size = le32toh(v);
	}
	return 0;
}

static int blk_up(vblk_t *self)
{
	struct vdpa_dev *d = &self->dev;
	unsigned int i;

	if (vdpa_start(d, BLK_FEATURES, 1, VDPA_QSIZE_CAP) || blk_config(self))
		return -1;
	for (i = 0; i < MAX_REQS; i++) {
		struct blk_req *r = &self->req[i];

		r->hdr = vdpa_alloc(d, 32, 32, &r->hdr_iova);
		if (!r->hdr)
			return -1;
		r->status = (uint8_t *)r->hdr + sizeof(*r->hdr);
		r->status_iova = r->hdr_iova + sizeof(*r->hdr);
	}
	self->data = vdpa_alloc(d, DATA_BYTES, 4096, &self->data_iova);
	self->queued = 0;
	return self->data ? 0 : -1;
}

static uint8_t *data_at(vblk_t *self, unsigned int slot)
{
	return self->data + (size_t)slot * IO_BYTES;
}

/* Largest segment within WANT and the device's size_max, whole sectors. */
static uint32_t seg_len(vblk_t *self, uint32_t want)
{
	if (self->size_max && self->size_max < want)
		want = self->size_max & ~(SECTOR - 1);
	return want ? want : SECTOR;
}

/*
 * Queues request REQ: TYPE at SECTOR with LEN bytes of data at data slot
 * SLOT, in segments of SEG bytes; the device writes the data for
 * T_IN/T_GET_ID. blk_run() sends what is queued.
 */
static int blk_queue(vblk_t *self, unsigned int req, uint32_t type,
		     uint64_t sector, unsigned int slot, uint32_t len,
		     uint32_t seg)
{
	struct vdpa_vq *vq = &self->dev.vq[0];
	struct blk_req *r = &self->req[req];
	int in = type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID;
	struct vq_buf b[MAX_DESCS];
	unsigned int n = 0;
	uint32_t off;

	if (self->seg_max && len && (len + seg - 1) / seg > self->seg_max)
		return vdpa_fail(&self->dev, EINVAL,
				 "%u bytes in %u-byte segments exceed seg_max %u",
				 len, seg, self->seg_max);
	r->hdr->type = htole32(type);
	r->hdr->ioprio = 0;
	r->hdr->sector = htole64(sector);
	*r->status = STATUS_POISON;
	r->done = 0;
	r->used_len = 0;
	b[n++] = (struct vq_buf){ r->hdr_iova, sizeof(*r->hdr), 0 };
	for (off = 0; off < len && n < MAX_DESCS - 1; off += seg)
		b[n++] = (struct vq_buf){
			self->data_iova + (uint64_t)slot * IO_BYTES + off,
			len - off < seg ? len - off : seg, in };
	b[n++] = (struct vq_buf){ r->status_iova, 1, 1 };
	if (vq_add(vq, b, n, r))
		return -1;
	self->queued++;
	return 0;
}

/*
 * Publishes and kicks what is queued, then waits until all of it is
 * completed. Returns 0 when it was, with each status in self->status.
 */
static int blk_run(vblk_t *self)
{
	struct vdpa_dev *d = &self->dev;
	struct vdpa_vq *vq = &d->vq[0];
	uint64_t deadline = vdpa_now_ms() + VDPA_WAIT_MS;
	unsigned int done = 0, want = self->queued;
	uint32_t len = 0;
	void *token = NULL;
	int r;

	self->queued = 0;
	vq_publish(vq);
	if (vq_kick(vq))
		return -1;
	while (done < want) {
		while ((r = vq_get_used(vq, &token, &len)) != 0) {
			struct blk_req *req = token;

			if (r < 0)
				return -1;
			req->done = 1;
			req->used_len = len;
			self->status[req - self->req] = *req->status;
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

static uint64_t pattern_seed(vblk_t *self, uint64_t sector)
{
	return self->run ^ (sector * 0x100000001b3ULL);
}

/* First differing byte of two buffers, or -1 */
static long first_diff(const uint8_t *a, const uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return (long)i;
	return -1;
}

FIXTURE_SETUP(vblk)
{
	self->run = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL);
	ASSERT_EQ(0, vdpa_open(&self->dev, getenv("VHOST_DEV")))
		TH_LOG("%s", self->dev.err);
}

FIXTURE_TEARDOWN(vblk)
{
	EXPECT_EQ(0, vdpa_close(&self->dev)) TH_LOG("%s", self->dev.err);
}

/* The char device is a block device with a request queue. */
TEST_F(vblk, device_id)
{
	struct vdpa_dev *d = &self->dev;

	ksft_print_msg("%s: device id %u, %u vqs, queue size max %u, config %u bytes, features 0x%llx, backend 0x%llx (using 0x%llx)\n",
		       d->path, d->device_id, d->nvqs, d->vq_num_max,
		       d->config_size, (unsigned long long)d->device_features,
		       (unsigned long long)d->backend_offered,
		       (unsigned long long)d->backend_features);
	EXPECT_EQ((uint32_t)VIRTIO_ID_BLOCK, d->device_id);
	EXPECT_LE(1U, d->nvqs);
	EXPECT_LE(4, d->vq_num_max) TH_LOG("a request needs 3 descriptors");
	EXPECT_LE(sizeof(uint64_t), d->config_size);
}

/* The whole bring-up reaches DRIVER_OK, and the status reads back so. */
TEST_F(vblk, driver_ok)
{
	uint8_t status;

	ASSERT_EQ(0, blk_up(self)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vdpa_get_status(&self->dev, &status))
		TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VDPA_STATUS_RUNNING, status);
	ksft_print_msg("status 0x%02x, features 0x%llx, queue size %u\n",
		       status, (unsigned long long)self->dev.features,
		       self->dev.vq[0].num);
}

/* The config space capacity is BLK_BYTES in 512-byte sectors. */
TEST_F(vblk, capacity)
{
	const char *bytes = getenv("BLK_BYTES");
	uint64_t want;

	ASSERT_NE(NULL, bytes) TH_LOG("BLK_BYTES is not set");
	want = strtoull(bytes, NULL, 0) / SECTOR;
	ASSERT_EQ(0, vdpa_negotiate(&self->dev, BLK_FEATURES))
		TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, blk_config(self)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(want, self->capacity);
	EXPECT_EQ((uint32_t)SECTOR, self->blk_size);
	ksft_print_msg("capacity %llu sectors (%llu bytes), blk_size %u, size_max %u, seg_max %u\n",
		       (unsigned long long)self->capacity,
		       (unsigned long long)self->capacity * SECTOR,
		       self->blk_size, self->size_max, self->seg_max);
}

#define CFG_FIELD(bit, field) \
	{ bit, #field, offsetof(struct virtio_blk_config, field), \
	  sizeof(((struct virtio_blk_config *)0)->field) }
#define ALWAYS		-1

/* The config fields and the feature each needs (virtio 1.2, 5.2.4). */
static const struct cfg_field {
	int bit;
	const char *name;
	unsigned int off, len;
} cfg_fields[] = {
	CFG_FIELD(ALWAYS, capacity),
	CFG_FIELD(VIRTIO_BLK_F_SIZE_MAX, size_max),
	CFG_FIELD(VIRTIO_BLK_F_SEG_MAX, seg_max),
	CFG_FIELD(VIRTIO_BLK_F_GEOMETRY, geometry.cylinders),
	CFG_FIELD(VIRTIO_BLK_F_GEOMETRY, geometry.heads),
	CFG_FIELD(VIRTIO_BLK_F_GEOMETRY, geometry.sectors),
	CFG_FIELD(VIRTIO_BLK_F_BLK_SIZE, blk_size),
	CFG_FIELD(VIRTIO_BLK_F_TOPOLOGY, physical_block_exp),
	CFG_FIELD(VIRTIO_BLK_F_TOPOLOGY, alignment_offset),
	CFG_FIELD(VIRTIO_BLK_F_TOPOLOGY, min_io_size),
	CFG_FIELD(VIRTIO_BLK_F_TOPOLOGY, opt_io_size),
	CFG_FIELD(VIRTIO_BLK_F_CONFIG_WCE, wce),
	CFG_FIELD(VIRTIO_BLK_F_MQ, num_queues),
	CFG_FIELD(VIRTIO_BLK_F_DISCARD, max_discard_sectors),
	CFG_FIELD(VIRTIO_BLK_F_DISCARD, max_discard_seg),
	CFG_FIELD(VIRTIO_BLK_F_DISCARD, discard_sector_alignment),
	CFG_FIELD(VIRTIO_BLK_F_WRITE_ZEROES, max_write_zeroes_sectors),
	CFG_FIELD(VIRTIO_BLK_F_WRITE_ZEROES, max_write_zeroes_seg),
	CFG_FIELD(VIRTIO_BLK_F_WRITE_ZEROES, write_zeroes_may_unmap),
	CFG_FIELD(VIRTIO_BLK_F_SECURE_ERASE, max_secure_erase_sectors),
	CFG_FIELD(VIRTIO_BLK_F_SECURE_ERASE, max_secure_erase_seg),
	CFG_FIELD(VIRTIO_BLK_F_SECURE_ERASE, secure_erase_sector_alignment),
};

/*
 * Every field of the offered features lies inside the config space, and
 * one read of the whole space gives the same bytes as a read of each
 * field on its own (a parent that reads device registers wider than a
 * field, past what the device implements, fails here). With
 * BLK_CONFIG_SIZE=features the space ends exactly with the last of those
 * fields: the parent reports no more than the device implements.
 */
TEST_F(vblk, config_fields)
{
	struct vdpa_dev *d = &self->dev;
	uint8_t whole[256], one[8];
	unsigned int i, end = 0, n = 0;
	const char *exact = getenv("BLK_CONFIG_SIZE");

	ASSERT_EQ(0, vdpa_negotiate(d, BLK_FEATURES))
		TH_LOG("%s", d->err);
	ASSERT_GE(sizeof(whole), d->config_size);
	ASSERT_EQ(0, vdpa_get_config(d, 0, whole, d->config_size))
		TH_LOG("%s", d->err);
	for (i = 0; i < sizeof(cfg_fields) / sizeof(cfg_fields[0]); i++) {
		const struct cfg_field *f = &cfg_fields[i];

		if (f->bit != ALWAYS &&
		    !(d->device_features & (1ULL << f->bit)))
			continue;
		end = f->off + f->len > end ? f->off + f->len : end;
		EXPECT_GE(d->config_size, f->off + f->len)
			TH_LOG("%s (bytes %u..%u) lies past the config space",
			       f->name, f->off, f->off + f->len - 1);
		if (f->off + f->len > d->config_size)
			continue;
		ASSERT_EQ(0, vdpa_get_config(d, f->off, one, f->len))
			TH_LOG("%s", d->err);
		EXPECT_EQ(0, memcmp(one, whole + f->off, f->len))
			TH_LOG("%s: read alone 0x%02x.., in the whole space 0x%02x..",
			       f->name, one[0], whole[f->off]);
		n++;
	}
	ksft_print_msg("config space %u bytes, %u fields of the offered features (features 0x%llx) ending at byte %u\n",
		       d->config_size, n,
		       (unsigned long long)d->device_features, end);
	if (exact && !strcmp(exact, "features")) {
		EXPECT_EQ(end, d->config_size);
	}
}

/*
 * T_GET_ID answers S_OK with a string: printable ASCII up to a NUL or the
 * 20 bytes; BLK_ID, when set, is the string.
 */
TEST_F(vblk, get_id)
{
	const char *want = getenv("BLK_ID");
	uint8_t *buf;
	unsigned int i;

	ASSERT_EQ(0, blk_up(self)) TH_LOG("%s", self->dev.err);
	buf = data_at(self, 0);
	memset(buf, STATUS_POISON, VIRTIO_BLK_ID_BYTES);
	ASSERT_EQ(0, blk_queue(self, 0, VIRTIO_BLK_T_GET_ID, 0, 0,
			       VIRTIO_BLK_ID_BYTES, VIRTIO_BLK_ID_BYTES))
		TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, blk_run(self)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(VIRTIO_BLK_S_OK, self->status[0]);
	for (i = 0; i < VIRTIO_BLK_ID_BYTES && buf[i]; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			break;
	EXPECT_TRUE(i == VIRTIO_BLK_ID_BYTES || !buf[i])
		TH_LOG("byte %u of the id is 0x%02x", i, buf[i]);
	memcpy(self->id, buf, i);
	self->id[i] = 0;
	ksft_print_msg("id '%s' (%u bytes)\n", self->id, i);
	if (want) {
		EXPECT_STREQ(want, self->id);
	}
}

/*
 * 32 KiB written at four places (the first sectors, two odd ones, the
 * last 64 sectors of the capacity) in 4 KiB segments, all four requests in
 * flight together, then read back in 2 KiB segments into poisoned buffers:
 * byte-identical.
 */
TEST_F(vblk, write_read)
{
	uint64_t sectors[4];
	unsigned int i;
	long diff;

	ASSERT_EQ(0, blk_up(self)) TH_LOG("%s", self->dev.err);
	ASSERT_FALSE(vdpa_has(&self->dev, VIRTIO_BLK_F_RO))
		TH_LOG("the device is read-only");
	ASSERT_LE(2ULL * IO_SECTORS, self->capacity);
	sectors[0] = 0;
	sectors[1] = 4097 % (self->capacity - IO_SECTORS);
	sectors[2] = self->capacity / 2 + 3;
	sectors[3] = self->capacity - IO_SECTORS;

	for (i = 0; i < 4; i++) {
		vdpa_fill_pattern(data_at(self, i), IO_BYTES,
				  pattern_seed(self, sectors[i]));
		ASSERT_EQ(0, blk_queue(self, i, VIRTIO_BLK_T_OUT, sectors[i], i,
				       IO_BYTES, seg_len(self, WRITE_SEG)))
			TH_LOG("%s", self->dev.err);
	}
	ASSERT_EQ(0, blk_run(self)) TH_LOG("%s", self->dev.err);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(VIRTIO_BLK_S_OK, self->status[i])
			TH_LOG("T_OUT at sector %llu",
			       (unsigned long long)sectors[i]);
	}

	for (i = 0; i < 4; i++) {
		memset(data_at(self, 4 + i), 0xa5, IO_BYTES);
		ASSERT_EQ(0, blk_queue(self, i, VIRTIO_BLK_T_IN, sectors[i],
				       4 + i, IO_BYTES, seg_len(self, READ_SEG)))
			TH_LOG("%s", self->dev.err);
	}
	ASSERT_EQ(0, blk_run(self)) TH_LOG("%s", self->dev.err);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(VIRTIO_BLK_S_OK, self->status[i])
			TH_LOG("T_IN at sector %llu",
			       (unsigned long long)sectors[i]);
		EXPECT_EQ((uint32_t)IO_BYTES + 1, self->req[i].used_len)
			TH_LOG("T_IN at sector %llu: used length",
			       (unsigned long long)sectors[i]);
		diff = first_diff(data_at(self, i), data_at(self, 4 + i),
				  IO_BYTES);
		EXPECT_EQ(-1, diff)
			TH_LOG("sector %llu: byte %ld read back differs",
			       (unsigned long long)sectors[i], diff);
	}
	ksft_print_msg("4 x %u bytes written (%u-byte segments) and read back (%u-byte segments) at sectors %llu, %llu, %llu, %llu; pattern seed 0x%llx\n",
		       IO_BYTES, seg_len(self, WRITE_SEG), seg_len(self, READ_SEG),
		       (unsigned long long)sectors[0],
		       (unsigned long long)sectors[1],
		       (unsigned long long)sectors[2],
		       (unsigned long long)sectors[3],
		       (unsigned long long)self->run);
}

/* T_FLUSH answers S_OK when VIRTIO_BLK_F_FLUSH is negotiated. */
TEST_F(vblk, flush)
{
	ASSERT_EQ(0, blk_up(self)) TH_LOG("%s", self->dev.err);
	if (!vdpa_has(&self->dev, VIRTIO_BLK_F_FLUSH))
		SKIP(return, "VIRTIO_BLK_F_FLUSH not offered (features 0x%llx)",
		     (unsigned long long)self->dev.device_features);
	ASSERT_EQ(0, blk_queue(self, 0, VIRTIO_BLK_T_FLUSH, 0, 0, 0, SECTOR))
		TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, blk_run(self)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VIRTIO_BLK_S_OK, self->status[0]);
}

/*
 * A read starting at the capacity and a write running over its end both
 * complete with S_IOERR (no hang), and the device serves a read of the
 * last sector afterwards.
 */
TEST_F(vblk, past_capacity)
{
	ASSERT_EQ(0, blk_up(self)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, blk_queue(self, 0, VIRTIO_BLK_T_IN, self->capacity, 0,
			       SECTOR, SECTOR)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, blk_queue(self, 1, VIRTIO_BLK_T_OUT, self->capacity - 1, 1,
			       2 * SECTOR, SECTOR)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, blk_run(self)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VIRTIO_BLK_S_IOERR, self->status[0])
		TH_LOG("T_IN of 1 sector at sector %llu (the capacity)",
		       (unsigned long long)self->capacity);
	EXPECT_EQ(VIRTIO_BLK_S_IOERR, self->status[1])
		TH_LOG("T_OUT of 2 sectors at sector %llu",
		       (unsigned long long)self->capacity - 1);

	ASSERT_EQ(0, blk_queue(self, 2, VIRTIO_BLK_T_IN, self->capacity - 1, 2,
			       SECTOR, SECTOR)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, blk_run(self)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VIRTIO_BLK_S_OK, self->status[2])
		TH_LOG("T_IN of the last sector after the errors");
}

/*
 * Two bring-ups in one open: data written in the first reads back in the
 * second, after status 0 read back as 0 in between.
 */
TEST_F(vblk, reset_restart)
{
	const uint64_t sector = 1000;
	uint8_t status;
	long diff;

	ASSERT_EQ(0, blk_up(self)) TH_LOG("%s", self->dev.err);
	vdpa_fill_pattern(data_at(self, 0), IO_BYTES, pattern_seed(self, sector));
	ASSERT_EQ(0, blk_queue(self, 0, VIRTIO_BLK_T_OUT, sector, 0, IO_BYTES,
			       seg_len(self, WRITE_SEG))) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, blk_run(self)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(VIRTIO_BLK_S_OK, self->status[0]);

	ASSERT_EQ(0, vdpa_stop(&self->dev)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vdpa_get_status(&self->dev, &status))
		TH_LOG("%s", self->dev.err);
	EXPECT_EQ(0, status);

	ASSERT_EQ(0, blk_up(self)) TH_LOG("second bring-up: %s", self->dev.err);
	vdpa_fill_pattern(data_at(self, 0), IO_BYTES, pattern_seed(self, sector));
	memset(data_at(self, 1), 0xa5, IO_BYTES);
	ASSERT_EQ(0, blk_queue(self, 0, VIRTIO_BLK_T_IN, sector, 1, IO_BYTES,
			       seg_len(self, READ_SEG))) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, blk_run(self)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VIRTIO_BLK_S_OK, self->status[0]);
	diff = first_diff(data_at(self, 0), data_at(self, 1), IO_BYTES);
	EXPECT_EQ(-1, diff) TH_LOG("byte %ld read back differs", diff);
}

static uint64_t read_capacity(vblk_t *self)
{
	uint64_t cap = 0;

	if (vdpa_get_config(&self->dev,
			    offsetof(struct virtio_blk_config, capacity),
			    &cap, sizeof(cap)))
		return 0;
	return le64toh(cap);
}

#define RESIZE_WAIT_MS	20000

/*
 * Asks the lab for QEMU's "block_resize" of the drive to BYTES (lab/run.sh
 * relays LAB-MONITOR lines), then waits up to RESIZE_WAIT_MS for the
 * config interrupt on EFD. Returns 1 when it came.
 */
static int resize_and_wait(int efd, uint64_t bytes)
{
	struct pollfd pfd = { .fd = efd, .events = POLLIN };
	uint64_t n;

	ksft_print_msg("LAB-MONITOR block_resize blk0 %lluB\n",
		       (unsigned long long)bytes);
	fflush(stdout);
	if (poll(&pfd, 1, RESIZE_WAIT_MS) != 1)
		return 0;
	return read(efd, &n, sizeof(n)) == sizeof(n);
}

/*
 * A capacity change reaches a vhost-vdpa user as a config interrupt (the
 * eventfd of VHOST_VDPA_SET_CONFIG_CALL), and the config space then reads
 * the new capacity; the same when the size goes back to BLK_BYTES. The
 * change comes from the host: only with BLK_RESIZE_TO (bytes) set, by a
 * lab scenario whose QEMU takes monitor commands
 * (vhost_vdpa_blk_resize.sh). The size goes back even when the first
 * interrupt never came: the time-out leaves room for both waits.
 */
TEST_F_TIMEOUT(vblk, config_change, 3 * RESIZE_WAIT_MS / 1000)
{
	const char *to = getenv("BLK_RESIZE_TO");
	const char *bytes = getenv("BLK_BYTES");
	uint64_t want, orig;
	int efd, unbind = -1;

	if (!to || !bytes)
		SKIP(return, "BLK_RESIZE_TO unset: nobody to resize the drive");
	want = strtoull(to, NULL, 0);
	orig = strtoull(bytes, NULL, 0);
	ASSERT_EQ(0, blk_up(self)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(orig / SECTOR, self->capacity);
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, VDPA_IOCTL(&self->dev, VHOST_VDPA_SET_CONFIG_CALL, &efd))
		TH_LOG("%s", self->dev.err);

	EXPECT_TRUE(resize_and_wait(efd, want))
		TH_LOG("no config interrupt for the resize to %llu bytes",
		       (unsigned long long)want);
	EXPECT_EQ(want / SECTOR, read_capacity(self));
	EXPECT_TRUE(resize_and_wait(efd, orig))
		TH_LOG("no config interrupt for the resize back to %llu bytes",
		       (unsigned long long)orig);
	EXPECT_EQ(orig / SECTOR, read_capacity(self));
	ksft_print_msg("capacity read after each resize: %llu -> %llu -> %llu sectors\n",
		       (unsigned long long)orig / SECTOR,
		       (unsigned long long)want / SECTOR,
		       (unsigned long long)orig / SECTOR);

	EXPECT_EQ(0, VDPA_IOCTL(&self->dev, VHOST_VDPA_SET_CONFIG_CALL,
				&unbind)) TH_LOG("%s", self->dev.err);
	close(efd);
}

TEST_HARNESS_MAIN
