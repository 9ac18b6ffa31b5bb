// SPDX-License-Identifier: GPL-2.0
/*
 * A small client of the "vdpa" generic netlink family that sends what
 * iproute2's vdpa tool cannot: VDPA_CMD_DEV_NEW with device_features, and
 * with attributes of any type, size or order, well-formed or not. It
 * reports the kernel's answer with the extended ACK's message, so a test
 * can tell the core's policy from the parent's dev_add.
 *
 * usage: vdpa_netlink [--fail-nth N] COMMAND
 *   vdpa_netlink new ATTR...        VDPA_CMD_DEV_NEW, attributes in order
 *   vdpa_netlink del NAME           VDPA_CMD_DEV_DEL
 *   vdpa_netlink mgmtdev-features MGMTDEV
 *                                   the management device's supported
 *                                   features (VDPA_CMD_MGMTDEV_GET)
 *   vdpa_netlink config NAME        the device's features and, once a
 *                                   driver set FEATURES_OK, the negotiated
 *                                   ones (VDPA_CMD_DEV_CONFIG_GET)
 *   vdpa_netlink show NAME          the device's largest and smallest
 *                                   queue sizes (VDPA_CMD_DEV_GET; iproute2
 *                                   6.1 does not show the smallest)
 *   vdpa_netlink maxattr            the highest attribute type the vdpa
 *                                   family's policy knows, as "maxattr N"
 *
 * --fail-nth N makes the N-th fault-injectable call of this task fail
 * (see fail_nth.h) from right before the command's request is sent until
 * it was sent: a doit runs in the sender's task, so VDPA_CMD_DEV_NEW's
 * fault may hit the core, the parent's dev_add or the probe of the vDPA
 * bus driver that binds the new device. The fault may also cost the
 * request itself (sendto fails: "errno N (...) at sendto") or its ACK
 * ("errno 105 (...) ack lost": the outcome is unknown). A line "fault
 * injected" or "fault not reached" follows the answer.
 *
 * ATTR is one of
 *   name=TEXT            VDPA_ATTR_DEV_NAME, NUL-terminated
 *   mgmtdev=[BUS/]DEV    VDPA_ATTR_MGMTDEV_BUS_NAME and _DEV_NAME
 *   features=N           VDPA_ATTR_DEV_FEATURES, u64
 *   mtu=N                VDPA_ATTR_DEV_NET_CFG_MTU, u16
 *   max_vqp=N            VDPA_ATTR_DEV_NET_CFG_MAX_VQP, u16
 *   mac=XX:XX:...        VDPA_ATTR_DEV_NET_CFG_MACADDR, the bytes given
 *   TYPE:KIND:VALUE      any attribute: TYPE is a number or one of the
 *                        names above (plus mgmtdev_bus, mgmtdev_dev,
 *                        dev_id, queue_index);
 *                        KIND is u8, u16, u32, u64, str (NUL-terminated),
 *                        bytes (no NUL), hex (bytes as hex digits),
 *                        repeat (VALUE is COUNTxCHAR: that many CHARs, NUL),
 *                        nest (hex bytes, with NLA_F_NESTED in the type) or
 *                        be16 (big-endian, with NLA_F_NET_BYTEORDER)
 *   raw:HEX              bytes appended to the message as they are
 * Numbers are decimal, 0x-hex or 0-octal.
 *
 * Prints one line: "ok", or "errno N (strerror) extack "MSG" offset N"
 * (extack and offset only when the kernel gave them), then any values
 * asked for, one "NAME 0xVALUE" line each. Exit status: 0 when the
 * kernel acknowledged the request, 1 when it refused it, 2 on a usage or
 * local error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vdpa.h>

#include "fail_nth.h"

#define MSG_MAX		(128 * 1024)
#define RECV_MAX	(64 * 1024)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct nlreq {
	unsigned char *buf;
	size_t len;
};

static struct nlreq req;
static unsigned char rbuf[RECV_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
/* a doit's reply, kept while the ACK is read into rbuf */
static unsigned char reply[RECV_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
static int nl_fd = -1;
static uint32_t nl_seq;
/* --fail-nth: the open fail-nth file and N, armed for one request */
static int fail_fd = -1;
static unsigned int fail_n;

static void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("vdpa_netlink: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* --- building a message ------------------------------------------------ */

static void *req_reserve(size_t len)
{
	size_t alen = NLMSG_ALIGN(len);
	void *p;

	if (req.len + alen > MSG_MAX)
		die("request larger than %d bytes", MSG_MAX);
	p = req.buf + req.len;
	memset(p, 0, alen);
	req.len += alen;
	return p;
}

static void req_start(uint16_t type, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	if (!req.buf) {
		req.buf = aligned_alloc(NLMSG_ALIGNTO, MSG_MAX);
		if (!req.buf)
			die("out of memory");
	}
	req.len = 0;
	nlh = req_reserve(NLMSG_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl_seq;
	genl = req_reserve(GENL_HDRLEN);
	genl->cmd = cmd;
	genl->version = version;
}

static void put_attr(uint16_t type, const void *data, size_t len)
{
	struct nlattr *nla;

	if (NLA_HDRLEN + len > UINT16_MAX)
		die("attribute %u: %zu bytes do not fit nla_len", type, len);
	nla = req_reserve(NLA_HDRLEN + len);
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((unsigned char *)nla + NLA_HDRLEN, data, len);
}

static void put_raw(const void *data, size_t len)
{
	if (req.len + len > MSG_MAX)
		die("request larger than %d bytes", MSG_MAX);
	memcpy(req.buf + req.len, data, len);
	req.len += len;
}

static void put_strz(uint16_t type, const char *s)
{
	put_attr(type, s, strlen(s) + 1);
}

/* --- parsing the command line ------------------------------------------ */

static unsigned long long parse_num(const char *s, unsigned long long max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || v > max || *s == '-')
		die("'%s' is not a number in [0, %llu]", s, max);
	return v;
}

/* "0a:0b", "0a0b" or "0a-0b": hex digit pairs, separators ignored */
static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t parse_hex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	int hi, lo;

	while (*s) {
		if (*s == ':' || *s == '-') {
			s++;
			continue;
		}
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0 || n == max)
			die("bad hex bytes near '%s'", s);
		out[n++] = hi << 4 | lo;
		s += 2;
	}
	return n;
}

