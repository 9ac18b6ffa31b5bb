// SPDX-License-Identifier: GPL-2.0
/*
 * The traffic and the control of the VM tier (vm_net.sh, vm_migrate.sh):
 * it runs in the lab guest, beside a nested QEMU, and inside the nested
 * guest itself (lab/vm-guest-init.sh).
 *
 *   vm_traffic tcp-send HOST PORT SEED
 *	streams pattern SEED to HOST:PORT (connecting for up to 300 s)
 *	until SIGTERM, then closes its side, waits for the peer to close
 *	and prints "tcp-send bytes N"
 *   vm_traffic tcp-recv PORT SEED [PROGRESS]
 *	takes one stream on PORT and checks every byte against pattern
 *	SEED; every second the count so far goes to the file PROGRESS.
 *	Prints "tcp-recv bytes N ok" at the end of the stream, or where
 *	the first wrong byte was, or that the stream never ended (SIGTERM)
 *   vm_traffic udp-echo PORT
 *	sends every datagram back to where it came from, until SIGTERM
 *   vm_traffic udp-probe HOST PORT MS [PROGRESS]
 *	a numbered datagram to HOST:PORT (udp-echo) every MS ms until
 *	SIGTERM, the answers so far in the file PROGRESS every second,
 *	then (after a second for the last answers) one line:
 *	"udp-probe sent N answered N lost N dup N lost_in_a_row N
 *	 max_gap_ms N gap_start_ms N last_answer_ms N": lost_in_a_row the
 *	most datagrams in a row that got no answer, the gap the longest
 *	time without an answer between the first answer and the last one,
 *	its start and the last answer in ms since the first datagram
 *   vm_traffic loop IFNAME MS SEED [PROGRESS]
 *	as udp-probe, with raw frames to IFNAME's own MAC address, for a
 *	device that hands every frame it sends back to its sender
 *	(vdpa_sim_net); each frame carries 256 bytes of pattern SEED, and
 *	"bad N" counts frames that came back different
 *   vm_traffic qmp SOCKET COMMAND
 *	one QMP command (JSON) to the QEMU whose QMP socket is SOCKET;
 *	prints the answer line, exits 0 on "return" and 1 on "error"
 *   vm_traffic backend-features DEV
 *	VHOST_GET_BACKEND_FEATURES of /dev/vhost-vdpa-N DEV: the value and
 *	the names of its bits
 *
 * The pattern: the 4 KiB block at stream offset POS of pattern SEED is
 * xorshift64* seeded by SEED and POS, so a byte that arrives in the
 * wrong place fails as surely as a corrupted one.
 *
 * Exit status: 0 done (for tcp-recv: every byte right), 1 a check or
 * the peer failed, 2 a usage or local error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/vhost.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "pattern.h"

#define BLOCK		PATTERN_BLOCK
#define CHUNK		4096
#define PROBE_MAGIC	0x564d5052u	/* "VMPR" */
#define LOOP_ETHERTYPE	0x88b5		/* IEEE 802 local experimental */
#define LOOP_PAYLOAD	256
#define MAX_SEQ		(1u << 20)
#define CONNECT_SECS	300
#define LINGER_MS	1000

#ifndef VHOST_BACKEND_F_SUSPEND
#define VHOST_BACKEND_F_SUSPEND	0x4
#endif

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* SIGTERM ends the loops: no SA_RESTART, so a blocked call returns */
static void catch_term(void)
{
	struct sigaction sa = { .sa_handler = on_term };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

static int inet_addr_of(const char *host, uint64_t port,
			struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (port > 65535 || inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
		fprintf(stderr, "bad address %s:%" PRIu64 "\n", host, port);
		return -1;
	}
	return 0;
}

/* ---- TCP: a stream of the pattern, checked byte by byte ---- */

static int connect_retrying(const struct sockaddr_in *sa)
{
	int64_t deadline = now_ms() + CONNECT_SECS * 1000;
	int fd;

	while (!stop && now_ms() < deadline) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return -1;
		if (!connect(fd, (const struct sockaddr *)sa, sizeof(*sa)))
			return fd;
		close(fd);
		usleep(500000);
	}
	return -1;
}

