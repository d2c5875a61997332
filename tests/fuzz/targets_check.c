// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Invariants of parsed target lists and of the finalized, indexed target set (target fuzzers). */
#include <stdbool.h>
#include "fuzz_util.h"

/* Raw lists longer than this skip the membership oracle (it scans them linearly). */
#define ORACLE_MAX 256
/* Ranges whose first and last index are checked one by one. */
#define INDEX_CHECKS 64

void fuzz_check_ranges(const struct xm_ranges *r)
{
	size_t i;

	FUZZ_CHECK(r->n <= r->cap, "%zu ranges in room for %zu", r->n, r->cap);
	for (i = 0; i < r->n; i++)
		FUZZ_CHECK(r->v[i].lo <= r->v[i].hi, "range %zu is %08x-%08x", i,
			   r->v[i].lo, r->v[i].hi);
}

static struct xm_ranges copy_ranges(const struct xm_ranges *r)
{
	struct xm_ranges c = { .n = r->n, .cap = r->n };

	c.v = malloc((r->n ? r->n : 1) * sizeof(*c.v));
	if (!c.v)
		abort();
	if (r->n)
		memcpy(c.v, r->v, r->n * sizeof(*c.v));
	return c;
}

static bool raw_has(const struct xm_ranges *r, uint32_t a)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].lo <= a && a <= r->v[i].hi)
			return true;
	return false;
}

/* Order of two ranges' upper 96 bits (IPv6; zero for IPv4): negative, 0 or positive. */
static int net_cmp(const struct xm_range *a, const struct xm_range *b)
{
	return memcmp(a->net, b->net, sizeof(a->net)) ? (a->net[0] != b->net[0] ?
		(a->net[0] < b->net[0] ? -1 : 1) : a->net[1] != b->net[1] ?
		(a->net[1] < b->net[1] ? -1 : 1) : (a->net[2] < b->net[2] ? -1 : 1)) : 0;
}

/* Sorted, disjoint and not adjacent (adjacent ranges must have been merged). */
static void check_normalized(const struct xm_ranges *r)
{
	size_t i;

	fuzz_check_ranges(r);
	for (i = 1; i < r->n; i++) {
		int c = net_cmp(&r->v[i - 1], &r->v[i]);

		FUZZ_CHECK(c <= 0, "ranges %zu and %zu are out of order (upper 96 bits)", i - 1, i);
		if (c < 0)
			continue;
		FUZZ_CHECK((uint64_t)r->v[i].lo > (uint64_t)r->v[i - 1].hi + 1,
			   "ranges %zu and %zu overlap or touch: %08x-%08x, %08x-%08x",
			   i - 1, i, r->v[i - 1].lo, r->v[i - 1].hi, r->v[i].lo,
			   r->v[i].hi);
	}
}

static void check_addr(const struct xm_targets *t, uint64_t idx, uint32_t want)
{
	uint32_t a = xm_targets_addr(t, idx);
	struct xm_addr full = xm_targets_at(t, idx);

	FUZZ_CHECK(a == want, "index %llu gives %08x, want %08x",
		   (unsigned long long)idx, a, want);
	FUZZ_CHECK(xm_targets_index_of(t, &full) == (int64_t)idx,
		   "index %llu: its neutral address maps back elsewhere", (unsigned long long)idx);
	if (t->family == XM_FAMILY_IPV6)
		return;
	FUZZ_CHECK(xm_targets_contains(t, a), "index %llu: %08x not contained",
		   (unsigned long long)idx, a);
}

/* Prefix sums, count, and the first and last index of the first ranges. */
static void check_index(const struct xm_targets *t)
{
	const struct xm_ranges *r = &t->include;
	size_t i;

	FUZZ_CHECK(t->prefix[0] == 0, "prefix[0] = %llu",
		   (unsigned long long)t->prefix[0]);
	for (i = 0; i < r->n; i++)
		FUZZ_CHECK(t->prefix[i + 1] - t->prefix[i] ==
				   (uint64_t)(r->v[i].hi - r->v[i].lo) + 1,
			   "prefix sum wrong at range %zu", i);
	FUZZ_CHECK(t->count == t->prefix[r->n], "count %llu != prefix sum",
		   (unsigned long long)t->count);
	for (i = 0; i < r->n && i < INDEX_CHECKS; i++) {
		check_addr(t, t->prefix[i], r->v[i].lo);
		check_addr(t, t->prefix[i + 1] - 1, r->v[i].hi);
	}
	if (r->n)
		check_addr(t, t->count - 1, r->v[r->n - 1].hi);
}

