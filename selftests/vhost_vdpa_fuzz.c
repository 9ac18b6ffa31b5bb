// SPDX-License-Identifier: GPL-2.0
/*
 * A fuzzer of /dev/vhost-vdpa-N. For each device named on the command
 * line it makes a bounded, seeded pseudo-random sequence of the calls a
 * broken or hostile vhost-vdpa client can make:
 *
 *   - the VHOST_* and VHOST_VDPA_* ioctls, with queue indices past the
 *     end, huge and negative ones, ring sizes that are zero, odd, not a
 *     power of two or too large, ring addresses that are misaligned or
 *     unmapped, random status bytes (bits cleared without a reset,
 *     DRIVER_OK before FEATURES_OK, FAILED, NEEDS_RESET), random feature
 *     and backend feature bits, config accesses past the end and
 *     overflowing, closed, -1 and non-eventfd descriptors for kick, call,
 *     err and config call, groups and address spaces that do not exist,
 *     SUSPEND and RESUME in any state, output pointers that fault, and
 *     ioctl numbers vhost does not know;
 *   - IOTLB messages written to the device: updates and invalidations of
 *     overlapping, zero-sized, misaligned, overflowing and out-of-range
 *     IOVA ranges backed by writable, read-only, unmapped or kernel
 *     addresses, with wrong permissions, in batches, in the version 1
 *     layout, of unknown types, short;
 *   - mmap() of doorbell pages of queues that do not exist, at odd
 *     offsets, of the wrong size and protection, and kicks through them;
 *   - now and then a plausible bring-up to DRIVER_OK (for net with frames
 *     on the transmit queue, so that the device interrupts meanwhile),
 *     and a close and reopen of the device.
 *
 * Any call may fail. What must hold: every call returns (a watchdog
 * thread fails the test if one does not within FUZZ_CALL_TIMEOUT
 * seconds), the kernel logs no splat (the lab checks dmesg), and the
 * device still works afterwards: on the open the fuzzer used last, after
 * a reset, the bring-up of vhost_vdpa_net and vhost_vdpa_blk (vnet_util.c,
 * vblk_util.c) passes frames (net: to the peer NIC and back, or through
 * vdpa_sim_net's loop-back) or completes block requests (blk: a sector
 * read, overwritten, read back, restored). The fuzz and that check build
 * on each other in one process on one open, so this is a plain
 * kselftest.h program, not a harness one.
 *
 * The sequence depends on the seed and on what the device reports when
 * it is first opened, never on what a fuzzed call returned: -s replays a
 * run. The memory fuzzed mappings point at is a memfd of its own with
 * inaccessible guard pages around it, never written by the fuzzer except
 * for the rings and frames of a bring-up, so that whatever the device is
 * told to do it can neither corrupt this process nor find a block write
 * request to execute.
 *
 * Two kinds of calls stay out unless -k (FUZZ_KNOWN_BUGS=1) lets them in:
 * they trip bugs of the 6.12 kernel's vhost_vdpa, not of a parent, and a
 * test that always fails there would test nothing else:
 *   - an IOTLB update with a permission other than RO, WO or RW that can
 *     succeed: perm_to_iommu_flags() WARNs for parents that use the
 *     platform IOMMU (a permission is still random when the update
 *     cannot pin its pages);
 *   - one eventfd as the call file of two queues (with -k every bring-up
 *     does that): the second queue's irq bypass producer fails to
 *     register, and when that queue's call file changes while DRIVER_OK
 *     is set, irq_bypass_unregister_producer() finds the first queue's
 *     producer by the shared token and list_del()s the second one's node,
 *     which was never added: "list_del corruption", a kernel BUG with
 *     CONFIG_DEBUG_LIST (parents with get_vq_irq, ifcvf's full irq mode).
 *
 * usage: vhost_vdpa_fuzz [-s SEED] [-n CALLS] [-k] [-x EXTRA] DEV[:CALLS]...
 *   -s SEED   FUZZ_SEED; "random" picks one. Default 0x5eed1fc5.
 *   -n CALLS  calls per device without a :CALLS of its own; FUZZ_CALLS,
 *             default 20000
 *   -k        FUZZ_KNOWN_BUGS=1, see above
 *   -x EXTRA  tests the caller reports after these, for the TAP plan
 * Environment: PEER_IFNAME and PEER_NETNS name the net device's peer
 * netdev (without it the net device must loop frames back, as
 * vdpa_sim_net does); FUZZ_CALL_TIMEOUT, seconds a call may take (20).
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vblk_util.h"
#include "vnet_util.h"
#include "kselftest.h"

/* ioctls of newer kernels than the uapi headers we may build with */
#ifndef VHOST_VDPA_RESUME
#define VHOST_VDPA_RESUME		_IO(VHOST_VIRTIO, 0x7E)
#endif
#ifndef VHOST_VDPA_GET_VRING_DESC_GROUP
#define VHOST_VDPA_GET_VRING_DESC_GROUP	_IOWR(VHOST_VIRTIO, 0x7F, \
					      struct vhost_vring_state)
#endif
#ifndef VHOST_VDPA_GET_VRING_SIZE
#define VHOST_VDPA_GET_VRING_SIZE	_IOWR(VHOST_VIRTIO, 0x82, \
					      struct vhost_vring_state)
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#define FZ_PICK(f, a)		((a)[fz_below(f, ARRAY_SIZE(a))])

#define FZ_SEED_DEFAULT		0x5eed1fc5ULL
#define FZ_CALLS_DEFAULT	20000UL
#define FZ_CALL_TIMEOUT_S	20
#define FZ_ARENA_SIZE		(1UL << 20)	/* what fuzzed maps point at */
#define FZ_RO_SIZE		(64UL << 10)	/* a read-only mapping */
#define FZ_GUARD_SIZE		(256UL << 10)	/* PROT_NONE around both */
#define FZ_HOT_PAGES		32	/* the IOVA window most maps go to */
#define FZ_RING_STRIDE		8192	/* bring-up: vq i's rings here */
#define FZ_AVAIL_OFF		4096
#define FZ_USED_OFF		5120
#define FZ_RING_MAX		256	/* what fits the stride */
#define FZ_BRINGUP_VQS		4
#define FZ_TX_OFF		(64UL << 10)	/* bring-up: its frames */
#define FZ_TX_FRAMES		4
#define FZ_TX_LEN		60
#define FZ_EFDS			8
#define FZ_SCRATCH_SIZE		(16UL << 10)
#define FZ_ERRS			4	/* errnos counted per kind */
#define FZ_NO_FD		1000	/* first fd number tried as a closed one */

#define S_ACK			VIRTIO_CONFIG_S_ACKNOWLEDGE
#define S_DRIVER		VIRTIO_CONFIG_S_DRIVER
#define S_FEATURES_OK		VIRTIO_CONFIG_S_FEATURES_OK
#define S_DRIVER_OK		VIRTIO_CONFIG_S_DRIVER_OK

/* The calls, as the summary counts them */
enum fz_kind {
	FZ_GET_FEATURES,
	FZ_SET_FEATURES,
	FZ_GET_BACKEND_FEATURES,
	FZ_SET_BACKEND_FEATURES,
	FZ_SET_OWNER,
	FZ_SET_MEM_TABLE,
	FZ_SET_LOG,
	FZ_GET_DEVICE_ID,
	FZ_GET_STATUS,
	FZ_SET_STATUS,
	FZ_GET_CONFIG,
	FZ_SET_CONFIG,
	FZ_SET_CONFIG_CALL,
	FZ_GET_VRING_NUM_MAX,
	FZ_GET_VQS_COUNT,
	FZ_GET_CONFIG_SIZE,
	FZ_GET_IOVA_RANGE,
	FZ_GET_GROUP_NUM,
	FZ_GET_AS_NUM,
	FZ_SET_VRING_NUM,
	FZ_SET_VRING_ADDR,
	FZ_SET_VRING_BASE,
	FZ_GET_VRING_BASE,
	FZ_SET_VRING_KICK,
	FZ_SET_VRING_CALL,
	FZ_SET_VRING_ERR,
	FZ_SET_VRING_ENABLE,
	FZ_VRING_LEGACY,
	FZ_GET_VRING_GROUP,
	FZ_GET_VRING_DESC_GROUP,
	FZ_GET_VRING_SIZE,
	FZ_SET_GROUP_ASID,
	FZ_SUSPEND,
	FZ_RESUME,
	FZ_IOTLB_UPDATE,
	FZ_IOTLB_INVALIDATE,
	FZ_IOTLB_BATCH,
	FZ_IOTLB_MALFORMED,
	FZ_MMAP,
	FZ_EVENTFD_WRITE,
	FZ_UNKNOWN_IOCTL,
	FZ_CLOSE,
	FZ_OPEN,
	FZ_NR_KINDS
};

