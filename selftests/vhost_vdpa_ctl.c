// SPDX-License-Identifier: GPL-2.0
/*
 * Drives one open of /dev/vhost-vdpa-N step by step for the shell tests,
 * which then look at the outcome from the outside (the netlink view, the
 * device's register trace): the steps are the words on the command line,
 * done in order, each answering one line on stdout.
 *
 *   vqs                VHOST_VDPA_GET_VQS_COUNT: "vqs N"
 *   features           VHOST_GET_FEATURES: "features 0xN"
 *   set-features N     VHOST_SET_FEATURES with N as it is, offered or
 *                      not: "set-features 0xN ok" or "... errno E"
 *   status N           VHOST_VDPA_SET_STATUS: "status 0xN ok"
 *   get-status         VHOST_VDPA_GET_STATUS: "get-status 0xN"
 *   mmap IDX           maps vq IDX's notify page (one page, write only,
 *                      shared): "mmap IDX ok" or "mmap IDX errno E"
 *   start N            a whole bring-up with vqs 0 .. N-1 (64 entries
 *                      each, VERSION_1 and ACCESS_PLATFORM) up to
 *                      DRIVER_OK read back: "start N ok"
 *   stop               status 0 read back, vqs unbound: "stop ok"
 *   hold               "hold", then waits until stdin is closed
 *
 * Numbers are decimal or 0x-hex. Exit status: 0 when every step was
 * done, 1 at the first step that failed (its line says why), 2 on a
 * usage error. The device is reset when the program ends (the last close
 * of the char device does it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vhost_vdpa_util.h"

#define CTL_QSIZE	64

static int usage(void)
{
	fprintf(stderr,
		"usage: vhost_vdpa_ctl /dev/vhost-vdpa-N STEP...\n"
		"  STEP: vqs | features | set-features N | status N | get-status\n"
		"        | mmap IDX | start NVQS | stop | hold\n");
	return 2;
}

static int number(const char *s, unsigned long long *val)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*val = strtoull(s, &end, 0);
	return errno || *end ? -1 : 0;
}

/* Maps and unmaps the page: only whether vhost-vdpa offers it counts. */
static int map_doorbell(struct vdpa_dev *d, unsigned long long idx)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	p = mmap(NULL, page, PROT_WRITE, MAP_SHARED, d->fd, (off_t)(idx * page));
	if (p == MAP_FAILED) {
		printf("mmap %llu errno %d\n", idx, errno);
		return 0;
	}
	munmap(p, page);
	printf("mmap %llu ok\n", idx);
	return 0;
}

static int wait_stdin_closed(void)
{
	char buf[64];

	printf("hold\n");
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	return 0;
}

/* One step at argv[*i] (and its argument); -1 when it failed, 2 on usage. */
static int step(struct vdpa_dev *d, int argc, char **argv, int *i)
{
	const char *s = argv[*i];
	unsigned long long n = 0;
	uint64_t features;
	uint8_t status;
	uint32_t nvqs;

	if (!strcmp(s, "set-features") || !strcmp(s, "status") ||
	    !strcmp(s, "mmap") || !strcmp(s, "start")) {
		if (*i + 1 >= argc || number(argv[*i + 1], &n))
			return 2;
		(*i)++;
	}
	if (!strcmp(s, "vqs")) {
		if (VDPA_IOCTL(d, VHOST_VDPA_GET_VQS_COUNT, &nvqs))
			return -1;
		printf("vqs %u\n", nvqs);
	} else if (!strcmp(s, "features")) {
		if (VDPA_IOCTL(d, VHOST_GET_FEATURES, &features))
			return -1;
		printf("features %#llx\n", (unsigned long long)features);
	} else if (!strcmp(s, "set-features")) {
		features = n;
		if (ioctl(d->fd, VHOST_SET_FEATURES, &features))
			printf("set-features %#llx errno %d\n", n, errno);
		else
			printf("set-features %#llx ok\n", n);
	} else if (!strcmp(s, "status")) {
		if (n > 0xff)
			return 2;
		if (vdpa_set_status(d, (uint8_t)n))
			return -1;
		printf("status %#llx ok\n", n);
	} else if (!strcmp(s, "get-status")) {
		if (vdpa_get_status(d, &status))
			return -1;
		printf("get-status %#x\n", status);
	} else if (!strcmp(s, "mmap")) {
		return map_doorbell(d, n);
	} else if (!strcmp(s, "start")) {
		if (vdpa_start(d, 0, (unsigned int)n, CTL_QSIZE))
			return -1;
		printf("start %llu ok\n", n);
	} else if (!strcmp(s, "stop")) {
		if (vdpa_stop(d))
			return -1;
		printf("stop ok\n");
	} else if (!strcmp(s, "hold")) {
		return wait_stdin_closed();
	} else {
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct vdpa_dev dev;
	int i, ret = 0;

	if (argc < 3)
		return usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (vdpa_open(&dev, argv[1])) {
		printf("open %s: %s\n", argv[1], dev.err);
		return 1;
	}
	for (i = 2; i < argc && !ret; i++) {
		const char *name = argv[i];

		ret = step(&dev, argc, argv, &i);
		if (ret == 2)
			return usage();
		if (ret)
			printf("%s: %s\n", name, dev.err);
	}
	vdpa_close(&dev);
	return ret ? 1 : 0;
}
