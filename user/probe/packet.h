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

/* The kinds of probes: the port scan's SYN comes from the template, the rest are built whole. */
enum xm_probe_kind {
	XM_PROBE_SYN = 0,    /* port scan SYN (template + incremental checksums) */
	XM_PROBE_DSYN,	     /* discovery TCP SYN (-PS) */
	XM_PROBE_DACK,	     /* discovery TCP ACK (-PA) */
	XM_PROBE_ECHO,	     /* ICMP echo request (-PE) */
	XM_PROBE_TIMESTAMP,  /* ICMP timestamp request (-PP) */
	XM_PROBE_ARP,	     /* ARP request (-PR) */
};

/* What varies from one probe to the next; all in host byte order. */
struct xm_probe {
	uint32_t daddr;
	uint16_t dport;
	uint16_t sport;
	uint32_t seq;	/* TCP seq (and ack for DACK); ICMP identifier << 16 | sequence */
	uint16_t ip_id;
	uint8_t kind;	/* enum xm_probe_kind */
	const uint8_t *dst_mac; /* SYN: the frame's destination when it varies by host */
};

/* The largest frame any probe kind builds. */
#define XM_FRAME_MAX 64

/* Template bytes plus the one's-complement sums of their constant parts. */
struct xm_probe_tmpl {
	uint8_t bytes[XM_PROBE_LEN];
	uint32_t ip_base_sum;  /* IP header with id, daddr and checksum zero */
	uint32_t tcp_base_sum; /* pseudo-header + TCP with the varying fields zero */
	uint8_t src_mac[6];
	uint8_t dst_mac[6];
	uint32_t saddr;
};

/* Build the SYN template: Ethernet, IPv4 (TTL 64), TCP SYN with MSS 1460, window 1024. */
void xm_tmpl_init(struct xm_probe_tmpl *t, const uint8_t src_mac[6],
		  const uint8_t dst_mac[6], uint32_t saddr);

/* Write the varying fields of 'p' and both checksums into a frame that holds the template. */
void xm_tmpl_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
		   const struct xm_probe *p);

/*
 * Build a discovery probe (any kind but XM_PROBE_SYN) whole into 'frame'
 * (at least XM_FRAME_MAX bytes) from the template's addresses. Returns the
 * frame length.
 */
size_t xm_build_discovery(const struct xm_probe_tmpl *t, uint8_t *frame,
			  const struct xm_probe *p);

/* RFC 1071 sum of 'len' bytes as big-endian 16-bit words, not folded or inverted. */
uint32_t xm_csum_add(uint32_t sum, const uint8_t *data, size_t len);

/* Fold a 32-bit one's-complement sum to 16 bits and invert it. */
uint16_t xm_csum_finish(uint32_t sum);

#endif /* XDPMAP_PACKET_H */