static const char * const fz_kind_name[FZ_NR_KINDS] = {
	[FZ_GET_FEATURES]	  = "VHOST_GET_FEATURES",
	[FZ_SET_FEATURES]	  = "VHOST_SET_FEATURES",
	[FZ_GET_BACKEND_FEATURES] = "VHOST_GET_BACKEND_FEATURES",
	[FZ_SET_BACKEND_FEATURES] = "VHOST_SET_BACKEND_FEATURES",
	[FZ_SET_OWNER]		  = "VHOST_SET_OWNER",
	[FZ_SET_MEM_TABLE]	  = "VHOST_SET_MEM_TABLE",
	[FZ_SET_LOG]		  = "VHOST_SET_LOG_{BASE,FD}",
	[FZ_GET_DEVICE_ID]	  = "VHOST_VDPA_GET_DEVICE_ID",
	[FZ_GET_STATUS]		  = "VHOST_VDPA_GET_STATUS",
	[FZ_SET_STATUS]		  = "VHOST_VDPA_SET_STATUS",
	[FZ_GET_CONFIG]		  = "VHOST_VDPA_GET_CONFIG",
	[FZ_SET_CONFIG]		  = "VHOST_VDPA_SET_CONFIG",
	[FZ_SET_CONFIG_CALL]	  = "VHOST_VDPA_SET_CONFIG_CALL",
	[FZ_GET_VRING_NUM_MAX]	  = "VHOST_VDPA_GET_VRING_NUM",
	[FZ_GET_VQS_COUNT]	  = "VHOST_VDPA_GET_VQS_COUNT",
	[FZ_GET_CONFIG_SIZE]	  = "VHOST_VDPA_GET_CONFIG_SIZE",
	[FZ_GET_IOVA_RANGE]	  = "VHOST_VDPA_GET_IOVA_RANGE",
	[FZ_GET_GROUP_NUM]	  = "VHOST_VDPA_GET_GROUP_NUM",
	[FZ_GET_AS_NUM]		  = "VHOST_VDPA_GET_AS_NUM",
	[FZ_SET_VRING_NUM]	  = "VHOST_SET_VRING_NUM",
	[FZ_SET_VRING_ADDR]	  = "VHOST_SET_VRING_ADDR",
	[FZ_SET_VRING_BASE]	  = "VHOST_SET_VRING_BASE",
	[FZ_GET_VRING_BASE]	  = "VHOST_GET_VRING_BASE",
	[FZ_SET_VRING_KICK]	  = "VHOST_SET_VRING_KICK",
	[FZ_SET_VRING_CALL]	  = "VHOST_SET_VRING_CALL",
	[FZ_SET_VRING_ERR]	  = "VHOST_SET_VRING_ERR",
	[FZ_SET_VRING_ENABLE]	  = "VHOST_VDPA_SET_VRING_ENABLE",
	[FZ_VRING_LEGACY]	  = "VHOST_{SET,GET}_VRING_{ENDIAN,BUSYLOOP_TIMEOUT}",
	[FZ_GET_VRING_GROUP]	  = "VHOST_VDPA_GET_VRING_GROUP",
	[FZ_GET_VRING_DESC_GROUP] = "VHOST_VDPA_GET_VRING_DESC_GROUP",
	[FZ_GET_VRING_SIZE]	  = "VHOST_VDPA_GET_VRING_SIZE",
	[FZ_SET_GROUP_ASID]	  = "VHOST_VDPA_SET_GROUP_ASID",
	[FZ_SUSPEND]		  = "VHOST_VDPA_SUSPEND",
	[FZ_RESUME]		  = "VHOST_VDPA_RESUME",
	[FZ_IOTLB_UPDATE]	  = "write(VHOST_IOTLB_UPDATE)",
	[FZ_IOTLB_INVALIDATE]	  = "write(VHOST_IOTLB_INVALIDATE)",
	[FZ_IOTLB_BATCH]	  = "write(VHOST_IOTLB_BATCH_{BEGIN,END})",
	[FZ_IOTLB_MALFORMED]	  = "write(malformed IOTLB message)",
	[FZ_MMAP]		  = "mmap(doorbell)",
	[FZ_EVENTFD_WRITE]	  = "write(eventfd)",
	[FZ_UNKNOWN_IOCTL]	  = "ioctl(unknown VHOST_VIRTIO number)",
	[FZ_CLOSE]		  = "close",
	[FZ_OPEN]		  = "open",
};

/* Every request the fuzzer means to call by name, see fz_unknown_req() */
static const unsigned long fz_known_reqs[] = {
	VHOST_GET_FEATURES, VHOST_SET_FEATURES, VHOST_SET_OWNER,
	VHOST_RESET_OWNER, VHOST_SET_MEM_TABLE, VHOST_SET_LOG_BASE,
	VHOST_SET_LOG_FD, VHOST_SET_VRING_NUM, VHOST_SET_VRING_ADDR,
	VHOST_SET_VRING_BASE, VHOST_GET_VRING_BASE, VHOST_SET_VRING_ENDIAN,
	VHOST_GET_VRING_ENDIAN, VHOST_SET_VRING_KICK, VHOST_SET_VRING_CALL,
	VHOST_SET_VRING_ERR, VHOST_SET_VRING_BUSYLOOP_TIMEOUT,
	VHOST_GET_VRING_BUSYLOOP_TIMEOUT, VHOST_SET_BACKEND_FEATURES,
	VHOST_GET_BACKEND_FEATURES, VHOST_VDPA_GET_DEVICE_ID,
	VHOST_VDPA_GET_STATUS, VHOST_VDPA_SET_STATUS, VHOST_VDPA_GET_CONFIG,
	VHOST_VDPA_SET_CONFIG, VHOST_VDPA_SET_VRING_ENABLE,
	VHOST_VDPA_GET_VRING_NUM, VHOST_VDPA_SET_CONFIG_CALL,
	VHOST_VDPA_GET_IOVA_RANGE, VHOST_VDPA_GET_CONFIG_SIZE,
	VHOST_VDPA_GET_VQS_COUNT, VHOST_VDPA_GET_GROUP_NUM,
	VHOST_VDPA_GET_AS_NUM, VHOST_VDPA_GET_VRING_GROUP,
	VHOST_VDPA_SET_GROUP_ASID, VHOST_VDPA_SUSPEND, VHOST_VDPA_RESUME,
	VHOST_VDPA_GET_VRING_DESC_GROUP, VHOST_VDPA_GET_VRING_SIZE,
};

struct fz_stat {
	unsigned long calls, ok, other;
	int err[FZ_ERRS];
	unsigned long nerr[FZ_ERRS];
};

struct fuzz {
	struct vdpa_dev dev;	/* dev.fd is the open being fuzzed */
	const char *path;
	int owned;		/* VHOST_SET_OWNER succeeded on dev.fd */
	int known_bugs;
	uint64_t seed, rng;
	unsigned long calls, budget;
	long page;
	uint16_t vq_size[FZ_BRINGUP_VQS];
	uint16_t ring_num[FZ_BRINGUP_VQS];	/* what the last bring-up set */
	uint8_t *config;	/* the config space as first read */
	/* memory fuzzed maps point at: [guard|arena|guard|ro|guard] */
	uint8_t *reserve, *arena, *ro;
	size_t reserve_size;
	int arena_fd, ro_fd;
	uint64_t hot;		/* IOVA of the window, mapped to the arena */
	int efd[FZ_EFDS];	/* kick, err, config call */
	int *call_efd;		/* queue i's call eventfd */
	unsigned long call_writes;	/* our own writes to those */
	int closed_fd;
	uint8_t *scratch;
	struct fz_stat stat[FZ_NR_KINDS];
};

/* ---- watchdog: every call must return ---- */

static struct {
	unsigned long seq;	/* calls begun */
	int busy;		/* a call is under way */
	int kind;
	unsigned int timeout_s;
	const char *path;
} fz_watch;

static void *fz_watchdog(void *arg)
{
	unsigned long seen = 0, seq;
	unsigned int still = 0;

	(void)arg;
	for (;;) {
		sleep(1);
		seq = __atomic_load_n(&fz_watch.seq, __ATOMIC_ACQUIRE);
		if (!__atomic_load_n(&fz_watch.busy, __ATOMIC_ACQUIRE) ||
		    seq != seen) {
			seen = seq;
			still = 0;
			continue;
		}
		if (++still < fz_watch.timeout_s)
			continue;
		ksft_print_msg("%s: call %lu, %s, has not returned after %u s\n",
			       fz_watch.path, seq,
			       fz_kind_name[__atomic_load_n(&fz_watch.kind,
							    __ATOMIC_RELAXED)],
			       still);
		ksft_test_result_fail("%s: every call returned\n",
				      fz_watch.path);
		fflush(stdout);
		_exit(KSFT_FAIL);
	}
	return NULL;
}

static void fz_begin(enum fz_kind k)
{
	__atomic_store_n(&fz_watch.kind, k, __ATOMIC_RELAXED);
	__atomic_add_fetch(&fz_watch.seq, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&fz_watch.busy, 1, __ATOMIC_RELEASE);
}

