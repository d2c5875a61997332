// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* --packet-trace: one line per probe and reply, as nmap's, at most XM_TRACE_MAX_PER_SEC/s. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "addr.h"
#include "clock.h"
#include "output.h"
#include "packet_trace.h"

bool xm_trace_enabled;

static double t0;	  /* CLOCK_MONOTONIC of the first xm_trace_set() */
static double window;	  /* start of the current one-second window */
static unsigned long lines; /* lines in it */
static unsigned long long dropped; /* lines left out in it */

void xm_trace_set(bool on)
{
	if (!t0)
		t0 = xm_now_mono();
	xm_trace_enabled = on;
}

/* Whether one more line fits this second; says so once when the limit is passed. */
static bool admit(double now)
{
	if (now - window >= 1.0) {
		if (dropped)
			printf("Packet trace: %llu lines left out in the last second (more than %d "
			       "per second)\n", dropped, XM_TRACE_MAX_PER_SEC);
		window = now;
		lines = 0;
		dropped = 0;
	}
	if (lines < XM_TRACE_MAX_PER_SEC) {
		lines++;
		return true;
	}
	if (!dropped++)
		printf("Packet trace: more than %d lines per second, leaving lines out until the "
		       "next second\n", XM_TRACE_MAX_PER_SEC);
	return false;
}

__attribute__((format(printf, 2, 3)))
static void line(const char *dir, const char *fmt, ...)
{
	double now = xm_now_mono();
	va_list ap;

	if (!admit(now))
		return;
	printf("%s (%.4fs) ", dir, now - t0);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* nmap's TCP flag letters: S, SA, R, ... */
static void tcp_flags(uint8_t fl, char *buf)
{
	static const char letters[] = "FSRPAUEC";
	int i, k = 0;

	for (i = 0; i < 8; i++)
		if (fl & (1u << i))
			buf[k++] = letters[i];
	buf[k] = '\0';
}

static void trace_ipv4(const char *dir, const uint8_t *ip, size_t len)
{
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN], fl[9];
	size_t ihl = (size_t)(ip[0] & 15) * 4;
	const uint8_t *l4 = ip + ihl;

	if (len < 20 || ihl < 20 || len < ihl + 8)
		return;
	inet_ntop(AF_INET, ip + 12, src, sizeof(src));
	inet_ntop(AF_INET, ip + 16, dst, sizeof(dst));
	if (ip[9] == IPPROTO_TCP && len >= ihl + 20) {
		tcp_flags(l4[13], fl);
		line(dir, "TCP %s:%u > %s:%u %s ttl=%u id=%u iplen=%u  seq=%u win=%u", src,
		     be16(l4), dst, be16(l4 + 2), fl, ip[8], be16(ip + 4), be16(ip + 2),
		     be32(l4 + 4), be16(l4 + 14));
	} else if (ip[9] == IPPROTO_ICMP) {
		line(dir, "ICMP [%s > %s type=%u/code=%u id=%u seq=%u] IP [ttl=%u id=%u iplen=%u ]",
		     src, dst, l4[0], l4[1], be16(l4 + 4), be16(l4 + 6), ip[8], be16(ip + 4),
		     be16(ip + 2));
	} else if (ip[9] == IPPROTO_UDP) {
		line(dir, "UDP %s:%u > %s:%u ttl=%u id=%u iplen=%u", src, be16(l4), dst,
		     be16(l4 + 2), ip[8], be16(ip + 4), be16(ip + 2));
	} else {
		line(dir, "IP %s > %s proto=%u ttl=%u id=%u iplen=%u", src, dst, ip[9], ip[8],
		     be16(ip + 4), be16(ip + 2));
	}
}

