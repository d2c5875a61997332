// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Target specification parsing (nmap syntax), exclusion and indexing. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "targets.h"
#include "targets_ipv6.h"

/* Octet patterns expand into one range per (a,b,c) triple and last-octet run. */
#define XM_MAX_RANGES (1u << 24)

static bool same_net(const uint32_t a[3], const uint32_t b[3])
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
}

/* Order of the upper 96 bits: negative, 0 or positive. */
static int net_cmp(const uint32_t a[3], const uint32_t b[3])
{
	int k;

	for (k = 0; k < 3; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

static int push_net(struct xm_ranges *r, const uint32_t net[3], uint32_t lo, uint32_t hi)
{
	struct xm_range *last = r->n ? &r->v[r->n - 1] : NULL;

	/* extend the last range when the new one follows it ("*.*.*.*" stays one range) */
	if (last && same_net(last->net, net) && last->hi != UINT32_MAX && last->hi + 1 == lo) {
		if (hi > last->hi)
			last->hi = hi;
		return 0;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct xm_range *v;

		if (cap > XM_MAX_RANGES)
			return -1;
		v = realloc(r->v, cap * sizeof(*v));
		if (!v)
			return -1;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n] = (struct xm_range){ .lo = lo, .hi = hi,
					.net = { net[0], net[1], net[2] } };
	r->n++;
	return 0;
}

static int ranges_push(struct xm_ranges *r, uint32_t lo, uint32_t hi)
{
	static const uint32_t zero[3];

	r->has_ipv4 = true;
	return push_net(r, zero, lo, hi);
}

static int parse_u32(const char *s, size_t len, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_ipv4(const char *s, uint32_t *addr)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*addr = ntohl(a.s_addr);
	return 0;
}

static int resolve_name(const char *name, uint32_t *addr, char *err,
			size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_INET }, *res;
	int rc = getaddrinfo(name, NULL, &hints, &res);

	if (rc) {
		snprintf(err, errlen, "cannot resolve host name '%s': %s", name,
			 gai_strerror(rc));
		return -1;
	}
	*addr = ntohl(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr);
	freeaddrinfo(res);
	return 0;
}

static int parse_cidr(const char *spec, const char *slash,
		      struct xm_ranges *out, char *err, size_t errlen)
{
	char base[256];
	uint32_t addr, prefix, mask;
	size_t blen = (size_t)(slash - spec);

	if (parse_u32(slash + 1, strlen(slash + 1), 32, &prefix)) {
		snprintf(err, errlen, "invalid CIDR prefix '%s' in '%s' (0-32)",
			 slash, spec);
		return -1;
	}
	if (blen == 0 || blen >= sizeof(base)) {
		snprintf(err, errlen, "invalid target '%s'", spec);
		return -1;
	}
	memcpy(base, spec, blen);
	base[blen] = '\0';
	if (parse_ipv4(base, &addr) && resolve_name(base, &addr, err, errlen))
		return -1;
	mask = prefix ? ~0u << (32 - prefix) : 0;
	if (ranges_push(out, addr & mask, (addr & mask) | ~mask)) {
		snprintf(err, errlen, "out of memory for target '%s'", spec);
		return -1;
	}
	return 0;
}

/* "A.B.C.D-E.F.G.H": returns 1 if it is one, 0 if not, -1 on error. */
static int parse_full_range(const char *spec, struct xm_ranges *out, char *err,
			    size_t errlen)
{
	const char *dash = strchr(spec, '-');
	char left[64];
	uint32_t lo, hi;

	if (!dash || (size_t)(dash - spec) >= sizeof(left))
		return 0;
	memcpy(left, spec, (size_t)(dash - spec));
	left[dash - spec] = '\0';
	if (parse_ipv4(left, &lo) || parse_ipv4(dash + 1, &hi))
		return 0;
	if (lo > hi) {
		snprintf(err, errlen, "reversed address range '%s'", spec);
		return -1;
	}
	if (ranges_push(out, lo, hi)) {
		snprintf(err, errlen, "out of memory for target '%s'", spec);
		return -1;
	}
	return 1;
}

/* One octet: items "N", "N-M", "-M", "N-", "*" separated by ','. Sets bits of 'set'. */
static int parse_octet(const char *s, size_t len, uint8_t set[32])
{
	const char *end = s + len;

	if (len == 0)
		return -1;
	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *item_end = comma ? comma : end;
		const char *dash = memchr(s, '-', (size_t)(item_end - s));
		uint32_t lo = 0, hi = 255, v;

		if (item_end - s == 1 && *s == '*') {
			/* whole octet */
		} else if (!dash) {
			if (parse_u32(s, (size_t)(item_end - s), 255, &lo))
				return -1;
			hi = lo;
		} else {
			if (dash > s && parse_u32(s, (size_t)(dash - s), 255, &lo))
				return -1;
			if (dash + 1 < item_end &&
			    parse_u32(dash + 1, (size_t)(item_end - dash - 1), 255, &hi))
				return -1;
			if (lo > hi)
				return -2;
		}
		for (v = lo; v <= hi; v++)
			set[v / 8] |= (uint8_t)(1u << (v % 8));
		s = comma ? comma + 1 : end;
		if (comma && s == end)
			return -1;
	}
	return 0;
}