/* Ends the call fz_begin() began: counts ERR (0 or an errno) for K. */
static int fz_end(struct fuzz *f, enum fz_kind k, int err)
{
	struct fz_stat *s = &f->stat[k];
	unsigned int i;

	__atomic_store_n(&fz_watch.busy, 0, __ATOMIC_RELEASE);
	f->calls++;
	s->calls++;
	if (!err) {
		s->ok++;
		return 0;
	}
	for (i = 0; i < FZ_ERRS; i++) {
		if (s->nerr[i] && s->err[i] != err)
			continue;
		s->err[i] = err;
		s->nerr[i]++;
		return err;
	}
	s->other++;
	return err;
}

/* ---- the calls ---- */

static int fz_ioctl(struct fuzz *f, enum fz_kind k, unsigned long req,
		    void *arg)
{
	int r;

	fz_begin(k);
	r = ioctl(f->dev.fd, req, arg);
	return fz_end(f, k, r < 0 ? errno : 0);
}

static int fz_write(struct fuzz *f, enum fz_kind k, int fd, const void *buf,
		    size_t len)
{
	ssize_t n;

	fz_begin(k);
	n = write(fd, buf, len);
	return fz_end(f, k, n < 0 ? errno : 0);
}

/* ---- pseudo-random values ---- */

static uint64_t fz_rand(struct fuzz *f)
{
	return vdpa_prng(&f->rng);
}

static uint32_t fz_below(struct fuzz *f, uint32_t n)
{
	return n ? fz_rand(f) % n : 0;
}

static int fz_one_in(struct fuzz *f, uint32_t n)
{
	return fz_below(f, n) == 0;
}

static void fz_fill(struct fuzz *f, void *buf, size_t len)
{
	vdpa_fill_pattern(buf, len, fz_rand(f));
}

/* A queue index: mostly one that exists, else past the end or absurd. */
static uint32_t fz_vq(struct fuzz *f)
{
	static const uint32_t odd[] = {
		0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe,
		0xffffffff,
	};

	switch (fz_below(f, 10)) {
	case 0:
		return f->dev.nvqs;
	case 1:
		return f->dev.nvqs + 1 + fz_below(f, 64);
	case 2:
		return FZ_PICK(f, odd);
	case 3:
		return (uint32_t)fz_rand(f);
	default:
		return fz_below(f, f->dev.nvqs);
	}
}

static uint32_t fz_ring_num(struct fuzz *f)
{
	static const uint32_t odd[] = {
		0, 1, 3, 100, 255, 257, 0xffff, 0x10000, 0x80000000,
		0xffffffff,
	};

	switch (fz_below(f, 5)) {
	case 0:
		return FZ_PICK(f, odd);
	case 1:
		return (uint32_t)fz_rand(f) >> fz_below(f, 32);
	case 2:
		return (uint32_t)f->dev.vq_num_max << fz_below(f, 2);
	default:
		return 2U << fz_below(f, 10);
	}
}

static uint8_t fz_status(struct fuzz *f)
{
	static const uint8_t steps[] = {
		0,
		S_ACK,
		S_ACK | S_DRIVER,
		S_ACK | S_DRIVER | S_FEATURES_OK,
		VDPA_STATUS_RUNNING,
		S_ACK | S_DRIVER | S_DRIVER_OK,	/* no FEATURES_OK */
		S_DRIVER_OK,
		S_FEATURES_OK,
		VIRTIO_CONFIG_S_FAILED,
		VDPA_STATUS_RUNNING | VIRTIO_CONFIG_S_NEEDS_RESET,
		0xff,
	};

	if (fz_one_in(f, 3))
		return (uint8_t)fz_rand(f);
	return FZ_PICK(f, steps);
}

static uint64_t fz_features(struct fuzz *f)
{
	uint64_t r = fz_rand(f), offered = f->dev.device_features;

	switch (fz_below(f, 6)) {
	case 0:
		return offered;
	case 1:
		return VDPA_REQUIRED_FEATURES | (offered & r);
	case 2:
		return offered & r;
	case 3:
		return offered | 1ULL << (r % 64);
	case 4:
		return r;
	default:
		return r & 1 ? 0 : ~0ULL;
	}
}

static uint64_t fz_backend_features(struct fuzz *f)
{
	uint64_t r = fz_rand(f);

	switch (fz_below(f, 5)) {
	case 0:
		return f->dev.backend_offered;
	case 1:
		return f->dev.backend_offered & r;
	case 2:
		return 1ULL << (r % 64);
	case 3:
		return r & 0x1ff;	/* the bits 6.12 names */
	default:
		return r;
	}
}

/* A file descriptor for kick, call, err, config call: often no eventfd. */
static int fz_fd(struct fuzz *f)
{
	static const int odd[] = { -2, INT_MIN, INT_MAX, 0, 2 };

	switch (fz_below(f, 10)) {
	case 0:
		return VHOST_FILE_UNBIND;
	case 1:
		return f->closed_fd;
	case 2:
		return f->arena_fd;
	case 3:
		return f->dev.fd;
	case 4:
		return FZ_PICK(f, odd);
	default:
		return f->efd[fz_below(f, FZ_EFDS)];
	}
}

static int fz_is_pool_efd(struct fuzz *f, int fd)
{
	unsigned int i;

	for (i = 0; i < FZ_EFDS; i++)
		if (fd == f->efd[i])
			return 1;
	return 0;
}

/* Queue VQ's call file: no eventfd of another queue (see the top). */
static int fz_call_fd(struct fuzz *f, uint32_t vq)
{
	int fd = fz_fd(f);

	if (f->known_bugs || !fz_is_pool_efd(f, fd) || vq >= f->dev.nvqs)
		return fd;
	return f->call_efd[vq];
}

/* An IOVA: mostly in the hot window (overlaps), else at and past the ends. */
static uint64_t fz_iova(struct fuzz *f)
{
	uint64_t r = fz_rand(f), window = FZ_HOT_PAGES * (uint64_t)f->page;

	switch (fz_below(f, 10)) {
	case 0:
		return f->dev.range.first;
	case 1:
		return f->dev.range.last - f->page + 1;
	case 2:
		return f->dev.range.last;
	case 3:
		return ~0ULL - (r & 0xffff);
	case 4:
		return r;
	case 5:
		return f->hot + r % window;
	default:
		return f->hot + (r % FZ_HOT_PAGES) * f->page;
	}
}

static uint64_t fz_size(struct fuzz *f, uint64_t iova)
{
	uint64_t r = fz_rand(f);

	switch (fz_below(f, 10)) {
	case 0:
		return 0;
	case 1:
		return 1 + r % f->page;
	case 2:
		return ~0ULL - (r & 1);
	case 3:
		return 1ULL << (32 + r % 32);
	case 4:
		/* to the end of the range, or one byte past it */
		return f->dev.range.last - iova + 1 + (r & 1);
	case 5:
		return FZ_ARENA_SIZE + f->page;
	default:
		return (1 + r % 16) * f->page;
	}
}

/*
 * A user address behind an IOTLB update. *UNPINNABLE is set for those
 * whose pages cannot be pinned, so the update cannot map anything.
 */
static uint64_t fz_uaddr(struct fuzz *f, int *unpinnable)
{
	uint64_t r = fz_rand(f);

	*unpinnable = 0;
	switch (fz_below(f, 10)) {
	case 0:
		*unpinnable = 1;
		return (uintptr_t)f->reserve + r % FZ_GUARD_SIZE;
	case 1:
		*unpinnable = 1;
		return r & 0xfff;
	case 2:
		*unpinnable = 1;
		return 0xffff888000000000ULL + (r & 0xffffff000ULL);
	case 3:
		return (uintptr_t)f->ro + (r % (FZ_RO_SIZE / f->page)) * f->page;
	case 4:
		return (uintptr_t)f->arena + r % FZ_ARENA_SIZE;
	default:
		return (uintptr_t)f->arena +
		       (r % (FZ_ARENA_SIZE / f->page)) * f->page;
	}
}

static uint8_t fz_perm(struct fuzz *f, int unpinnable)
{
	if ((unpinnable || f->known_bugs) && fz_one_in(f, 4))
		return fz_one_in(f, 2) ? 0 : (uint8_t)fz_rand(f);
	return VHOST_ACCESS_RO + fz_below(f, 3);
}

/* A ring address (an IOVA): mostly aligned in the hot window. */
static uint64_t fz_ring_addr(struct fuzz *f, uint64_t align)
{
	uint64_t r = fz_rand(f), window = FZ_HOT_PAGES * (uint64_t)f->page;

	switch (fz_below(f, 8)) {
	case 0:
		return 0;
	case 1:
		return r;
	case 2:
		return f->dev.range.last & ~(align - 1);
	case 3:
		return (f->hot + r % window) | 1;
	default:
		return f->hot + ((r % window) & ~(align - 1));
	}
}

