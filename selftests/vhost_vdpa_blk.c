// SPDX-License-Identifier: GPL-2.0
/*
 * A blk vDPA device through /dev/vhost-vdpa-N, driven by the minimal
 * userspace virtio-blk driver of vblk_util.c (one request queue; see
 * vblk_util.h for the requests): the device facts, DRIVER_OK, the config
 * space, T_GET_ID, writes read back byte for byte, T_FLUSH, requests past
 * the capacity, a reset between two bring-ups and, with the lab's help,
 * a config interrupt for a resize.
 *
 * Environment:
 *   VHOST_DEV  /dev/vhost-vdpa-N of the blk vDPA device (required)
 *   BLK_BYTES  the capacity in bytes the device must report
 *   BLK_ID     the T_GET_ID string to expect (optional)
 *   BLK_FLUSH  1: the device under the parent offers VIRTIO_BLK_F_FLUSH
 */
#include <endian.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "vblk_util.h"
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

#define WRITE_SEG	4096
#define READ_SEG	2048

FIXTURE(vblk) {
	struct vdpa_dev dev;
	struct vblk blk;
	uint64_t run;
	char id[VIRTIO_BLK_ID_BYTES + 1];
};

typedef FIXTURE_DATA(vblk) vblk_t;

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
	vblk_init(&self->blk, &self->dev);
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

	ASSERT_EQ(0, vblk_up(&self->blk)) TH_LOG("%s", self->dev.err);
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
	struct vblk *b = &self->blk;
	uint64_t want;

	ASSERT_NE(NULL, bytes) TH_LOG("BLK_BYTES is not set");
	want = strtoull(bytes, NULL, 0) / VBLK_SECTOR;
	ASSERT_EQ(0, vdpa_negotiate(&self->dev, VBLK_FEATURES))
		TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vblk_config(b)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(want, b->capacity);
	EXPECT_EQ((uint32_t)VBLK_SECTOR, b->blk_size);
	ksft_print_msg("capacity %llu sectors (%llu bytes), blk_size %u, size_max %u, seg_max %u\n",
		       (unsigned long long)b->capacity,
		       (unsigned long long)b->capacity * VBLK_SECTOR,
		       b->blk_size, b->size_max, b->seg_max);
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

	ASSERT_EQ(0, vdpa_negotiate(d, VBLK_FEATURES))
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
	struct vblk *b = &self->blk;
	uint8_t *buf;
	unsigned int i;

	ASSERT_EQ(0, vblk_up(b)) TH_LOG("%s", self->dev.err);
	buf = vblk_data(b, 0);
	memset(buf, VBLK_POISON, VIRTIO_BLK_ID_BYTES);
	ASSERT_EQ(0, vblk_queue(b, 0, VIRTIO_BLK_T_GET_ID, 0, 0,
				VIRTIO_BLK_ID_BYTES, VIRTIO_BLK_ID_BYTES))
		TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vblk_run(b)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(VIRTIO_BLK_S_OK, b->status[0]);
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
	struct vblk *b = &self->blk;
	uint32_t wseg, rseg;
	uint64_t at[4];
	unsigned int i;
	long diff;

	ASSERT_EQ(0, vblk_up(b)) TH_LOG("%s", self->dev.err);
	ASSERT_FALSE(vdpa_has(&self->dev, VIRTIO_BLK_F_RO))
		TH_LOG("the device is read-only");
	ASSERT_LE(2ULL * VBLK_IO_SECTORS, b->capacity);
	at[0] = 0;
	at[1] = 4097 % (b->capacity - VBLK_IO_SECTORS);
	at[2] = b->capacity / 2 + 3;
	at[3] = b->capacity - VBLK_IO_SECTORS;
	wseg = vblk_seg_len(b, WRITE_SEG);
	rseg = vblk_seg_len(b, READ_SEG);

	for (i = 0; i < 4; i++) {
		vdpa_fill_pattern(vblk_data(b, i), VBLK_IO_BYTES,
				  pattern_seed(self, at[i]));
		ASSERT_EQ(0, vblk_queue(b, i, VIRTIO_BLK_T_OUT, at[i], i,
					VBLK_IO_BYTES, wseg))
			TH_LOG("%s", self->dev.err);
	}
	ASSERT_EQ(0, vblk_run(b)) TH_LOG("%s", self->dev.err);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(VIRTIO_BLK_S_OK, b->status[i])
			TH_LOG("T_OUT at sector %llu",
			       (unsigned long long)at[i]);
	}

	for (i = 0; i < 4; i++) {
		memset(vblk_data(b, 4 + i), 0xa5, VBLK_IO_BYTES);
		ASSERT_EQ(0, vblk_queue(b, i, VIRTIO_BLK_T_IN, at[i], 4 + i,
					VBLK_IO_BYTES, rseg))
			TH_LOG("%s", self->dev.err);
	}
	ASSERT_EQ(0, vblk_run(b)) TH_LOG("%s", self->dev.err);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(VIRTIO_BLK_S_OK, b->status[i])
			TH_LOG("T_IN at sector %llu",
			       (unsigned long long)at[i]);
		EXPECT_EQ((uint32_t)VBLK_IO_BYTES + 1, b->req[i].used_len)
			TH_LOG("T_IN at sector %llu: used length",
			       (unsigned long long)at[i]);
		diff = first_diff(vblk_data(b, i), vblk_data(b, 4 + i),
				  VBLK_IO_BYTES);
		EXPECT_EQ(-1, diff)
			TH_LOG("sector %llu: byte %ld read back differs",
			       (unsigned long long)at[i], diff);
	}
	ksft_print_msg("4 x %u bytes written (%u-byte segments) and read back (%u-byte segments) at sectors %llu, %llu, %llu, %llu; pattern seed 0x%llx\n",
		       VBLK_IO_BYTES, wseg, rseg,
		       (unsigned long long)at[0], (unsigned long long)at[1],
		       (unsigned long long)at[2], (unsigned long long)at[3],
		       (unsigned long long)self->run);
}

