// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* rtnetlink queries through libmnl: routes, addresses, neighbours. */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "netlink.h"
#include "results.h"

/* Collected attributes of whatever message the kernel answered with. */
struct nl_answer {
	int ifindex;
	uint32_t src, gateway, addr; /* network order */
	uint8_t lladdr[6];
	int have_src, have_gateway, have_lladdr, have_addr;
	uint16_t nud_state;
	int want_ifindex; /* RTM_NEWADDR dumps: only this interface */
};

int xm_nl_talk(struct nlmsghdr *req, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	unsigned int portid, seq = (unsigned int)time(NULL);
	ssize_t n;
	int rc = 0;

	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	req->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0) {
		rc = -errno;
		goto out;
	}
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		rc = mnl_cb_run(buf, (size_t)n, seq, portid, cb, data);
		/* A dump ends with NLMSG_DONE; a plain get is answered once. */
		if (rc <= MNL_CB_STOP || !(req->nlmsg_flags & NLM_F_DUMP))
			break;
	}
	rc = rc < 0 ? -errno : 0;
out:
	mnl_socket_close(nl);
	return rc;
}

static int route_attr(const struct nlattr *a, void *data)
{
	struct nl_answer *ans = data;

	switch (mnl_attr_get_type(a)) {
	case RTA_OIF:
		ans->ifindex = (int)mnl_attr_get_u32(a);
		break;
	case RTA_PREFSRC:
		ans->src = mnl_attr_get_u32(a);
		ans->have_src = 1;
		break;
	case RTA_GATEWAY:
		ans->gateway = mnl_attr_get_u32(a);
		ans->have_gateway = 1;
		break;
	}
	return MNL_CB_OK;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct rtmsg), route_attr, data);
	return MNL_CB_OK;
}

static void iface_err(char *err, size_t errlen, const char *what,
		      const char *ifname, int e)
{
	snprintf(err, errlen, "%s on interface %s failed: %s", what, ifname,
		 strerror(e));
}

static int route_request(uint32_t dst, int oif, struct nl_answer *ans)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;

	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	mnl_attr_put_u32(nlh, RTA_DST, htonl(dst));
	if (oif)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	return xm_nl_talk(nlh, route_cb, ans);
}

int xm_route_lookup(uint32_t dst, const char *ifname, struct xm_route *rt,
		    char *err, size_t errlen)
{
	struct nl_answer ans = { 0 };
	struct in_addr a = { .s_addr = htonl(dst) };
	int oif = 0, rc;

	if (ifname) {
		oif = (int)if_nametoindex(ifname);
		if (!oif) {
			snprintf(err, errlen, "unknown interface '%s': %s", ifname,
				 strerror(errno));
			return -1;
		}
	}
	rc = route_request(dst, oif, &ans);
	if (rc || !ans.ifindex) {
		snprintf(err, errlen, "no route to %s%s%s (RTM_GETROUTE: %s)",
			 inet_ntoa(a), ifname ? " via " : "", ifname ? ifname : "",
			 rc ? strerror(-rc) : "no output interface");
		return -1;
	}
	rt->ifindex = ans.ifindex;
	if (!if_indextoname((unsigned)ans.ifindex, rt->ifname)) {
		snprintf(err, errlen, "if_indextoname(%d) failed: %s", ans.ifindex,
			 strerror(errno));
		return -1;
	}
	rt->nexthop = ans.have_gateway ? ntohl(ans.gateway) : dst;
	if (ans.have_src) {
		rt->src = ntohl(ans.src);
		return 0;
	}
	return xm_iface_ipv4(rt->ifindex, &rt->src, err, errlen);
}

static int addr_attr(const struct nlattr *a, void *data)
{
	struct nl_answer *ans = data;

	if (mnl_attr_get_type(a) == IFA_LOCAL && !ans->have_addr) {
		ans->addr = mnl_attr_get_u32(a);
		ans->have_addr = 1;
	}
	return MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct nl_answer *ans = data;

	if (ifa->ifa_family != AF_INET || (int)ifa->ifa_index != ans->want_ifindex)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*ifa), addr_attr, data);
	return MNL_CB_OK;
}

static int dump_addrs(struct nl_answer *ans)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	return xm_nl_talk(nlh, addr_cb, ans);
}

int xm_iface_ipv4(int ifindex, uint32_t *addr, char *err, size_t errlen)
{
	char name[IF_NAMESIZE] = "?";
	struct nl_answer ans = { .want_ifindex = ifindex };
	int rc = dump_addrs(&ans);

	if_indextoname((unsigned)ifindex, name);
	if (rc || !ans.have_addr) {
		snprintf(err, errlen, "no IPv4 address on interface %s (RTM_GETADDR: %s); use -S",
			 name, rc ? strerror(-rc) : "none configured");
		return -1;
	}
	*addr = ntohl(ans.addr);
	return 0;
}

