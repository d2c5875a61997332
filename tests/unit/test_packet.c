// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the SYN probe template and its per-probe patching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "probe.h"
#include "unit.h"

/* ------------------------------------------------------------------ */
/* Independent reference code                                          */
/* ------------------------------------------------------------------ */


/* RFC 1071 checksum over several buffers: even bytes are high, odd bytes low. */
static uint16_t ref_csum(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	uint64_t hi = 0, lo = 0, sum;
	size_t i;

	for (i = 0; i < alen + blen; i++) {
		uint8_t byte = i < alen ? a[i] : b[i - alen];

		if (i % 2)
			lo += byte;
		else
			hi += byte;
	}
	sum = (hi << 8) + lo;
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}


static const uint8_t src_mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t dst_mac[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };

static void check_eth_ip(const uint8_t *f, uint32_t saddr, const struct xm_probe *p)
{
	const uint8_t *ip = f + XM_ETH_LEN;

	assert_memory_equal(f, dst_mac, 6);
	assert_memory_equal(f + 6, src_mac, 6);
	assert_int_equal(be16(f + 12), 0x0800);
	assert_int_equal(ip[0], 0x45);
	assert_int_equal(ip[1], 0);
	assert_int_equal(be16(ip + 2), 44);
	assert_int_equal(be16(ip + 4), p->ip_id);
	assert_int_equal(ip[8], 64);
	assert_int_equal(ip[9], 6);
	assert_int_equal(be32(ip + 12), saddr);
	assert_int_equal(be32(ip + 16), p->daddr);
	assert_int_equal(be16(ip + 10), ref_csum(ip, 10, ip + 12, 8));
	assert_int_equal(ref_csum(ip, 20, NULL, 0), 0); /* whole header verifies */
}

static void check_tcp(const uint8_t *f, uint32_t saddr, const struct xm_probe *p)
{
	const uint8_t *ip = f + XM_ETH_LEN, *tcp = ip + XM_IP_LEN;
	static const uint8_t mss[4] = { 2, 4, 0x05, 0xb4 };
	uint8_t pseudo[12 + XM_TCP_LEN];

	assert_int_equal(be16(tcp), p->sport);
	assert_int_equal(be16(tcp + 2), p->dport);
	assert_int_equal(be32(tcp + 4), p->seq);
	assert_int_equal(be32(tcp + 8), 0);
	assert_int_equal(tcp[12] >> 4, 6);
	assert_int_equal(tcp[13], 0x02);
	assert_int_equal(be16(tcp + 14), 1024);
	assert_int_equal(be16(tcp + 18), 0);
	assert_memory_equal(tcp + 20, mss, 4);
	/* Pseudo-header saddr, daddr, 0, proto, TCP length, then the segment. */
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 6;
	pseudo[10] = 0;
	pseudo[11] = XM_TCP_LEN;
	memcpy(pseudo + 12, tcp, XM_TCP_LEN);
	assert_int_equal(ref_csum(pseudo, sizeof(pseudo), NULL, 0), 0);
	pseudo[12 + 16] = pseudo[12 + 17] = 0;
	assert_int_equal(be16(tcp + 16), ref_csum(pseudo, sizeof(pseudo), NULL, 0));
}

/* The port scan SYN module's template from the test addresses. */
static void syn_prepare(struct xm_probe_tmpl *t, uint32_t saddr)
{
	struct xm_probe_src src = { .saddr = saddr };

	memcpy(src.src_mac, src_mac, 6);
	memcpy(src.dst_mac, dst_mac, 6);
	xm_probe_modules[XM_PROBE_TCP_SYN]->prepare(t, &src);
}

static void patch_and_check(const struct xm_probe_tmpl *t, uint8_t *frame,
			    uint32_t saddr, const struct xm_probe *p)
{
	assert_int_equal(xm_probe_modules[XM_PROBE_TCP_SYN]->patch(t, frame, p), XM_PROBE_LEN);
	check_eth_ip(frame, saddr, p);
	check_tcp(frame, saddr, p);
}

static void test_packet_template(void **state)
{
	static const struct xm_probe probes[] = {
		{ IP4(198, 18, 0, 2), 80, 61000, 0x12345678, 1 },
		{ IP4(10, 9, 8, 7), 443, 40000, 0xdeadbeef, 0xbeef },
		{ IP4(192, 168, 255, 1), 22, 1, 1, 0x8000 },
	};
	const uint32_t saddr = IP4(198, 18, 0, 1);
	struct xm_probe_tmpl t;
	uint8_t frame[XM_PROBE_LEN + 4];
	size_t i;

	syn_prepare(&t, saddr);
	for (i = 0; i < ARRAY_LEN(probes); i++) {
		memset(frame, 0xee, sizeof(frame));
		memcpy(frame, t.bytes, XM_PROBE_LEN);
		patch_and_check(&t, frame, saddr, &probes[i]);
		assert_int_equal(frame[XM_PROBE_LEN], 0xee); /* nothing past the probe */
	}
}

static void test_packet_repatch(void **state)
{
	const uint32_t saddr = IP4(203, 0, 113, 9);
	struct xm_probe_tmpl t;
	uint8_t frame[XM_PROBE_LEN];
	uint64_t seed = 5;
	int i;

	syn_prepare(&t, saddr);
	memcpy(frame, t.bytes, sizeof(frame));
	for (i = 0; i < 2000; i++) {
		struct xm_probe p = {
			.daddr = (uint32_t)rng_next(&seed),
			.dport = (uint16_t)rng_next(&seed),
			.sport = (uint16_t)rng_next(&seed),
			.seq = (uint32_t)rng_next(&seed),
			.ip_id = (uint16_t)rng_next(&seed),
		};

		patch_and_check(&t, frame, saddr, &p);
	}
}

static void test_packet_edge_values(void **state)
{
	static const struct xm_probe probes[] = {
		{ 0xffffffff, 0xffff, 0xffff, 0xffffffff, 0xffff },
		{ 0, 0, 0, 0, 0 },
		{ 0xffffffff, 0, 0xffff, 0, 0xffff },
		{ 0, 0xffff, 0, 0xffffffff, 0 },
		{ 0xffffffff, 0xffff, 0xffff, 0xffffffff, 0xffff },
	};
	static const uint32_t saddrs[] = { 0, 0xffffffff, IP4(198, 18, 0, 1) };
	struct xm_probe_tmpl t;
	uint8_t frame[XM_PROBE_LEN];
	size_t i, j;

	for (j = 0; j < ARRAY_LEN(saddrs); j++) {
		syn_prepare(&t, saddrs[j]);
		memcpy(frame, t.bytes, sizeof(frame));
		for (i = 0; i < ARRAY_LEN(probes); i++)
			patch_and_check(&t, frame, saddrs[j], &probes[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packet_template),
		cmocka_unit_test(test_packet_repatch),
		cmocka_unit_test(test_packet_edge_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