static int octet_has(const uint8_t set[32], unsigned v)
{
	return set[v / 8] & (1u << (v % 8));
}

static bool octet_full(const uint8_t set[32])
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (set[i] != 0xff)
			return false;
	return true;
}

/* The last octet: one range per run of consecutive values. */
static int expand_last(const uint8_t set[32], uint32_t net, struct xm_ranges *out)
{
	unsigned d, e;

	for (d = 0; d < 256; d++) {
		if (!octet_has(set, d))
			continue;
		for (e = d; e < 255 && octet_has(set, e + 1);)
			e++;
		if (ranges_push(out, net | d, net | e))
			return -1;
		d = e;
	}
	return 0;
}

/*
 * Octets from 'level' on, under 'net'. Once every remaining octet is '*',
 * the whole block is one range ("198.*.*.*" costs one push, not 65536).
 */
static int expand_from(uint8_t sets[4][32], int level, uint32_t net, struct xm_ranges *out)
{
	int k, shift = 8 * (3 - level);
	unsigned v;

	for (k = level; k < 4 && octet_full(sets[k]); k++)
		;
	if (k == 4)
		return ranges_push(out, net, net | (uint32_t)((1ULL << (8 * (4 - level))) - 1));
	if (level == 3)
		return expand_last(sets[3], net, out);
	for (v = 0; v < 256; v++)
		if (octet_has(sets[level], v) &&
		    expand_from(sets, level + 1, net | v << shift, out))
			return -1;
	return 0;
}

/* Emit the ranges of an octet pattern, merged where they touch. */
static int expand_octets(uint8_t sets[4][32], struct xm_ranges *out)
{
	return expand_from(sets, 0, 0, out);
}

static int parse_octet_pattern(const char *spec, struct xm_ranges *out,
			       char *err, size_t errlen)
{
	uint8_t sets[4][32];
	const char *s = spec;
	int i, rc;

	memset(sets, 0, sizeof(sets));
	for (i = 0; i < 4; i++) {
		const char *dot = strchr(s, '.');
		size_t len = dot ? (size_t)(dot - s) : strlen(s);

		if ((i < 3 && !dot) || (i == 3 && dot))
			goto bad;
		rc = parse_octet(s, len, sets[i]);
		if (rc == -2) {
			snprintf(err, errlen, "reversed octet range in '%s'", spec);
			return -1;
		}
		if (rc)
			goto bad;
		s = dot ? dot + 1 : s + len;
	}
	if (expand_octets(sets, out)) {
		snprintf(err, errlen, "target '%s' expands to too many ranges", spec);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "invalid target '%s' (octet out of 0-255 or malformed)",
		 spec);
	return -1;
}

static int is_pattern(const char *s)
{
	return s[0] && strspn(s, "0123456789.,-*") == strlen(s);
}