/*
 * T_FLUSH answers S_OK when VIRTIO_BLK_F_FLUSH is negotiated. Where the
 * device under the parent offers it (BLK_FLUSH=1), the parent must too.
 */
TEST_F(vblk, flush)
{
	const char *offered = getenv("BLK_FLUSH");
	struct vblk *b = &self->blk;

	ASSERT_EQ(0, vblk_up(b)) TH_LOG("%s", self->dev.err);
	if (!vdpa_has(&self->dev, VIRTIO_BLK_F_FLUSH)) {
		ASSERT_FALSE(offered && !strcmp(offered, "1"))
			TH_LOG("the device offers VIRTIO_BLK_F_FLUSH (BLK_FLUSH=1), the parent does not: features 0x%llx",
			       (unsigned long long)self->dev.device_features);
		SKIP(return, "VIRTIO_BLK_F_FLUSH not offered (features 0x%llx)",
		     (unsigned long long)self->dev.device_features);
	}
	ASSERT_EQ(0, vblk_queue(b, 0, VIRTIO_BLK_T_FLUSH, 0, 0, 0, VBLK_SECTOR))
		TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vblk_run(b)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VIRTIO_BLK_S_OK, b->status[0]);
}

/*
 * A read starting at the capacity and a write running over its end both
 * complete with S_IOERR (no hang), and the device serves a read of the
 * last sector afterwards.
 */
TEST_F(vblk, past_capacity)
{
	struct vblk *b = &self->blk;
	uint64_t end;

	ASSERT_EQ(0, vblk_up(b)) TH_LOG("%s", self->dev.err);
	end = b->capacity;
	ASSERT_EQ(0, vblk_queue(b, 0, VIRTIO_BLK_T_IN, end, 0, VBLK_SECTOR,
				VBLK_SECTOR)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vblk_queue(b, 1, VIRTIO_BLK_T_OUT, end - 1, 1,
				2 * VBLK_SECTOR, VBLK_SECTOR))
		TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vblk_run(b)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VIRTIO_BLK_S_IOERR, b->status[0])
		TH_LOG("T_IN of 1 sector at sector %llu (the capacity)",
		       (unsigned long long)end);
	EXPECT_EQ(VIRTIO_BLK_S_IOERR, b->status[1])
		TH_LOG("T_OUT of 2 sectors at sector %llu",
		       (unsigned long long)end - 1);

	ASSERT_EQ(0, vblk_queue(b, 2, VIRTIO_BLK_T_IN, end - 1, 2, VBLK_SECTOR,
				VBLK_SECTOR)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vblk_run(b)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VIRTIO_BLK_S_OK, b->status[2])
		TH_LOG("T_IN of the last sector after the errors");
}