static const struct {
	const char *name;
	uint16_t type;
} attr_names[] = {
	{ "name",	 VDPA_ATTR_DEV_NAME },
	{ "mgmtdev_bus", VDPA_ATTR_MGMTDEV_BUS_NAME },
	{ "mgmtdev_dev", VDPA_ATTR_MGMTDEV_DEV_NAME },
	{ "features",	 VDPA_ATTR_DEV_FEATURES },
	{ "mtu",	 VDPA_ATTR_DEV_NET_CFG_MTU },
	{ "max_vqp",	 VDPA_ATTR_DEV_NET_CFG_MAX_VQP },
	{ "mac",	 VDPA_ATTR_DEV_NET_CFG_MACADDR },
	{ "dev_id",	 VDPA_ATTR_DEV_ID },
	{ "queue_index", VDPA_ATTR_DEV_QUEUE_INDEX },
};

static uint16_t attr_type(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(attr_names); i++)
		if (!strcmp(s, attr_names[i].name))
			return attr_names[i].type;
	return parse_num(s, NLA_TYPE_MASK);
}

static void put_mgmtdev(const char *handle)
{
	const char *slash = strchr(handle, '/');
	char bus[64];

	if (slash) {
		if ((size_t)(slash - handle) >= sizeof(bus))
			die("bus name too long in '%s'", handle);
		memcpy(bus, handle, slash - handle);
		bus[slash - handle] = 0;
		put_strz(VDPA_ATTR_MGMTDEV_BUS_NAME, bus);
		handle = slash + 1;
	}
	put_strz(VDPA_ATTR_MGMTDEV_DEV_NAME, handle);
}