/* An IPv6 probe (ours have no extension headers): TCP, ICMPv6, UDP, else its next header. */
static void trace_ipv6(const char *dir, const uint8_t *ip, size_t len)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], fl[9];
	const uint8_t *l4 = ip + 40;

	if (len < 48)
		return;
	inet_ntop(AF_INET6, ip + 8, src, sizeof(src));
	inet_ntop(AF_INET6, ip + 24, dst, sizeof(dst));
	if (ip[6] == IPPROTO_TCP && len >= 60) {
		tcp_flags(l4[13], fl);
		line(dir, "TCP [%s]:%u > [%s]:%u %s hlim=%u plen=%u  seq=%u win=%u", src, be16(l4),
		     dst, be16(l4 + 2), fl, ip[7], be16(ip + 4), be32(l4 + 4), be16(l4 + 14));
	} else if (ip[6] == IPPROTO_ICMPV6 && l4[0] == 135 && len >= 64) {
		inet_ntop(AF_INET6, l4 + 8, dst, sizeof(dst));
		line(dir, "ICMPv6 neighbor solicitation who-has %s tell %s", dst, src);
	} else if (ip[6] == IPPROTO_ICMPV6) {
		line(dir, "ICMPv6 [%s > %s type=%u/code=%u id=%u seq=%u] IPv6 [hlim=%u plen=%u]",
		     src, dst, l4[0], l4[1], be16(l4 + 4), be16(l4 + 6), ip[7], be16(ip + 4));
	} else if (ip[6] == IPPROTO_UDP) {
		line(dir, "UDP [%s]:%u > [%s]:%u hlim=%u plen=%u", src, be16(l4), dst, be16(l4 + 2),
		     ip[7], be16(ip + 4));
	} else {
		line(dir, "IPv6 %s > %s nexthdr=%u hlim=%u plen=%u", src, dst, ip[6], ip[7],
		     be16(ip + 4));
	}
}

void xm_trace_frame(const char *dir, const uint8_t *frame, size_t len)
{
	char tpa[INET_ADDRSTRLEN], spa[INET_ADDRSTRLEN];
	uint16_t type;

	if (len < 14)
		return;
	type = be16(frame + 12);
	if (type == 0x0800) {
		trace_ipv4(dir, frame + 14, len - 14);
	} else if (type == 0x86dd) {
		trace_ipv6(dir, frame + 14, len - 14);
	} else if (type == 0x0806 && len >= 42) {
		inet_ntop(AF_INET, frame + 14 + 14, spa, sizeof(spa));
		inet_ntop(AF_INET, frame + 14 + 24, tpa, sizeof(tpa));
		line(dir, "ARP who-has %s tell %s", tpa, spa);
	} else {
		line(dir, "frame of type 0x%04x, %zu bytes", type, len);
	}
}

/* An ICMP or ICMPv6 reply's type, code and words, as the record's reason gives them. */
struct icmp_kind {
	uint8_t type, code;
	const char *words;
};

static struct icmp_kind icmp_kind(uint8_t family, uint8_t reason)
{
	bool v6 = family == XM_FAMILY_IPV6;

	switch (reason) {
	case XM_REASON_NET_UNREACH:
		return (struct icmp_kind){ v6 ? 1 : 3, 0, "Network unreachable" };
	case XM_REASON_HOST_UNREACH:
		return (struct icmp_kind){ v6 ? 1 : 3, v6 ? 3 : 1, "Host unreachable" };
	case XM_REASON_PROTO_UNREACH:
		return (struct icmp_kind){ 3, 2, "Protocol unreachable" };
	case XM_REASON_PORT_UNREACH:
		return (struct icmp_kind){ v6 ? 1 : 3, v6 ? 4 : 3, "Port unreachable" };
	case XM_REASON_NET_PROHIBITED:
		return (struct icmp_kind){ 3, 9, "Network administratively prohibited" };
	case XM_REASON_HOST_PROHIBITED:
		return (struct icmp_kind){ 3, 10, "Host administratively prohibited" };
	case XM_REASON_ADMIN_PROHIBITED:
		return (struct icmp_kind){ v6 ? 1 : 3, v6 ? 1 : 13,
					   "Communication administratively prohibited" };
	case XM_REASON_NO_ROUTE:
		return (struct icmp_kind){ 1, 0, "No route to destination" };
	case XM_REASON_BEYOND_SCOPE:
		return (struct icmp_kind){ 1, 2, "Beyond scope of source address" };
	case XM_REASON_REJECT_ROUTE:
		return (struct icmp_kind){ 1, 6, "Reject route to destination" };
	case XM_REASON_ECHO_REPLY:
		return (struct icmp_kind){ v6 ? 129 : 0, 0, "Echo reply" };
	case XM_REASON_TIMESTAMP_REPLY:
		return (struct icmp_kind){ 14, 0, "Timestamp reply" };
	default:
		return (struct icmp_kind){ 0, 0, NULL };
	}
}

