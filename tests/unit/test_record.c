// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka tests of the neutral record, key and address types and of results keyed by protocol. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <cmocka.h>
#include "addr.h"
#include "common_kern_user.h"
#include "output.h"
#include "results.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* A port finding of (family, addr, proto, port). */
static struct xm_finding port_finding(uint8_t family, struct xm_addr addr, uint8_t proto,
				      uint16_t port)
{
	return (struct xm_finding){ .addr = addr, .family = family, .proto = proto, .port = port,
				    .state = XM_STATE_OPEN, .reason = XM_REASON_SYN_ACK,
				    .ttl = 64 };
}

static struct xm_addr addr6(const char *text)
{
	struct xm_addr a;

	assert_int_equal(inet_pton(AF_INET6, text, a.b), 1);
	return a;
}

/* ------------------------------------------------------------------ */
/* The kernel/user record and the dedup key                            */
/* ------------------------------------------------------------------ */

/* The layout userspace and the BPF program share: fields at fixed offsets, nothing implicit. */
static void test_record_layout(void **state)
{
	assert_int_equal(sizeof(struct xm_addr), 16);
	assert_int_equal(sizeof(struct xm_result), 40);
	assert_int_equal(offsetof(struct xm_result, addr), 0);
	assert_int_equal(offsetof(struct xm_result, family), 16);
	assert_int_equal(offsetof(struct xm_result, proto), 17);
	assert_int_equal(offsetof(struct xm_result, port), 18);
	assert_int_equal(offsetof(struct xm_result, window), 24);
	assert_int_equal(offsetof(struct xm_result, mac), 26);
	assert_int_equal(offsetof(struct xm_result, ts_ns), 32);
	assert_int_equal(sizeof(struct xm_dedup_key), 24);
	assert_int_equal(offsetof(struct xm_dedup_key, family), 16);
	assert_int_equal(offsetof(struct xm_dedup_key, proto), 17);
	assert_int_equal(offsetof(struct xm_dedup_key, port), 18);
	assert_int_equal(offsetof(struct xm_dedup_key, kind), 20);
}

/* Port records are keyed by (family, addr, proto, port); host records once per address. */
static void test_dedup_key_of(void **state)
{
	struct xm_result r = { .addr = xm_addr4(IP4(198, 18, 0, 2)), .family = XM_FAMILY_IPV4,
			       .proto = IPPROTO_TCP, .port = 443, .state = XM_STATE_OPEN,
			       .kind = XM_KIND_PORT, .ttl = 64, .ts_ns = 1 };
	struct xm_dedup_key k = xm_dedup_key_of(&r), zero = { 0 };

	assert_true(xm_addr_eq(&k.addr, &r.addr));
	assert_int_equal(k.family, XM_FAMILY_IPV4);
	assert_int_equal(k.proto, IPPROTO_TCP);
	assert_int_equal(k.port, 443);
	assert_int_equal(k.kind, XM_KIND_PORT);
	assert_memory_equal(k.pad, zero.pad, sizeof(k.pad));
	r.kind = XM_KIND_HOST;
	r.proto = 0;
	k = xm_dedup_key_of(&r);
	assert_int_equal(k.port, 0);
	assert_int_equal(k.proto, 0);
	assert_int_equal(k.kind, XM_KIND_HOST);
	r.proto = IPPROTO_TCP; /* even a host record carrying a protocol: one per host */
	k = xm_dedup_key_of(&r);
	assert_int_equal(k.proto, 0);
}

/* ------------------------------------------------------------------ */
/* Address helpers                                                     */
/* ------------------------------------------------------------------ */

/* IPv4 is stored IPv4-mapped, ::ffff:a.b.c.d, the address bytes as in the packet. */
static void test_addr_ipv4_mapped(void **state)
{
	static const uint8_t want[16] = { [10] = 0xff, [11] = 0xff, 198, 18, 0, 2 };
	struct xm_addr a = xm_addr_from_ipv4(inet_addr("198.18.0.2"));
	struct xm_addr b = xm_addr4(IP4(198, 18, 0, 2));
	struct xm_addr v6 = addr6("2001:db8::1"), m = addr6("::ffff:198.18.0.2");

	assert_memory_equal(a.b, want, 16);
	assert_true(xm_addr_is_ipv4(&a));
	assert_int_equal(xm_addr_ipv4(&a), inet_addr("198.18.0.2"));
	assert_true(xm_addr_eq(&a, &b));
	assert_int_equal(xm_addr4_host(&b), IP4(198, 18, 0, 2));
	assert_true(xm_addr_eq(&a, &m)); /* the standard IPv4-mapped text reads the same */
	assert_false(xm_addr_is_ipv4(&v6));
	assert_false(xm_addr_eq(&a, &v6));
	b = xm_addr4(IP4(198, 18, 0, 3));
	assert_false(xm_addr_eq(&a, &b));
	b = xm_addr4(0); /* 0.0.0.0 is still an IPv4 address, not :: */
	assert_true(xm_addr_is_ipv4(&b));
}