/* TYPE:KIND:VALUE */
static void put_typed(const char *spec)
{
	char type_s[32], kind[16];
	const char *p = spec, *value;
	unsigned char *bytes;
	unsigned long long v;
	char *end;
	size_t n;
	uint16_t type;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	n = strcspn(p, ":");
	if (!p[n] || n >= sizeof(type_s))
		die("bad attribute '%s'", spec);
	memcpy(type_s, p, n);
	type_s[n] = 0;
	p += n + 1;
	n = strcspn(p, ":");
	if (!p[n] || n >= sizeof(kind))
		die("bad attribute '%s'", spec);
	memcpy(kind, p, n);
	kind[n] = 0;
	value = p + n + 1;
	type = attr_type(type_s);

	if (!strcmp(kind, "u8")) {
		u8 = parse_num(value, UINT8_MAX);
		put_attr(type, &u8, sizeof(u8));
	} else if (!strcmp(kind, "u16")) {
		u16 = parse_num(value, UINT16_MAX);
		put_attr(type, &u16, sizeof(u16));
	} else if (!strcmp(kind, "u32")) {
		u32 = parse_num(value, UINT32_MAX);
		put_attr(type, &u32, sizeof(u32));
	} else if (!strcmp(kind, "u64")) {
		u64 = parse_num(value, UINT64_MAX);
		put_attr(type, &u64, sizeof(u64));
	} else if (!strcmp(kind, "str")) {
		put_strz(type, value);
	} else if (!strcmp(kind, "bytes")) {
		put_attr(type, value, strlen(value));
	} else if (!strcmp(kind, "be16")) {
		u16 = htons(parse_num(value, UINT16_MAX));
		put_attr(type | NLA_F_NET_BYTEORDER, &u16, sizeof(u16));
	} else if (!strcmp(kind, "hex") || !strcmp(kind, "nest")) {
		bytes = malloc(strlen(value) / 2 + 1);
		if (!bytes)
			die("out of memory");
		n = parse_hex(value, bytes, strlen(value) / 2);
		if (!strcmp(kind, "nest"))
			type |= NLA_F_NESTED;
		put_attr(type, bytes, n);
		free(bytes);
	} else if (!strcmp(kind, "repeat")) {
		/* COUNTxCHAR */
		errno = 0;
		v = strtoull(value, &end, 10);
		if (errno || end == value || *end != 'x' || !end[1] || end[2] ||
		    v > UINT16_MAX - NLA_HDRLEN - 1)
			die("repeat wants COUNTxCHAR, not '%s'", value);
		bytes = malloc(v + 1);
		if (!bytes)
			die("out of memory");
		memset(bytes, end[1], v);
		bytes[v] = 0;
		put_attr(type, bytes, v + 1);
		free(bytes);
	} else {
		die("unknown attribute kind '%s'", kind);
	}
}

static void put_arg(const char *arg)
{
	unsigned char bytes[MSG_MAX / 4];
	uint16_t u16;
	uint64_t u64;
	size_t n;

	if (!strncmp(arg, "name=", 5)) {
		put_strz(VDPA_ATTR_DEV_NAME, arg + 5);
	} else if (!strncmp(arg, "mgmtdev=", 8)) {
		put_mgmtdev(arg + 8);
	} else if (!strncmp(arg, "features=", 9)) {
		u64 = parse_num(arg + 9, UINT64_MAX);
		put_attr(VDPA_ATTR_DEV_FEATURES, &u64, sizeof(u64));
	} else if (!strncmp(arg, "mtu=", 4)) {
		u16 = parse_num(arg + 4, UINT16_MAX);
		put_attr(VDPA_ATTR_DEV_NET_CFG_MTU, &u16, sizeof(u16));
	} else if (!strncmp(arg, "max_vqp=", 8)) {
		u16 = parse_num(arg + 8, UINT16_MAX);
		put_attr(VDPA_ATTR_DEV_NET_CFG_MAX_VQP, &u16, sizeof(u16));
	} else if (!strncmp(arg, "mac=", 4)) {
		n = parse_hex(arg + 4, bytes, sizeof(bytes));
		put_attr(VDPA_ATTR_DEV_NET_CFG_MACADDR, bytes, n);
	} else if (!strncmp(arg, "raw:", 4)) {
		n = parse_hex(arg + 4, bytes, sizeof(bytes));
		put_raw(bytes, n);
	} else if (strchr(arg, ':')) {
		put_typed(arg);
	} else {
		die("unknown attribute '%s'", arg);
	}
}