/*
 * Two bring-ups in one open: data written in the first reads back in the
 * second, after status 0 read back as 0 in between.
 */
TEST_F(vblk, reset_restart)
{
	const uint64_t sector = 1000;
	struct vblk *b = &self->blk;
	uint8_t status;
	long diff;

	ASSERT_EQ(0, vblk_up(b)) TH_LOG("%s", self->dev.err);
	vdpa_fill_pattern(vblk_data(b, 0), VBLK_IO_BYTES,
			  pattern_seed(self, sector));
	ASSERT_EQ(0, vblk_queue(b, 0, VIRTIO_BLK_T_OUT, sector, 0,
				VBLK_IO_BYTES, vblk_seg_len(b, WRITE_SEG)))
		TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vblk_run(b)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(VIRTIO_BLK_S_OK, b->status[0]);

	ASSERT_EQ(0, vdpa_stop(&self->dev)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vdpa_get_status(&self->dev, &status))
		TH_LOG("%s", self->dev.err);
	EXPECT_EQ(0, status);

	ASSERT_EQ(0, vblk_up(b)) TH_LOG("second bring-up: %s", self->dev.err);
	vdpa_fill_pattern(vblk_data(b, 0), VBLK_IO_BYTES,
			  pattern_seed(self, sector));
	memset(vblk_data(b, 1), 0xa5, VBLK_IO_BYTES);
	ASSERT_EQ(0, vblk_queue(b, 0, VIRTIO_BLK_T_IN, sector, 1,
				VBLK_IO_BYTES, vblk_seg_len(b, READ_SEG)))
		TH_LOG("%s", self->dev.err);
	ASSERT_EQ(0, vblk_run(b)) TH_LOG("%s", self->dev.err);
	EXPECT_EQ(VIRTIO_BLK_S_OK, b->status[0]);
	diff = first_diff(vblk_data(b, 0), vblk_data(b, 1), VBLK_IO_BYTES);
	EXPECT_EQ(-1, diff) TH_LOG("byte %ld read back differs", diff);
}

/* The capacity the config space reads now, 0 if it cannot be read */
static uint64_t read_capacity(vblk_t *self)
{
	return vblk_config(&self->blk) ? 0 : self->blk.capacity;
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
	ASSERT_EQ(0, vblk_up(&self->blk)) TH_LOG("%s", self->dev.err);
	ASSERT_EQ(orig / VBLK_SECTOR, self->blk.capacity);
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, VDPA_IOCTL(&self->dev, VHOST_VDPA_SET_CONFIG_CALL, &efd))
		TH_LOG("%s", self->dev.err);

	EXPECT_TRUE(resize_and_wait(efd, want))
		TH_LOG("no config interrupt for the resize to %llu bytes",
		       (unsigned long long)want);
	EXPECT_EQ(want / VBLK_SECTOR, read_capacity(self));
	EXPECT_TRUE(resize_and_wait(efd, orig))
		TH_LOG("no config interrupt for the resize back to %llu bytes",
		       (unsigned long long)orig);
	EXPECT_EQ(orig / VBLK_SECTOR, read_capacity(self));
	ksft_print_msg("capacity read after each resize: %llu -> %llu -> %llu sectors\n",
		       (unsigned long long)orig / VBLK_SECTOR,
		       (unsigned long long)want / VBLK_SECTOR,
		       (unsigned long long)orig / VBLK_SECTOR);

	EXPECT_EQ(0, VDPA_IOCTL(&self->dev, VHOST_VDPA_SET_CONFIG_CALL,
				&unbind)) TH_LOG("%s", self->dev.err);
	close(efd);
}

TEST_HARNESS_MAIN