/*
 * "ICMP [b > us Port unreachable (type=3/code=3) ] IP [ttl=64 ] for udp port 54":
 * nmap's words for an ICMP reply, then the probe it answers (what the record holds).
 */
static void trace_icmp(const struct xm_finding *f, const char *ip)
{
	struct icmp_kind k = icmp_kind(f->family, f->reason);
	const char *name = f->family == XM_FAMILY_IPV6 ? "ICMPv6" : "ICMP";

	if (!k.words) {
		line("RCVD", "%s [%s > us %s] IP [ttl=%u ]", name, ip, xm_reason_name(f->reason),
		     f->ttl);
		return;
	}
	if (f->port && f->proto)
		line("RCVD", "%s [%s > us %s (type=%u/code=%u) ] IP [ttl=%u ] for %s port %u", name,
		     ip, k.words, k.type, k.code, f->ttl, xm_proto_name(f->proto), f->port);
	else
		line("RCVD", "%s [%s > us %s (type=%u/code=%u) ] IP [ttl=%u ]", name, ip, k.words,
		     k.type, k.code, f->ttl);
}

void xm_trace_finding(const struct xm_finding *f)
{
	const uint8_t *m = f->mac;
	char ip[XM_ADDR_STRLEN];

	xm_addr_str(f->family, &f->addr, ip, sizeof(ip));
	switch (f->reason) {
	case XM_REASON_SYN_ACK:
	case XM_REASON_RESET:
		if (f->proto == IPPROTO_TCP && f->port) {
			line("RCVD", "TCP %s:%u > us %s ttl=%u win=%u", ip, f->port,
			     f->reason == XM_REASON_SYN_ACK ? "SA" : "RA", f->ttl, f->window);
			return;
		}
		line("RCVD", "TCP %s %s ttl=%u (host discovery)", ip,
		     f->reason == XM_REASON_SYN_ACK ? "SA" : "RA", f->ttl);
		return;
	case XM_REASON_UDP_RESPONSE:
		if (f->proto == IPPROTO_UDP && f->port)
			line("RCVD", "UDP %s:%u > us ttl=%u", ip, f->port, f->ttl);
		else
			line("RCVD", "UDP %s > us ttl=%u (host discovery)", ip, f->ttl);
		return;
	case XM_REASON_ARP_RESPONSE:
		line("RCVD", "ARP reply %s is-at %02X:%02X:%02X:%02X:%02X:%02X", ip, m[0], m[1],
		     m[2], m[3], m[4], m[5]);
		return;
	case XM_REASON_ND_RESPONSE:
		line("RCVD", "ND advert %s is-at %02X:%02X:%02X:%02X:%02X:%02X", ip, m[0], m[1],
		     m[2], m[3], m[4], m[5]);
		return;
	default:
		trace_icmp(f, ip);
	}
}

void xm_trace_connect(uint8_t family, const struct xm_addr *daddr, uint16_t dport, int err)
{
	char ip[INET6_ADDRSTRLEN];

	if (!xm_trace_enabled)
		return;
	xm_addr_str(family, daddr, ip, sizeof(ip));
	line("CONN", "TCP localhost > %s:%u => %s", ip, dport,
	     err ? strerror(err) : "Operation now in progress");
}
