/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* UDP replies for the reply catcher: the source-port check and the cookies payloads give back. */
#ifndef XDPMAP_UDP_H
#define XDPMAP_UDP_H

#include <linux/bpf.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "common_kern_user.h"
#include "cookie.h"
#include "xdpmap_maps.h"
#include "xdpmap_parsing.h"

/* UDP header; advances the cursor to the payload. */
static __always_inline struct udphdr *parse_udphdr(struct hdr_cursor *c)
{
	struct udphdr *udp = c->pos;

	if ((void *)(udp + 1) > c->end)
		return NULL;
	c->pos = udp + 1;
	return udp;
}

/* The payload table's entry of probed port 'port' (host order); never NULL for a valid map. */
static __always_inline struct xm_udp_port *udp_port_cfg(__u16 port)
{
	__u32 key = port;

	return bpf_map_lookup_elem(&udp_ports, &key);
}

/* One more byte at p[i] into v, if it lies before end; -1 otherwise. */
#define XM_LOAD_NEXT(v, p, end, i)                                             \
	do {                                                                   \
		if ((const void *)((p) + (i) + 1) > (end))                     \
			return -1;                                             \
		v = v << 8 | (p)[i];                                           \
	} while (0)

/* n (1-4) big-endian bytes at p, if they lie before end; -1 otherwise. */
static __always_inline __s64 load_be(const __u8 *p, const void *end, int n)
{
	__u32 v = 0;

	XM_LOAD_NEXT(v, p, end, 0);
	if (n < 2)
		return v;
	XM_LOAD_NEXT(v, p, end, 1);
	if (n < 3)
		return v;
	XM_LOAD_NEXT(v, p, end, 2);
	if (n < 4)
		return v;
	XM_LOAD_NEXT(v, p, end, 3);
	return v;
}

/* A BER length at p[*i] (short form or 0x81/0x82 long form); -1 when cut or malformed. */
static __always_inline __s64 ber_len_at(const __u8 *p, const void *end, __u32 *i)
{
	__s64 b = load_be(p + (*i & 0xff), end, 1), v;

	if (b < 0)
		return -1;
	*i += 1;
	if (b < 0x80)
		return b;
	if (b != 0x81 && b != 0x82)
		return -1;
	v = load_be(p + (*i & 0xff), end, (int)(b - 0x80));
	*i += (__u32)(b - 0x80);
	return v;
}

/*
 * The request-id of an SNMP v1/v2c message at p: SEQUENCE { INTEGER,
 * OCTET STRING, PDU { INTEGER request-id ... } }, the request-id 1-4 bytes
 * as a responder re-encodes it. -1 when the message is not so.
 */
static __always_inline __s64 snmp_request_id_at(const __u8 *p, const void *end)
{
	__u32 i = 0;
	__s64 t, n;

	if (load_be(p, end, 1) != 0x30)
		return -1;
	i = 1;
	if (ber_len_at(p, end, &i) < 0 || load_be(p + (i & 0xff), end, 1) != 0x02)
		return -1;
	i += 1;
	n = ber_len_at(p, end, &i); /* the version */
	if (n < 0 || n > 4)
		return -1;
	i += (__u32)n;
	if (load_be(p + (i & 0xff), end, 1) != 0x04)
		return -1;
	i += 1;
	n = ber_len_at(p, end, &i); /* the community */
	if (n < 0 || n > 128)
		return -1;
	i += (__u32)n;
	t = load_be(p + (i & 0xff), end, 1);
	if (t < 0 || (t & 0xe0) != 0xa0)
		return -1;
	i += 1;
	if (ber_len_at(p, end, &i) < 0 || load_be(p + (i & 0xff), end, 1) != 0x02)
		return -1;
	i += 1;
	n = ber_len_at(p, end, &i);
	if (n < 1 || n > 4)
		return -1;
	return load_be(p + (i & 0xff), end, (int)n);
}

/*
 * Whether the bytes at p (a reply's payload when 'reply', else the payload
 * of our probe quoted by an ICMP error) give back cookie value 'want' as the
 * port's payload carries it: 1 yes, 0 no, -1 the bytes are not there (cut).
 */
static __always_inline int udp_cookie_match(const struct xm_udp_port *pc, const __u8 *p,
					    const void *end, __u32 want, int reply)
{
	__u32 off = pc->cookie_off;
	__s64 got;

	switch (pc->cookie) {
	case XM_UDP_COOKIE_ECHO16:
		got = load_be(p + (off & 0xff), end, 2);
		break;
	case XM_UDP_COOKIE_ECHO32:
		got = load_be(p + (off & 0xff), end, 4);
		break;
	case XM_UDP_COOKIE_NTP:
		got = load_be(p + (reply ? 28 : 44), end, 4);
		break;
	case XM_UDP_COOKIE_SNMP:
		if (!reply) {
			got = load_be(p + (off & 0xff), end, 4);
			break;
		}
		got = snmp_request_id_at(p, end);
		return got < 0 ? 0 : got == want;
	default:
		return 1;
	}
	if (got < 0)
		return -1;
	return got == want;
}

/* How far into the frame the bytes xm_udp_cookie_at() reads may start. */
#define XM_UDP_COOKIE_AT_MAX 1024

/* xm_udp_cookie_at()'s 'how': the port's cookie kind and offset, and whether it reads a reply. */
#define XM_UDP_COOKIE_HOW(pc, reply) \
	((__u32)(pc)->cookie | (__u32)(pc)->cookie_off << 8 | (__u32)!!(reply) << 16)

/*
 * udp_cookie_match() of the bytes at offset 'off' of the frame, the port's
 * cookie kind, offset and 'reply' packed in 'how' (XM_UDP_COOKIE_HOW()); 0
 * (no match) past XM_UDP_COOKIE_AT_MAX, where no parse leaves a payload.
 * A global function: the verifier checks it once, on its own, instead of for
 * every path into each of its call sites (a reply, a quote; -sU, -PU).
 */
__attribute__((noinline)) int xm_udp_cookie_at(struct xdp_md *ctx, __u32 off, __u32 how,
					       __u32 want)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct xm_udp_port pc = { .cookie = (__u8)how, .cookie_off = (__u8)(how >> 8) };

	if (off > XM_UDP_COOKIE_AT_MAX)
		return 0;
	return udp_cookie_match(&pc, (const __u8 *)data + off, end, want, (how >> 16) & 1);
}

#endif /* XDPMAP_UDP_H */
