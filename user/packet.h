/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The SYN probe template, built once and patched per probe with incremental checksums. */
#ifndef XDPMAP_PACKET_H
#define XDPMAP_PACKET_H

#include <stddef.h>
#include <stdint.h>

#define XM_ETH_LEN 14
#define XM_IP_LEN 20
#define XM_TCP_LEN 24 /* 20 + MSS option */
#define XM_PROBE_LEN (XM_ETH_LEN + XM_IP_LEN + XM_TCP_LEN)

/* What varies from one probe to the next; all in host byte order. */
struct xm_probe {
	uint32_t daddr;
	uint16_t dport;
	uint16_t sport;
	uint32_t seq;
	uint16_t ip_id;
};

/* Template bytes plus the one's-complement sums of their constant parts. */
struct xm_probe_tmpl {
	uint8_t bytes[XM_PROBE_LEN];
	uint32_t ip_base_sum;  /* IP header with id, daddr and checksum zero */
	uint32_t tcp_base_sum; /* pseudo-header + TCP with the varying fields zero */
};

/* Build the SYN template: Ethernet, IPv4 (TTL 64), TCP SYN with MSS 1460, window 1024. */
void xm_tmpl_init(struct xm_probe_tmpl *t, const uint8_t src_mac[6],
		  const uint8_t dst_mac[6], uint32_t saddr);

/* Write the varying fields of 'p' and both checksums into a frame that holds the template. */
void xm_tmpl_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
		   const struct xm_probe *p);

/* RFC 1071 sum of 'len' bytes as big-endian 16-bit words, not folded or inverted. */
uint32_t xm_csum_add(uint32_t sum, const uint8_t *data, size_t len);

/* Fold a 32-bit one's-complement sum to 16 bits and invert it. */
uint16_t xm_csum_finish(uint32_t sum);

#endif /* XDPMAP_PACKET_H */
