// SPDX-License-Identifier: GPL-2.0
/*
 * Writes and checks reproducible data on a block device or an image file,
 * so that what a guest wrote through a vDPA device can be checked again
 * on the host, in the disk image, after the guest is gone.
 *
 *   blk_pattern write  PATH SEED OFFSET LENGTH   pattern SEED, then fsync
 *   blk_pattern verify PATH SEED OFFSET LENGTH   the range holds pattern SEED
 *   blk_pattern zero   PATH OFFSET LENGTH        the range reads as zeroes
 *   blk_pattern hole   PATH OFFSET LENGTH        no data allocated in the
 *                                                range (a file, SEEK_DATA)
 *
 * Numbers are bytes (decimal or 0x..., with an optional K, M or G suffix
 * for KiB, MiB, GiB); OFFSET and LENGTH are multiples of 4096. A block device is opened with O_DIRECT, so reads and writes go to
 * the device and not to the page cache.
 *
 * Every 4 KiB block's content depends on the seed and on the block's own
 * byte offset (xorshift64* seeded by both), so a block that landed at the
 * wrong place fails the check as surely as a corrupted one, and a range
 * can be checked with any offsets and lengths other than those written.
 *
 * Prints one line saying what it found; exits 0 when the range is as
 * expected, 1 when it is not, 2 on a usage or I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pattern.h"

#define BLOCK		((unsigned long long)PATTERN_BLOCK)
#define BUF_BYTES	(1ULL << 20)

struct range {
	const char *path;
	int fd;
	uint64_t seed;
	uint64_t offset;
	uint64_t length;
};

static int parse_u64(const char *s, uint64_t *v)
{
	const char *units = "KMG";
	char *end, *unit;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (*end && (unit = strchr(units, *end)) && !end[1]) {
		*v <<= 10 * (unit - units + 1);
		end++;
	}
	return *end ? -1 : 0;
}

static int open_range(struct range *r, int flags)
{
	struct stat st;

	r->fd = open(r->path, flags);
	if (r->fd < 0 || fstat(r->fd, &st)) {
		printf("%s: %s\n", r->path, strerror(errno));
		return -1;
	}
	if (S_ISBLK(st.st_mode)) {
		close(r->fd);
		r->fd = open(r->path, flags | O_DIRECT);
		if (r->fd < 0) {
			printf("%s: O_DIRECT: %s\n", r->path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int do_io(struct range *r, int write, uint8_t *buf, uint64_t pos,
		 size_t len)
{
	ssize_t n;

	n = write ? pwrite(r->fd, buf, len, (off_t)pos) :
		    pread(r->fd, buf, len, (off_t)pos);
	if (n == (ssize_t)len)
		return 0;
	printf("%s: %s of %zu bytes at %" PRIu64 ": %s\n", r->path,
	       write ? "write" : "read", len, pos,
	       n < 0 ? strerror(errno) : "short transfer");
	return -1;
}

static int cmd_write(struct range *r, uint8_t *buf)
{
	uint64_t pos, end = r->offset + r->length;
	size_t len, i;

	if (open_range(r, O_WRONLY))
		return 2;
	for (pos = r->offset; pos < end; pos += len) {
		len = end - pos < BUF_BYTES ? end - pos : BUF_BYTES;
		for (i = 0; i < len; i += BLOCK)
			pattern_fill_block(buf + i, r->seed, pos + i);
		if (do_io(r, 1, buf, pos, len))
			return 2;
	}
	if (fsync(r->fd)) {
		printf("%s: fsync: %s\n", r->path, strerror(errno));
		return 2;
	}
	printf("wrote %" PRIu64 " bytes of pattern %" PRIu64 " at %" PRIu64 "\n",
	       r->length, r->seed, r->offset);
	return 0;
}

/* ZERO: expect zeroes instead of the pattern. */
static int cmd_verify(struct range *r, uint8_t *buf, int zero)
{
	uint64_t pos, end = r->offset + r->length, bad = 0, first = 0;
	uint8_t want[BLOCK];
	size_t len, i;

	if (open_range(r, O_RDONLY))
		return 2;
	memset(want, 0, sizeof(want));
	for (pos = r->offset; pos < end; pos += len) {
		len = end - pos < BUF_BYTES ? end - pos : BUF_BYTES;
		if (do_io(r, 0, buf, pos, len))
			return 2;
		for (i = 0; i < len; i += BLOCK) {
			if (!zero)
				pattern_fill_block(want, r->seed, pos + i);
			if (!memcmp(buf + i, want, BLOCK))
				continue;
			if (!bad++)
				first = pos + i;
		}
	}
	if (bad) {
		printf("%" PRIu64 " of %" PRIu64 " blocks differ from %s, the first at byte %" PRIu64 "\n",
		       bad, (uint64_t)(r->length / BLOCK), zero ? "zeroes" : "the pattern",
		       first);
		return 1;
	}
	if (zero)
		printf("%" PRIu64 " bytes at %" PRIu64 " read as zeroes\n",
		       r->length, r->offset);
	else
		printf("%" PRIu64 " bytes at %" PRIu64 " hold pattern %" PRIu64 "\n",
		       r->length, r->offset, r->seed);
	return 0;
}

static int cmd_hole(struct range *r)
{
	off_t data;

	if (open_range(r, O_RDONLY))
		return 2;
	data = lseek(r->fd, (off_t)r->offset, SEEK_DATA);
	if (data < 0 && errno != ENXIO) {
		printf("%s: SEEK_DATA: %s\n", r->path, strerror(errno));
		return 2;
	}
	if (data >= 0 && (uint64_t)data < r->offset + r->length) {
		printf("data allocated at byte %jd, inside %" PRIu64 "+%" PRIu64 "\n",
		       (intmax_t)data, r->offset, r->length);
		return 1;
	}
	printf("%" PRIu64 " bytes at %" PRIu64 " are a hole\n", r->length,
	       r->offset);
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: blk_pattern write|verify PATH SEED OFFSET LENGTH\n"
		"       blk_pattern zero|hole PATH OFFSET LENGTH\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const char * const cmds[] = { "write", "verify", "zero", "hole" };
	struct range r = { .fd = -1 };
	int cmd, seeded, ret;
	uint8_t *buf;

	for (cmd = 0; cmd < 4; cmd++)
		if (argc > 1 && !strcmp(argv[1], cmds[cmd]))
			break;
	seeded = cmd < 2;
	if (cmd == 4 || argc != 5 + seeded ||
	    (seeded && parse_u64(argv[3], &r.seed)) ||
	    parse_u64(argv[3 + seeded], &r.offset) ||
	    parse_u64(argv[4 + seeded], &r.length))
		return usage();
	r.path = argv[2];
	if (r.offset % BLOCK || r.length % BLOCK || !r.length) {
		fprintf(stderr, "OFFSET and LENGTH must be multiples of %llu\n",
			BLOCK);
		return 2;
	}
	if (posix_memalign((void **)&buf, BLOCK, BUF_BYTES))
		return 2;

	switch (cmd) {
	case 0:
		ret = cmd_write(&r, buf);
		break;
	case 1:
	case 2:
		ret = cmd_verify(&r, buf, cmd == 2);
		break;
	default:
		ret = cmd_hole(&r);
	}
	if (r.fd >= 0)
		close(r.fd);
	free(buf);
	return ret;
}