/* --- talking to the kernel --------------------------------------------- */

static void nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;

	nl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl_fd < 0)
		die("socket(NETLINK_GENERIC): %s", strerror(errno));
	/* the error's message and offset, without our request echoed */
	if (setsockopt(nl_fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(nl_fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)))
		die("setsockopt(NETLINK_EXT_ACK/CAP_ACK): %s", strerror(errno));
	if (bind(nl_fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind: %s", strerror(errno));
}

/* 0, or a negative errno when the kernel would not take the request */
static int nl_send(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = (struct nlmsghdr *)req.buf;
	ssize_t n;

	nlh->nlmsg_len = req.len;
	n = sendto(nl_fd, req.buf, req.len, 0, (struct sockaddr *)&sa,
		   sizeof(sa));
	if (n < 0)
		return -errno;
	if ((size_t)n != req.len)
		die("sendto: sent %zd of %zu bytes", n, req.len);
	return 0;
}

struct nl_answer {
	int error;			/* 0 or a negative errno */
	char msg[256];			/* NLMSGERR_ATTR_MSG, or "" */
	long offset;			/* NLMSGERR_ATTR_OFFS, or -1 */
	struct nlattr *attrs[VDPA_ATTR_MAX + 1]; /* of the reply, in rbuf */
	uint16_t family;		/* CTRL_ATTR_FAMILY_ID of a reply */
	uint32_t maxattr;		/* CTRL_ATTR_MAXATTR of a reply */
	const char *lost;		/* the request or its ACK was lost */
	int fired;			/* --fail-nth: injected, or -1 */
};

/* Each attribute of [p, p + len) into tb[type] (types up to max). */
static void parse_attrs(struct nlattr **tb, int max, void *p, int len)
{
	struct nlattr *nla;

	for (nla = p; len >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
		      nla->nla_len <= len;
	     len -= NLA_ALIGN(nla->nla_len),
	     nla = (struct nlattr *)((char *)nla + NLA_ALIGN(nla->nla_len))) {
		int type = nla->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = nla;
	}
}

static void *nla_payload(const struct nlattr *nla)
{
	return (char *)nla + NLA_HDRLEN;
}

static int nla_payload_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

static void parse_error(struct nl_answer *ans, struct nlmsghdr *nlh)
{
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};
	size_t off;
	int len;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*err)))
		die("short NLMSG_ERROR");
	ans->error = err->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* TLVs follow the request's header, or all of it if not capped */
	off = NLMSG_ALIGN(sizeof(*err));
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(err->msg.nlmsg_len) - NLMSG_HDRLEN;
	len = nlh->nlmsg_len - NLMSG_HDRLEN - off;
	if (len <= 0)
		return;
	parse_attrs(tb, NLMSGERR_ATTR_MAX, (char *)NLMSG_DATA(nlh) + off, len);
	if (tb[NLMSGERR_ATTR_MSG]) {
		len = nla_payload_len(tb[NLMSGERR_ATTR_MSG]);
		if (len >= (int)sizeof(ans->msg))
			len = sizeof(ans->msg) - 1;
		memcpy(ans->msg, nla_payload(tb[NLMSGERR_ATTR_MSG]), len);
		ans->msg[len] = 0;
		ans->msg[strcspn(ans->msg, "\n")] = 0;
	}
	if (tb[NLMSGERR_ATTR_OFFS] &&
	    nla_payload_len(tb[NLMSGERR_ATTR_OFFS]) == sizeof(uint32_t))
		ans->offset = *(uint32_t *)nla_payload(tb[NLMSGERR_ATTR_OFFS]);
}

/*
 * Sends the request and reads until its ACK or error: a reply message
 * before it (a doit's answer) has its attributes parsed into ans. With
 * @faulty, the --fail-nth fault is armed for the sendto() only; then a
 * lost request or ACK is an answer too.
 */