/* Around every raw range edge, membership must agree with "included and not excluded". */
static void check_edges(const struct xm_targets *t, const struct xm_ranges *edges,
			const struct xm_ranges *inc, const struct xm_ranges *ex)
{
	size_t i, k;

	for (i = 0; i < edges->n; i++) {
		uint32_t pts[4] = { edges->v[i].lo, edges->v[i].hi,
				    edges->v[i].lo - 1, edges->v[i].hi + 1 };

		for (k = 0; k < 4; k++) {
			bool want = raw_has(inc, pts[k]) && !raw_has(ex, pts[k]);

			FUZZ_CHECK(xm_targets_contains(t, pts[k]) == want,
				   "membership of %08x: got %d, want %d", pts[k],
				   !want, want);
		}
	}
}

void fuzz_check_targets(struct xm_targets *t)
{
	/* one family per run: a mix is refused; the membership oracle below is IPv4's */
	bool v6 = t->include.has_ipv6 || t->exclude.has_ipv6;
	bool oracle = t->include.n + t->exclude.n <= ORACLE_MAX && !v6;
	struct xm_ranges inc = { 0 }, ex = { 0 };
	char err[256] = "";
	int rc;

	fuzz_check_ranges(&t->include);
	fuzz_check_ranges(&t->exclude);
	if (oracle) {
		inc = copy_ranges(&t->include);
		ex = copy_ranges(&t->exclude);
	}
	rc = xm_targets_finalize(t, err, sizeof(err));
	if (rc) {
		fuzz_check_err(err, sizeof(err));
		FUZZ_CHECK((t->count == 0 && t->include.n == 0) || (v6 && strstr(err, "IPv")),
			   "finalize failed with %llu targets left: %s",
			   (unsigned long long)t->count, err);
	} else {
		FUZZ_CHECK(t->count > 0, "finalize succeeded with no target");
		check_normalized(&t->include);
		check_normalized(&t->exclude);
		check_index(t);
	}
	if (oracle) {
		check_edges(t, &inc, &inc, &ex);
		check_edges(t, &ex, &inc, &ex);
	}
	free(inc.v);
	free(ex.v);
}

/* How many values an octet item ("7", "1-3", "-9", "250-", "*") may stand for. */
static unsigned item_values(const char *t, size_t n)
{
	const char *dash = memchr(t, '-', n);
	unsigned long lo = 0, hi = 255;

	if (memchr(t, '*', n))
		return 256;
	if (!dash)
		return 1;
	if (dash > t)
		lo = strtoul(t, NULL, 10);
	if (dash + 1 < t + n)
		hi = strtoul(dash + 1, NULL, 10);
	return lo <= hi && hi <= 255 ? (unsigned)(hi - lo + 1) : 256;
}

/* An upper bound on the values of one octet ("1-3,7,*"); its item count in *items. */
static unsigned octet_values(const char *s, size_t len, unsigned *items)
{
	const char *end = s + len;
	unsigned total = 0;

	*items = 0;
	for (;;) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *item_end = comma ? comma : end;

		total += item_values(s, (size_t)(item_end - s));
		(*items)++;
		if (!comma)
			break;
		s = comma + 1;
	}
	return total < 256 ? total : 256;
}

uint64_t fuzz_pattern_cost(const char *spec)
{
	uint64_t n[4] = { 1, 1, 1, 1 };
	unsigned items = 1, runs, i;
	const char *s = spec;

	if (strchr(spec, '/'))
		return 1;	/* CIDR: one range */
	for (i = 0; i < 4; i++) {
		const char *dot = strchr(s, '.');
		size_t len = dot ? (size_t)(dot - s) : strlen(s);

		n[i] = octet_values(s, len, &items);
		if (!dot)
			break;
		s = dot + 1;
	}
	runs = items < 128 ? items : 128;
	/* The c loop runs for every (a,b); the d loop and the pushes for every (a,b,c). */
	return n[0] * n[1] * 256 + n[0] * n[1] * n[2] * (256 + 16 * runs);
}
