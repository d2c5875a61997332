// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: the UDP payload file parser (xm_udp_payloads_parse) and what it builds. */
#include "csum.h"
#include "fuzz_util.h"
#include "udp_payload.h"

/* How many bytes a cookie of kind k takes in the payload. */
static unsigned cookie_bytes(uint8_t k)
{
	return k == XM_UDP_COOKIE_NONE ? 0 : k == XM_UDP_COOKIE_ECHO16 ? 2 : 4;
}

/* One payload: a named, bounded body whose sum is right and whose cookie fits inside it. */
static void check_payload(const struct xm_udp_payload *p)
{
	uint8_t copy[XM_UDP_PAYLOAD_BYTES];
	unsigned w = cookie_bytes(p->cookie);
	uint32_t sum;

	FUZZ_CHECK(strnlen(p->name, sizeof(p->name)) < sizeof(p->name), "name not terminated");
	FUZZ_CHECK(p->name[0], "payload without a name");
	FUZZ_CHECK(p->len <= XM_UDP_PAYLOAD_BYTES, "payload %s of %u bytes", p->name, p->len);
	FUZZ_CHECK(p->data || !p->len, "payload %s: %u bytes and no data", p->name, p->len);
	FUZZ_CHECK(p->cookie < XM_UDP_COOKIE_MAX, "payload %s: cookie kind %u", p->name,
		   p->cookie);
	FUZZ_CHECK(p->cookie_off + w <= p->len, "payload %s: cookie at %u+%u of %u bytes",
		   p->name, p->cookie_off, w, p->len);
	FUZZ_CHECK(p->sum == xm_csum_add(0, p->data, p->len), "payload %s: stale sum", p->name);
	if (!p->len)
		return;
	memcpy(copy, p->data, p->len);
	sum = xm_udp_payload_cookie(p, copy, 0xa5c3e1f7u);
	/* the cookie's bytes were zero in the sum: adding their share gives the new sum */
	FUZZ_CHECK(xm_csum_finish(p->sum + sum) == xm_csum_finish(xm_csum_add(0, copy, p->len)),
		   "payload %s: cookie share of the sum wrong", p->name);
}

/* Every port's payloads are payloads of db; a port's two payloads agree on what XDP reads. */
static void check_ports(const struct xm_udp_payloads *db)
{
	uint32_t port;

	for (port = 0; port < XM_UDP_PORTS; port++) {
		const struct xm_udp_payload *a = xm_udp_payload_for(db, (uint16_t)port, 0);
		const struct xm_udp_payload *b = xm_udp_payload_for(db, (uint16_t)port, 1);

		FUZZ_CHECK(db->by_port[port] <= db->n && db->alt_by_port[port] <= db->n,
			   "port %u indexes past %zu payloads", port, db->n);
		FUZZ_CHECK(!db->alt_by_port[port] || db->by_port[port],
			   "port %u: a second payload without a first", port);
		if (!a)
			continue;
		FUZZ_CHECK(b, "port %u: retries lose its payload", port);
		FUZZ_CHECK(a->cookie == b->cookie && a->cookie_off == b->cookie_off &&
			   a->sport == b->sport, "port %u: its two payloads disagree", port);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xm_udp_payloads db = { 0 };
	char err[256] = "";
	size_t i;

	if (xm_udp_payloads_parse(&db, (const char *)data, size, "fuzz", err, sizeof(err))) {
		fuzz_check_err(err, sizeof(err));
		FUZZ_CHECK(!strncmp(err, "fuzz", 4), "error without its place: %s", err);
	} else {
		for (i = 0; i < db.n; i++)
			check_payload(&db.v[i]);
		check_ports(&db);
	}
	xm_udp_payloads_free(&db);
	return 0;
}