static int parse_spec(const char *spec, struct xm_ranges *out, char *err, size_t errlen)
{
	const char *slash = strchr(spec, '/');
	uint32_t addr;
	int rc;

	if (slash)
		return parse_cidr(spec, slash, out, err, errlen);
	rc = parse_full_range(spec, out, err, errlen);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (is_pattern(spec))
		return parse_octet_pattern(spec, out, err, errlen);
	if (resolve_name(spec, &addr, err, errlen))
		return -1;
	if (ranges_push(out, addr, addr)) {
		snprintf(err, errlen, "out of memory for target '%s'", spec);
		return -1;
	}
	return 0;
}

/* IPv6: any spec with a colon; with -6 also names (and name/n), but not IPv4 literals. */
static bool ipv6_spec(const char *spec, const struct xm_ranges *out)
{
	size_t base = strcspn(spec, "/");

	if (strchr(spec, ':'))
		return true;
	return out->resolve_family == XM_FAMILY_IPV6 &&
	       strspn(spec, "0123456789.,-*") < base;
}

/* Keep the first spec of a family that 'out' did not hold before, for messages. */
static void note_spec(char note[XM_SPEC_NOTE], bool had, bool has, const char *spec)
{
	if (!had && has)
		snprintf(note, XM_SPEC_NOTE, "%s", spec);
}

int xm_parse_target(const char *spec, struct xm_ranges *out, char *err,
		    size_t errlen)
{
	bool had4 = out->has_ipv4, had6 = out->has_ipv6;
	int rc;

	if (!*spec) {
		snprintf(err, errlen, "empty target specification");
		return -1;
	}
	if (ipv6_spec(spec, out))
		rc = xm_parse_target6(spec, out, err, errlen);
	else
		rc = parse_spec(spec, out, err, errlen);
	note_spec(out->ipv4_spec, had4, out->has_ipv4, spec);
	note_spec(out->ipv6_spec, had6, out->has_ipv6, spec);
	return rc;
}

/* What read_line() found. */
enum line_status { LINE_OK, LINE_EOF, LINE_LONG, LINE_NUL, LINE_ERROR };

/*
 * One line of 'f', its newline dropped, into buf (size bytes: at most size - 1
 * of line). A file's last line may lack its newline. The error and end of file
 * tests come after the loop, so a read error is never taken for the end.
 */
static enum line_status read_line(FILE *f, char *buf, size_t size)
{
	size_t n = 0;
	bool nul = false;
	int c;

	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (n + 1 == size)
			return LINE_LONG;
		nul |= !c;
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	if (c == EOF && ferror(f))
		return LINE_ERROR;
	if (c == EOF && !n)
		return LINE_EOF;
	return nul ? LINE_NUL : LINE_OK;
}

/* Parse every spec of one comment-stripped line. */
static int parse_line(char *line, struct xm_ranges *out, char *err, size_t errlen)
{
	char *save, *tok, *hash = strchr(line, '#');
	int rc = 0;

	if (hash)
		*hash = '\0';
	for (tok = strtok_r(line, " \t\r", &save); tok && !rc; tok = strtok_r(NULL, " \t\r", &save))
		rc = xm_parse_target(tok, out, err, errlen);
	return rc;
}

/* The one-line reason for a line that read_line() could not give. */
static void line_error(enum line_status st, int errnum, const char *path, unsigned long lineno,
		       char *err, size_t errlen)
{
	if (st == LINE_LONG)
		snprintf(err, errlen, "target file '%s': line %lu is longer than %d bytes", path,
			 lineno, XM_TARGET_LINE_MAX);
	else if (st == LINE_NUL)
		snprintf(err, errlen, "target file '%s': line %lu holds a NUL byte (not a text file?)",
			 path, lineno);
	else
		snprintf(err, errlen, "cannot read target file '%s': %s", path,
			 strerror(errnum ? errnum : EIO));
}

int xm_parse_target_file(const char *path, struct xm_ranges *out, char *err,
			 size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	enum line_status st = LINE_OK;
	unsigned long lineno = 0;
	char *line = NULL;
	int rc = 0;

	if (!f || !(line = malloc(XM_TARGET_LINE_MAX + 1))) {
		snprintf(err, errlen, "cannot %s target file '%s': %s", f ? "read" : "open", path,
			 strerror(errno));
		rc = -1;
		goto out;
	}
	while (!rc) {
		errno = 0;
		lineno++;
		st = read_line(f, line, XM_TARGET_LINE_MAX + 1);
		if (st != LINE_OK)
			break;
		rc = parse_line(line, out, err, errlen);
	}
	if (!rc && st != LINE_EOF) {
		line_error(st, errno, path, lineno, err, errlen);
		rc = -1;
	}
out:
	free(line);
	if (f && f != stdin)
		fclose(f);
	return rc;
}