static int tcp_send(const char *host, uint64_t port, uint64_t seed)
{
	struct timeval tv = { .tv_sec = 60 };
	static uint8_t block[BLOCK];
	struct sockaddr_in sa;
	uint64_t sent = 0;
	char c;
	int fd;

	if (inet_addr_of(host, port, &sa))
		return 2;
	fd = connect_retrying(&sa);
	if (fd < 0) {
		printf("tcp-send bytes 0 no connection to %s:%" PRIu64 "\n",
		       host, port);
		return 1;
	}
	while (!stop) {
		size_t off = sent % BLOCK;
		ssize_t n;

		if (!off)
			pattern_fill_block(block, seed, sent);
		n = send(fd, block + off, BLOCK - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			printf("tcp-send bytes %" PRIu64 " send: %s\n", sent,
			       strerror(errno));
			close(fd);
			return 1;
		}
		sent += n;
	}
	shutdown(fd, SHUT_WR);
	/* the receiver closes once it has read everything */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
	close(fd);
	printf("tcp-send bytes %" PRIu64 "\n", sent);
	return 0;
}

static void write_progress(const char *path, uint64_t bytes)
{
	char tmp[256];
	FILE *f;

	if (!path)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%" PRIu64 "\n", bytes);
	fclose(f);
	rename(tmp, path);
}

static int listen_on(int type, uint64_t port)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
	};
	int fd, one = 1;

	fd = socket(AF_INET, type, 0);
	if (fd < 0 || port > 65535)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    (type == SOCK_STREAM && listen(fd, 1))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int tcp_recv(uint64_t port, uint64_t seed, const char *progress)
{
	static uint8_t want[BLOCK], buf[CHUNK];
	uint64_t got = 0, bad_at = UINT64_MAX;
	int64_t last = now_ms();
	int lfd, fd;

	lfd = listen_on(SOCK_STREAM, port);
	if (lfd < 0) {
		fprintf(stderr, "listen on %" PRIu64 ": %s\n", port,
			strerror(errno));
		return 2;
	}
	write_progress(progress, 0);
	fd = accept(lfd, NULL, NULL);
	close(lfd);
	if (fd < 0) {
		printf("tcp-recv bytes 0 no stream came\n");
		return 1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		ssize_t i;

		if (n < 0 && errno == EINTR && !stop)
			continue;
		if (n <= 0)
			break;
		for (i = 0; i < n && bad_at == UINT64_MAX; i++) {
			uint64_t pos = got + i;

			if (!(pos % BLOCK) || !i)
				pattern_fill_block(want, seed, pos - pos % BLOCK);
			if (buf[i] != want[pos % BLOCK])
				bad_at = pos;
		}
		got += n;
		if (now_ms() - last >= 1000) {
			write_progress(progress, got);
			last = now_ms();
		}
	}
	write_progress(progress, got);
	close(fd);
	if (stop) {
		printf("tcp-recv bytes %" PRIu64 " the stream never ended\n",
		       got);
		return 1;
	}
	if (bad_at != UINT64_MAX) {
		printf("tcp-recv bytes %" PRIu64 " wrong byte at %" PRIu64 "\n",
		       got, bad_at);
		return 1;
	}
	printf("tcp-recv bytes %" PRIu64 " ok\n", got);
	return 0;
}

/* ---- UDP echo and probe, raw loop: who answered, and when ---- */

struct probe_msg {
	uint32_t magic;
	uint32_t seq;
};

/* Answers seen, per sequence number, and the longest silence */
struct tally {
	uint32_t sent, answered, dup, bad;
	int64_t start, first, prev, gap, gap_start;
	uint8_t *seen;
};

static int tally_init(struct tally *t)
{
	memset(t, 0, sizeof(*t));
	t->seen = calloc(MAX_SEQ, 1);
	t->first = -1;
	t->start = now_ms();
	return t->seen ? 0 : -1;
}

static void tally_answer(struct tally *t, uint32_t seq)
{
	int64_t now = now_ms();

	if (seq >= t->sent || seq >= MAX_SEQ)
		return;
	if (t->seen[seq]) {
		t->dup++;
		return;
	}
	t->seen[seq] = 1;
	t->answered++;
	if (t->first < 0)
		t->first = now;
	else if (now - t->prev > t->gap) {
		t->gap = now - t->prev;
		t->gap_start = t->prev - t->start;
	}
	t->prev = now;
}