/* Where an ioctl writes its answer: mostly somewhere writable. */
static void *fz_out(struct fuzz *f)
{
	switch (fz_below(f, 16)) {
	case 0:
		return NULL;
	case 1:
		return f->reserve;	/* PROT_NONE */
	case 2:
		return f->ro;
	default:
		return f->scratch;
	}
}

/* ---- IOTLB messages ---- */

static int fz_iotlb_plain(struct fuzz *f, enum fz_kind k, uint8_t type,
			  uint64_t iova, uint64_t size, uint64_t uaddr,
			  uint8_t perm)
{
	struct vhost_msg_v2 m;

	memset(&m, 0, sizeof(m));
	m.type = VHOST_IOTLB_MSG_V2;
	m.iotlb.type = type;
	m.iotlb.iova = iova;
	m.iotlb.size = size;
	m.iotlb.uaddr = uaddr;
	m.iotlb.perm = perm;
	return fz_write(f, k, f->dev.fd, &m, sizeof(m));
}

/* The same in the version 1 layout, or for an address space now and then. */
static int fz_iotlb(struct fuzz *f, enum fz_kind k, uint8_t type,
		    uint64_t iova, uint64_t size, uint64_t uaddr, uint8_t perm)
{
	struct vhost_msg_v2 m;
	struct vhost_msg m1;

	if (fz_one_in(f, 16)) {
		memset(&m1, 0, sizeof(m1));
		m1.type = VHOST_IOTLB_MSG;
		m1.iotlb.type = type;
		m1.iotlb.iova = iova;
		m1.iotlb.size = size;
		m1.iotlb.uaddr = uaddr;
		m1.iotlb.perm = perm;
		return fz_write(f, k, f->dev.fd, &m1, sizeof(m1));
	}
	memset(&m, 0, sizeof(m));
	m.type = VHOST_IOTLB_MSG_V2;
	if (fz_one_in(f, 16))
		m.asid = fz_one_in(f, 2) ? 1 : (uint32_t)fz_rand(f);
	m.iotlb.type = type;
	m.iotlb.iova = iova;
	m.iotlb.size = size;
	m.iotlb.uaddr = uaddr;
	m.iotlb.perm = perm;
	return fz_write(f, k, f->dev.fd, &m, sizeof(m));
}

static void op_iotlb_update(struct fuzz *f)
{
	uint64_t iova, size, uaddr;
	int unpinnable;
	uint8_t perm;

	iova = fz_iova(f);
	size = fz_size(f, iova);
	uaddr = fz_uaddr(f, &unpinnable);
	perm = fz_perm(f, unpinnable);
	fz_iotlb(f, FZ_IOTLB_UPDATE, VHOST_IOTLB_UPDATE, iova, size, uaddr,
		 perm);
}

static void op_iotlb_invalidate(struct fuzz *f)
{
	uint64_t iova, size;
	uint8_t perm;

	iova = fz_one_in(f, 16) ? 0 : fz_iova(f);
	size = fz_size(f, iova);
	perm = (uint8_t)fz_rand(f);
	fz_iotlb(f, FZ_IOTLB_INVALIDATE, VHOST_IOTLB_INVALIDATE, iova, size,
		 0, perm);
}

static void op_iotlb_batch(struct fuzz *f)
{
	uint8_t type = fz_one_in(f, 2) ? VHOST_IOTLB_BATCH_BEGIN :
					  VHOST_IOTLB_BATCH_END;

	fz_iotlb(f, FZ_IOTLB_BATCH, type, 0, 0, 0, 0);
}

/* Unknown message and IOTLB types, short and faulting writes. */
static void op_iotlb_malformed(struct fuzz *f)
{
	static const uint8_t types[] = {
		0, VHOST_IOTLB_MISS, VHOST_IOTLB_ACCESS_FAIL, 7, 0xff,
	};
	struct vhost_msg_v2 m;
	size_t len = sizeof(m);
	const void *buf = &m;

	memset(&m, 0, sizeof(m));
	m.type = VHOST_IOTLB_MSG_V2;
	m.iotlb.type = VHOST_IOTLB_INVALIDATE;
	m.iotlb.iova = fz_iova(f);
	m.iotlb.size = f->page;
	switch (fz_below(f, 5)) {
	case 0:
		m.type = fz_one_in(f, 2) ? 0 : (uint32_t)fz_rand(f);
		break;
	case 1:
		m.iotlb.type = FZ_PICK(f, types);
		break;
	case 2:
		len = fz_below(f, sizeof(m));
		break;
	case 3:
		buf = f->reserve;
		break;
	default:
		len = sizeof(m) + 1 + fz_below(f, 64);
		buf = f->scratch;
		memcpy(f->scratch, &m, sizeof(m));
	}
	fz_write(f, FZ_IOTLB_MALFORMED, f->dev.fd, buf, len);
}

/* ---- ioctls ---- */

static void op_set_status(struct fuzz *f)
{
	uint8_t s = fz_status(f);

	fz_ioctl(f, FZ_SET_STATUS, VHOST_VDPA_SET_STATUS,
		 fz_one_in(f, 32) ? (void *)f->reserve : &s);
}

static void op_features(struct fuzz *f)
{
	uint64_t v;

	if (fz_one_in(f, 4)) {
		fz_ioctl(f, FZ_GET_FEATURES, VHOST_GET_FEATURES, fz_out(f));
		return;
	}
	v = fz_features(f);
	fz_ioctl(f, FZ_SET_FEATURES, VHOST_SET_FEATURES, &v);
}

static void op_backend_features(struct fuzz *f)
{
	uint64_t v;

	if (fz_one_in(f, 4)) {
		fz_ioctl(f, FZ_GET_BACKEND_FEATURES, VHOST_GET_BACKEND_FEATURES,
			 fz_out(f));
		return;
	}
	v = fz_backend_features(f);
	fz_ioctl(f, FZ_SET_BACKEND_FEATURES, VHOST_SET_BACKEND_FEATURES, &v);
}

static const struct fz_getter {
	enum fz_kind kind;
	unsigned long req;
} fz_getters[] = {
	{ FZ_GET_DEVICE_ID, VHOST_VDPA_GET_DEVICE_ID },
	{ FZ_GET_STATUS, VHOST_VDPA_GET_STATUS },
	{ FZ_GET_VRING_NUM_MAX, VHOST_VDPA_GET_VRING_NUM },
	{ FZ_GET_VQS_COUNT, VHOST_VDPA_GET_VQS_COUNT },
	{ FZ_GET_CONFIG_SIZE, VHOST_VDPA_GET_CONFIG_SIZE },
	{ FZ_GET_IOVA_RANGE, VHOST_VDPA_GET_IOVA_RANGE },
	{ FZ_GET_GROUP_NUM, VHOST_VDPA_GET_GROUP_NUM },
	{ FZ_GET_AS_NUM, VHOST_VDPA_GET_AS_NUM },
};

static void op_get_info(struct fuzz *f)
{
	const struct fz_getter *g = &FZ_PICK(f, fz_getters);

	fz_ioctl(f, g->kind, g->req, fz_out(f));
}

static uint32_t fz_config_off(struct fuzz *f)
{
	uint32_t size = f->dev.config_size;
	const uint32_t odd[] = {
		0, 1, size - 1, size, size + 1, 0x7fffffff, 0xffffffff,
	};

	if (fz_one_in(f, 3))
		return FZ_PICK(f, odd);
	return fz_below(f, size + 8);
}

static uint32_t fz_config_len(struct fuzz *f, uint32_t off)
{
	uint32_t size = f->dev.config_size;
	const uint32_t odd[] = {
		0, 1, 2, 4, 6, 8, size, size - off, size - off + 1,
		0x80000000, 0xffffffff, 0xffffffff - off + 2,
	};

	if (fz_one_in(f, 2))
		return FZ_PICK(f, odd);
	return fz_below(f, size + 8);
}

/* VHOST_VDPA_{GET,SET}_CONFIG in the scratch buffer, or faulting. */
static void op_config(struct fuzz *f)
{
	struct vhost_vdpa_config *c = (void *)f->scratch;
	int set = fz_one_in(f, 2);
	size_t room = FZ_SCRATCH_SIZE - sizeof(*c);

	c->off = fz_config_off(f);
	c->len = fz_config_len(f, c->off);
	fz_fill(f, c->buf, c->len < room ? c->len : room);
	if (fz_one_in(f, 16))
		c = (void *)(fz_one_in(f, 2) ? f->reserve : f->ro);
	if (set)
		fz_ioctl(f, FZ_SET_CONFIG, VHOST_VDPA_SET_CONFIG, c);
	else
		fz_ioctl(f, FZ_GET_CONFIG, VHOST_VDPA_GET_CONFIG, c);
}

static void op_config_call(struct fuzz *f)
{
	int fd = fz_fd(f);

	fz_ioctl(f, FZ_SET_CONFIG_CALL, VHOST_VDPA_SET_CONFIG_CALL, &fd);
}