int xm_iface_mac(const char *ifname, uint8_t mac[6], char *err, size_t errlen)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0) {
		snprintf(err, errlen, "socket(AF_INET) failed: %s", strerror(errno));
		return -1;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	rc = ioctl(fd, SIOCGIFHWADDR, &ifr);
	if (rc)
		iface_err(err, errlen, "ioctl(SIOCGIFHWADDR)", ifname, errno);
	close(fd);
	if (rc)
		return -1;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		snprintf(err, errlen, "interface %s is not Ethernet (type %u)", ifname,
			 ifr.ifr_hwaddr.sa_family);
		return -1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

static int neigh_attr(const struct nlattr *a, void *data)
{
	struct nl_answer *ans = data;

	if (mnl_attr_get_type(a) == NDA_LLADDR && mnl_attr_get_payload_len(a) == 6) {
		memcpy(ans->lladdr, mnl_attr_get_payload(a), 6);
		ans->have_lladdr = 1;
	}
	return MNL_CB_OK;
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	struct nl_answer *ans = data;

	ans->nud_state = ndm->ndm_state;
	mnl_attr_parse(nlh, sizeof(*ndm), neigh_attr, data);
	return MNL_CB_OK;
}

/* neigh_request() of a 'len'-byte address of 'family' (network order). */
static int neigh_request_af(int type, int ifindex, uint8_t family, const void *addr, size_t len,
			    struct nl_answer *ans)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = family;
	ndm->ndm_ifindex = ifindex;
	if (type == RTM_NEWNEIGH) {
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_ACK;
		ndm->ndm_flags = NTF_USE;
		ndm->ndm_state = NUD_NONE;
	}
	mnl_attr_put(nlh, NDA_DST, len, addr);
	return xm_nl_talk(nlh, type == RTM_NEWNEIGH ? NULL : neigh_cb, ans);
}

/* RTM_GETNEIGH, or RTM_NEWNEIGH with NTF_USE, which makes the kernel resolve. */
static int neigh_request(int type, int ifindex, uint32_t addr, struct nl_answer *ans)
{
	uint32_t be = htonl(addr);

	return neigh_request_af(type, ifindex, AF_INET, &be, sizeof(be), ans);
}

void xm_neigh_ask(int ifindex, uint32_t addr)
{
	struct nl_answer ans = { 0 };

	neigh_request(RTM_NEWNEIGH, ifindex, addr, &ans);
}

static int neigh_usable(const struct nl_answer *ans)
{
	return ans->have_lladdr &&
	       (ans->nud_state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY |
				  NUD_PROBE | NUD_PERMANENT | NUD_NOARP));
}

int xm_neigh_resolve(int ifindex, const char *ifname, uint32_t addr,
		     uint8_t mac[6], int timeout_ms, char *err, size_t errlen)
{
	struct in_addr a = { .s_addr = htonl(addr) };
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int waited, asked = 0, rc = 0;

	for (waited = 0; waited <= timeout_ms; waited += 20) {
		struct nl_answer ans = { 0 };

		if (!neigh_request(RTM_GETNEIGH, ifindex, addr, &ans) &&
		    neigh_usable(&ans)) {
			memcpy(mac, ans.lladdr, 6);
			return 0;
		}
		if (!asked) {
			rc = neigh_request(RTM_NEWNEIGH, ifindex, addr, &ans);
			asked = 1;
		}
		nanosleep(&pause, NULL);
	}
	snprintf(err, errlen,
		 "cannot find the MAC address of next hop %s on %s (%s); use --router-mac",
		 inet_ntoa(a), ifname,
		 rc ? strerror(-rc) : "no ARP reply");
	return -1;
}

int xm_neigh_resolve6(int ifindex, const char *ifname, const struct in6_addr *addr,
		      uint8_t mac[6], int timeout_ms, char *err, size_t errlen)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	char a[INET6_ADDRSTRLEN];
	int waited, asked = 0, rc = 0;

	for (waited = 0; waited <= timeout_ms; waited += 20) {
		struct nl_answer ans = { 0 };

		if (!neigh_request_af(RTM_GETNEIGH, ifindex, AF_INET6, addr, sizeof(*addr), &ans) &&
		    neigh_usable(&ans)) {
			memcpy(mac, ans.lladdr, 6);
			return 0;
		}
		if (!asked) {
			rc = neigh_request_af(RTM_NEWNEIGH, ifindex, AF_INET6, addr, sizeof(*addr),
					      &ans);
			asked = 1;
		}
		nanosleep(&pause, NULL);
	}
	inet_ntop(AF_INET6, addr, a, sizeof(a));
	snprintf(err, errlen, "cannot find the MAC address of next hop %s on %s (%s)", a, ifname,
		 rc ? strerror(-rc) : "no Neighbor Advertisement");
	return -1;
}

