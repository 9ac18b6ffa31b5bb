// SPDX-License-Identifier: GPL-2.0
/*
 * The packets each queue of a netdev carried, as its driver reports them
 * to the "netdev" generic netlink family (NETDEV_CMD_QSTATS_GET, queue
 * scope, Linux 6.10 on). virtio_net keeps its per-queue packet counts
 * there only: "ethtool -S" shows them no more.
 *
 * usage: netdev_qstats IFNAME
 *
 * Prints one line per queue, "rx|tx QUEUE PACKETS", receive queues first,
 * each in queue order, for the netdev IFNAME of the caller's network
 * namespace. Exit status 0, or 1 with the reason on stderr.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

/* include/uapi/linux/netdev.h of 6.12; the host's headers may be older */
#define QS_FAMILY_NAME		"netdev"
#define QS_CMD_QSTATS_GET	12
#define QS_A_IFINDEX		1
#define QS_A_QUEUE_TYPE		2
#define QS_A_QUEUE_ID		3
#define QS_A_SCOPE		4
#define QS_A_RX_PACKETS		8
#define QS_A_TX_PACKETS		10
#define QS_A_MAX		10
#define QS_SCOPE_QUEUE		1
#define QS_QUEUE_TYPE_RX	0
#define QS_QUEUE_TYPE_TX	1
#define QS_QUEUES_MAX		256

#define BUF_BYTES		(64 * 1024)

struct qs_req {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	char attrs[256];
};

static unsigned char buf[BUF_BYTES] __attribute__((aligned(NLMSG_ALIGNTO)));

static void put_attr(struct qs_req *req, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr *nla = (struct nlattr *)((char *)req +
					       NLMSG_ALIGN(req->nlh.nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	req->nlh.nlmsg_len = NLMSG_ALIGN(req->nlh.nlmsg_len) +
			     NLA_ALIGN(nla->nla_len);
}

static int send_req(int fd, struct qs_req *req)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	return sendto(fd, req, req->nlh.nlmsg_len, 0, (struct sockaddr *)&sa,
		      sizeof(sa)) == (ssize_t)req->nlh.nlmsg_len ? 0 : -1;
}

static void req_init(struct qs_req *req, uint16_t type, uint16_t flags,
		     uint8_t cmd)
{
	memset(req, 0, sizeof(*req));
	req->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req->nlh.nlmsg_type = type;
	req->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	req->nlh.nlmsg_seq = 1;
	req->genl.cmd = cmd;
	req->genl.version = 1;
}

/* Attributes of a generic netlink message into tb[type] up to max. */
static void parse(struct nlattr **tb, int max, struct nlmsghdr *nlh)
{
	int len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	struct nlattr *nla = (struct nlattr *)((char *)NLMSG_DATA(nlh) +
					       GENL_HDRLEN);

	memset(tb, 0, sizeof(*tb) * (max + 1));
	for (; len >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
	       nla->nla_len <= len;
	     len -= NLA_ALIGN(nla->nla_len),
	     nla = (struct nlattr *)((char *)nla + NLA_ALIGN(nla->nla_len))) {
		int type = nla->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = nla;
	}
}

/* An NLA_UINT attribute: 4 or 8 bytes */
static uint64_t get_uint(const struct nlattr *nla)
{
	uint32_t v32;
	uint64_t v64;

	if (nla->nla_len - NLA_HDRLEN == sizeof(v64)) {
		memcpy(&v64, (char *)nla + NLA_HDRLEN, sizeof(v64));
		return v64;
	}
	memcpy(&v32, (char *)nla + NLA_HDRLEN, sizeof(v32));
	return v32;
}

/*
 * Reads the answers to the last request until its end (NLMSG_DONE or an
 * ACK): each message's attributes go to @cb. Returns 0 or an errno.
 */
static int recv_all(int fd, void (*cb)(struct nlmsghdr *nlh, void *arg),
		    void *arg)
{
	struct nlmsghdr *nlh;
	ssize_t n;

	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return -((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			cb(nlh, arg);
		}
	}
}

static void family_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	parse(tb, CTRL_ATTR_MAX, nlh);
	if (tb[CTRL_ATTR_FAMILY_ID])
		memcpy(arg, (char *)tb[CTRL_ATTR_FAMILY_ID] + NLA_HDRLEN,
		       sizeof(uint16_t));
}

/* @arg: the packets of each queue by type, + 1 (0: not reported) */
static void qstats_cb(struct nlmsghdr *nlh, void *arg)
{
	uint64_t (*packets)[QS_QUEUES_MAX] = arg;
	struct nlattr *tb[QS_A_MAX + 1];
	uint64_t type, id;
	int want;

	parse(tb, QS_A_MAX, nlh);
	if (!tb[QS_A_QUEUE_TYPE] || !tb[QS_A_QUEUE_ID])
		return;
	type = get_uint(tb[QS_A_QUEUE_TYPE]);
	id = get_uint(tb[QS_A_QUEUE_ID]);
	want = type == QS_QUEUE_TYPE_RX ? QS_A_RX_PACKETS : QS_A_TX_PACKETS;
	if (type > QS_QUEUE_TYPE_TX || id >= QS_QUEUES_MAX || !tb[want])
		return;
	packets[type][id] = get_uint(tb[want]) + 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t ifindex, scope = QS_SCOPE_QUEUE;
	static const char * const names[] = { "rx", "tx" };
	static uint64_t packets[2][QS_QUEUES_MAX];
	uint16_t family = 0;
	struct qs_req req;
	int fd, err, t, q;

	if (argc != 2) {
		fprintf(stderr, "usage: netdev_qstats IFNAME\n");
		return 1;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "netlink socket: %s\n", strerror(errno));
		return 1;
	}

	req_init(&req, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY);
	put_attr(&req, CTRL_ATTR_FAMILY_NAME, QS_FAMILY_NAME,
		 sizeof(QS_FAMILY_NAME));
	err = send_req(fd, &req) ? errno : recv_all(fd, family_cb, &family);
	if (err || !family) {
		fprintf(stderr, "generic netlink family %s: %s\n",
			QS_FAMILY_NAME, err ? strerror(err) : "no id");
		return 1;
	}

	req_init(&req, family, NLM_F_DUMP, QS_CMD_QSTATS_GET);
	put_attr(&req, QS_A_IFINDEX, &ifindex, sizeof(ifindex));
	put_attr(&req, QS_A_SCOPE, &scope, sizeof(scope));
	err = send_req(fd, &req) ? errno : recv_all(fd, qstats_cb, packets);
	if (err) {
		fprintf(stderr, "%s: queue stats: %s\n", argv[1], strerror(err));
		return 1;
	}
	for (t = 0; t < 2; t++)
		for (q = 0; q < QS_QUEUES_MAX; q++)
			if (packets[t][q])
				printf("%s %d %llu\n", names[t], q,
				       (unsigned long long)packets[t][q] - 1);
	close(fd);
	return 0;
}