static void op_vring_num(struct fuzz *f)
{
	struct vhost_vring_state s;

	s.index = fz_vq(f);
	s.num = fz_ring_num(f);
	fz_ioctl(f, FZ_SET_VRING_NUM, VHOST_SET_VRING_NUM, &s);
}

static void op_vring_addr(struct fuzz *f)
{
	struct vhost_vring_addr a;

	memset(&a, 0, sizeof(a));
	a.index = fz_vq(f);
	if (fz_one_in(f, 8))
		a.flags = fz_one_in(f, 2) ? 1U << VHOST_VRING_F_LOG :
					    (uint32_t)fz_rand(f);
	a.desc_user_addr = fz_ring_addr(f, 16);
	a.avail_user_addr = fz_ring_addr(f, 2);
	a.used_user_addr = fz_ring_addr(f, 4);
	if (fz_one_in(f, 8))
		a.log_guest_addr = fz_rand(f);
	fz_ioctl(f, FZ_SET_VRING_ADDR, VHOST_SET_VRING_ADDR, &a);
}

static void op_vring_base(struct fuzz *f)
{
	struct vhost_vring_state s;

	s.index = fz_vq(f);
	if (fz_one_in(f, 2)) {
		fz_ioctl(f, FZ_GET_VRING_BASE, VHOST_GET_VRING_BASE, &s);
		return;
	}
	s.num = fz_one_in(f, 2) ? 0 : (uint32_t)fz_rand(f) >> fz_below(f, 32);
	fz_ioctl(f, FZ_SET_VRING_BASE, VHOST_SET_VRING_BASE, &s);
}

static void op_vring_file(struct fuzz *f)
{
	struct vhost_vring_file file;

	file.index = fz_vq(f);
	switch (fz_below(f, 3)) {
	case 0:
		file.fd = fz_fd(f);
		fz_ioctl(f, FZ_SET_VRING_KICK, VHOST_SET_VRING_KICK, &file);
		break;
	case 1:
		file.fd = fz_call_fd(f, file.index);
		fz_ioctl(f, FZ_SET_VRING_CALL, VHOST_SET_VRING_CALL, &file);
		break;
	default:
		file.fd = fz_fd(f);
		fz_ioctl(f, FZ_SET_VRING_ERR, VHOST_SET_VRING_ERR, &file);
	}
}

static void op_vring_enable(struct fuzz *f)
{
	struct vhost_vring_state s;

	s.index = fz_vq(f);
	s.num = fz_one_in(f, 4) ? (uint32_t)fz_rand(f) : fz_below(f, 2);
	fz_ioctl(f, FZ_SET_VRING_ENABLE, VHOST_VDPA_SET_VRING_ENABLE, &s);
}

/* What vhost-net has and vhost-vdpa passes to vhost's common code */
static void op_vring_legacy(struct fuzz *f)
{
	static const unsigned long reqs[] = {
		VHOST_SET_VRING_ENDIAN, VHOST_GET_VRING_ENDIAN,
		VHOST_SET_VRING_BUSYLOOP_TIMEOUT,
		VHOST_GET_VRING_BUSYLOOP_TIMEOUT,
	};
	struct vhost_vring_state s;

	s.index = fz_vq(f);
	s.num = fz_one_in(f, 2) ? fz_below(f, 2) : (uint32_t)fz_rand(f);
	fz_ioctl(f, FZ_VRING_LEGACY, FZ_PICK(f, reqs), &s);
}

static void op_vring_group(struct fuzz *f)
{
	struct vhost_vring_state s;

	s.index = fz_vq(f);
	s.num = fz_one_in(f, 2) ? fz_below(f, 2) : (uint32_t)fz_rand(f);
	switch (fz_below(f, 4)) {
	case 0:
		fz_ioctl(f, FZ_GET_VRING_GROUP, VHOST_VDPA_GET_VRING_GROUP, &s);
		break;
	case 1:
		fz_ioctl(f, FZ_GET_VRING_DESC_GROUP,
			 VHOST_VDPA_GET_VRING_DESC_GROUP, &s);
		break;
	case 2:
		fz_ioctl(f, FZ_GET_VRING_SIZE, VHOST_VDPA_GET_VRING_SIZE, &s);
		break;
	default:
		fz_ioctl(f, FZ_SET_GROUP_ASID, VHOST_VDPA_SET_GROUP_ASID, &s);
	}
}

static void op_suspend_resume(struct fuzz *f)
{
	if (fz_one_in(f, 2))
		fz_ioctl(f, FZ_SUSPEND, VHOST_VDPA_SUSPEND, NULL);
	else
		fz_ioctl(f, FZ_RESUME, VHOST_VDPA_RESUME, NULL);
}

/* SET_OWNER again, a memory table (vhost-net's), dirty logging */
static void op_vhost_dev(struct fuzz *f)
{
	struct vhost_memory *m = (void *)f->scratch;
	static const uint32_t odd[] = { 64, 65, 0x10000, 0xffffffff };
	uint64_t base;
	int fd;
	uint32_t i;

	switch (fz_below(f, 4)) {
	case 0:
		if (!fz_ioctl(f, FZ_SET_OWNER, VHOST_SET_OWNER, NULL))
			f->owned = 1;
		return;
	case 1:
		base = fz_rand(f);
		fz_ioctl(f, FZ_SET_LOG, VHOST_SET_LOG_BASE, &base);
		return;
	case 2:
		fd = fz_fd(f);
		fz_ioctl(f, FZ_SET_LOG, VHOST_SET_LOG_FD, &fd);
		return;
	}
	m->nregions = fz_one_in(f, 8) ? FZ_PICK(f, odd) : fz_below(f, 4);
	m->padding = 0;
	for (i = 0; i < m->nregions && i < 4; i++) {
		m->regions[i].guest_phys_addr = fz_iova(f);
		m->regions[i].memory_size = fz_size(f, 0);
		m->regions[i].userspace_addr = (uintptr_t)f->arena;
		m->regions[i].flags_padding = 0;
	}
	fz_ioctl(f, FZ_SET_MEM_TABLE, VHOST_SET_MEM_TABLE, m);
}

static int fz_known_req(unsigned long req)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fz_known_reqs); i++)
		if (req == fz_known_reqs[i])
			return 1;
	return 0;
}

/* A request number of vhost's type that names none of the above. */
static void op_unknown_ioctl(struct fuzz *f)
{
	unsigned int dir = fz_below(f, 4), nr = fz_below(f, 256);
	unsigned int size = fz_one_in(f, 4) ? fz_below(f, 1U << 14) :
					      fz_below(f, 64);
	unsigned long req = _IOC(dir, VHOST_VIRTIO, nr, size);

	while (fz_known_req(req))
		req = _IOC(dir, VHOST_VIRTIO, nr, ++size & ((1U << 14) - 1));
	fz_fill(f, f->scratch, 256);
	fz_ioctl(f, FZ_UNKNOWN_IOCTL, req, f->scratch);
}

/* ---- mmap of doorbells, kicks ---- */

static off_t fz_mmap_off(struct fuzz *f)
{
	off_t page = f->page, off;

	switch (fz_below(f, 8)) {
	case 0:
		off = (off_t)fz_vq(f) * page;
		return off + 1 + fz_below(f, page - 1);
	case 1:
		return -page;
	case 2:
		return (off_t)1 << (40 + fz_below(f, 20));
	default:
		return (off_t)fz_vq(f) * page;
	}
}

static size_t fz_mmap_len(struct fuzz *f)
{
	static const size_t odd[] = { 0, 1, 2 * 4096, 1UL << 30 };

	if (fz_one_in(f, 4))
		return FZ_PICK(f, odd);
	return fz_one_in(f, 4) ? f->page / 2 : f->page;
}

/* Maps a doorbell page; if that works, kicks through it now and then. */
static void op_mmap(struct fuzz *f)
{
	static const int prots[] = {
		PROT_WRITE, PROT_WRITE, PROT_WRITE, PROT_READ | PROT_WRITE,
		PROT_READ, PROT_NONE,
	};
	static const int flags[] = {
		MAP_SHARED, MAP_SHARED, MAP_SHARED, MAP_PRIVATE,
	};
	off_t off = fz_mmap_off(f);
	size_t len = fz_mmap_len(f);
	int prot = FZ_PICK(f, prots), fl = FZ_PICK(f, flags);
	int kick = fz_one_in(f, 2);
	void *p;

	fz_begin(FZ_MMAP);
	p = mmap(NULL, len, prot, fl, f->dev.fd, off);
	if (fz_end(f, FZ_MMAP, p == MAP_FAILED ? errno : 0))
		return;
	if (kick && (prot & PROT_WRITE) && len)
		*(volatile uint16_t *)p = (uint16_t)(off / f->page);
	munmap(p, len);
}

