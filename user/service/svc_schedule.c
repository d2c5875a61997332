// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -sV probe order: the port's hints first (the TLS probe first of them), then by rarity. */
#include <netinet/in.h>
#include <stdlib.h>
#include "svc_schedule.h"

/* Whether some probe's sslports line lists the port: TLS is likely there. */
static bool tls_hinted(const struct xm_svc_db *db, uint16_t port)
{
	size_t i;

	for (i = 1; i < db->n; i++)
		if (xm_svc_ports_has(&db->p[i].sslports, port))
			return true;
	return false;
}

/* Sort key of probe i, or -1 when it is not tried: lower runs earlier. */
static long rank(const struct xm_svc_db *db, size_t i, uint8_t proto, uint16_t port,
		 bool in_tls, int intensity, bool tls_likely)
{
	const struct xm_svc_probe *p = &db->p[i];
	bool listed = xm_svc_ports_has(in_tls ? &p->sslports : &p->ports, port);

	if (i == 0 || (p->tls && in_tls) || p->proto != proto)
		return -1;
	if (p->tls && (listed || tls_likely))
		return (long)i;
	if (listed)
		return 100000L + (long)i;
	if (p->rarity > intensity)
		return -1;
	return 200000L + p->rarity * 10000L + (long)i;
}

int xm_svc_order(const struct xm_svc_db *db, uint8_t proto, uint16_t port, bool in_tls,
		 int intensity, int *out)
{
	bool tls_likely = proto == IPPROTO_TCP && !in_tls && tls_hinted(db, port);
	long *key = malloc(db->n * sizeof(*key));
	int n = 0, a, b;
	size_t i;

	if (!key)
		return -1;
	for (i = 0; i < db->n; i++) {
		long k = rank(db, i, proto, port, in_tls, intensity, tls_likely);

		if (k < 0)
			continue;
		key[n] = k;
		out[n++] = (int)i;
	}
	for (a = 1; a < n; a++) { /* insertion sort: a few dozen probes */
		long k = key[a];
		int v = out[a];

		for (b = a - 1; b >= 0 && key[b] > k; b--) {
			key[b + 1] = key[b];
			out[b + 1] = out[b];
		}
		key[b + 1] = k;
		out[b + 1] = v;
	}
	free(key);
	return n;
}