/* The most datagrams or frames in a row that got no answer */
static uint32_t longest_loss(const struct tally *t)
{
	uint32_t seq, run = 0, longest = 0;

	for (seq = 0; seq < t->sent; seq++) {
		run = t->seen[seq] ? 0 : run + 1;
		if (run > longest)
			longest = run;
	}
	return longest;
}

static void tally_print(const char *what, const struct tally *t)
{
	printf("%s sent %u answered %u lost %u dup %u", what, t->sent,
	       t->answered, t->sent - t->answered, t->dup);
	printf(" lost_in_a_row %u", longest_loss(t));
	if (!strcmp(what, "loop"))
		printf(" bad %u", t->bad);
	printf(" max_gap_ms %" PRId64 " gap_start_ms %" PRId64
	       " last_answer_ms %" PRId64 "\n", t->gap, t->gap_start,
	       t->answered ? t->prev - t->start : -1);
}

/*
 * Sends with SEND every MS ms and hands what comes back to RECV, until
 * SIGTERM, then listens LINGER_MS longer.
 */
static void probe_loop(struct tally *t, uint64_t ms, int fd,
		       int (*send_one)(int fd, uint32_t seq, void *ctx),
		       void (*recv_one)(int fd, struct tally *t, void *ctx),
		       void *ctx, const char *progress)
{
	int64_t next = t->start, end = -1, last = t->start;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	write_progress(progress, 0);
	for (;;) {
		int64_t now = now_ms(), wait;

		if (now - last >= 1000) {
			write_progress(progress, t->answered);
			last = now;
		}

		if (stop && end < 0)
			end = now + LINGER_MS;
		if (end >= 0 && now >= end)
			break;
		if (end < 0 && now >= next && t->sent < MAX_SEQ) {
			if (!send_one(fd, t->sent, ctx))
				t->sent++;
			next += ms;
			if (next < now)
				next = now + ms;
		}
		wait = (end >= 0 ? end : next) - now_ms();
		if (wait < 0)
			wait = 0;
		if (wait > 1000)
			wait = 1000;
		if (poll(&pfd, 1, (int)wait) > 0)
			recv_one(fd, t, ctx);
	}
	write_progress(progress, t->answered);
}

static int udp_send_probe(int fd, uint32_t seq, void *ctx)
{
	struct probe_msg m = { .magic = htonl(PROBE_MAGIC), .seq = htonl(seq) };
	const struct sockaddr_in *sa = ctx;

	return sendto(fd, &m, sizeof(m), 0, (const struct sockaddr *)sa,
		      sizeof(*sa)) == sizeof(m) ? 0 : -1;
}

static void udp_recv_probe(int fd, struct tally *t, void *ctx)
{
	struct probe_msg m;

	(void)ctx;
	if (recv(fd, &m, sizeof(m), MSG_DONTWAIT) == sizeof(m) &&
	    ntohl(m.magic) == PROBE_MAGIC)
		tally_answer(t, ntohl(m.seq));
}

static int udp_probe(const char *host, uint64_t port, uint64_t ms,
		     const char *progress)
{
	struct sockaddr_in sa;
	struct tally t;
	int fd;

	if (inet_addr_of(host, port, &sa) || !ms || tally_init(&t))
		return 2;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return 2;
	probe_loop(&t, ms, fd, udp_send_probe, udp_recv_probe, &sa, progress);
	close(fd);
	tally_print("udp-probe", &t);
	return t.answered ? 0 : 1;
}

static int udp_echo(uint64_t port)
{
	char buf[2048];
	int fd = listen_on(SOCK_DGRAM, port);

	if (fd < 0) {
		fprintf(stderr, "udp port %" PRIu64 ": %s\n", port,
			strerror(errno));
		return 2;
	}
	while (!stop) {
		struct sockaddr_in from;
		socklen_t len = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &len);

		if (n > 0)
			sendto(fd, buf, n, 0, (struct sockaddr *)&from, len);
	}
	close(fd);
	return 0;
}

