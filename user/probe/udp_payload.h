/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The UDP payload database (data/udp-payloads): one request per well-known port, parsed once. */
#ifndef XDPMAP_UDP_PAYLOAD_H
#define XDPMAP_UDP_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>
#include "common_kern_user.h"

/* The largest payload a UDP probe carries: what fits a 1514-byte Ethernet frame. */
#define XM_UDP_PAYLOAD_BYTES 1472

/* The largest payload a UDP probe carries over IPv6: its header is 20 bytes longer. */
#define XM_UDP6_PAYLOAD_MAX (XM_UDP_PAYLOAD_BYTES - 20)

/* One request: its bytes, the source port it needs, where it carries the cookie. */
struct xm_udp_payload {
	char name[32];
	uint8_t *data;		/* len bytes; the cookie bytes are zero */
	uint16_t len;
	uint16_t sport;		/* a fixed source port (host order), 0 = the scan's */
	uint8_t cookie;		/* enum xm_udp_cookie (common_kern_user.h) */
	uint16_t cookie_off;	/* where the cookie's bytes start in data */
	uint32_t sum;		/* RFC 1071 sum of data (cookie bytes zero), not folded */
};

/* Every payload of a file, and which one each port takes. */
struct xm_udp_payloads {
	struct xm_udp_payload *v;
	size_t n;
	uint16_t *by_port; /* XM_UDP_PORTS entries: 1 + index into v, 0 = none */
	uint16_t *alt_by_port; /* a port's second payload, sent by retries; 0 = none */
};

/*
 * Parse the text of a payload file (format: the comment at the top of
 * data/udp-payloads) into db (zeroed by the caller or freed before). 'path'
 * names the file in errors. Returns 0, or -1 with "path:line: reason" in 'err'.
 */
int xm_udp_payloads_parse(struct xm_udp_payloads *db, const char *text, size_t len,
			  const char *path, char *err, size_t errlen);

/* Read and parse the file at 'path'. Returns 0, or -1 with a one-line reason in 'err'. */
int xm_udp_payloads_load(struct xm_udp_payloads *db, const char *path, char *err,
			 size_t errlen);

/*
 * Where the payload file is: $XDPMAP_UDP_PAYLOADS, else data/udp-payloads
 * beside the binary (build tree) or share/xdpmap/udp-payloads of its prefix,
 * else /usr/local/share or /usr/share (as the service-probe file is found).
 * Returns buf or the environment's string.
 */
const char *xm_udp_payloads_default_path(char *buf, size_t len);

/*
 * The payload of UDP port 'port' for a probe of pass 'pass' (0 = the first,
 * then each retry): a port listed by two payloads gets the first on even
 * passes and the second on odd ones. NULL when the port has none.
 */
static inline const struct xm_udp_payload *xm_udp_payload_for(const struct xm_udp_payloads *db,
							      uint16_t port, unsigned pass)
{
	uint16_t i = db->by_port ? db->by_port[port] : 0;

	if (i && pass % 2 && db->alt_by_port[port])
		i = db->alt_by_port[port];
	return i ? &db->v[i - 1] : NULL;
}

void xm_udp_payloads_free(struct xm_udp_payloads *db);

/*
 * Make p a payload of the len bytes at data (not copied: they must outlive p),
 * without cookie or source port: --data and its kin.
 */
void xm_udp_payload_raw(struct xm_udp_payload *p, const uint8_t *data, size_t len);

/*
 * Write the cookie of p (from the probe cookie 'seq') into 'data', a copy of
 * p->data; returns those bytes' share of the RFC 1071 sum of data (p->sum
 * counts them as zero). 0 when p carries no cookie.
 */
static inline uint32_t xm_udp_payload_cookie(const struct xm_udp_payload *p, uint8_t *data,
					     uint32_t seq)
{
	uint32_t v = xm_udp_cookie_value(p->cookie, seq), sum = 0;
	int w = p->cookie == XM_UDP_COOKIE_NONE ? 0 : p->cookie == XM_UDP_COOKIE_ECHO16 ? 2 : 4;
	int i;

	for (i = 0; i < w; i++) {
		uint8_t b = (uint8_t)(v >> (8 * (w - 1 - i)));
		unsigned at = p->cookie_off + (unsigned)i;

		data[at] = b;
		sum += at % 2 ? b : (uint32_t)b << 8;
	}
	return sum;
}

#endif /* XDPMAP_UDP_PAYLOAD_H */
