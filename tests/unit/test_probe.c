// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of the probe modules: registry, checksums, frame reuse across modules, a new one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "ipv4.h"
#include "ipv6.h"
#include "probe.h"
#include "udp_payload.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct xm_probe_src test_src = {
	.src_mac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 },
	.dst_mac = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee },
	.saddr = 0xc6120001, /* 198.18.0.1 */
};

static uint64_t rng_next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 16;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}

/* Independent RFC 1071 sum over two byte ranges, folded and inverted: 0 when they verify. */
static uint16_t ref_csum(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < alen + blen; i++) {
		uint8_t byte = i < alen ? a[i] : b[i - alen];

		sum += i % 2 ? byte : (uint64_t)byte << 8;
	}
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Random IPv6 destinations, handed out in turn: a probe's stays unchanged for 63 more calls. */
static const uint8_t *random_addr6(uint64_t *seed)
{
	static uint8_t ring[64][16];
	static unsigned int next;
	uint8_t *a = ring[next++ % 64];
	size_t i;

	for (i = 0; i < 16; i++)
		a[i] = (uint8_t)rng_next(seed);
	return a;
}

static struct xm_probe random_probe(uint64_t *seed, uint8_t module)
{
	struct xm_probe p = {
		.daddr6 = random_addr6(seed),
		.daddr = (uint32_t)rng_next(seed),
		.dport = (uint16_t)rng_next(seed),
		.sport = (uint16_t)rng_next(seed),
		.seq = (uint32_t)rng_next(seed),
		.ip_id = (uint16_t)rng_next(seed),
		.module = module,
	};

	return p;
}

/* A frame written into fresh memory: what any reused frame must equal. */
static size_t fresh_frame(const struct xm_probe_set *set, const struct xm_probe *p,
			  uint8_t out[XM_FRAME_MAX])
{
	uint8_t held = XM_PROBE_NONE;

	memset(out, 0x5a, XM_FRAME_MAX);
	return xm_probe_frame(set, out, &held, p);
}

/* The IPv4 header and L4 checksums of frame f (len bytes) verify; returns the L4 header. */
static const uint8_t *check_ipv4_frame(const uint8_t *f, size_t len, uint8_t proto,
				       const struct xm_probe *p)
{
	const uint8_t *ip = f + XM_ETH_LEN, *l4 = ip + XM_IP_LEN;
	size_t l4_len = be16(ip + 2) - XM_IP_LEN;
	uint8_t pseudo[12] = { 0 };

	assert_int_equal(be16(f + 12), ETHERTYPE_IP);
	assert_int_equal(ip[0], 0x45);
	assert_int_equal(ip[9], proto);
	assert_int_equal(len, XM_ETH_LEN + be16(ip + 2));
	assert_int_equal(be32(ip + 12), test_src.saddr);
	assert_int_equal(be32(ip + 16), p->daddr);
	assert_int_equal(be16(ip + 4), p->ip_id);
	assert_int_equal(ref_csum(ip, XM_IP_LEN, NULL, 0), 0);
	if (proto == IPPROTO_ICMP) {
		assert_int_equal(ref_csum(l4, l4_len, NULL, 0), 0);
		return l4;
	}
	memcpy(pseudo, ip + 12, 8);
	pseudo[9] = proto;
	pseudo[10] = (uint8_t)(l4_len >> 8);
	pseudo[11] = (uint8_t)l4_len;
	assert_int_equal(ref_csum(pseudo, sizeof(pseudo), l4, l4_len), 0);
	return l4;
}

/* The fields of p are where the module's protocol puts them. */
static void check_fields(const uint8_t *l4, uint8_t proto, const struct xm_probe *p)
{
	if (proto == IPPROTO_TCP || proto == IPPROTO_UDP) {
		assert_int_equal(be16(l4), p->sport);
		assert_int_equal(be16(l4 + 2), p->dport);
	}
	if (proto == IPPROTO_TCP)
		assert_int_equal(be32(l4 + 4), p->seq);
	if (proto == IPPROTO_ICMP)
		assert_int_equal(be32(l4 + 4), p->seq);
}

static void check_arp_frame(const uint8_t *f, size_t len, const struct xm_probe *p)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	assert_int_equal(len, XM_ETH_LEN + 28);
	assert_memory_equal(f, bcast, 6);
	assert_int_equal(be16(f + 12), ETHERTYPE_ARP);
	assert_memory_equal(f + XM_ETH_LEN + 8, test_src.src_mac, 6);
	assert_int_equal(be32(f + XM_ETH_LEN + 14), test_src.saddr);
	assert_int_equal(be32(f + XM_ETH_LEN + 24), p->daddr);
}


