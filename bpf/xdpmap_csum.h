/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Incremental Internet checksum updates (RFC 1624) for packets rewritten in place. */
#ifndef XDPMAP_CSUM_H
#define XDPMAP_CSUM_H

#include <linux/types.h>
#include <bpf/bpf_endian.h>

/* Fold a 32-bit one's-complement sum to 16 bits. */
static __always_inline __u16 csum_fold32(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/* HC' = ~(~HC + ~m + m') for one 16-bit field changing from 'from' to 'to'. */
static __always_inline void csum_replace2(__sum16 *csum, __be16 from, __be16 to)
{
	__u32 sum = (__u16)~*csum;

	sum += (__u16)~from;
	sum += to;
	*csum = (__sum16)~csum_fold32(sum);
}

/* The same for a 32-bit field, as two 16-bit halves. */
static __always_inline void csum_replace4(__sum16 *csum, __be32 from, __be32 to)
{
	csum_replace2(csum, (__be16)(from >> 16), (__be16)(to >> 16));
	csum_replace2(csum, (__be16)from, (__be16)to);
}

/*
 * Compute the checksum of a bare 20-byte TCP header (no options, no payload)
 * in full, over the pseudo-header too. Needed where the received checksum
 * may be a partial one (CHECKSUM_PARTIAL from a veth peer), which an
 * incremental update would carry over. The caller has checked 20 bytes.
 */
static __always_inline void tcp_csum_bare(__be32 saddr, __be32 daddr, __u16 *w)
{
	__u32 sum = (saddr & 0xffff) + (saddr >> 16) + (daddr & 0xffff) +
		    (daddr >> 16) + bpf_htons(6) + bpf_htons(20);
	int i;

	w[8] = 0;
#pragma unroll
	for (i = 0; i < 10; i++)
		sum += w[i];
	w[8] = (__u16)~csum_fold32(sum);
}

/* Compute the checksum of a bare 20-byte IPv4 header (ihl 5) in full. */
static __always_inline void ip_csum_bare(__u16 *w)
{
	__u32 sum = 0;
	int i;

	w[5] = 0;
#pragma unroll
	for (i = 0; i < 10; i++)
		sum += w[i];
	w[5] = (__u16)~csum_fold32(sum);
}

#endif /* XDPMAP_CSUM_H */