/* Signals an eventfd: a kick when it is some queue's kick file. */
static void op_eventfd_write(struct fuzz *f)
{
	uint64_t one = 1;
	int fd;

	if (fz_one_in(f, 4)) {
		fd = f->call_efd[fz_below(f, f->dev.nvqs)];
		f->call_writes++;
	} else {
		fd = f->efd[fz_below(f, FZ_EFDS)];
	}
	fz_write(f, FZ_EVENTFD_WRITE, fd, &one, sizeof(one));
}

/* ---- a plausible bring-up, and reopening ---- */

static void fz_set_status(struct fuzz *f, uint8_t s)
{
	fz_ioctl(f, FZ_SET_STATUS, VHOST_VDPA_SET_STATUS, &s);
}

/* Queue I on its own slice of the hot window, at a size it can take */
static void fz_bringup_vq(struct fuzz *f, unsigned int i)
{
	uint64_t ring = f->hot + (uint64_t)i * FZ_RING_STRIDE;
	struct vhost_vring_state s = { .index = i };
	struct vhost_vring_file file = { .index = i };
	struct vhost_vring_addr a;

	memset(f->arena + (size_t)i * FZ_RING_STRIDE, 0, FZ_RING_STRIDE);
	s.num = f->vq_size[i];
	if (fz_one_in(f, 8))
		s.num = f->dev.vq_num_max;
	f->ring_num[i] = s.num;
	fz_ioctl(f, FZ_SET_VRING_NUM, VHOST_SET_VRING_NUM, &s);
	memset(&a, 0, sizeof(a));
	a.index = i;
	a.desc_user_addr = ring;
	a.avail_user_addr = ring + FZ_AVAIL_OFF;
	a.used_user_addr = ring + FZ_USED_OFF;
	fz_ioctl(f, FZ_SET_VRING_ADDR, VHOST_SET_VRING_ADDR, &a);
	s.num = 0;
	fz_ioctl(f, FZ_SET_VRING_BASE, VHOST_SET_VRING_BASE, &s);
	file.fd = f->efd[i % FZ_EFDS];
	fz_ioctl(f, FZ_SET_VRING_KICK, VHOST_SET_VRING_KICK, &file);
	/* with -k, one call eventfd for all: see the known bugs at the top */
	file.fd = f->known_bugs ? f->efd[0] : f->call_efd[i];
	fz_ioctl(f, FZ_SET_VRING_CALL, VHOST_SET_VRING_CALL, &file);
	s.num = 1;
	fz_ioctl(f, FZ_SET_VRING_ENABLE, VHOST_VDPA_SET_VRING_ENABLE, &s);
}

/*
 * Frames on transmit queue 1 of a net device, to a MAC nobody has, then a
 * kick: the device completes them and interrupts while the fuzz goes on.
 */
static void fz_send_frames(struct fuzz *f)
{
	uint8_t *ring = f->arena + FZ_RING_STRIDE;
	struct vring_desc *desc = (void *)ring;
	struct vring_avail *avail = (void *)(ring + FZ_AVAIL_OFF);
	unsigned int j, num = f->ring_num[1], len;
	uint64_t one = 1;
	uint8_t *buf;

	len = sizeof(struct virtio_net_hdr_v1) + FZ_TX_LEN;
	for (j = 0; j < FZ_TX_FRAMES && j < num; j++) {
		buf = f->arena + FZ_TX_OFF + j * 128;
		memset(buf, 0, len);
		buf += sizeof(struct virtio_net_hdr_v1);
		memcpy(buf, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x88\xb6",
		       14);
		desc[j].addr = htole64(f->hot + FZ_TX_OFF + j * 128);
		desc[j].len = htole32(len);
		desc[j].flags = 0;
		avail->ring[j] = htole16(j);
	}
	__atomic_store_n(&avail->idx, htole16(j), __ATOMIC_RELEASE);
	fz_write(f, FZ_EVENTFD_WRITE, f->efd[1 % FZ_EFDS], &one, sizeof(one));
}

/*
 * Reset, features, FEATURES_OK, the hot window mapped to the arena, a
 * few queues, DRIVER_OK: the device runs while the fuzz goes on.
 */
static void op_bringup(struct fuzz *f)
{
	unsigned int nvqs = f->dev.nvqs < FZ_BRINGUP_VQS ? f->dev.nvqs :
							   FZ_BRINGUP_VQS;
	unsigned int i, n = 1 + fz_below(f, nvqs);
	uint64_t window = FZ_HOT_PAGES * (uint64_t)f->page;
	uint64_t features;

	features = VDPA_REQUIRED_FEATURES | (f->dev.device_features & fz_rand(f));
	fz_set_status(f, 0);
	fz_set_status(f, S_ACK);
	fz_set_status(f, S_ACK | S_DRIVER);
	fz_ioctl(f, FZ_SET_FEATURES, VHOST_SET_FEATURES, &features);
	fz_set_status(f, S_ACK | S_DRIVER | S_FEATURES_OK);
	fz_iotlb_plain(f, FZ_IOTLB_INVALIDATE, VHOST_IOTLB_INVALIDATE,
		       f->hot, window, 0, 0);
	fz_iotlb_plain(f, FZ_IOTLB_UPDATE, VHOST_IOTLB_UPDATE, f->hot, window,
		       (uintptr_t)f->arena, VHOST_ACCESS_RW);
	for (i = 0; i < n; i++)
		fz_bringup_vq(f, i);
	fz_set_status(f, VDPA_STATUS_RUNNING);
	if (f->dev.device_id == VIRTIO_ID_NET && n > 1)
		fz_send_frames(f);
}

static void op_reopen(struct fuzz *f)
{
	if (f->dev.fd >= 0) {
		fz_begin(FZ_CLOSE);
		fz_end(f, FZ_CLOSE, close(f->dev.fd) ? errno : 0);
		f->dev.fd = -1;
	}
	fz_begin(FZ_OPEN);
	f->dev.fd = open(f->path, O_RDWR | O_CLOEXEC);
	fz_end(f, FZ_OPEN, f->dev.fd < 0 ? errno : 0);
	f->owned = 0;
	if (f->dev.fd >= 0 && !fz_one_in(f, 8))
		f->owned = !fz_ioctl(f, FZ_SET_OWNER, VHOST_SET_OWNER, NULL);
}

static const struct fz_op {
	void (*run)(struct fuzz *f);
	unsigned int weight;
} fz_ops[] = {
	{ op_set_status,	10 },
	{ op_features,		 5 },
	{ op_backend_features,	 3 },
	{ op_get_info,		 6 },
	{ op_config,		 8 },
	{ op_config_call,	 2 },
	{ op_vring_num,		 6 },
	{ op_vring_addr,	 5 },
	{ op_vring_base,	 5 },
	{ op_vring_file,	 8 },
	{ op_vring_enable,	 5 },
	{ op_vring_legacy,	 1 },
	{ op_vring_group,	 4 },
	{ op_suspend_resume,	 3 },
	{ op_iotlb_update,	10 },
	{ op_iotlb_invalidate,	 6 },
	{ op_iotlb_batch,	 2 },
	{ op_iotlb_malformed,	 3 },
	{ op_mmap,		 4 },
	{ op_eventfd_write,	 4 },
	{ op_vhost_dev,		 2 },
	{ op_unknown_ioctl,	 2 },
	{ op_bringup,		 2 },
	{ op_reopen,		 1 },
};

static const struct fz_op *fz_pick_op(struct fuzz *f)
{
	unsigned int i, total = 0, r;

	for (i = 0; i < ARRAY_SIZE(fz_ops); i++)
		total += fz_ops[i].weight;
	r = fz_below(f, total);
	for (i = 0; r >= fz_ops[i].weight; i++)
		r -= fz_ops[i].weight;
	return &fz_ops[i];
}

/* ---- set-up and tear-down of one device's fuzz ---- */

