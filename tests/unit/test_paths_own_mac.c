// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xm_paths_own_mac(): an on-link target framed from the neighbour table has its own MAC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "addr.h"
#include "paths.h"

static const uint8_t mac_a[6] = { 2, 0, 0, 0, 0, 0xa }, mac_gw[6] = { 2, 0, 0, 0, 0, 0x1 };

static struct xm_addr v6(const char *s)
{
	struct xm_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, a.b), 1);
	return a;
}

/*
 * IPv4: 198.18.0.2-3 on the link, turned into their own gateways (as
 * --disable-arp-ping does), .2's resolved, .3's not; 198.18.1.0/24 behind
 * the gateway 198.18.0.1 (resolved).
 */
static void test_own_mac4(void **state)
{
	struct xm_addr a2 = xm_addr4(0xc6120002), a3 = xm_addr4(0xc6120003);
	struct xm_addr routed = xm_addr4(0xc6120105), gw = xm_addr4(0xc6120001);
	struct xm_paths p;
	size_t i;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.segs = calloc(2, sizeof(*p.segs));
	assert_non_null(p.segs);
	p.segs[0] = (struct xm_path_seg){ .lo = 0xc6120002, .hi = 0xc6120003,
					  .kind = XM_PATH_ONLINK };
	p.segs[1] = (struct xm_path_seg){ .lo = 0xc6120100, .hi = 0xc61201ff,
					  .kind = XM_PATH_GATEWAY, .gw = 0 };
	p.nsegs = p.cap = 2;
	p.gw[0] = (struct xm_gateway){ .addr = 0xc6120001, .resolved = true };
	memcpy(p.gw[0].mac, mac_gw, 6);
	p.ngw = 1;
	assert_null(xm_paths_own_mac(&p, &a2, XM_FAMILY_IPV4)); /* on-link: ARP gives it */
	assert_int_equal(xm_paths_onlink_by_kernel(&p), 0);
	assert_int_equal(p.ngw, 3);
	for (i = 0; i < p.ngw; i++) {
		if (p.gw[i].addr != 0xc6120002)
			continue;
		memcpy(p.gw[i].mac, mac_a, 6);
		p.gw[i].resolved = true;
	}
	assert_memory_equal(xm_paths_own_mac(&p, &a2, XM_FAMILY_IPV4), mac_a, 6);
	assert_null(xm_paths_own_mac(&p, &a3, XM_FAMILY_IPV4));	    /* not resolved */
	assert_null(xm_paths_own_mac(&p, &routed, XM_FAMILY_IPV4)); /* the gateway's */
	assert_null(xm_paths_own_mac(&p, &gw, XM_FAMILY_IPV4));	    /* not a target */
	xm_paths_free(&p);
}

/* IPv6: fd00::2 on the link turned into its own gateway; fd00:98::/120 behind fd00::1. */
static void test_own_mac6(void **state)
{
	struct xm_paths p;
	struct xm_addr t = v6("fd00::2"), routed = v6("fd00:98::7"), gw = v6("fd00::1");

	(void)state;
	memset(&p, 0, sizeof(p));
	p.segs6 = calloc(2, sizeof(*p.segs6));
	assert_non_null(p.segs6);
	p.segs6[0] = (struct xm_path_seg6){ .net = { 0xfd000000, 0, 0 }, .lo = 2, .hi = 2,
					    .kind = XM_PATH_ONLINK };
	p.segs6[1] = (struct xm_path_seg6){ .net = { 0xfd000098, 0, 0 }, .lo = 0, .hi = 0xff,
					    .kind = XM_PATH_GATEWAY, .gw = 0 };
	p.nsegs6 = p.cap6 = 2;
	memcpy(&p.gw6[0].addr, gw.b, 16);
	memcpy(p.gw6[0].mac, mac_gw, 6);
	p.gw6[0].resolved = true;
	p.ngw6 = 1;
	assert_null(xm_paths_own_mac(&p, &t, XM_FAMILY_IPV6)); /* on-link: its NA gives it */
	assert_int_equal(xm_paths_onlink_by_kernel6(&p), 0);
	assert_int_equal(p.ngw6, 2);
	assert_null(xm_paths_own_mac(&p, &t, XM_FAMILY_IPV6)); /* not resolved yet */
	memcpy(p.gw6[1].mac, mac_a, 6);
	p.gw6[1].resolved = true;
	assert_memory_equal(xm_paths_own_mac(&p, &t, XM_FAMILY_IPV6), mac_a, 6);
	assert_null(xm_paths_own_mac(&p, &routed, XM_FAMILY_IPV6));
	assert_null(xm_paths_own_mac(&p, &gw, XM_FAMILY_IPV6));
	xm_paths_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_mac4),
		cmocka_unit_test(test_own_mac6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