static void nl_talk(struct nl_answer *ans, bool faulty)
{
	struct nlmsghdr *nlh, *rep;
	int got_reply = 0, err;
	ssize_t n;

	memset(ans, 0, sizeof(*ans));
	ans->offset = -1;
	ans->fired = -1;
	faulty = faulty && fail_fd >= 0;
	if (faulty && fail_nth_arm(fail_fd, fail_n))
		die("arming %s: %s", FAIL_NTH_PATH, strerror(errno));
	err = nl_send();
	if (faulty) {
		ans->fired = fail_nth_fired(fail_fd);
		if (ans->fired < 0)
			die("reading %s: %s", FAIL_NTH_PATH, strerror(errno));
	}
	if (err) {
		if (!faulty)
			die("sendto: %s", strerror(-err));
		ans->error = err;
		ans->lost = "at sendto";
		return;
	}
	for (;;) {
		n = recv(nl_fd, rbuf, sizeof(rbuf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (faulty && errno == ENOBUFS) {
				ans->error = -errno;
				ans->lost = "ack lost";
				return;
			}
			die("recv: %s", strerror(errno));
		}
		for (nlh = (struct nlmsghdr *)rbuf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != nl_seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				parse_error(ans, nlh);
				return;
			}
			if (nlh->nlmsg_type == NLMSG_DONE || got_reply)
				continue;
			if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
				die("short reply");
			/* the first reply only, copied: the ACK reuses rbuf */
			got_reply = 1;
			memcpy(reply, nlh, nlh->nlmsg_len);
			rep = (struct nlmsghdr *)reply;
			if (rep->nlmsg_type == GENL_ID_CTRL) {
				struct nlattr *tb[CTRL_ATTR_MAX + 1] = {};

				parse_attrs(tb, CTRL_ATTR_MAX,
					    (char *)NLMSG_DATA(rep) + GENL_HDRLEN,
					    rep->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN));
				if (tb[CTRL_ATTR_FAMILY_ID] &&
				    nla_payload_len(tb[CTRL_ATTR_FAMILY_ID]) ==
				    sizeof(uint16_t))
					memcpy(&ans->family,
					       nla_payload(tb[CTRL_ATTR_FAMILY_ID]),
					       sizeof(uint16_t));
				if (tb[CTRL_ATTR_MAXATTR] &&
				    nla_payload_len(tb[CTRL_ATTR_MAXATTR]) ==
				    sizeof(uint32_t))
					memcpy(&ans->maxattr,
					       nla_payload(tb[CTRL_ATTR_MAXATTR]),
					       sizeof(uint32_t));
			} else {
				parse_attrs(ans->attrs, VDPA_ATTR_MAX,
					    (char *)NLMSG_DATA(rep) + GENL_HDRLEN,
					    rep->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN));
			}
		}
	}
}

