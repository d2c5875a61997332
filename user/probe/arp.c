// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host discovery's ARP ping (-PR): who-has daddr, tell saddr, Ethernet broadcast. */
#include <net/ethernet.h>
#include <string.h>
#include <sys/socket.h>
#include "csum.h"
#include "probe.h"

#define ARP_LEN 28

/*
 * Replies: handle_arp() in the XDP program takes an ARP reply to our
 * address and MAC about an address in the arp_asked map (engine/scan.c puts
 * it there before the request leaves); it makes a host record
 * (XM_KIND_HOST) carrying the sender's MAC.
 */

static void arp_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	uint8_t *arp = t->bytes + XM_ETH_LEN;

	memset(t, 0, sizeof(*t));
	memset(t->bytes, 0xff, 6);
	memcpy(t->bytes + 6, src->src_mac, 6);
	xm_put16(t->bytes + 12, ETHERTYPE_ARP);
	xm_put16(arp, 1); /* Ethernet */
	xm_put16(arp + 2, ETHERTYPE_IP);
	arp[4] = 6;
	arp[5] = 4;
	xm_put16(arp + 6, 1); /* request */
	memcpy(arp + 8, src->src_mac, 6);
	xm_put32(arp + 14, src->saddr);
	t->len = XM_ETH_LEN + ARP_LEN; /* target hardware address stays zero */
}

static size_t arp_patch(const struct xm_probe_tmpl *t, uint8_t *frame, const struct xm_probe *p)
{
	xm_put32(frame + XM_ETH_LEN + 24, p->daddr);
	return t->len;
}

const struct xm_probe_module xm_probe_arp = {
	.name = "arp",
	.family = AF_INET,
	.proto = 0, /* no IP packet */
	.ethertype = ETHERTYPE_ARP,
	.prepare = arp_prepare,
	.patch = arp_patch,
};
