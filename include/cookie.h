/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* SipHash-2-4 and the stateless probe cookie, compiled into both the XDP program and the sender. */
#ifndef XDPMAP_COOKIE_H
#define XDPMAP_COOKIE_H

#include <linux/types.h>

/* A 128-bit SipHash key as two little-endian 64-bit words (k0 = bytes 0-7). */
struct xm_siphash_key {
	__u64 k0;
	__u64 k1;
};

static inline __u64 xm_rotl64(__u64 x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define XM_SIPROUND(v0, v1, v2, v3)                                            \
	do {                                                                   \
		v0 += v1;                                                      \
		v1 = xm_rotl64(v1, 13);                                        \
		v1 ^= v0;                                                      \
		v0 = xm_rotl64(v0, 32);                                        \
		v2 += v3;                                                      \
		v3 = xm_rotl64(v3, 16);                                        \
		v3 ^= v2;                                                      \
		v0 += v3;                                                      \
		v3 = xm_rotl64(v3, 21);                                        \
		v3 ^= v0;                                                      \
		v2 += v1;                                                      \
		v1 = xm_rotl64(v1, 17);                                        \
		v1 ^= v2;                                                      \
		v2 = xm_rotl64(v2, 32);                                        \
	} while (0)

/* SipHash-2-4's final block b and finalization on the state v[0..3]. */
static inline __u64 xm_siphash24_finish(__u64 v0, __u64 v1, __u64 v2, __u64 v3, __u64 b)
{
	v3 ^= b;
	XM_SIPROUND(v0, v1, v2, v3);
	XM_SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	XM_SIPROUND(v0, v1, v2, v3);
	XM_SIPROUND(v0, v1, v2, v3);
	XM_SIPROUND(v0, v1, v2, v3);
	XM_SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

/*
 * SipHash-2-4 of the 64-bit message words m[0..nwords-1] followed by a final
 * block whose low bytes are 'tail' (tail_len bytes, < 8) and whose top byte is
 * the total message length. Callers assemble the words little-endian, so this
 * is byte-for-byte the reference SipHash-2-4. 'nwords' must be a compile-time
 * constant in BPF so that the loop unrolls.
 */
static inline __u64 xm_siphash24_words(const struct xm_siphash_key *key,
				       const __u64 *m, int nwords, __u64 tail,
				       int tail_len)
{
	__u64 v0 = 0x736f6d6570736575ULL ^ key->k0;
	__u64 v1 = 0x646f72616e646f6dULL ^ key->k1;
	__u64 v2 = 0x6c7967656e657261ULL ^ key->k0;
	__u64 v3 = 0x7465646279746573ULL ^ key->k1;
	__u64 b = ((__u64)(nwords * 8 + tail_len) << 56) | tail;
	int i;

#ifdef __bpf__
#pragma unroll
#endif
	for (i = 0; i < nwords; i++) {
		v3 ^= m[i];
		XM_SIPROUND(v0, v1, v2, v3);
		XM_SIPROUND(v0, v1, v2, v3);
		v0 ^= m[i];
	}
	return xm_siphash24_finish(v0, v1, v2, v3, b);
}

/* SipHash-2-4 of a message shorter than 8 bytes: xm_siphash24_words() with no word, no loop. */
static inline __u64 xm_siphash24_short(const struct xm_siphash_key *key, __u64 tail,
				       int tail_len)
{
	return xm_siphash24_finish(0x736f6d6570736575ULL ^ key->k0, 0x646f72616e646f6dULL ^ key->k1,
				   0x6c7967656e657261ULL ^ key->k0, 0x7465646279746573ULL ^ key->k1,
				   (__u64)tail_len << 56 | tail);
}

/*
 * The probe cookie: SipHash-2-4 over the 12 bytes saddr|daddr|sport|dport as
 * they stand in the packet (network byte order), truncated to 32 bits. It is
 * the sequence number of our SYN; a reply is ours iff it echoes it.
 * Arguments are the raw network-order field values.
 */
static inline __u32 xm_cookie(const struct xm_siphash_key *key, __u32 saddr_be,
			      __u32 daddr_be, __u16 sport_be, __u16 dport_be)
{
	const __u8 *s = (const __u8 *)&saddr_be;
	const __u8 *d = (const __u8 *)&daddr_be;
	const __u8 *sp = (const __u8 *)&sport_be;
	const __u8 *dp = (const __u8 *)&dport_be;
	__u64 m0, tail;

	m0 = (__u64)s[0] | (__u64)s[1] << 8 | (__u64)s[2] << 16 |
	     (__u64)s[3] << 24 | (__u64)d[0] << 32 | (__u64)d[1] << 40 |
	     (__u64)d[2] << 48 | (__u64)d[3] << 56;
	tail = (__u64)sp[0] | (__u64)sp[1] << 8 | (__u64)dp[0] << 16 |
	       (__u64)dp[1] << 24;
	return (__u32)xm_siphash24_words(key, &m0, 1, tail, 4);
}

/* 8 bytes at p as a little-endian word (SipHash's message order). */
static inline __u64 xm_le64(const __u8 *p)
{
	return (__u64)p[0] | (__u64)p[1] << 8 | (__u64)p[2] << 16 | (__u64)p[3] << 24 |
	       (__u64)p[4] << 32 | (__u64)p[5] << 40 | (__u64)p[6] << 48 | (__u64)p[7] << 56;
}

/*
 * The IPv6 probe cookie: SipHash-2-4 over the 36 bytes saddr|daddr|sport|dport
 * as they stand in the packet (16-byte addresses, ports in network order),
 * truncated to 32 bits; the IPv6 counterpart of xm_cookie().
 */
static inline __u32 xm_cookie6(const struct xm_siphash_key *key, const __u8 *saddr,
			       const __u8 *daddr, __u16 sport_be, __u16 dport_be)
{
	const __u8 *sp = (const __u8 *)&sport_be;
	const __u8 *dp = (const __u8 *)&dport_be;
	__u64 m[4] = { xm_le64(saddr), xm_le64(saddr + 8), xm_le64(daddr), xm_le64(daddr + 8) };
	__u64 tail = (__u64)sp[0] | (__u64)sp[1] << 8 | (__u64)dp[0] << 16 | (__u64)dp[1] << 24;

	return (__u32)xm_siphash24_words(key, m, 4, tail, 4);
}

/* SipHash-2-4's state after some whole message words. */
struct xm_siphash_state {
	__u64 v0, v1, v2, v3;
};

/* One 8-byte message word into SipHash-2-4's state: its two compression rounds. */
static inline void xm_siphash_absorb(struct xm_siphash_state *s, __u64 m)
{
	s->v3 ^= m;
	XM_SIPROUND(s->v0, s->v1, s->v2, s->v3);
	XM_SIPROUND(s->v0, s->v1, s->v2, s->v3);
	s->v0 ^= m;
}

/*
 * The state after the first two words of every IPv6 cookie from 'saddr' (its
 * 16 bytes): computed once per scan by the sender, so that each probe's
 * cookie absorbs only the destination (xm_cookie6_from()).
 */
static inline struct xm_siphash_state xm_cookie6_prefix(const struct xm_siphash_key *key,
							const __u8 *saddr)
{
	struct xm_siphash_state s = { 0x736f6d6570736575ULL ^ key->k0,
				      0x646f72616e646f6dULL ^ key->k1,
				      0x6c7967656e657261ULL ^ key->k0,
				      0x7465646279746573ULL ^ key->k1 };

	xm_siphash_absorb(&s, xm_le64(saddr));
	xm_siphash_absorb(&s, xm_le64(saddr + 8));
	return s;
}

/*
 * xm_cookie6() of the source whose xm_cookie6_prefix() is 'st': the same value, cheaper.
 * The destination is read as two 8-byte words, never one 16-byte load: the sender has
 * just written it with two 8-byte stores, and a wider load of them would wait for
 * both stores to reach the cache (no store forwarding).
 */
static inline __u32 xm_cookie6_from(const struct xm_siphash_state *st, const __u8 *daddr,
				    __u16 sport_be, __u16 dport_be)
{
	const __u8 *sp = (const __u8 *)&sport_be;
	const __u8 *dp = (const __u8 *)&dport_be;
	__u64 tail = (__u64)sp[0] | (__u64)sp[1] << 8 | (__u64)dp[0] << 16 | (__u64)dp[1] << 24;
	struct xm_siphash_state s = *st;

	xm_siphash_absorb(&s, xm_le64(daddr));
	xm_siphash_absorb(&s, xm_le64(daddr + 8));
	return (__u32)xm_siphash24_finish(s.v0, s.v1, s.v2, s.v3, (__u64)36 << 56 | tail);
}

/*
 * Discovery probes (host discovery's SYN, ACK, ICMP echo and timestamp) use
 * the scan key with k0 tweaked, so a discovery reply can never pass for a
 * port-scan reply and the other way round.
 */
#define XM_DISCOVERY_TWEAK 0x6469736376727921ULL

static inline struct xm_siphash_key
xm_discovery_key(const struct xm_siphash_key *key)
{
	struct xm_siphash_key k = { key->k0 ^ XM_DISCOVERY_TWEAK, key->k1 };

	return k;
}

/*
 * The cookie of an ICMP query (echo type 8, timestamp type 13) from saddr to
 * daddr: its high half is the ICMP identifier, its low half the sequence.
 */
static inline __u32 xm_icmp_cookie(const struct xm_siphash_key *dkey,
				   __u32 saddr_be, __u32 daddr_be,
				   __u8 request_type)
{
	return xm_cookie(dkey, saddr_be, daddr_be, 0, request_type);
}

/*
 * The source port of a probe to daddr:dport, in [lo, hi]: SipHash-2-4 of
 * (daddr, dport) under 'skey' (from xm_sport_key(), never the cookie key
 * itself), so that ports seen on the wire reveal no key bits. The hash's high
 * 32 bits are scaled to the range by a multiply and shift: no division, and a
 * bias of at most range / 2^32. Keyed per scan so that a new scan of the same
 * port does not meet the last one's half-open connection; the XDP program
 * checks the port of a UDP reply against it (a TCP reply's cookie suffices).
 * daddr and dport in host order.
 */
static inline __u16 xm_probe_sport(const struct xm_siphash_key *skey, __u32 daddr, __u16 dport,
				   __u16 lo, __u16 hi)
{
	__u64 range = (__u64)(hi - lo) + 1;
	__u64 h = xm_siphash24_short(skey, (__u64)daddr | (__u64)dport << 32, 6);

	return (__u16)(lo + (((h >> 32) * range) >> 32));
}

#endif /* XDPMAP_COOKIE_H */
