/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Internet checksum (RFC 1071) helpers and big-endian writers shared by the probe modules. */
#ifndef XDPMAP_CSUM_H
#define XDPMAP_CSUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

/* RFC 1071 sum of 'len' bytes as big-endian 16-bit words, not folded or inverted. */
uint32_t xm_csum_add(uint32_t sum, const uint8_t *data, size_t len);

/* Fold a 32-bit one's-complement sum to 16 bits and invert it. */
static inline uint16_t xm_csum_finish(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The two 16-bit halves of v, summed: its share of a checksum. */
static inline uint32_t xm_csum32(uint32_t v)
{
	return (v >> 16) + (v & 0xffff);
}

/* Store v big-endian at p (one unaligned store). */
static inline void xm_put16(uint8_t *p, uint16_t v)
{
	v = htons(v);
	memcpy(p, &v, sizeof(v));
}

/* Store v big-endian at p (one unaligned store). */
static inline void xm_put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, sizeof(v));
}

#endif /* XDPMAP_CSUM_H */
