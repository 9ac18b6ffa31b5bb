/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's per-task fault injection (Documentation/fault-injection):
 * writing N to /proc/thread-self/fail-nth makes the N-th fault-injectable
 * call of this task fail (failslab, fail_page_alloc, ...); reading it back
 * gives 0 once the fault was injected, else what was left of N.
 *
 * A caller opens the file first, arms it right before the one system call
 * under test and reads it right after: any other system call in between
 * could allocate and take the fault itself. Nothing here allocates in the
 * kernel once the file is open (pread/pwrite of a number).
 */
#ifndef FAIL_NTH_H
#define FAIL_NTH_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define FAIL_NTH_PATH	"/proc/thread-self/fail-nth"

/* The open file, or -1 (and errno) on a kernel without fault injection. */
static inline int fail_nth_open(void)
{
	return open(FAIL_NTH_PATH, O_RDWR | O_CLOEXEC);
}

static inline int fail_nth_arm(int fd, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	return pwrite(fd, buf, len, 0) == len ? 0 : -1;
}

/*
 * Whether the armed fault was injected; disarms it in any case. -1 when
 * the file cannot be read.
 */
static inline int fail_nth_fired(int fd)
{
	char buf[16];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	unsigned long left;

	if (n <= 0)
		return -1;
	buf[n] = 0;
	left = strtoul(buf, NULL, 10);
	if (left && fail_nth_arm(fd, 0))
		return -1;
	return !left;
}

#endif /* FAIL_NTH_H */