/* One formatting function for every output: inet_ntop() by family. */
static void test_addr_str(void **state)
{
	struct xm_addr a = xm_addr4(IP4(198, 18, 0, 2)), v6 = addr6("2001:db8::1");
	char buf[XM_ADDR_STRLEN], small[4];

	xm_addr_str(XM_FAMILY_IPV4, &a, buf, sizeof(buf));
	assert_string_equal(buf, "198.18.0.2");
	xm_addr_str(XM_FAMILY_IPV6, &v6, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::1");
	xm_addr_str(XM_FAMILY_IPV6, &a, buf, sizeof(buf));
	assert_string_equal(buf, "::ffff:198.18.0.2");
	xm_addr_str(XM_FAMILY_NONE, &a, buf, sizeof(buf));
	assert_string_equal(buf, "?");
	memset(small, 'x', sizeof(small));
	xm_addr_str(XM_FAMILY_IPV4, &a, small, sizeof(small)); /* too small: still a string */
	assert_non_null(memchr(small, '\0', sizeof(small)));
	memset(buf, 'x', sizeof(buf));
	v6 = addr6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"); /* a long text */
	xm_addr_str(XM_FAMILY_IPV6, &v6, buf, sizeof(buf));
	assert_string_equal(buf, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

/* Family first, then numeric order (network byte order compares as numbers). */
static void test_addr_cmp(void **state)
{
	struct xm_addr a2 = xm_addr4(IP4(198, 18, 0, 2)), a10 = xm_addr4(IP4(198, 18, 0, 10));
	struct xm_addr b = xm_addr4(IP4(198, 19, 0, 1)), v6 = addr6("::1");

	assert_true(xm_addr_cmp(XM_FAMILY_IPV4, &a2, XM_FAMILY_IPV4, &a10) < 0);
	assert_true(xm_addr_cmp(XM_FAMILY_IPV4, &a10, XM_FAMILY_IPV4, &b) < 0);
	assert_true(xm_addr_cmp(XM_FAMILY_IPV4, &b, XM_FAMILY_IPV4, &a2) > 0);
	assert_int_equal(xm_addr_cmp(XM_FAMILY_IPV4, &a2, XM_FAMILY_IPV4, &a2), 0);
	/* ::1 sorts before any IPv4-mapped address by bytes, yet IPv4 comes first */
	assert_true(xm_addr_cmp(XM_FAMILY_IPV4, &b, XM_FAMILY_IPV6, &v6) < 0);
	assert_true(xm_addr_cmp(XM_FAMILY_IPV6, &a2, XM_FAMILY_IPV4, &a2) > 0);
}

static void test_addr_sockaddr(void **state)
{
	struct xm_addr a = xm_addr4(IP4(198, 18, 0, 2)), v6 = addr6("2001:db8::1");
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

	assert_int_equal(xm_addr_sockaddr(XM_FAMILY_IPV4, &a, 80, &ss), sizeof(*sin));
	assert_int_equal(sin->sin_family, AF_INET);
	assert_int_equal(sin->sin_port, htons(80));
	assert_int_equal(sin->sin_addr.s_addr, inet_addr("198.18.0.2"));
	assert_int_equal(xm_addr_sockaddr(XM_FAMILY_IPV6, &v6, 443, &ss), sizeof(*sin6));
	assert_int_equal(sin6->sin6_family, AF_INET6);
	assert_int_equal(sin6->sin6_port, htons(443));
	assert_memory_equal(&sin6->sin6_addr, v6.b, 16);
	assert_int_equal(xm_addr_sockaddr(XM_FAMILY_NONE, &a, 80, &ss), 0);
	assert_int_equal(xm_family_af(XM_FAMILY_IPV4), AF_INET);
	assert_int_equal(xm_family_af(XM_FAMILY_IPV6), AF_INET6);
	assert_int_equal(xm_family_af(XM_FAMILY_NONE), AF_UNSPEC);
}

static void test_names(void **state)
{
	assert_string_equal(xm_proto_name(IPPROTO_TCP), "tcp");
	assert_string_equal(xm_proto_name(IPPROTO_UDP), "udp");
	assert_string_equal(xm_proto_name(IPPROTO_SCTP), "sctp");
	assert_string_equal(xm_proto_name(0), "ip");
	assert_string_equal(xm_proto_name(IPPROTO_ICMP), "ip");
	assert_string_equal(xm_family_name(XM_FAMILY_IPV4), "ipv4");
	assert_string_equal(xm_family_name(XM_FAMILY_IPV6), "ipv6");
	assert_string_equal(xm_family_name(XM_FAMILY_NONE), "unknown");
}

/* /etc/services is read per protocol: the names are the system's for that protocol. */
static void test_service_lookup_by_proto(void **state)
{
	static const struct { uint8_t proto; uint16_t port; } cases[] = {
		{ IPPROTO_TCP, 22 }, { IPPROTO_TCP, 80 }, { IPPROTO_UDP, 53 },
		{ IPPROTO_UDP, 123 }, { IPPROTO_SCTP, 9 }, { IPPROTO_UDP, 22 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct servent *se = getservbyport(htons(cases[i].port),
						   xm_proto_name(cases[i].proto));
		const char *got = xm_service_lookup(cases[i].proto, cases[i].port);

		if (se)
			assert_string_equal(got, se->s_name);
		else
			assert_null(got);
	}
	assert_null(xm_service_lookup(0, 80)); /* no "ip" entries */
	assert_string_equal(xm_service_name(0, 80), "unknown");
}

/* ------------------------------------------------------------------ */
/* Results keyed by (family, address, protocol, port)                  */
/* ------------------------------------------------------------------ */

/* The same address and port under two protocols are two findings. */
static void test_results_keyed_by_proto(void **state)
{
	struct xm_addr a = xm_addr4(IP4(198, 18, 0, 2));
	struct xm_finding tcp = port_finding(XM_FAMILY_IPV4, a, IPPROTO_TCP, 53);
	struct xm_finding udp = port_finding(XM_FAMILY_IPV4, a, IPPROTO_UDP, 53);
	struct xm_finding sctp = port_finding(XM_FAMILY_IPV4, a, IPPROTO_SCTP, 53);
	struct xm_results r = { 0 };
	struct xm_finding *f;

	udp.state = XM_STATE_CLOSED;
	assert_int_equal(xm_results_add(&r, &tcp), 1);
	assert_int_equal(xm_results_add(&r, &udp), 1);
	assert_int_equal(r.n, 2);
	assert_int_equal(xm_results_add(&r, &tcp), 0);
	assert_int_equal(xm_results_add(&r, &udp), 0);
	assert_int_equal(r.n, 2);
	f = xm_results_find(&r, &tcp);
	assert_non_null(f);
	assert_int_equal(f->proto, IPPROTO_TCP);
	assert_int_equal(f->state, XM_STATE_OPEN);
	f = xm_results_find(&r, &udp);
	assert_non_null(f);
	assert_int_equal(f->proto, IPPROTO_UDP);
	assert_int_equal(f->state, XM_STATE_CLOSED);
	assert_false(xm_results_has(&r, &sctp));
	assert_null(xm_results_find(&r, &sctp));
	assert_true(xm_finding_same(&tcp, &tcp));
	assert_false(xm_finding_same(&tcp, &udp));
	xm_results_free(&r);
}

/* The same 16 bytes under two families are two findings too. */
static void test_results_keyed_by_family(void **state)
{
	struct xm_addr a = xm_addr4(IP4(198, 18, 0, 2));
	struct xm_finding v4 = port_finding(XM_FAMILY_IPV4, a, IPPROTO_TCP, 80);
	struct xm_finding v6 = port_finding(XM_FAMILY_IPV6, a, IPPROTO_TCP, 80);
	struct xm_results r = { 0 };

	assert_int_equal(xm_results_add(&r, &v4), 1);
	assert_false(xm_results_has(&r, &v6));
	assert_int_equal(xm_results_add(&r, &v6), 1);
	assert_int_equal(r.n, 2);
	assert_int_equal(xm_results_find(&r, &v6)->family, XM_FAMILY_IPV6);
	xm_results_free(&r);
}

/* Sorted by family, address (numerically), protocol, port; hosts grouped by family+address. */
static void test_results_sorted_and_hosts(void **state)
{
	struct xm_addr a2 = xm_addr4(IP4(198, 18, 0, 2)), a10 = xm_addr4(IP4(198, 18, 0, 10));
	struct xm_addr v6 = addr6("2001:db8::1");
	struct xm_finding in[] = { /* in the expected order */
		port_finding(XM_FAMILY_IPV4, a2, IPPROTO_TCP, 22),
		port_finding(XM_FAMILY_IPV4, a2, IPPROTO_TCP, 53),
		port_finding(XM_FAMILY_IPV4, a2, IPPROTO_UDP, 53),
		port_finding(XM_FAMILY_IPV4, a10, IPPROTO_TCP, 1),
		port_finding(XM_FAMILY_IPV6, a2, IPPROTO_TCP, 80),
		port_finding(XM_FAMILY_IPV6, v6, IPPROTO_TCP, 80),
		port_finding(XM_FAMILY_IPV6, v6, IPPROTO_UDP, 7),
	};
	static const size_t hosts_n[] = { 3, 1, 1, 2 };
	const size_t n = sizeof(in) / sizeof(in[0]);
	struct xm_results r = { 0 };
	struct xm_host_report *hosts;
	struct xm_finding *all;
	ssize_t nh;
	size_t i;

	for (i = n; i-- > 0;)
		assert_int_equal(xm_results_add(&r, &in[i]), 1);
	all = xm_results_sorted(&r);
	assert_non_null(all);
	for (i = 0; i < n; i++)
		assert_true(xm_finding_same(&all[i], &in[i]));
	nh = xm_host_reports(NULL, 0, all, n, &hosts);
	assert_int_equal(nh, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(hosts[i].nports, hosts_n[i]);
		assert_int_equal(hosts[i].family, hosts[i].ports[0].family);
		assert_true(xm_addr_eq(&hosts[i].addr, &hosts[i].ports[0].addr));
	}
	assert_int_equal(xm_host_end(all, n, 0), 3);
	assert_int_equal(xm_host_end(all, n, 4), 5);
	free(hosts);
	free(all);
	xm_results_free(&r);
}

/* ------------------------------------------------------------------ */
/* Outputs take the protocol and the family from the record            */
/* ------------------------------------------------------------------ */

/* One finding through a format's live callback, returned as text (malloc'd). */
static char *live_line(const struct xm_output_ops *ops, const struct xm_finding *f)
{
	struct xm_config cfg = { .verbose = 1, .no_dns = true };
	struct xm_output o = { .ops = ops, .cfg = &cfg };
	char *text = NULL;
	size_t len = 0;

	o.f = open_memstream(&text, &len);
	assert_non_null(o.f);
	ops->finding(&o, f);
	fclose(o.f);
	return text;
}

static void test_outputs_from_record(void **state)
{
	struct xm_finding udp = port_finding(XM_FAMILY_IPV4, xm_addr4(IP4(198, 18, 0, 2)),
					     IPPROTO_UDP, 53);
	struct xm_finding v6 = port_finding(XM_FAMILY_IPV6, addr6("2001:db8::1"),
					    IPPROTO_TCP, 443);
	char *t;

	t = live_line(&xm_output_normal, &udp);
	assert_string_equal(t, "Discovered open port 53/udp on 198.18.0.2\n");
	free(t);
	t = live_line(&xm_output_normal, &v6);
	assert_string_equal(t, "Discovered open port 443/tcp on 2001:db8::1\n");
	free(t);
	t = live_line(&xm_output_json, &udp);
	assert_non_null(strstr(t, "{\"ip\":\"198.18.0.2\",\"port\":53,\"proto\":\"udp\","));
	free(t);
	t = live_line(&xm_output_json, &v6);
	assert_non_null(strstr(t, "{\"ip\":\"2001:db8::1\",\"port\":443,\"proto\":\"tcp\","));
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_layout),
		cmocka_unit_test(test_dedup_key_of),
		cmocka_unit_test(test_addr_ipv4_mapped),
		cmocka_unit_test(test_addr_str),
		cmocka_unit_test(test_addr_cmp),
		cmocka_unit_test(test_addr_sockaddr),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_service_lookup_by_proto),
		cmocka_unit_test(test_results_keyed_by_proto),
		cmocka_unit_test(test_results_keyed_by_family),
		cmocka_unit_test(test_results_sorted_and_hosts),
		cmocka_unit_test(test_outputs_from_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
