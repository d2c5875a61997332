// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -PU probes: the port's payload from the payload file, else --data's, else none; both families. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "addr6_ring.h"
#include "discovery.h"
#include "udp_payload.h"

static const char payload_file[] = "payload dns ports 53\n  \"dns?\"\n";
static const uint8_t data[] = "xdpmap-pu";

/* One target (spec) with -PU53,40126: discovery set up as scan_setup.c does, no paths. */
static void disc_up(struct xm_discovery *d, struct xm_targets *t, const char *spec,
		    const struct xm_udp_payloads *db, const struct xm_udp_payload *raw,
		    struct xm_addr6_ring *ring)
{
	struct xm_ping_opts opts = { .chosen = true, .udp_ports = { 53, 40126 }, .nudp = 2 };
	struct xm_siphash_key key = { 1, 2 };
	char err[128] = "";

	*t = (struct xm_targets){ 0 };
	if (xm_parse_target(spec, &t->include, err, sizeof(err)) ||
	    xm_targets_finalize(t, err, sizeof(err)))
		fail_msg("target %s: %s", spec, err);
	assert_int_equal(xm_disc_init(d, &opts, t, &key, 7, 0xc6120001, 40000, 50000, NULL), 0);
	d->udp_payloads = db;
	d->udp_data = raw;
	inet_pton(AF_INET6, "fd00::1", d->src6);
	d->ring6 = ring;
}

/* The payload of the probe to 'port' among the n probes of out. */
static const struct xm_udp_payload *payload_to(const struct xm_probe *out, size_t n,
					       uint16_t port)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (out[i].dport == port)
			return out[i].payload;
	fail_msg("no probe to port %u", port);
	return NULL;
}

/* IPv4 and IPv6 alike: 53 takes its own payload, 40126 --data's when given, else none. */
static void test_pu_payloads(void **state)
{
	static const char *const specs[] = { "198.18.0.2", "fd00::2" };
	static struct xm_addr6_ring ring;
	struct xm_udp_payloads db;
	struct xm_udp_payload raw;
	struct xm_probe out[XM_PING_MAX_PROBES];
	char err[128] = "";
	size_t i, n;

	(void)state;
	if (xm_udp_payloads_parse(&db, payload_file, strlen(payload_file), "t", err, sizeof(err)))
		fail_msg("payload file: %s", err);
	xm_udp_payload_raw(&raw, data, sizeof(data) - 1);
	for (i = 0; i < 2; i++) {
		struct xm_discovery d;
		struct xm_targets t;

		disc_up(&d, &t, specs[i], &db, &raw, &ring);
		n = xm_disc_probes(&d, 0, false, 1, out);
		assert_int_equal(n, 2);
		assert_ptr_equal(payload_to(out, n, 53), xm_udp_payload_for(&db, 53, 0));
		assert_ptr_equal(payload_to(out, n, 40126), &raw);
		xm_disc_free(&d);
		xm_targets_free(&t);

		disc_up(&d, &t, specs[i], &db, NULL, &ring);
		n = xm_disc_probes(&d, 0, false, 1, out);
		assert_ptr_equal(payload_to(out, n, 53), xm_udp_payload_for(&db, 53, 0));
		assert_null(payload_to(out, n, 40126));
		xm_disc_free(&d);
		xm_targets_free(&t);
	}
	xm_udp_payloads_free(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pu_payloads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
