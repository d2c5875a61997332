// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of -sV's per-host budget table (--host-timeout counted per host). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "svc_hosts.h"

static struct xm_addr addr_n(uint32_t n)
{
	struct xm_addr a;

	memset(&a, 0, sizeof(a));
	a.b[12] = (uint8_t)(n >> 24);
	a.b[13] = (uint8_t)(n >> 16);
	a.b[14] = (uint8_t)(n >> 8);
	a.b[15] = (uint8_t)n;
	return a;
}

/* A host keeps the end of its first ask; another host (or family) starts its own. */
static void test_first_port_sets_the_end(void **state)
{
	struct xm_svc_hosts h = { 0 };
	struct xm_addr a = addr_n(0xc6120002), b = addr_n(0xc6120003);

	assert_true(xm_svc_host_end(&h, XM_FAMILY_IPV4, &a, 100, 5) == 105);
	assert_true(xm_svc_host_end(&h, XM_FAMILY_IPV4, &a, 103, 5) == 105);
	assert_true(xm_svc_host_end(&h, XM_FAMILY_IPV4, &b, 104, 5) == 109);
	assert_true(xm_svc_host_end(&h, XM_FAMILY_IPV6, &a, 106, 5) == 111);
	assert_true(xm_svc_host_end(&h, XM_FAMILY_IPV4, &a, 200, 5) == 105);
	assert_int_equal(h.n, 3);
	xm_svc_hosts_free(&h);
	assert_int_equal(h.n, 0);
	assert_true(xm_svc_host_end(&h, XM_FAMILY_IPV4, &a, 300, 5) == 305);
	xm_svc_hosts_free(&h);
}

/* 10000 hosts: the table grows, keeps every end, stays at most half full. */
static void test_many_hosts(void **state)
{
	struct xm_svc_hosts h = { 0 };
	uint32_t i;

	for (i = 0; i < 10000; i++) {
		struct xm_addr a = addr_n(0xc6120000 + i);

		assert_true(xm_svc_host_end(&h, XM_FAMILY_IPV4, &a, i, 1) == i + 1);
	}
	for (i = 0; i < 10000; i++) {
		struct xm_addr a = addr_n(0xc6120000 + i);

		assert_true(xm_svc_host_end(&h, XM_FAMILY_IPV4, &a, 1e6, 1) == i + 1);
	}
	assert_int_equal(h.n, 10000);
	assert_true(2 * h.n <= h.cap);
	xm_svc_hosts_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_port_sets_the_end),
		cmocka_unit_test(test_many_hosts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
