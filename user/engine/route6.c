// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* IPv6 routes from rtnetlink, matched per target as the kernel's default rules do. */
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "netlink.h"
#include "route6.h"

static void copy_addr(struct in6_addr *to, const struct nlattr *a)
{
	if (mnl_attr_get_payload_len(a) == sizeof(*to))
		memcpy(to, mnl_attr_get_payload(a), sizeof(*to));
}

static int entry_attr(const struct nlattr *a, void *data)
{
	struct xm_route6_entry *e = data;

	switch (mnl_attr_get_type(a)) {
	case RTA_DST:
		copy_addr(&e->dst, a);
		break;
	case RTA_OIF:
		e->oif = (int)mnl_attr_get_u32(a);
		break;
	case RTA_GATEWAY:
		copy_addr(&e->gateway, a);
		e->has_gw = true;
		break;
	case RTA_PREFSRC:
		copy_addr(&e->prefsrc, a);
		e->has_src = true;
		break;
	case RTA_PRIORITY:
		e->priority = mnl_attr_get_u32(a);
		break;
	case RTA_TABLE:
		e->table = mnl_attr_get_u32(a);
		break;
	}
	return MNL_CB_OK;
}

/* Whether a and b agree in their first plen bits. */
static bool prefix_eq(const struct in6_addr *a, const struct in6_addr *b, unsigned plen)
{
	unsigned full = plen / 8, rest = plen % 8;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));

	if (memcmp(a->s6_addr, b->s6_addr, full))
		return false;
	return !rest || !((a->s6_addr[full] ^ b->s6_addr[full]) & mask);
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct xm_route6_table *t = data;
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct xm_route6_entry e = { .plen = rtm->rtm_dst_len, .type = rtm->rtm_type,
				     .table = rtm->rtm_table };

	if (nlh->nlmsg_type != RTM_NEWROUTE || rtm->rtm_family != AF_INET6 ||
	    (rtm->rtm_flags & RTM_F_CLONED) || e.plen > 128)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*rtm), entry_attr, &e);
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;
		struct xm_route6_entry *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return MNL_CB_ERROR;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = e;
	return MNL_CB_OK;
}

int xm_route6_table_load(struct xm_route6_table *t, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	int rc;

	*t = (struct xm_route6_table){ 0 };
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_table = RT_TABLE_UNSPEC;
	rc = xm_nl_talk(nlh, dump_cb, t);
	if (rc) {
		snprintf(err, errlen, "RTM_GETROUTE (AF_INET6) dump failed: %s", strerror(-rc));
		xm_route6_table_free(t);
		return -1;
	}
	return 0;
}

static const struct xm_route6_entry *match_in(const struct xm_route6_table *t, uint32_t table,
					      const struct in6_addr *dst)
{
	const struct xm_route6_entry *best = NULL;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct xm_route6_entry *e = &t->v[i];

		if (e->table != table || !prefix_eq(&e->dst, dst, e->plen))
			continue;
		if (table == RT_TABLE_LOCAL && e->type != RTN_LOCAL)
			continue; /* multicast and anycast entries: the main table decides */
		if (!best || e->plen > best->plen ||
		    (e->plen == best->plen && e->priority < best->priority))
			best = e;
	}
	return best;
}

const struct xm_route6_entry *xm_route6_table_match(const struct xm_route6_table *t,
						    const struct in6_addr *dst)
{
	static const uint32_t order[] = { RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT };
	const struct xm_route6_entry *e;
	size_t k;

	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		if ((e = match_in(t, order[k], dst)))
			return e;
	return NULL;
}

void xm_route6_table_free(struct xm_route6_table *t)
{
	free(t->v);
	*t = (struct xm_route6_table){ 0 };
}

int xm_route6_source(const struct in6_addr *dst, struct in6_addr *src)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(9),
				   .sin6_addr = *dst };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;

	if (fd < 0)
		return -1;
	if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    !getsockname(fd, (struct sockaddr *)&sa, &len)) {
		*src = sa.sin6_addr;
		rc = 0;
	}
	close(fd);
	return rc;
}
