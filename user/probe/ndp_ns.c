// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Neighbor Solicitation (RFC 4861 4.3) to the target's solicited-node multicast address. */
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv6.h"

/*
 * The IPv6 counterpart of the ARP request: to ff02::1:ffXX:XXXX (the
 * target's low 24 bits) at 33:33:ff:XX:XX:XX, hop limit 255, ICMPv6 type 135
 * with the target and our source link-layer address option. The engine puts
 * the target in the nd_asked map before sending; xm_handle_na() in the XDP
 * program records the Advertisement that answers it (XM_KIND_HOST, reason
 * XM_REASON_ND_RESPONSE, the MAC in the record) and nothing else.
 */

#define NS_LEN 32 /* type, code, checksum, reserved, target, option of 8 bytes */

static void ndp_ns_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	static const uint8_t solicited[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };
	uint8_t *ip = t->bytes + XM_ETH_LEN, *icmp = t->bytes + XM_L4_OFF6;

	xm_ipv6_tmpl(t, src, IPPROTO_ICMPV6, NS_LEN, 255);
	t->bytes[0] = 0x33;
	t->bytes[1] = 0x33;
	t->bytes[2] = 0xff;
	memcpy(ip + 24, solicited, sizeof(solicited));
	icmp[0] = 135;
	icmp[24] = 1; /* source link-layer address, 1 unit of 8 bytes */
	icmp[25] = 1;
	memcpy(icmp + 26, src->src_mac, 6);
	t->l4_base_sum = xm_csum_add(t->l4_base_sum, ip + 24, 16) + xm_csum_add(0, icmp, NS_LEN);
}

static size_t ndp_ns_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
			   const struct xm_probe *p)
{
	const uint8_t *a = p->daddr6;
	uint8_t *dst = frame + XM_ETH_LEN + 24, *icmp = frame + XM_L4_OFF6;
	uint32_t sum = t->l4_base_sum + xm_csum_addr6(a) + a[13] + ((uint32_t)a[14] << 8 | a[15]);

	memcpy(frame + 3, a + 13, 3);
	memcpy(dst + 13, a + 13, 3);
	memcpy(icmp + 8, a, 16);
	xm_put16(icmp + 2, xm_csum_finish(sum));
	return t->len;
}

const struct xm_probe_module xm_probe_ndp_ns = {
	.name = "ndp_ns",
	.family = AF_INET6,
	.proto = IPPROTO_ICMPV6,
	.ethertype = ETHERTYPE_IPV6,
	.prepare = ndp_ns_prepare,
	.patch = ndp_ns_patch,
};