static uint16_t resolve_family(const char *name, uint32_t *maxattr)
{
	struct nl_answer ans;

	req_start(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	put_strz(CTRL_ATTR_FAMILY_NAME, name);
	nl_talk(&ans, false);
	if (ans.error)
		die("generic netlink family '%s': %s", name,
		    strerror(-ans.error));
	if (!ans.family)
		die("generic netlink family '%s': no id in the reply", name);
	*maxattr = ans.maxattr;
	return ans.family;
}

static int report(const struct nl_answer *ans)
{
	if (!ans->error) {
		printf("ok\n");
	} else {
		printf("errno %d (%s)", -ans->error, strerror(-ans->error));
		if (ans->lost)
			printf(" %s", ans->lost);
		if (ans->msg[0])
			printf(" extack \"%s\"", ans->msg);
		if (ans->offset >= 0)
			printf(" offset %ld", ans->offset);
		printf("\n");
	}
	if (ans->fired >= 0)
		printf("fault %s\n", ans->fired ? "injected" : "not reached");
	return !!ans->error;
}

/* "LABEL 0xVALUE" for a u64 attribute of the reply, if it has one */
static void print_u64(const struct nl_answer *ans, const char *label,
		      int type)
{
	uint64_t v;

	if (!ans->attrs[type] ||
	    nla_payload_len(ans->attrs[type]) != sizeof(v))
		return;
	memcpy(&v, nla_payload(ans->attrs[type]), sizeof(v));
	printf("%s %#llx\n", label, (unsigned long long)v);
}

/* "LABEL VALUE" for a u16 attribute of the reply, if it has one */
static void print_u16(const struct nl_answer *ans, const char *label,
		      int type)
{
	uint16_t v;

	if (!ans->attrs[type] ||
	    nla_payload_len(ans->attrs[type]) != sizeof(v))
		return;
	memcpy(&v, nla_payload(ans->attrs[type]), sizeof(v));
	printf("%s %u\n", label, v);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: vdpa_netlink [--fail-nth N] new ATTR...\n"
		"       vdpa_netlink [--fail-nth N] del NAME\n"
		"       vdpa_netlink mgmtdev-features [BUS/]DEV\n"
		"       vdpa_netlink config NAME\n"
		"       vdpa_netlink show NAME\n"
		"       vdpa_netlink maxattr\n"
		"ATTR: name=S mgmtdev=[BUS/]DEV features=N mtu=N max_vqp=N\n"
		"      mac=XX:.. TYPE:KIND:V (KIND: u8 u16 u32 u64 str bytes hex\n"
		"      repeat nest be16) raw:HEX\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct nl_answer ans;
	uint32_t maxattr;
	uint16_t family;
	const char *cmd;
	int i, ret;

	if (argc > 2 && !strcmp(argv[1], "--fail-nth")) {
		fail_n = parse_num(argv[2], UINT32_MAX);
		fail_fd = fail_nth_open();
		if (fail_fd < 0)
			die("%s: %s", FAIL_NTH_PATH, strerror(errno));
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		usage();
	cmd = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	nl_open();
	family = resolve_family(VDPA_GENL_NAME, &maxattr);

	if (!strcmp(cmd, "new")) {
		req_start(family, VDPA_CMD_DEV_NEW, VDPA_GENL_VERSION);
		for (i = 2; i < argc; i++)
			put_arg(argv[i]);
		nl_talk(&ans, true);
		return report(&ans);
	}
	if (!strcmp(cmd, "maxattr") && argc == 2) {
		printf("maxattr %u\n", maxattr);
		return 0;
	}
	if (argc != 3)
		usage();
	if (!strcmp(cmd, "del")) {
		req_start(family, VDPA_CMD_DEV_DEL, VDPA_GENL_VERSION);
		put_strz(VDPA_ATTR_DEV_NAME, argv[2]);
		nl_talk(&ans, true);
		return report(&ans);
	}
	if (!strcmp(cmd, "mgmtdev-features")) {
		req_start(family, VDPA_CMD_MGMTDEV_GET, VDPA_GENL_VERSION);
		put_mgmtdev(argv[2]);
		nl_talk(&ans, false);
		ret = report(&ans);
		print_u64(&ans, "supported_features",
			  VDPA_ATTR_DEV_SUPPORTED_FEATURES);
		return ret;
	}
	if (!strcmp(cmd, "show")) {
		req_start(family, VDPA_CMD_DEV_GET, VDPA_GENL_VERSION);
		put_strz(VDPA_ATTR_DEV_NAME, argv[2]);
		nl_talk(&ans, false);
		ret = report(&ans);
		print_u16(&ans, "max_vq_size", VDPA_ATTR_DEV_MAX_VQ_SIZE);
		print_u16(&ans, "min_vq_size", VDPA_ATTR_DEV_MIN_VQ_SIZE);
		return ret;
	}
	if (!strcmp(cmd, "config")) {
		req_start(family, VDPA_CMD_DEV_CONFIG_GET, VDPA_GENL_VERSION);
		put_strz(VDPA_ATTR_DEV_NAME, argv[2]);
		nl_talk(&ans, false);
		ret = report(&ans);
		print_u64(&ans, "device_features", VDPA_ATTR_DEV_FEATURES);
		print_u64(&ans, "negotiated_features",
			  VDPA_ATTR_DEV_NEGOTIATED_FEATURES);
		return ret;
	}
	usage();
}
