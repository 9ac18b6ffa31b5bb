// SPDX-License-Identifier: GPL-2.0
/*
 * The block device ioctls the blk selftests need and busybox lacks:
 *
 *   blk_ioctl zeroout  DEV OFFSET LENGTH   BLKZEROOUT (write zeroes)
 *   blk_ioctl discard  DEV OFFSET LENGTH   BLKDISCARD
 *   blk_ioctl geometry DEV                 HDIO_GETGEO, prints
 *                                          "CYLINDERS HEADS SECTORS"
 *
 * OFFSET and LENGTH are bytes (decimal or 0x...). Exits 0 when the ioctl
 * succeeded, 1 when it failed (the error is printed), 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/hdreg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int usage(void)
{
	fprintf(stderr,
		"usage: blk_ioctl zeroout|discard DEV OFFSET LENGTH\n"
		"       blk_ioctl geometry DEV\n");
	return 2;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct hd_geometry geo;
	uint64_t range[2];
	unsigned long req;
	int fd, ret;

	if (argc == 3 && !strcmp(argv[1], "geometry")) {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0 || ioctl(fd, HDIO_GETGEO, &geo)) {
			printf("%s: HDIO_GETGEO: %s\n", argv[2], strerror(errno));
			return 1;
		}
		printf("%u %u %u\n", geo.cylinders, geo.heads, geo.sectors);
		close(fd);
		return 0;
	}
	if (argc != 5 || parse_u64(argv[3], &range[0]) ||
	    parse_u64(argv[4], &range[1]))
		return usage();
	if (!strcmp(argv[1], "zeroout"))
		req = BLKZEROOUT;
	else if (!strcmp(argv[1], "discard"))
		req = BLKDISCARD;
	else
		return usage();

	fd = open(argv[2], O_WRONLY);
	if (fd < 0) {
		printf("%s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	ret = ioctl(fd, req, range);
	if (ret)
		printf("%s: %s of %llu bytes at %llu: %s\n", argv[2], argv[1],
		       (unsigned long long)range[1],
		       (unsigned long long)range[0], strerror(errno));
	close(fd);
	return ret ? 1 : 0;
}