struct loop_ctx {
	struct sockaddr_ll ll;
	uint8_t mac[ETH_ALEN];
	uint64_t seed;
};

struct loop_frame {
	struct ethhdr eth;
	struct probe_msg m;
	uint8_t payload[LOOP_PAYLOAD];
} __attribute__((packed));

static void loop_payload(uint8_t *p, uint64_t seed, uint32_t seq)
{
	static uint8_t block[BLOCK];
	uint64_t pos = (uint64_t)seq * LOOP_PAYLOAD;

	pattern_fill_block(block, seed, pos - pos % BLOCK);
	memcpy(p, block + pos % BLOCK, LOOP_PAYLOAD);
}

static int loop_send(int fd, uint32_t seq, void *ctx)
{
	struct loop_ctx *c = ctx;
	struct loop_frame f;

	memcpy(f.eth.h_dest, c->mac, ETH_ALEN);
	memcpy(f.eth.h_source, c->mac, ETH_ALEN);
	f.eth.h_proto = htons(LOOP_ETHERTYPE);
	f.m.magic = htonl(PROBE_MAGIC);
	f.m.seq = htonl(seq);
	loop_payload(f.payload, c->seed, seq);
	return sendto(fd, &f, sizeof(f), 0, (struct sockaddr *)&c->ll,
		      sizeof(c->ll)) == sizeof(f) ? 0 : -1;
}

static void loop_recv(int fd, struct tally *t, void *ctx)
{
	uint8_t want[LOOP_PAYLOAD];
	struct loop_ctx *c = ctx;
	struct sockaddr_ll from;
	socklen_t len = sizeof(from);
	struct loop_frame f;
	ssize_t n;
	uint32_t seq;

	n = recvfrom(fd, &f, sizeof(f), MSG_DONTWAIT, (struct sockaddr *)&from,
		     &len);
	/* our own frames, as they leave, are seen too */
	if (n < (ssize_t)sizeof(f.eth) + (ssize_t)sizeof(f.m) ||
	    from.sll_pkttype == PACKET_OUTGOING ||
	    ntohl(f.m.magic) != PROBE_MAGIC)
		return;
	seq = ntohl(f.m.seq);
	loop_payload(want, c->seed, seq);
	if (n != sizeof(f) || memcmp(f.payload, want, sizeof(want))) {
		t->bad++;
		return;
	}
	tally_answer(t, seq);
}

static int loop(const char *ifname, uint64_t ms, uint64_t seed,
		const char *progress)
{
	struct loop_ctx c = { .seed = seed };
	struct ifreq ifr = { 0 };
	struct tally t;
	int fd;

	if (!ms || strlen(ifname) >= IFNAMSIZ || tally_init(&t))
		return 2;
	fd = socket(AF_PACKET, SOCK_RAW, htons(LOOP_ETHERTYPE));
	if (fd < 0) {
		perror("AF_PACKET socket");
		return 2;
	}
	strcpy(ifr.ifr_name, ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		perror(ifname);
		return 2;
	}
	memcpy(c.mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	c.ll.sll_family = AF_PACKET;
	c.ll.sll_protocol = htons(LOOP_ETHERTYPE);
	c.ll.sll_ifindex = (int)if_nametoindex(ifname);
	c.ll.sll_halen = ETH_ALEN;
	memcpy(c.ll.sll_addr, c.mac, ETH_ALEN);
	if (bind(fd, (struct sockaddr *)&c.ll, sizeof(c.ll))) {
		perror("bind");
		return 2;
	}
	probe_loop(&t, ms, fd, loop_send, loop_recv, &c, progress);
	close(fd);
	tally_print("loop", &t);
	return t.answered && !t.bad ? 0 : 1;
}

/* ---- QMP and vhost-vdpa: what the test asks of QEMU and the kernel ---- */

/* The next line from FD into BUF (without its CR LF), or -1 */
static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;
	char c;

	for (;;) {
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		if (c == '\n')
			break;
		if (c != '\r' && n + 1 < size)
			buf[n++] = c;
	}
	buf[n] = '\0';
	return 0;
}