/* One route message's attributes into the entry being filled. */
static int route_entry_attr(const struct nlattr *a, void *data)
{
	struct xm_route_entry *e = data;

	switch (mnl_attr_get_type(a)) {
	case RTA_DST:
		e->dst = ntohl(mnl_attr_get_u32(a));
		break;
	case RTA_OIF:
		e->oif = (int)mnl_attr_get_u32(a);
		break;
	case RTA_GATEWAY:
		e->gateway = ntohl(mnl_attr_get_u32(a));
		e->has_gw = 1;
		break;
	case RTA_PREFSRC:
		e->prefsrc = ntohl(mnl_attr_get_u32(a));
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

static int route_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct xm_route_table *t = data;
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct xm_route_entry e = { .plen = rtm->rtm_dst_len, .type = rtm->rtm_type,
				    .table = rtm->rtm_table };

	if (nlh->nlmsg_type != RTM_NEWROUTE || rtm->rtm_family != AF_INET ||
	    (rtm->rtm_flags & RTM_F_CLONED))
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*rtm), route_entry_attr, &e);
	if (e.plen > 32)
		return MNL_CB_OK;
	e.dst &= e.plen ? ~0u << (32 - e.plen) : 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;
		struct xm_route_entry *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return MNL_CB_ERROR;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = e;
	return MNL_CB_OK;
}

int xm_route_table_load(struct xm_route_table *t, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	int rc;

	*t = (struct xm_route_table){ 0 };
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_table = RT_TABLE_UNSPEC;
	rc = xm_nl_talk(nlh, route_dump_cb, t);
	if (rc) {
		snprintf(err, errlen, "RTM_GETROUTE dump failed: %s", strerror(-rc));
		xm_route_table_free(t);
		return -1;
	}
	return 0;
}

/* The longest matching prefix of one table, lowest metric among equals; local types only in local. */
static const struct xm_route_entry *match_in(const struct xm_route_table *t, uint32_t table,
					     uint32_t dst)
{
	const struct xm_route_entry *best = NULL;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct xm_route_entry *e = &t->v[i];
		uint32_t mask = e->plen ? ~0u << (32 - e->plen) : 0;

		if (e->table != table || (dst & mask) != e->dst)
			continue;
		if (table == RT_TABLE_LOCAL && e->type != RTN_LOCAL)
			continue; /* broadcast entries: the main table decides */
		if (!best || e->plen > best->plen ||
		    (e->plen == best->plen && e->priority < best->priority))
			best = e;
	}
	return best;
}

const struct xm_route_entry *xm_route_table_match(const struct xm_route_table *t, uint32_t dst)
{
	static const uint32_t order[] = { RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT };
	const struct xm_route_entry *e;
	size_t k;

	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		if ((e = match_in(t, order[k], dst)))
			return e;
	return NULL;
}

void xm_route_table_free(struct xm_route_table *t)
{
	free(t->v);
	*t = (struct xm_route_table){ 0 };
}

int xm_iface_is_ethernet(int ifindex)
{
	char name[IF_NAMESIZE], err[256];
	uint8_t mac[6];

	if (!if_indextoname((unsigned)ifindex, name))
		return 0;
	return xm_iface_mac(name, mac, err, sizeof(err)) == 0;
}

/* One entry of an IPv6 neighbour dump, read into a host record. */
struct neigh6_entry {
	struct xm_finding f;
	bool have_dst, have_lladdr;
};

static int neigh6_attr(const struct nlattr *a, void *data)
{
	struct neigh6_entry *e = data;

	if (mnl_attr_get_type(a) == NDA_DST && mnl_attr_get_payload_len(a) == 16) {
		memcpy(e->f.addr.b, mnl_attr_get_payload(a), 16);
		e->have_dst = true;
	} else if (mnl_attr_get_type(a) == NDA_LLADDR && mnl_attr_get_payload_len(a) == 6) {
		memcpy(e->f.mac, mnl_attr_get_payload(a), 6);
		e->have_lladdr = true;
	}
	return MNL_CB_OK;
}

static int neigh6_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	struct neigh6_entry e = { .f = { .family = XM_FAMILY_IPV6, .state = XM_STATE_UP,
					 .when = xm_now_wall() } };
	struct nl_answer state = { .nud_state = ndm->ndm_state, .have_lladdr = 1 };

	if (nlh->nlmsg_type != RTM_NEWNEIGH || ndm->ndm_family != AF_INET6)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*ndm), neigh6_attr, &e);
	if (!e.have_dst || !e.have_lladdr || !neigh_usable(&state))
		return MNL_CB_OK;
	return xm_results_add(data, &e.f) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int xm_neigh6_macs(struct xm_results *out)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_INET6;
	return xm_nl_talk(nlh, neigh6_cb, out) ? -1 : 0;
}
