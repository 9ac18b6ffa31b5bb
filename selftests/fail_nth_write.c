// SPDX-License-Identifier: GPL-2.0
/*
 * Writes TEXT to FILE with the N-th fault-injectable call of this task
 * failing (see fail_nth.h): a sysfs write such as a PCI driver's "bind"
 * runs the driver's probe in the writer's task, so every allocation of
 * the probe can be made to fail in turn.
 *
 * usage: fail_nth_write N FILE TEXT      (N = 0: no fault armed)
 *
 * Prints "ok" or "errno E (strerror)" for the write, then "injected" or
 * "not reached": whether the N-th call came before the write returned.
 * Exit status: 0 written, 1 refused, 2 on a usage or local error,
 * including a kernel without fault injection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fail_nth.h"

int main(int argc, char **argv)
{
	unsigned long n;
	int fd, fi, fired, err = 0;
	size_t len;
	ssize_t ret;
	char *end;

	if (argc != 4) {
		fprintf(stderr, "usage: fail_nth_write N FILE TEXT\n");
		return 2;
	}
	n = strtoul(argv[1], &end, 0);
	if (*end || end == argv[1] || n > 1000000) {
		fprintf(stderr, "fail_nth_write: bad N '%s'\n", argv[1]);
		return 2;
	}
	fd = open(argv[2], O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "fail_nth_write: %s: %s\n", argv[2],
			strerror(errno));
		return 2;
	}
	fi = fail_nth_open();
	if (fi < 0) {
		fprintf(stderr, "fail_nth_write: %s: %s\n", FAIL_NTH_PATH,
			strerror(errno));
		return 2;
	}
	len = strlen(argv[3]);

	if (fail_nth_arm(fi, n)) {
		fprintf(stderr, "fail_nth_write: arming: %s\n", strerror(errno));
		return 2;
	}
	ret = write(fd, argv[3], len);
	if (ret < 0)
		err = errno;
	fired = fail_nth_fired(fi);

	if (fired < 0) {
		fprintf(stderr, "fail_nth_write: reading %s: %s\n",
			FAIL_NTH_PATH, strerror(errno));
		return 2;
	}
	if (err)
		printf("errno %d (%s)\n", err, strerror(err));
	else if ((size_t)ret != len)
		printf("short write: %zd of %zu bytes\n", ret, len);
	else
		printf("ok\n");
	printf("%s\n", fired ? "injected" : "not reached");
	return err || (size_t)ret != len;
}
