// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: port lists and ranges (xm_parse_ports, xm_parse_port_range) vs references. */
#include <ctype.h>
#include <stdbool.h>
#include "fuzz_util.h"
#include "ports.h"

/*
 * The input is one NUL-terminated spec given to both functions. Service
 * names are looked up in the local services database (no network). Lists
 * made of digits, ',' and '-' (after an optional "T:") are also parsed by
 * a small reference parser and must give the same set; xm_parse_port_range
 * has an exact reference for every input.
 */

/* 1-5 decimal digits, at most 65535. */
static bool ref_port(const char *s, size_t len, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	*out = v;
	return v <= 65535;
}

/* N, N-M, N-, -M or -: the inclusive range, default ends 1 and 65535. */
static bool ref_item(const char *s, size_t len, uint32_t *lo, uint32_t *hi)
{
	const char *dash = memchr(s, '-', len);
	size_t l = dash ? (size_t)(dash - s) : len;

	*lo = 1;
	*hi = 65535;
	if (!dash) {
		if (!ref_port(s, len, lo))
			return false;
		*hi = *lo;
		return true;
	}
	if (l && !ref_port(s, l, lo))
		return false;
	if (l + 1 < len && !ref_port(dash + 1, len - l - 1, hi))
		return false;
	return *lo <= *hi;
}

static bool ref_list(const char *spec, uint8_t *bits)
{
	const char *s = strncmp(spec, "T:", 2) ? spec : spec + 2;

	if (!*s)
		return false;
	for (;;) {
		size_t len = strcspn(s, ",");
		uint32_t lo, hi, v;

		if (!ref_item(s, len, &lo, &hi))
			return false;
		for (v = lo; v <= hi; v++)
			bits[v / 8] |= (uint8_t)(1u << (v % 8));
		if (!s[len])
			return true;
		s += len + 1;
	}
}

static bool numeric(const char *spec)
{
	const char *s = strncmp(spec, "T:", 2) ? spec : spec + 2;

	return strspn(s, "0123456789,-") == strlen(s);
}

static void check_list(const char *spec, const struct xm_ports *p)
{
	uint8_t bits[8192] = { 0 };
	size_t i, n = 0;
	uint32_t v;

	FUZZ_CHECK(p->n >= 1 && p->n <= 65536, "%zu ports", p->n);
	for (i = 1; i < p->n; i++)
		FUZZ_CHECK(p->v[i - 1] < p->v[i], "not sorted and unique at %zu", i);
	if (!numeric(spec))
		return;
	FUZZ_CHECK(ref_list(spec, bits), "accepted, the reference refuses");
	for (v = 0; v < 65536; v++) {
		if (!((bits[v / 8] >> (v % 8)) & 1))
			continue;
		FUZZ_CHECK(n < p->n && p->v[n] == v, "port %u missing", v);
		n++;
	}
	FUZZ_CHECK(n == p->n, "%zu ports, the reference has %zu", p->n, n);
}

static void fuzz_list(const char *spec)
{
	struct xm_ports p = { 0 };
	uint8_t bits[8192] = { 0 };
	char err[256] = "";

	if (xm_parse_ports(spec, &p, err, sizeof(err))) {
		fuzz_check_err(err, sizeof(err));
		FUZZ_CHECK(!numeric(spec) || !ref_list(spec, bits),
			   "refused (%s), the reference accepts", err);
	} else {
		check_list(spec, &p);
	}
	xm_ports_free(&p);
}

static void fuzz_range(const char *spec)
{
	const char *dash = strchr(spec, '-');
	uint16_t lo = 0, hi = 0;
	uint32_t a = 0, b = 0;
	bool want = dash && ref_port(spec, (size_t)(dash - spec), &a) &&
		    ref_port(dash + 1, strlen(dash + 1), &b) && a >= 1 && a <= b;
	int rc = xm_parse_port_range(spec, &lo, &hi);

	FUZZ_CHECK(rc == (want ? 0 : -1), "returned %d, reference %d", rc, want);
	if (want)
		FUZZ_CHECK(lo == a && hi == b, "%u-%u, reference %u-%u", lo, hi, a, b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = fuzz_cstr(data, size);

	fuzz_list(spec);
	fuzz_range(spec);
	free(spec);
	return 0;
}
