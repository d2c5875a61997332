// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Invariants of the service database and of what its matcher reports (service fuzz targets). */
#include "fuzz_util.h"
#include "service_db.h"

/* NUL-terminated inside its buffer and printable ASCII, as struct xm_svc_info promises. */
static void check_text(const char *s, size_t size, const char *what)
{
	size_t i, n = strnlen(s, size);

	FUZZ_CHECK(n < size, "%s not NUL-terminated", what);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(s[i] >= 0x20 && s[i] < 0x7f, "%s: byte 0x%02x at %zu",
			   what, (unsigned char)s[i], i);
}

void fuzz_check_svc_info(const struct xm_svc_info *in, int rc)
{
	int k;

	FUZZ_CHECK(rc >= 0 && rc <= 2, "match returned %d", rc);
	if (!rc)
		return;
	FUZZ_CHECK(in->soft == (rc == 1), "soft %d for result %d", in->soft, rc);
	check_text(in->service, sizeof(in->service), "service");
	FUZZ_CHECK(in->service[0], "empty service name");
	for (k = 0; k < XM_SVC_NFIELDS; k++)
		check_text(in->f[k], sizeof(in->f[k]), "field");
	FUZZ_CHECK(in->ncpe >= 0 && in->ncpe <= XM_SVC_MAX_CPE, "%d cpe", in->ncpe);
	for (k = 0; k < in->ncpe; k++)
		check_text(in->cpe[k], sizeof(in->cpe[k]), "cpe");
}

static void check_ports(const struct xm_svc_ports *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		FUZZ_CHECK(p->r[i][0] >= 1 && p->r[i][0] <= p->r[i][1],
			   "port range %u-%u", p->r[i][0], p->r[i][1]);
}

static void check_probe(const struct xm_svc_db *db, size_t i)
{
	const struct xm_svc_probe *p = &db->p[i];
	size_t j;

	FUZZ_CHECK(p->name && xm_svc_db_find(db, p->name) == (int)i,
		   "probe %zu: no name, or not the first of its name", i);
	FUZZ_CHECK(p->rarity >= 1 && p->rarity <= 9, "rarity %d", p->rarity);
	FUZZ_CHECK(p->wait_ms >= 1 && p->wait_ms <= 60000, "wait %d", p->wait_ms);
	FUZZ_CHECK(p->fallback >= -1 && p->fallback < (int)i,
		   "probe %zu falls back to %d", i, p->fallback);
	FUZZ_CHECK(p->tls || p->payload || !p->len, "payload length without payload");
	check_ports(&p->ports);
	check_ports(&p->sslports);
	for (j = 0; j < p->nm; j++)
		FUZZ_CHECK(p->m[j].service && p->m[j].re &&
				   p->m[j].ncpe <= XM_SVC_MAX_CPE,
			   "probe %zu match %zu incomplete", i, j);
}

void fuzz_check_svc_db(const struct xm_svc_db *db)
{
	size_t i;

	FUZZ_CHECK(db->n >= 1 && !strcmp(db->p[0].name, "NULL"),
		   "accepted without NULL as the first probe");
	for (i = 0; i < db->n; i++)
		check_probe(db, i);
}