int xm_ranges_push(struct xm_ranges *r, uint32_t lo, uint32_t hi)
{
	return ranges_push(r, lo, hi);
}

int xm_ranges_push6(struct xm_ranges *r, const uint32_t net[3], uint32_t lo, uint32_t hi)
{
	r->has_ipv6 = true;
	return push_net(r, net, lo, hi);
}

static int cmp_range(const void *a, const void *b)
{
	const struct xm_range *x = a, *y = b;
	int c = net_cmp(x->net, y->net);

	if (c)
		return c;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

void xm_ranges_normalize(struct xm_ranges *r)
{
	size_t i, o = 0;

	if (!r->n)
		return;
	qsort(r->v, r->n, sizeof(*r->v), cmp_range);
	for (i = 1; i < r->n; i++) {
		if (same_net(r->v[i].net, r->v[o].net) &&
		    (uint64_t)r->v[i].lo <= (uint64_t)r->v[o].hi + 1) {
			if (r->v[i].hi > r->v[o].hi)
				r->v[o].hi = r->v[i].hi;
		} else {
			r->v[++o] = r->v[i];
		}
	}
	r->n = o + 1;
}

/* Whether exclusion range e lies wholly before the addresses [lo, ...] under r's net. */
static bool ex_before(const struct xm_range *e, const struct xm_range *r, uint64_t lo)
{
	int c = net_cmp(e->net, r->net);

	return c < 0 || (!c && e->hi < lo);
}

/* Both lists normalized: rewrite 'in' as in minus ex. */
static int subtract(struct xm_ranges *in, const struct xm_ranges *ex)
{
	struct xm_ranges out = { .has_ipv4 = in->has_ipv4, .has_ipv6 = in->has_ipv6,
				 .resolve_family = in->resolve_family };
	size_t i, j = 0;

	memcpy(out.ipv4_spec, in->ipv4_spec, sizeof(out.ipv4_spec));
	memcpy(out.ipv6_spec, in->ipv6_spec, sizeof(out.ipv6_spec));
	for (i = 0; i < in->n; i++) {
		const struct xm_range *r = &in->v[i];
		uint64_t lo = r->lo, hi = r->hi;

		while (j < ex->n && ex_before(&ex->v[j], r, lo))
			j++;
		for (size_t k = j; k < ex->n && same_net(ex->v[k].net, r->net) &&
				   ex->v[k].lo <= hi && lo <= hi; k++) {
			if (ex->v[k].lo > lo && push_net(&out, r->net, (uint32_t)lo,
							 ex->v[k].lo - 1))
				goto oom;
			lo = (uint64_t)ex->v[k].hi + 1;
		}
		if (lo <= hi && push_net(&out, r->net, (uint32_t)lo, (uint32_t)hi))
			goto oom;
	}
	free(in->v);
	*in = out;
	return 0;
oom:
	free(out.v);
	return -1;
}

/* One family per run: targets, and exclusions of the targets' family. */
static int check_families(const struct xm_targets *t, char *err, size_t errlen)
{
	const struct xm_ranges *in = &t->include, *ex = &t->exclude;

	if (in->has_ipv4 && in->has_ipv6) {
		snprintf(err, errlen, "IPv4 ('%s') and IPv6 ('%s') targets cannot be mixed in one "
			 "run", in->ipv4_spec, in->ipv6_spec);
		return -1;
	}
	if (in->has_ipv6 && ex->has_ipv4) {
		snprintf(err, errlen, "IPv4 exclusion '%s' in a scan of IPv6 targets",
			 ex->ipv4_spec);
		return -1;
	}
	if (!in->has_ipv6 && ex->has_ipv6) {
		snprintf(err, errlen, "IPv6 exclusion '%s' in a scan of IPv4 targets",
			 ex->ipv6_spec);
		return -1;
	}
	return 0;
}

int xm_targets_finalize(struct xm_targets *t, char *err, size_t errlen)
{
	size_t i;

	if (check_families(t, err, errlen))
		return -1;
	t->family = t->include.has_ipv6 ? XM_FAMILY_IPV6 : XM_FAMILY_IPV4;
	xm_ranges_normalize(&t->include);
	xm_ranges_normalize(&t->exclude);
	if (subtract(&t->include, &t->exclude))
		goto oom;
	free(t->prefix);
	t->prefix = calloc(t->include.n + 1, sizeof(*t->prefix));
	if (!t->prefix)
		goto oom;
	for (i = 0; i < t->include.n; i++)
		t->prefix[i + 1] = t->prefix[i] +
				   (uint64_t)(t->include.v[i].hi - t->include.v[i].lo) + 1;
	t->count = t->prefix[t->include.n];
	if (!t->count) {
		snprintf(err, errlen, "no targets left to scan (all excluded or none given)");
		return -1;
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory while building the target list");
	return -1;
}

/* The range holding index idx. */
static size_t range_at(const struct xm_targets *t, uint64_t idx)
{
	size_t lo = 0, hi = t->include.n - 1;

	while (lo < hi) { /* last range whose prefix <= idx */
		size_t mid = lo + (hi - lo + 1) / 2;

		if (t->prefix[mid] <= idx)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

uint32_t xm_targets_addr(const struct xm_targets *t, uint64_t idx)
{
	size_t r = range_at(t, idx);

	return t->include.v[r].lo + (uint32_t)(idx - t->prefix[r]);
}

struct xm_addr xm_targets_at(const struct xm_targets *t, uint64_t idx)
{
	size_t r = range_at(t, idx);
	const struct xm_range *g = &t->include.v[r];
	uint32_t low = g->lo + (uint32_t)(idx - t->prefix[r]);
	struct xm_addr a;

	if (t->family != XM_FAMILY_IPV6)
		return xm_addr_from_ipv4(htonl(low));
	a.w[0] = htonl(g->net[0]);
	a.w[1] = htonl(g->net[1]);
	a.w[2] = htonl(g->net[2]);
	a.w[3] = htonl(low);
	return a;
}

/* The index of net:addr (net all zero for IPv4), or -1. */
static int64_t index_in(const struct xm_targets *t, const uint32_t net[3], uint32_t addr)
{
	const struct xm_range key = { .lo = addr, .net = { net[0], net[1], net[2] } };
	size_t lo = 0, hi = t->include.n;

	while (lo < hi) { /* first range ending at or after the address */
		size_t mid = lo + (hi - lo) / 2;

		if (ex_before(&t->include.v[mid], &key, addr))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->include.n || !same_net(t->include.v[lo].net, net) ||
	    t->include.v[lo].lo > addr)
		return -1;
	return (int64_t)(t->prefix[lo] + (addr - t->include.v[lo].lo));
}

int64_t xm_targets_index(const struct xm_targets *t, uint32_t addr)
{
	static const uint32_t zero[3];

	return index_in(t, zero, addr);
}

int64_t xm_targets_index_of(const struct xm_targets *t, const struct xm_addr *a)
{
	uint32_t net[3] = { ntohl(a->w[0]), ntohl(a->w[1]), ntohl(a->w[2]) };

	if ((t->family == XM_FAMILY_IPV6) == !!xm_addr_is_ipv4(a))
		return -1;
	if (t->family != XM_FAMILY_IPV6)
		return xm_targets_index(t, ntohl(xm_addr_ipv4(a)));
	return index_in(t, net, ntohl(a->w[3]));
}

bool xm_targets_contains(const struct xm_targets *t, uint32_t addr)
{
	return xm_targets_index(t, addr) >= 0;
}

void xm_targets_free(struct xm_targets *t)
{
	free(t->include.v);
	free(t->exclude.v);
	free(t->prefix);
	t->include = (struct xm_ranges){ 0 };
	t->exclude = (struct xm_ranges){ 0 };
	t->family = XM_FAMILY_NONE;
	t->prefix = NULL;
	t->count = 0;
}