/* [guard | arena (shared memfd, RW) | guard | ro (shared memfd) | guard] */
static int fz_map_memory(struct fuzz *f)
{
	uint8_t *p;

	f->reserve_size = 3 * FZ_GUARD_SIZE + FZ_ARENA_SIZE + FZ_RO_SIZE;
	f->reserve = mmap(NULL, f->reserve_size, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	f->arena_fd = memfd_create("vhost-vdpa-fuzz", MFD_CLOEXEC);
	f->ro_fd = memfd_create("vhost-vdpa-fuzz-ro", MFD_CLOEXEC);
	if (f->reserve == MAP_FAILED || f->arena_fd < 0 || f->ro_fd < 0 ||
	    ftruncate(f->arena_fd, FZ_ARENA_SIZE) ||
	    ftruncate(f->ro_fd, FZ_RO_SIZE))
		return vdpa_fail(&f->dev, errno, "fuzz memory");
	p = f->reserve + FZ_GUARD_SIZE;
	f->arena = mmap(p, FZ_ARENA_SIZE, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_FIXED, f->arena_fd, 0);
	p += FZ_ARENA_SIZE + FZ_GUARD_SIZE;
	f->ro = mmap(p, FZ_RO_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED,
		     f->ro_fd, 0);
	if (f->arena == MAP_FAILED || f->ro == MAP_FAILED)
		return vdpa_fail(&f->dev, errno, "mmap(fuzz memory)");
	return 0;
}

static int fz_make_fds(struct fuzz *f)
{
	unsigned int i;

	for (i = 0; i < FZ_EFDS; i++) {
		f->efd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (f->efd[i] < 0)
			return vdpa_fail(&f->dev, errno, "eventfd");
	}
	f->call_efd = calloc(f->dev.nvqs, sizeof(*f->call_efd));
	if (!f->call_efd)
		return vdpa_fail(&f->dev, ENOMEM, "calloc");
	for (i = 0; i < f->dev.nvqs; i++) {
		f->call_efd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (f->call_efd[i] < 0)
			return vdpa_fail(&f->dev, errno, "eventfd");
	}
	for (f->closed_fd = FZ_NO_FD; fcntl(f->closed_fd, F_GETFD) >= 0;
	     f->closed_fd++)
		;
	return 0;
}

/* What the device reports beyond vdpa_open(): queue sizes, the config */
static int fz_probe(struct fuzz *f)
{
	struct vdpa_dev *d = &f->dev;
	struct vhost_vring_state s;
	unsigned int i;

	for (i = 0; i < FZ_BRINGUP_VQS; i++) {
		s.index = i;
		s.num = d->vq_num_max;
		if (i < d->nvqs && ioctl(d->fd, VHOST_VDPA_GET_VRING_SIZE, &s))
			s.num = d->vq_num_max;
		f->vq_size[i] = s.num < FZ_RING_MAX ? s.num : FZ_RING_MAX;
	}
	f->config = calloc(1, d->config_size + 1);
	if (!f->config)
		return vdpa_fail(d, ENOMEM, "calloc");
	if (d->config_size && vdpa_get_config(d, 0, f->config, d->config_size))
		return -1;
	/* the hot window: page aligned, in the range, clear of vdpa_open's */
	f->hot = d->iova + d->mem_size;
	if (f->hot + FZ_HOT_PAGES * (uint64_t)f->page - 1 > d->range.last)
		f->hot = d->range.first;
	return 0;
}

static int fz_setup(struct fuzz *f, const char *path, uint64_t seed,
		    unsigned long calls, int known_bugs)
{
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->seed = seed;
	f->rng = seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
	if (!f->rng)
		f->rng = 1;
	f->budget = calls;
	f->known_bugs = known_bugs;
	f->page = sysconf(_SC_PAGESIZE);
	f->arena_fd = -1;
	f->ro_fd = -1;
	f->reserve = MAP_FAILED;
	if (vdpa_open(&f->dev, path))
		return -1;
	f->owned = 1;
	f->scratch = calloc(1, FZ_SCRATCH_SIZE);
	if (!f->scratch)
		return vdpa_fail(&f->dev, ENOMEM, "calloc");
	if (fz_probe(f) || fz_map_memory(f) || fz_make_fds(f))
		return -1;
	return 0;
}

static void fz_teardown(struct fuzz *f)
{
	unsigned int i;

	vdpa_close(&f->dev);
	for (i = 0; i < FZ_EFDS; i++)
		if (f->efd[i] > 0)
			close(f->efd[i]);
	for (i = 0; f->call_efd && i < f->dev.nvqs; i++)
		if (f->call_efd[i] > 0)
			close(f->call_efd[i]);
	if (f->reserve != MAP_FAILED)
		munmap(f->reserve, f->reserve_size);
	if (f->arena_fd >= 0)
		close(f->arena_fd);
	if (f->ro_fd >= 0)
		close(f->ro_fd);
	free(f->call_efd);
	free(f->config);
	free(f->scratch);
}

/* ---- the run and its summary ---- */

static const char *fz_errname(int err, char *buf, size_t len)
{
	const char *name = strerrorname_np(err);

	if (err == VDPA_ENOTSUPP)
		return "ENOTSUPP";
	if (name)
		return name;
	snprintf(buf, len, "errno %d", err);
	return buf;
}

static void fz_report_kind(struct fuzz *f, enum fz_kind k)
{
	const struct fz_stat *s = &f->stat[k];
	char line[256], name[32];
	size_t n;
	unsigned int i;

	n = snprintf(line, sizeof(line), "%-48s %6lu calls, %6lu ok",
		     fz_kind_name[k], s->calls, s->ok);
	for (i = 0; i < FZ_ERRS && s->nerr[i] && n < sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, ", %s %lu",
			      fz_errname(s->err[i], name, sizeof(name)),
			      s->nerr[i]);
	if (s->other && n < sizeof(line))
		snprintf(line + n, sizeof(line) - n, ", other errors %lu",
			 s->other);
	ksft_print_msg("  %s\n", line);
}

static void fz_report(struct fuzz *f, uint64_t ms)
{
	unsigned long ok = 0;
	unsigned int k;

	ksft_print_msg("%s: calls by kind:\n", f->path);
	for (k = 0; k < FZ_NR_KINDS; k++) {
		ok += f->stat[k].ok;
		if (f->stat[k].calls)
			fz_report_kind(f, k);
	}
	ksft_print_msg("%s: %lu calls in %llu.%03llu s (seed 0x%llx): %lu returned 0, %lu an error\n",
		       f->path, f->calls, (unsigned long long)ms / 1000,
		       (unsigned long long)ms % 1000,
		       (unsigned long long)f->seed, ok, f->calls - ok);
}

/* How often the device signalled a queue's call eventfd meanwhile */
static unsigned long fz_device_calls(struct fuzz *f)
{
	unsigned long sum = 0;
	unsigned int i;
	uint64_t n;

	for (i = 0; i < f->dev.nvqs; i++)
		if (read(f->call_efd[i], &n, sizeof(n)) == sizeof(n))
			sum += n;
	return sum - f->call_writes;
}

static void fz_run(struct fuzz *f)
{
	uint64_t start = vdpa_now_ms();

	fz_watch.path = f->path;
	while (f->calls < f->budget)
		fz_pick_op(f)->run(f);
	fz_report(f, vdpa_now_ms() - start);
	ksft_print_msg("%s: the device signalled the call eventfds %lu times\n",
		       f->path, fz_device_calls(f));
}

/*
 * The fuzzed open back to a known state for a normal driver: an owner,
 * our backend features, no batch, no mapping, the config space as it was
 * (vdpa_sim keeps what SET_CONFIG wrote; a virtio device forgets it at
 * reset). The bring-up's reset follows.
 */
static int fz_hand_back(struct fuzz *f)
{
	struct vdpa_dev *d = &f->dev;
	struct vhost_vdpa_config *c;
	int ret;

	if (d->fd < 0) {
		d->fd = open(f->path, O_RDWR | O_CLOEXEC);
		if (d->fd < 0)
			return vdpa_fail(d, errno, "open(%s)", f->path);
		f->owned = 0;
	}
	if (!f->owned && VDPA_IOCTL(d, VHOST_SET_OWNER, NULL))
		return -1;
	/* BATCH_BEGIN gives the open an address space to invalidate */
	if (VDPA_IOCTL(d, VHOST_SET_BACKEND_FEATURES, &d->backend_features) ||
	    vdpa_iotlb_msg(d, VHOST_IOTLB_BATCH_BEGIN, 0, 0, NULL, 0) ||
	    vdpa_iotlb_msg(d, VHOST_IOTLB_INVALIDATE, 0, 0, NULL, 0) ||
	    vdpa_iotlb_msg(d, VHOST_IOTLB_BATCH_END, 0, 0, NULL, 0))
		return -1;
	if (!d->config_size)
		return 0;
	c = calloc(1, sizeof(*c) + d->config_size);
	if (!c)
		return vdpa_fail(d, ENOMEM, "calloc");
	c->len = d->config_size;
	memcpy(c->buf, f->config, d->config_size);
	ret = VDPA_IOCTL(d, VHOST_VDPA_SET_CONFIG, c);
	free(c);
	return ret;
}

/* ---- after the fuzz, net: frames cross ---- */

/*
 * With a peer: a burst of frames to the peer, then one from the peer to
 * us. Without: frames to our own MAC come back on the receive ring.
 */
static int fz_net_traffic(struct vnet *n, unsigned int *count)
{
	const char *ifname = getenv("PEER_IFNAME");

	if (ifname && *ifname &&
	    vnet_peer_open(n, getenv("PEER_NETNS"), ifname))
		return -1;
	if (vnet_up(n))
		return -1;
	*count = vnet_burst(n);
	if (vnet_exchange(n, 0, *count))
		return -1;
	if (!vnet_has_peer(n))
		return 0;
	if (vnet_peer_send(n, 0, *count) ||
	    vnet_pump(n, *count, *count, *count, VDPA_WAIT_MS))
		return -1;
	vnet_settle(n);
	return 0;
}

static int fz_check_net(struct fuzz *f, char *what, size_t len)
{
	struct vnet *n = calloc(1, sizeof(*n));
	unsigned int count = 0;
	int ret;

	if (!n)
		return vdpa_fail(&f->dev, ENOMEM, "calloc");
	vnet_init(n, &f->dev);
	ret = fz_net_traffic(n, &count);
	if (vnet_has_peer(n))
		ksft_print_msg("%s: after the fuzz: %u frames each way: tx completed %u, %u intact at the peer NIC, %u from the peer intact on the rx ring, bad %u\n",
			       f->path, count, n->tx_done, n->peer_ok,
			       n->ring_ok, n->bad);
	else
		ksft_print_msg("%s: after the fuzz: %u frames: tx completed %u, %u looped back intact on the rx ring, bad %u\n",
			       f->path, count, n->tx_done, n->ring_ok, n->bad);
	vnet_peer_close(n);
	snprintf(what, len, "frames crossed");
	ret = ret || n->bad || !count ? -1 : 0;
	free(n);
	return ret;
}

/* ---- after the fuzz, blk: requests complete ---- */

#define BLK_IO		4096
#define BLK_AT		(104ULL << 20)	/* clear of the lab's blk regions */

/* One request of BLK_IO bytes at data slot SLOT; it must answer S_OK. */
static int fz_blk_io(struct vblk *b, uint32_t type, uint64_t sector,
		     unsigned int slot)
{
	if (vblk_queue(b, 0, type, sector, slot, BLK_IO,
		       vblk_seg_len(b, BLK_IO)) || vblk_run(b))
		return -1;
	if (b->status[0] != VIRTIO_BLK_S_OK)
		return vdpa_fail(b->dev, 0, "request type %u at sector %llu: status %u",
				 type, (unsigned long long)sector, b->status[0]);
	return 0;
}

/*
 * Reads a block (slot 0), overwrites it with a pattern (slot 1), reads it
 * back (slot 2), restores it and checks that.
 */
static int fz_blk_rewrite(struct vblk *b, uint64_t seed, int *wrote)
{
	uint64_t sector;

	if (vblk_up(b))
		return -1;
	sector = BLK_AT / VBLK_SECTOR;
	if (b->capacity < sector + BLK_IO / VBLK_SECTOR)
		sector = (b->capacity / 2) & ~7ULL;
	if (fz_blk_io(b, VIRTIO_BLK_T_IN, sector, 0))
		return -1;
	if (vdpa_has(b->dev, VIRTIO_BLK_F_RO))
		return 0;
	*wrote = 1;
	vdpa_fill_pattern(vblk_data(b, 1), BLK_IO, seed);
	if (fz_blk_io(b, VIRTIO_BLK_T_OUT, sector, 1) ||
	    fz_blk_io(b, VIRTIO_BLK_T_IN, sector, 2))
		return -1;
	if (memcmp(vblk_data(b, 1), vblk_data(b, 2), BLK_IO))
		return vdpa_fail(b->dev, 0, "sector %llu reads back other bytes than written",
				 (unsigned long long)sector);
	if (fz_blk_io(b, VIRTIO_BLK_T_OUT, sector, 0) ||
	    fz_blk_io(b, VIRTIO_BLK_T_IN, sector, 2))
		return -1;
	if (memcmp(vblk_data(b, 0), vblk_data(b, 2), BLK_IO))
		return vdpa_fail(b->dev, 0, "sector %llu not restored",
				 (unsigned long long)sector);
	return 0;
}

static int fz_check_blk(struct fuzz *f, char *what, size_t len)
{
	struct vblk *b = calloc(1, sizeof(*b));
	int wrote = 0, ret;

	if (!b)
		return vdpa_fail(&f->dev, ENOMEM, "calloc");
	vblk_init(b, &f->dev);
	ret = fz_blk_rewrite(b, f->seed, &wrote);
	snprintf(what, len, "%s", wrote ?
		 "a block read, written, read back and restored" :
		 "a block read (read-only device)");
	free(b);
	return ret;
}

/* ---- main ---- */

static const char *fz_class(uint32_t device_id)
{
	switch (device_id) {
	case VIRTIO_ID_NET:
		return "net";
	case VIRTIO_ID_BLOCK:
		return "blk";
	}
	return "other";
}

/* Everything about one device: two test results. */
static void fz_device(const char *path, uint64_t seed, unsigned long calls,
		      int known_bugs)
{
	struct fuzz *f = calloc(1, sizeof(*f));
	char what[128] = "the device works";
	int ret = -1;

	if (!f || fz_setup(f, path, seed, calls, known_bugs)) {
		ksft_print_msg("%s: %s\n", path, f ? f->dev.err : "calloc");
		ksft_test_result_fail("%s: fuzz set up\n", path);
		ksft_test_result_skip("%s: device usable afterwards\n", path);
		if (f)
			fz_teardown(f);
		free(f);
		return;
	}
	ksft_print_msg("%s: %s, %u vqs, queue size max %u, config %u bytes, features 0x%llx, backend 0x%llx, IOVA [0x%llx, 0x%llx]\n",
		       path, fz_class(f->dev.device_id), f->dev.nvqs,
		       f->dev.vq_num_max, f->dev.config_size,
		       (unsigned long long)f->dev.device_features,
		       (unsigned long long)f->dev.backend_offered,
		       (unsigned long long)f->dev.range.first,
		       (unsigned long long)f->dev.range.last);
	ksft_print_msg("%s: seed 0x%llx, %lu calls%s; replay: vhost_vdpa_fuzz -s 0x%llx%s %s:%lu\n",
		       path, (unsigned long long)seed, calls,
		       known_bugs ? ", known kernel bugs included" : "",
		       (unsigned long long)seed, known_bugs ? " -k" : "", path,
		       calls);
	fz_run(f);
	ksft_test_result_pass("%s (%s): %lu calls returned\n", path,
			      fz_class(f->dev.device_id), f->calls);

	if (!fz_hand_back(f)) {
		if (f->dev.device_id == VIRTIO_ID_NET)
			ret = fz_check_net(f, what, sizeof(what));
		else if (f->dev.device_id == VIRTIO_ID_BLOCK)
			ret = fz_check_blk(f, what, sizeof(what));
		else
			ret = vdpa_start(&f->dev, 0, 0, 0);
	}
	if (ret)
		ksft_print_msg("%s: %s\n", path, f->dev.err);
	ksft_test_result(!ret, "%s (%s): device usable afterwards: %s\n",
			 path, fz_class(f->dev.device_id), what);
	fz_teardown(f);
	free(f);
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

static int parse_seed(const char *s, uint64_t *seed)
{
	if (!strcmp(s, "random")) {
		*seed = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL) ^
			vdpa_now_ms();
		return 0;
	}
	return parse_u64(s, seed);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: vhost_vdpa_fuzz [-s SEED|random] [-n CALLS] [-k] [-x EXTRA] DEV[:CALLS]...\n");
	exit(KSFT_FAIL);
}

int main(int argc, char **argv)
{
	uint64_t seed = FZ_SEED_DEFAULT, calls = FZ_CALLS_DEFAULT, extra = 0, v;
	const char *env;
	pthread_t watchdog;
	int known_bugs, opt, i;

	env = getenv("FUZZ_KNOWN_BUGS");
	known_bugs = env && !strcmp(env, "1");
	env = getenv("FUZZ_SEED");
	if (env && *env && parse_seed(env, &seed))
		usage();
	env = getenv("FUZZ_CALLS");
	if (env && *env && parse_u64(env, &calls))
		usage();
	env = getenv("FUZZ_CALL_TIMEOUT");
	fz_watch.timeout_s = env && atoi(env) > 0 ? atoi(env) : FZ_CALL_TIMEOUT_S;
	while ((opt = getopt(argc, argv, "s:n:kx:")) != -1) {
		if ((opt == 's' && parse_seed(optarg, &seed)) ||
		    (opt == 'n' && parse_u64(optarg, &calls)) ||
		    (opt == 'x' && parse_u64(optarg, &extra)) || opt == '?')
			usage();
		if (opt == 'k')
			known_bugs = 1;
	}
	if (optind >= argc)
		usage();

	ksft_print_header();
	ksft_set_plan(2 * (argc - optind) + extra);
	if (pthread_create(&watchdog, NULL, fz_watchdog, NULL)) {
		ksft_print_msg("pthread_create failed\n");
		return KSFT_FAIL;
	}
	for (i = optind; i < argc; i++) {
		char *path = argv[i], *n = strrchr(path, ':');

		v = calls;
		if (n) {
			*n = '\0';
			if (parse_u64(n + 1, &v))
				usage();
		}
		fz_device(path, seed, v, known_bugs);
	}
	if (extra)
		ksft_print_msg("pass:%d fail:%d skip:%d, %llu more to follow\n",
			       ksft_get_pass_cnt(), ksft_get_fail_cnt(),
			       ksft_get_xskip_cnt(), (unsigned long long)extra);
	else
		ksft_print_cnts();
	return ksft_get_fail_cnt() ? KSFT_FAIL : KSFT_PASS;
}
