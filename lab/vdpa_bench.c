// SPDX-License-Identifier: GPL-2.0
/*
 * make bench's timing helper in the guest (not a test: it never judges).
 *
 *   vdpa_bench now
 *	prints CLOCK_MONOTONIC in microseconds, for the shell's timings
 *   vdpa_bench mark WORD...
 *	writes the words and a newline to the isa-debugcon port, where
 *	lab/bench.sh notes QEMU's CPU time at each line
 *   vdpa_bench cycle /dev/vhost-vdpa-N COUNT
 *	COUNT times a full userspace driver cycle through vhost_vdpa: open
 *	(owner, device facts, backend features, memory), bring-up of two
 *	queues to DRIVER_OK, reset, close; one line per cycle:
 *	"total_us open_us driver_ok_us reset_us"
 *
 * The cycle is the one of the selftests' minimal drivers, with no
 * optional feature: selftests/vhost_vdpa_util.c, linked in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/io.h>

#include "vhost_vdpa_util.h"

#define CYCLE_VQS	2
#define CYCLE_QSIZE	256
#define DEBUGCON_PORT	0x402

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cycle(const char *path, int count)
{
	uint64_t t0, t1, t2, t3;
	struct vdpa_dev dev;
	int i;

	for (i = 0; i < count; i++) {
		t0 = now_us();
		if (vdpa_open(&dev, path))
			goto fail;
		t1 = now_us();
		if (vdpa_start(&dev, 0, CYCLE_VQS, CYCLE_QSIZE))
			goto fail;
		t2 = now_us();
		if (vdpa_stop(&dev) || vdpa_close(&dev))
			goto fail;
		t3 = now_us();
		printf("%llu %llu %llu %llu\n", (unsigned long long)(t3 - t0),
		       (unsigned long long)(t1 - t0),
		       (unsigned long long)(t2 - t1),
		       (unsigned long long)(t3 - t2));
	}
	return 0;
fail:
	fprintf(stderr, "run %d: %s\n", i, dev.err);
	vdpa_close(&dev);
	return 1;
}

/* /dev/port would move on to the next port with every byte */
static int mark(int argc, char **argv)
{
	const char *p;
	int i;

	if (ioperm(DEBUGCON_PORT, 1, 1)) {
		perror("ioperm");
		return 1;
	}
	for (i = 0; i < argc; i++) {
		for (p = argv[i]; *p; p++)
			outb(*p, DEBUGCON_PORT);
		outb(i + 1 < argc ? ' ' : '\n', DEBUGCON_PORT);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%llu\n", (unsigned long long)now_us());
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "mark"))
		return mark(argc - 2, argv + 2);
	if (argc == 4 && !strcmp(argv[1], "cycle"))
		return cycle(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: %s now | mark WORD... | cycle /dev/vhost-vdpa-N COUNT\n",
		argv[0]);
	return 2;
}