/* The answer to the command just sent: events come in between */
static int qmp_answer(int fd, char *buf, size_t size)
{
	do {
		if (read_line(fd, buf, size))
			return -1;
	} while (strncmp(buf, "{\"return\"", 9) && strncmp(buf, "{\"error\"", 8));
	return 0;
}

static int qmp(const char *path, const char *command)
{
	static const char caps[] = "{\"execute\": \"qmp_capabilities\"}\n";
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 60 };
	static char line[65536];
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return 2;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		printf("qmp: %s: %s\n", path, strerror(errno));
		return 2;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* the greeting, then capabilities negotiation */
	if (read_line(fd, line, sizeof(line)) ||
	    write(fd, caps, strlen(caps)) < 0 ||
	    qmp_answer(fd, line, sizeof(line)) ||
	    dprintf(fd, "%s\n", command) < 0 ||
	    qmp_answer(fd, line, sizeof(line))) {
		printf("qmp: %s: no answer\n", path);
		close(fd);
		return 2;
	}
	close(fd);
	printf("%s\n", line);
	return strncmp(line, "{\"return\"", 9) ? 1 : 0;
}

static int backend_features(const char *dev)
{
	static const char * const names[] = {
		[VHOST_BACKEND_F_IOTLB_MSG_V2] = "IOTLB_MSG_V2",
		[VHOST_BACKEND_F_IOTLB_BATCH] = "IOTLB_BATCH",
		[3] = "IOTLB_ASID",
		[VHOST_BACKEND_F_SUSPEND] = "SUSPEND",
		[5] = "RESUME",
		[6] = "ENABLE_AFTER_DRIVER_OK",
		[7] = "DESC_ASID",
		[8] = "IOTLB_PERSIST",
	};
	uint64_t f;
	unsigned int b;
	int fd;

	fd = open(dev, O_RDWR);
	if (fd < 0 || ioctl(fd, VHOST_GET_BACKEND_FEATURES, &f)) {
		printf("%s: %s\n", dev, strerror(errno));
		return 2;
	}
	close(fd);
	printf("%#" PRIx64, f);
	for (b = 0; b < 64; b++) {
		if (!(f & (1ULL << b)))
			continue;
		if (b < sizeof(names) / sizeof(names[0]) && names[b])
			printf(" %s", names[b]);
		else
			printf(" bit%u", b);
	}
	printf("\n");
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: vm_traffic tcp-send HOST PORT SEED\n"
		"       vm_traffic tcp-recv PORT SEED [PROGRESS]\n"
		"       vm_traffic udp-echo PORT\n"
		"       vm_traffic udp-probe HOST PORT MS [PROGRESS]\n"
		"       vm_traffic loop IFNAME MS SEED [PROGRESS]\n"
		"       vm_traffic qmp SOCKET COMMAND\n"
		"       vm_traffic backend-features DEV\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	uint64_t a = 0, b = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	catch_term();
	if (!strcmp(mode, "tcp-send") && argc == 5 &&
	    !parse_u64(argv[3], &a) && !parse_u64(argv[4], &b))
		return tcp_send(argv[2], a, b);
	if (!strcmp(mode, "tcp-recv") && (argc == 4 || argc == 5) &&
	    !parse_u64(argv[2], &a) && !parse_u64(argv[3], &b))
		return tcp_recv(a, b, argc == 5 ? argv[4] : NULL);
	if (!strcmp(mode, "udp-echo") && argc == 3 && !parse_u64(argv[2], &a))
		return udp_echo(a);
	if (!strcmp(mode, "udp-probe") && (argc == 5 || argc == 6) &&
	    !parse_u64(argv[3], &a) && !parse_u64(argv[4], &b))
		return udp_probe(argv[2], a, b, argc == 6 ? argv[5] : NULL);
	if (!strcmp(mode, "loop") && (argc == 5 || argc == 6) &&
	    !parse_u64(argv[3], &a) && !parse_u64(argv[4], &b))
		return loop(argv[2], a, b, argc == 6 ? argv[5] : NULL);
	if (!strcmp(mode, "qmp") && argc == 4)
		return qmp(argv[2], argv[3]);
	if (!strcmp(mode, "backend-features") && argc == 3)
		return backend_features(argv[2]);
	return usage();
}
