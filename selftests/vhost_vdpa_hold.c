// SPDX-License-Identifier: GPL-2.0
/*
 * Brings a device up through /dev/vhost-vdpa-N (DRIVER_OK, its first
 * queues set up and enabled), prints "ready" and keeps it so until it is
 * killed: the kernel, not this program, then tears it down. Tests use it
 * to hold a running device while they remove the module or the function.
 *
 * usage: vhost_vdpa_hold /dev/vhost-vdpa-N
 */
#include <stdio.h>
#include <unistd.h>

#include "vhost_vdpa_util.h"

#define HOLD_VQS	2
#define HOLD_QSIZE	64

int main(int argc, char **argv)
{
	struct vdpa_dev dev;
	unsigned int nvqs;

	if (argc != 2) {
		fprintf(stderr, "usage: %s /dev/vhost-vdpa-N\n", argv[0]);
		return 2;
	}
	if (vdpa_open(&dev, argv[1]))
		return 1;
	nvqs = dev.nvqs < HOLD_VQS ? dev.nvqs : HOLD_VQS;
	if (vdpa_start(&dev, 0, nvqs, HOLD_QSIZE))
		return 1;
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
