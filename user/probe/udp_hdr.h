/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The UDP header and payload of a probe, shared by the IPv4 and IPv6 UDP modules. */
#ifndef XDPMAP_UDP_HDR_H
#define XDPMAP_UDP_HDR_H

#include <stdint.h>
#include <string.h>
#include "csum.h"
#include "probe.h"
#include "udp_payload.h"

#define XM_UDP_HDR 8

/*
 * Write probe p's UDP header at 'udp' and its first 'plen' payload bytes (pl's, cookie
 * included) after it. 'sum' is the checksum's sum so far: the pseudo-header, the ports
 * and twice the length (header and pseudo-header); the payload's part is added here. A
 * zero sum is sent as all ones (RFC 768; over IPv6 zero means none and is forbidden).
 */
static inline void xm_udp_put(uint8_t *udp, const struct xm_probe *p,
			      const struct xm_udp_payload *pl, uint16_t plen, uint32_t sum)
{
	uint16_t csum;

	if (plen) {
		memcpy(udp + XM_UDP_HDR, pl->data, plen);
		sum += pl->sum + xm_udp_payload_cookie(pl, udp + XM_UDP_HDR, p->seq);
	}
	xm_put16(udp, p->sport);
	xm_put16(udp + 2, p->dport);
	xm_put16(udp + 4, (uint16_t)(XM_UDP_HDR + plen));
	csum = xm_csum_finish(sum);
	xm_put16(udp + 6, csum ? csum : 0xffff);
}

#endif /* XDPMAP_UDP_HDR_H */
