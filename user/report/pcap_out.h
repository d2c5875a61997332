/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* --pcap-replies: the replies the XDP program matched, as a classic pcap file (ns timestamps). */
#ifndef XDPMAP_PCAP_OUT_H
#define XDPMAP_PCAP_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The bytes of each reply kept: the XDP program copies at most this many (XM_PCAP_SNAPLEN). */
#define XM_PCAP_SNAPLEN_MAX 128

struct xm_pcap {
	FILE *f;
	uint64_t frames; /* records written */
};

/*
 * Create or truncate 'path' and write the pcap global header (nanosecond
 * timestamps, Ethernet, snap length XM_PCAP_SNAPLEN_MAX). Returns 0, or -1
 * with a one-line reason naming the file in 'err' (errno kept).
 */
int xm_pcap_open(struct xm_pcap *p, const char *path, char *err, size_t errlen);

/*
 * One frame: arrived at 'when_ns' (wall clock, ns since the epoch), 'len'
 * bytes on the wire, of which the first 'caplen' (at most
 * XM_PCAP_SNAPLEN_MAX) are in 'data'. p == NULL: nothing.
 */
void xm_pcap_write(struct xm_pcap *p, uint64_t when_ns, uint32_t len, const uint8_t *data,
		   uint32_t caplen);

/* Flush and close (p or p->f NULL: nothing). Returns 0, or -1 when a write failed. */
int xm_pcap_close(struct xm_pcap *p);

#endif /* XDPMAP_PCAP_OUT_H */