static const uint8_t test_saddr6[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

/* test_src with an IPv6 source. */
static struct xm_probe_src src6(void)
{
	struct xm_probe_src s = test_src;

	memcpy(s.saddr6, test_saddr6, 16);
	return s;
}

/*
 * The IPv6 header of frame f (len bytes) is ours to p->daddr6 with 'hop' and
 * 'nh'; the L4 checksum over the pseudo-header (RFC 8200 8.1, summed apart
 * from the frame) verifies. Returns the L4 header.
 */
static const uint8_t *check_ipv6_frame(const uint8_t *f, size_t len, uint8_t nh, uint8_t hop,
				       const struct xm_probe *p)
{
	const uint8_t *ip = f + XM_ETH_LEN, *l4 = ip + XM_IP6_LEN;
	size_t l4_len = be16(ip + 4);
	uint8_t pseudo[40] = { 0 };

	assert_int_equal(be16(f + 12), ETHERTYPE_IPV6);
	assert_int_equal(be32(ip), 0x60000000); /* version 6, class and flow label 0 */
	assert_int_equal(ip[6], nh);
	assert_int_equal(ip[7], hop);
	assert_int_equal(len, XM_L4_OFF6 + l4_len);
	assert_memory_equal(ip + 8, test_saddr6, 16);
	if (nh != IPPROTO_ICMPV6 || l4[0] != 135)
		assert_memory_equal(ip + 24, p->daddr6, 16);
	memcpy(pseudo, ip + 8, 32);
	pseudo[34] = (uint8_t)(l4_len >> 8);
	pseudo[35] = (uint8_t)l4_len;
	pseudo[39] = nh;
	assert_int_equal(ref_csum(pseudo, sizeof(pseudo), l4, l4_len), 0);
	return l4;
}

/* The fields of p in an IPv6 probe's L4 header. */
static void check_fields6(const uint8_t *l4, uint8_t proto, const struct xm_probe *p)
{
	if (proto == IPPROTO_TCP || proto == IPPROTO_UDP) {
		assert_int_equal(be16(l4), p->sport);
		assert_int_equal(be16(l4 + 2), p->dport);
	}
	if (proto == IPPROTO_UDP) /* no payload: the length is the header's */
		assert_int_equal(be16(l4 + 4), p->payload ? 8 + p->payload->len : 8);
	else
		assert_int_equal(be32(l4 + 4), p->seq); /* TCP seq, or ICMPv6 id|sequence */
}

/* A Neighbor Solicitation for p->daddr6, whole (RFC 4861 4.3, 7.2.2). */
static void check_ns_frame(const uint8_t *f, size_t len, const struct xm_probe *p)
{
	static const uint8_t solicited[13] = { 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };
	const uint8_t mcast_mac[3] = { 0x33, 0x33, 0xff }, *a = p->daddr6;
	const uint8_t *l4 = check_ipv6_frame(f, len, IPPROTO_ICMPV6, 255, p);
	const uint8_t *dst = f + XM_ETH_LEN + 24;

	assert_int_equal(len, XM_L4_OFF6 + 32);
	assert_memory_equal(f, mcast_mac, 3);
	assert_memory_equal(f + 3, a + 13, 3);
	assert_memory_equal(f + 6, test_src.src_mac, 6);
	assert_memory_equal(dst, solicited, 13);
	assert_memory_equal(dst + 13, a + 13, 3);
	assert_int_equal(l4[0], 135);
	assert_int_equal(l4[1], 0);
	assert_int_equal(be32(l4 + 4), 0);
	assert_memory_equal(l4 + 8, a, 16);
	assert_int_equal(l4[24], 1);
	assert_int_equal(l4[25], 1);
	assert_memory_equal(l4 + 26, test_src.src_mac, 6);
}

/* Every registered module says what it is and has both operations. */
static void test_modules_described(void **state)
{
	size_t i, j;

	for (i = 0; i < XM_PROBE_NMODULES; i++) {
		const struct xm_probe_module *m = xm_probe_modules[i];

		assert_non_null(m);
		assert_non_null(m->name);
		assert_true(m->name[0]);
		assert_true(m->family == AF_INET || m->family == AF_INET6);
		assert_non_null(m->prepare);
		assert_non_null(m->patch);
		if (m->family == AF_INET6)
			assert_true(m->ethertype == ETHERTYPE_IPV6 &&
				    (m->proto == IPPROTO_TCP || m->proto == IPPROTO_ICMPV6 ||
				     m->proto == IPPROTO_UDP));
		else if (m->ethertype == ETHERTYPE_IP)
			assert_true(m->proto == IPPROTO_TCP || m->proto == IPPROTO_UDP ||
				    m->proto == IPPROTO_ICMP);
		else
			assert_true(m->ethertype == ETHERTYPE_ARP && m->proto == 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(m->name, xm_probe_modules[j]->name);
	}
	assert_string_equal(xm_probe_modules[XM_PROBE_TCP_SYN]->name, "tcp_syn");
	assert_string_equal(xm_probe_modules[XM_PROBE_ARP]->name, "arp");
}

/* Each module's frames, fresh or patched over its last probe, carry p and verify. */
static void test_modules_checksums(void **state)
{
	struct xm_probe_set set;
	uint8_t frame[XM_FRAME_MAX], held = XM_PROBE_NONE;
	uint64_t seed = 11;
	size_t i;
	int k;

	struct xm_probe_src src = src6();

	assert_int_equal(xm_probe_set_init(&set, xm_probe_modules, XM_PROBE_NMODULES, &src), 0);
	for (i = 0; i < XM_PROBE_NMODULES; i++) {
		const struct xm_probe_module *m = xm_probe_modules[i];

		for (k = 0; k < 500; k++) {
			struct xm_probe p = random_probe(&seed, (uint8_t)i);
			size_t len = xm_probe_frame(&set, frame, &held, &p);

			assert_true(len > XM_ETH_LEN && len <= XM_FRAME_MAX);
			assert_int_equal(len, set.slot[i].tmpl.len);
			if (m->ethertype == ETHERTYPE_ARP) {
				check_arp_frame(frame, len, &p);
				continue;
			}
			if (i == XM_PROBE_NDP_NS) {
				check_ns_frame(frame, len, &p);
				continue;
			}
			assert_memory_equal(frame, test_src.dst_mac, 6);
			assert_memory_equal(frame + 6, test_src.src_mac, 6);
			if (m->family == AF_INET6) {
				check_fields6(check_ipv6_frame(frame, len, m->proto, 64, &p),
					      m->proto, &p);
				continue;
			}
			assert_memory_equal(frame + 6, test_src.src_mac, 6);
			check_fields(check_ipv4_frame(frame, len, m->proto, &p), m->proto, &p);
		}
	}
}

/* SYN, then ARP, then SYN through one frame: the frame ends as a fresh SYN's. */
static void test_frame_reuse_syn_arp_syn(void **state)
{
	static const uint8_t host_mac[6] = { 0x02, 0x01, 0x02, 0x03, 0x04, 0x05 };
	struct xm_probe_set set;
	uint8_t frame[XM_FRAME_MAX], fresh[XM_FRAME_MAX], held = XM_PROBE_NONE;
	uint64_t seed = 7;
	struct xm_probe syn = random_probe(&seed, XM_PROBE_TCP_SYN);
	struct xm_probe arp = random_probe(&seed, XM_PROBE_ARP);
	struct xm_probe syn2 = random_probe(&seed, XM_PROBE_TCP_SYN);
	size_t len;

	assert_int_equal(xm_probe_set_init(&set, xm_probe_modules, XM_PROBE_NMODULES,
					   &test_src), 0);
	syn.dst_mac = host_mac;
	xm_probe_frame(&set, frame, &held, &syn);
	assert_int_equal(held, XM_PROBE_TCP_SYN);
	assert_memory_equal(frame, host_mac, 6);
	len = xm_probe_frame(&set, frame, &held, &arp);
	assert_int_equal(held, XM_PROBE_ARP);
	assert_int_equal(len, fresh_frame(&set, &arp, fresh));
	assert_memory_equal(frame, fresh, len);
	len = xm_probe_frame(&set, frame, &held, &syn2);
	assert_int_equal(held, XM_PROBE_TCP_SYN);
	assert_int_equal(len, XM_PROBE_LEN);
	assert_int_equal(len, fresh_frame(&set, &syn2, fresh));
	assert_memory_equal(frame, fresh, len);
	check_ipv4_frame(frame, len, IPPROTO_TCP, &syn2);
}

/* The SYN over IPv6, byte by byte: header, flags, window, MSS, a host MAC and back. */
static void test_tcp6_fields(void **state)
{
	static const uint8_t host_mac[6] = { 0x02, 0x01, 0x02, 0x03, 0x04, 0x05 };
	struct xm_probe_src src = src6();
	struct xm_probe_set set;
	uint8_t frame[XM_FRAME_MAX], held = XM_PROBE_NONE;
	uint64_t seed = 17;
	struct xm_probe syn = random_probe(&seed, XM_PROBE_TCP_SYN6);
	struct xm_probe ack = random_probe(&seed, XM_PROBE_TCP_ACK_PING6);
	const uint8_t *tcp;
	size_t len;

	assert_int_equal(xm_probe_set_init(&set, xm_probe_modules, XM_PROBE_NMODULES, &src), 0);
	syn.dst_mac = host_mac;
	len = xm_probe_frame(&set, frame, &held, &syn);
	assert_int_equal(len, XM_PROBE6_LEN);
	assert_int_equal(len, 14 + 40 + 24);
	assert_memory_equal(frame, host_mac, 6);
	tcp = check_ipv6_frame(frame, len, IPPROTO_TCP, 64, &syn);
	assert_int_equal(be16(frame + XM_ETH_LEN + 4), 24);
	check_fields6(tcp, IPPROTO_TCP, &syn);
	assert_int_equal(be32(tcp + 8), 0);	/* ack */
	assert_int_equal(tcp[12], 6 << 4);	/* data offset */
	assert_int_equal(tcp[13], 0x02);	/* SYN */
	assert_int_equal(be16(tcp + 14), 1024);
	assert_int_equal(be16(tcp + 18), 0);	/* urgent */
	assert_int_equal(be32(tcp + 20), 0x020405a0); /* MSS 1440 */
	syn.dst_mac = NULL; /* the same frame, to the next hop */
	len = xm_probe_frame(&set, frame, &held, &syn);
	assert_memory_equal(frame, test_src.dst_mac, 6);
	check_ipv6_frame(frame, len, IPPROTO_TCP, 64, &syn);
	len = xm_probe_frame(&set, frame, &held, &ack);
	assert_int_equal(len, 14 + 40 + 20);
	tcp = check_ipv6_frame(frame, len, IPPROTO_TCP, 64, &ack);
	check_fields6(tcp, IPPROTO_TCP, &ack);
	assert_int_equal(be32(tcp + 8), ack.seq); /* ack = seq: the cookie */
	assert_int_equal(tcp[12], 5 << 4);
	assert_int_equal(tcp[13], 0x10);
}

/* The echo request: type 128, code 0, identifier|sequence = seq, no data. */
static void test_icmp6_echo_fields(void **state)
{
	struct xm_probe_src src = src6();
	struct xm_probe_set set;
	uint8_t frame[XM_FRAME_MAX], held = XM_PROBE_NONE;
	uint64_t seed = 19;
	struct xm_probe p = random_probe(&seed, XM_PROBE_ICMP6_ECHO);
	const uint8_t *icmp;
	size_t len;

	assert_int_equal(xm_probe_set_init(&set, xm_probe_modules, XM_PROBE_NMODULES, &src), 0);
	len = xm_probe_frame(&set, frame, &held, &p);
	assert_int_equal(len, 14 + 40 + 8);
	icmp = check_ipv6_frame(frame, len, IPPROTO_ICMPV6, 64, &p);
	assert_int_equal(icmp[0], 128);
	assert_int_equal(icmp[1], 0);
	assert_int_equal(be32(icmp + 4), p.seq);
}

/*
 * A Neighbor Solicitation for fd00::1:2:3 from fd00::1, source MAC
 * 02:11:22:33:44:55, against its checksum worked out by hand: the
 * pseudo-header (source 0xfd01, destination ff02::1:ff02:3 0x1fe08, length
 * 32, next header 58) and the message (type 135 0x8700, target 0xfd06, option
 * 0x0101, MAC 0x0211 + 0x2233 + 0x4455) sum to 0x4e903, folded 0xe907, sent
 * as its complement 0x16f8.
 */
static void test_ns_known_frame(void **state)
{
	static const uint8_t target[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 3 };
	struct xm_probe_src src = src6();
	struct xm_probe_set set;
	uint8_t frame[XM_FRAME_MAX], held = XM_PROBE_NONE;
	struct xm_probe p = { .module = XM_PROBE_NDP_NS, .daddr6 = target };
	size_t len;

	assert_int_equal(xm_probe_set_init(&set, xm_probe_modules, XM_PROBE_NMODULES, &src), 0);
	len = xm_probe_frame(&set, frame, &held, &p);
	check_ns_frame(frame, len, &p);
	assert_int_equal(be16(frame + XM_L4_OFF6 + 2), 0x16f8);
}

/*
 * The sender's IPv6 cookie from a per-scan prefix state equals the XDP
 * program's xm_cookie6() for random keys, addresses and ports, and differs
 * when any input changes.
 */
static void test_cookie6_prefix(void **state)
{
	uint64_t seed = 23;
	int k;

	for (k = 0; k < 20000; k++) {
		struct xm_siphash_key key = { rng_next(&seed) << 16 ^ rng_next(&seed),
					      rng_next(&seed) << 16 ^ rng_next(&seed) };
		const uint8_t *src = random_addr6(&seed), *dst = random_addr6(&seed);
		uint16_t sp = (uint16_t)rng_next(&seed), dp = (uint16_t)rng_next(&seed);
		struct xm_siphash_state st = xm_cookie6_prefix(&key, src);
		uint32_t c = xm_cookie6(&key, src, dst, sp, dp);

		assert_int_equal(xm_cookie6_from(&st, dst, sp, dp), c);
		if (k % 1000)
			continue;
		assert_int_not_equal(xm_cookie6_from(&st, dst, sp, (uint16_t)(dp ^ 1)), c);
		assert_int_not_equal(xm_cookie6(&key, dst, src, sp, dp), c);
	}
}

/* A few frames reused by random modules in random order always equal fresh builds. */
static void test_frame_reuse_random(void **state)
{
	static const uint8_t host_mac[6] = { 0x02, 0x66, 0x77, 0x88, 0x99, 0xaa };
	struct xm_probe_set set;
	uint8_t frames[4][XM_FRAME_MAX], fresh[XM_FRAME_MAX], held[4];
	uint64_t seed = 3;
	int k;

	assert_int_equal(xm_probe_set_init(&set, xm_probe_modules, XM_PROBE_NMODULES,
					   &test_src), 0);
	memset(held, XM_PROBE_NONE, sizeof(held));
	memset(frames, 0xee, sizeof(frames));
	for (k = 0; k < 20000; k++) {
		size_t f = rng_next(&seed) % ARRAY_LEN(frames), len;
		struct xm_probe p = random_probe(&seed,
						 (uint8_t)(rng_next(&seed) % XM_PROBE_NMODULES));
		bool v6 = xm_probe_modules[p.module]->family == AF_INET6;

		if ((p.module == XM_PROBE_TCP_SYN || v6) && p.module != XM_PROBE_NDP_NS &&
		    rng_next(&seed) % 2)
			p.dst_mac = host_mac;
		len = xm_probe_frame(&set, frames[f], &held[f], &p);
		assert_int_equal(len, fresh_frame(&set, &p, fresh));
		assert_memory_equal(frames[f], fresh, len);
	}
}

/* More modules than a set holds are refused. */
static void test_set_too_many(void **state)
{
	const struct xm_probe_module *many[XM_PROBE_SET_MAX + 1];
	struct xm_probe_set set;
	size_t i;

	for (i = 0; i < ARRAY_LEN(many); i++)
		many[i] = xm_probe_modules[XM_PROBE_ARP];
	assert_int_equal(xm_probe_set_init(&set, many, ARRAY_LEN(many), &test_src), -1);
	assert_int_equal(xm_probe_set_init(&set, many, XM_PROBE_SET_MAX, &test_src), 0);
}

/* A source-port key derived from a cookie key of two words. */
static struct xm_siphash_key sport_key(uint64_t k0, uint64_t k1)
{
	struct xm_siphash_key k = { k0, k1 };

	return xm_sport_key(&k);
}

/* The source port stays in its range and depends on every input. */
static void test_sport_hash(void **state)
{
	struct xm_siphash_key k1 = sport_key(1, 0), k2 = sport_key(2, 0), k3 = sport_key(3, 0);
	uint64_t seed = 5;
	int k;

	for (k = 0; k < 10000; k++) {
		uint32_t daddr = (uint32_t)rng_next(&seed);
		struct xm_siphash_key key = sport_key(rng_next(&seed), rng_next(&seed));
		uint16_t dport = (uint16_t)rng_next(&seed), lo = (uint16_t)rng_next(&seed);
		uint16_t hi = (uint16_t)(lo + rng_next(&seed) % (65536 - lo));
		uint16_t sp = xm_probe_sport(&key, daddr, dport, lo, hi);

		assert_true(sp >= lo && sp <= hi);
		assert_int_equal(sp, xm_probe_sport(&key, daddr, dport, lo, hi));
	}
	assert_int_equal(xm_probe_sport(&k3, 1, 2, 40000, 40000), 40000);
	assert_int_equal(xm_probe_sport(&k3, 1, 2, 0, 65535), xm_probe_sport(&k3, 1, 2, 0, 65535));
	assert_int_not_equal(xm_probe_sport(&k1, 0x0a000001, 80, 1024, 65535),
			     xm_probe_sport(&k2, 0x0a000001, 80, 1024, 65535));
	assert_int_not_equal(xm_probe_sport(&k1, 0x0a000001, 80, 1024, 65535),
			     xm_probe_sport(&k1, 0x0a000002, 80, 1024, 65535));
	assert_int_not_equal(xm_probe_sport(&k1, 0x0a000001, 80, 1024, 65535),
			     xm_probe_sport(&k1, 0x0a000001, 81, 1024, 65535));
}

/*
 * A change of any key bit, high or low, in either word, gives other ports
 * (all but about 1 in 64512 of them); the port key is none of the cookie
 * key's words, and a cookie key and its discovery key give different ports.
 */
static void test_sport_key_change(void **state)
{
	static const struct { uint64_t k0, k1; } flips[] = {
		{ 1, 0 }, { 1ULL << 63, 0 }, { 0, 1 }, { 0, 1ULL << 32 }, { 0, 1ULL << 63 },
	};
	struct xm_siphash_key base = { 0x0123456789abcdefULL, 0xfedcba9876543210ULL };
	struct xm_siphash_key sb = xm_sport_key(&base), disc = xm_discovery_key(&base);
	struct xm_siphash_key sd = xm_sport_key(&disc);
	size_t f, i, same;

	assert_true(sb.k0 != base.k0 && sb.k0 != base.k1 && sb.k1 != base.k0 &&
		    sb.k1 != base.k1 && sb.k0 != sb.k1);
	for (f = 0; f <= ARRAY_LEN(flips); f++) {
		struct xm_siphash_key other = f < ARRAY_LEN(flips) ?
			sport_key(base.k0 ^ flips[f].k0, base.k1 ^ flips[f].k1) : sd;

		for (i = 0, same = 0; i < 1000; i++) {
			uint32_t daddr = 0xc6120000u + (uint32_t)(i / 10);
			uint16_t dport = (uint16_t)(1 + i % 10);

			same += xm_probe_sport(&sb, daddr, dport, 1024, 65535) ==
				xm_probe_sport(&other, daddr, dport, 1024, 65535);
		}
		assert_true(same <= 2);
	}
}

/*
 * Pinned to the SipHash-2-4 reference (key 00..0f, message 00..n-1): a derived
 * value is the hash of its 8-byte label, a port the top 16 bits of the hash of
 * daddr|dport for the full range. The labels give distinct values, none of
 * them a word of the key.
 */
static void test_key_derive_reference(void **state)
{
	const struct xm_siphash_key ref = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };
	const uint64_t labels[] = { XM_KEY_LABEL_SPORT0, XM_KEY_LABEL_SPORT1, XM_KEY_LABEL_ORDER,
				    XM_KEY_LABEL_HOSTS };
	uint64_t v[ARRAY_LEN(labels)];
	size_t i, j;

	assert_true(xm_key_derive(&ref, 0x0706050403020100ULL) == 0x93f5f5799a932462ULL);
	assert_int_equal(xm_probe_sport(&ref, 0x03020100, 0x0504, 0, 65535), 0xcbc9);
	assert_int_equal(xm_probe_sport(&ref, 0x03020100, 0x0504, 1000, 1000 + 0xffff - 1000),
			 1000 + (uint16_t)((0xcbc9466eULL * (65536 - 1000)) >> 32));
	for (i = 0; i < ARRAY_LEN(labels); i++) {
		v[i] = xm_key_derive(&ref, labels[i]);
		assert_true(v[i] != ref.k0 && v[i] != ref.k1);
		for (j = 0; j < i; j++)
			assert_true(v[i] != v[j]);
	}
}

/* Chi-square of 'n' counts against a uniform spread of their total. */
static double chi_square(const uint32_t *count, size_t n, uint32_t total)
{
	double expect = (double)total / (double)n, sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += ((double)count[i] - expect) * ((double)count[i] - expect) / expect;
	return sum;
}

/*
 * Consecutive addresses and ports (a scan's probes) spread evenly over a
 * range: chi-square well under what 1 in 10^6 uniform draws would exceed,
 * for a range of 100 (not a power of two) and for the default 1024-65535 in
 * 64 bands.
 */
static void test_sport_uniform(void **state)
{
	struct xm_siphash_key key = sport_key(0x5eed, 0x1dea);
	static uint32_t small[100], band[64];
	uint32_t i, total = 200000;

	for (i = 0; i < total; i++) {
		uint32_t daddr = 0xc6120000u + i / 1000;
		uint16_t dport = (uint16_t)(1 + i % 1000);
		uint16_t sp = xm_probe_sport(&key, daddr, dport, 2000, 2099);

		small[sp - 2000]++;
		band[(xm_probe_sport(&key, daddr, dport, 1024, 65535) - 1024) / 1008]++;
	}
	/* 99 degrees of freedom: mean 99, P(> 190) < 1e-6; 63: mean 63, P(> 135) < 1e-6. */
	assert_true(chi_square(small, ARRAY_LEN(small), total) < 190);
	assert_true(chi_square(band, ARRAY_LEN(band), total) < 135);
	for (i = 0; i < ARRAY_LEN(small); i++)
		assert_true(small[i] > 0);
}

/*
 * The UDP module in a table of its own, as a new protocol is registered: a
 * 4-byte payload whose cookie (echo32 at 0) is p->seq, as the module's
 * first test held it.
 */
#define DUMMY_UDP_LEN 12

static const uint8_t four_zero[4];
static struct xm_udp_payload four_bytes = {
	.name = "four", .data = (uint8_t *)four_zero, .len = 4,
	.cookie = XM_UDP_COOKIE_ECHO32, .cookie_off = 0,
};

/* A registry as user/probe/probe_table.c's, with the dummy's row added. */
extern const struct xm_probe_module xm_probe_tcp_syn, xm_probe_arp, xm_probe_udp;

enum { T_SYN, T_ARP, T_DUMMY, T_N };
static const struct xm_probe_module *const table[T_N] = {
	[T_SYN] = &xm_probe_tcp_syn,
	[T_ARP] = &xm_probe_arp,
	[T_DUMMY] = &xm_probe_udp,
};

/* The engine's generic dispatch writes the dummy's frames as it writes the others'. */
static void test_dummy_module_dispatch(void **state)
{
	struct xm_probe_set set;
	uint8_t frame[XM_FRAME_MAX], fresh[XM_FRAME_MAX], held = XM_PROBE_NONE;
	uint64_t seed = 9;
	int k;

	assert_int_equal(xm_probe_set_init(&set, table, T_N, &test_src), 0);
	for (k = 0; k < 3000; k++) {
		struct xm_probe p = random_probe(&seed, (uint8_t)(k % T_N));
		size_t len;
		const uint8_t *l4;

		if (p.module == T_DUMMY)
			p.payload = &four_bytes;
		len = xm_probe_frame(&set, frame, &held, &p);

		assert_int_equal(len, fresh_frame(&set, &p, fresh));
		assert_memory_equal(frame, fresh, len);
		if (p.module == T_ARP) {
			check_arp_frame(frame, len, &p);
			continue;
		}
		l4 = check_ipv4_frame(frame, len, table[p.module]->proto, &p);
		check_fields(l4, table[p.module]->proto, &p);
		if (p.module == T_DUMMY) {
			assert_int_equal(len, XM_L4_OFF + DUMMY_UDP_LEN);
			assert_int_equal(be16(l4 + 4), DUMMY_UDP_LEN);
			assert_int_equal(be32(l4 + 8), p.seq);
		}
	}
}

/* The payload after the UDP header at l4: pl's bytes, but for its cookie, which is seq's. */
static void check_udp_payload(const uint8_t *l4, const struct xm_udp_payload *pl, uint32_t seq)
{
	size_t width = pl->cookie == XM_UDP_COOKIE_ECHO16 ? 2 : 4, i;

	for (i = 0; i < pl->len; i++)
		if (!pl->cookie || i < pl->cookie_off || i >= pl->cookie_off + width)
			assert_int_equal(l4[8 + i], pl->data[i]);
	if (pl->cookie == XM_UDP_COOKIE_ECHO16)
		assert_int_equal(be16(l4 + 8 + pl->cookie_off), seq & 0xffff);
	else if (pl->cookie == XM_UDP_COOKIE_SNMP)
		assert_int_equal(be32(l4 + 8 + pl->cookie_off), seq & 0x7fffffff);
	else if (pl->cookie)
		assert_int_equal(be32(l4 + 8 + pl->cookie_off), seq);
}

/* Payloads of the project's file, cookies in place, every length: sums verify, no stale byte. */
static void test_udp_payloads_frames(void **state)
{
	struct xm_udp_payloads db;
	struct xm_probe_set set;
	uint8_t frame[XM_FRAME_MAX], fresh[XM_FRAME_MAX], held = XM_PROBE_NONE;
	char err[256];
	uint64_t seed = 21;
	size_t k;

	assert_int_equal(xm_udp_payloads_load(&db, "data/udp-payloads", err, sizeof(err)), 0);
	assert_true(db.n >= 20);
	assert_int_equal(xm_probe_set_init(&set, xm_probe_modules, XM_PROBE_NMODULES,
					   &test_src), 0);
	for (k = 0; k < 4 * db.n; k++) {
		struct xm_probe p = random_probe(&seed, XM_PROBE_UDP);
		const struct xm_udp_payload *pl = &db.v[rng_next(&seed) % db.n];
		const uint8_t *l4;
		size_t len;

		p.payload = k % 5 ? pl : NULL;
		len = xm_probe_frame(&set, frame, &held, &p);
		assert_int_equal(len, XM_L4_OFF + 8 + (p.payload ? pl->len : 0));
		assert_int_equal(len, fresh_frame(&set, &p, fresh));
		assert_memory_equal(frame, fresh, len);
		l4 = check_ipv4_frame(frame, len, IPPROTO_UDP, &p);
		check_fields(l4, IPPROTO_UDP, &p);
		assert_int_equal(be16(l4 + 4), len - XM_L4_OFF);
		if (p.payload)
			check_udp_payload(l4, pl, p.seq);
	}
	xm_udp_payloads_free(&db);
}

/*
 * The same over IPv6: the project's payloads, cookies in place, the UDP sum
 * over the IPv6 pseudo-header (never zero: the sum is mandatory over IPv6).
 */
static void test_udp6_payloads_frames(void **state)
{
	struct xm_probe_src src = src6();
	struct xm_udp_payloads db;
	struct xm_probe_set set;
	uint8_t frame[XM_FRAME_MAX], fresh[XM_FRAME_MAX], held = XM_PROBE_NONE;
	char err[256];
	uint64_t seed = 23;
	size_t k;

	assert_int_equal(xm_udp_payloads_load(&db, "data/udp-payloads", err, sizeof(err)), 0);
	assert_int_equal(xm_probe_set_init(&set, xm_probe_modules, XM_PROBE_NMODULES, &src), 0);
	for (k = 0; k < 4 * db.n; k++) {
		struct xm_probe p = random_probe(&seed, XM_PROBE_UDP6);
		const struct xm_udp_payload *pl = &db.v[rng_next(&seed) % db.n];
		const uint8_t *l4;
		size_t len;

		p.payload = k % 5 ? pl : NULL;
		len = xm_probe_frame(&set, frame, &held, &p);
		assert_int_equal(len, XM_L4_OFF6 + 8 + (p.payload ? pl->len : 0));
		assert_int_equal(len, fresh_frame(&set, &p, fresh));
		assert_memory_equal(frame, fresh, len);
		l4 = check_ipv6_frame(frame, len, IPPROTO_UDP, 64, &p);
		check_fields6(l4, IPPROTO_UDP, &p);
		assert_true(be16(l4 + 6) != 0);
		if (p.payload)
			check_udp_payload(l4, pl, p.seq);
	}
	xm_udp_payloads_free(&db);
}

/* A payload too long for an IPv6 frame is sent as an empty datagram rather than cut. */
static void test_udp6_payload_too_long(void **state)
{
	static uint8_t big[XM_UDP_PAYLOAD_BYTES];
	struct xm_udp_payload too_long;
	struct xm_probe_src src = src6();
	struct xm_probe_set set;
	uint8_t frame[XM_FRAME_MAX], held = XM_PROBE_NONE;
	uint64_t seed = 29;
	struct xm_probe p = random_probe(&seed, XM_PROBE_UDP6);
	size_t len;

	assert_int_equal(xm_probe_set_init(&set, xm_probe_modules, XM_PROBE_NMODULES, &src), 0);
	xm_udp_payload_raw(&too_long, big, sizeof(big));
	p.payload = &too_long;
	len = xm_probe_frame(&set, frame, &held, &p);
	assert_int_equal(len, XM_L4_OFF6 + 8);
	check_ipv6_frame(frame, len, IPPROTO_UDP, 64, &p);
	too_long.len = XM_UDP6_PAYLOAD_MAX; /* the longest that fits: sent whole */
	len = xm_probe_frame(&set, frame, &held, &p);
	assert_int_equal(len, XM_FRAME_MAX);
	check_ipv6_frame(frame, len, IPPROTO_UDP, 64, &p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modules_described),
		cmocka_unit_test(test_modules_checksums),
		cmocka_unit_test(test_frame_reuse_syn_arp_syn),
		cmocka_unit_test(test_tcp6_fields),
		cmocka_unit_test(test_icmp6_echo_fields),
		cmocka_unit_test(test_ns_known_frame),
		cmocka_unit_test(test_cookie6_prefix),
		cmocka_unit_test(test_frame_reuse_random),
		cmocka_unit_test(test_set_too_many),
		cmocka_unit_test(test_sport_hash),
		cmocka_unit_test(test_sport_key_change),
		cmocka_unit_test(test_key_derive_reference),
		cmocka_unit_test(test_sport_uniform),
		cmocka_unit_test(test_dummy_module_dispatch),
		cmocka_unit_test(test_udp_payloads_frames),
		cmocka_unit_test(test_udp6_payloads_frames),
		cmocka_unit_test(test_udp6_payload_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
