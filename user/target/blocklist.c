// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* zmap's --blocklist/--allowlist files, -iR's random public targets, the default blocklist. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "blocklist.h"
#include "datafile.h"

/* The longest line a CIDR file may have (comments included). */
#define CIDR_LINE_MAX 1024

/* "a.b.c.d" or "a.b.c.d/n" into [lo, hi]; the address is masked to its network. */
static int parse_cidr(const char *s, uint32_t *lo, uint32_t *hi)
{
	char addr[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long bits = 32;
	struct in_addr a;
	uint32_t mask;
	char *end;

	if (alen >= sizeof(addr))
		return -1;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, &a) != 1)
		return -1;
	if (slash) {
		if (slash[1] < '0' || slash[1] > '9')
			return -1;
		errno = 0;
		bits = strtoul(slash + 1, &end, 10);
		if (errno || *end || bits > 32)
			return -1;
	}
	mask = bits ? ~0u << (32 - bits) : 0;
	*lo = ntohl(a.s_addr) & mask;
	*hi = *lo | ~mask;
	return 0;
}

/* One line: 1 with a range, 0 when blank or a comment, -1 when malformed. */
static int parse_line(char *line, uint32_t *lo, uint32_t *hi)
{
	char *tok, *rest;

	line[strcspn(line, "#\r\n")] = '\0';
	tok = line + strspn(line, " \t");
	if (!*tok)
		return 0;
	rest = tok + strcspn(tok, " \t");
	if (*rest) {
		*rest++ = '\0';
		if (rest[strspn(rest, " \t")])
			return -1;
	}
	return parse_cidr(tok, lo, hi) ? -1 : 1;
}

int xm_cidr_file_read(const char *path, struct xm_ranges *out, char *err, size_t errlen)
{
	char line[CIDR_LINE_MAX + 2];
	unsigned long lineno = 0;
	uint32_t lo, hi;
	FILE *f = fopen(path, "re");
	int rc = 0, r;

	if (!f) {
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	while (!rc && fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "'%s': line %lu is longer than %d bytes", path,
				 lineno, CIDR_LINE_MAX);
			rc = -1;
			break;
		}
		r = parse_line(line, &lo, &hi);
		if (r < 0) {
			snprintf(err, errlen, "'%s': line %lu: expected an IPv4 address or "
				 "CIDR a.b.c.d/n, then an optional # comment", path, lineno);
			rc = -1;
		} else if (r > 0 && xm_ranges_push(out, lo, hi)) {
			snprintf(err, errlen, "out of memory reading '%s'", path);
			rc = -1;
		}
	}
	if (!rc && ferror(f)) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		rc = -1;
	}
	fclose(f);
	return rc;
}

const char *xm_blocklist_default_path(char *buf, size_t len)
{
	return xm_data_path("blocklist.conf", "XDPMAP_BLOCKLIST", buf, len);
}

/* Whether a normalized list holds addr. */
static bool ranges_has(const struct xm_ranges *r, uint32_t addr)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid].hi < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n && r->v[lo].lo <= addr;
}

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort and drop repeats: the count of distinct addresses left at the front. */
static size_t sort_unique(uint32_t *v, size_t n)
{
	size_t i, k = 0;

	qsort(v, n, sizeof(*v), cmp_u32);
	for (i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* The lists a random address must avoid (block, exclude) or be in (allow, when not empty). */
struct draw_rules {
	const struct xm_ranges *block, *exclude, *allow;
};

/* -iR: 'want' distinct random addresses that the rules accept, pushed to 'out'. */
static int draw_random(const struct xm_config *cfg, const struct draw_rules *r, uint64_t want,
		       struct xm_ranges *out, uint64_t *rejected, char *err, size_t errlen)
{
	uint64_t seed = cfg->seed, tries = 0, limit = want * 64 + (1u << 20);
	uint32_t *v = malloc(want * sizeof(*v));
	size_t n = 0, i;
	uint32_t a;

	if (!v) {
		snprintf(err, errlen, "out of memory for %llu random targets",
			 (unsigned long long)want);
		return -1;
	}
	if (!cfg->seed_set && getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed ^= (uint64_t)getpid() << 32 ^ (uint64_t)time(NULL);
	while (n < want && tries++ < limit) {
		a = (uint32_t)splitmix64(&seed);
		if (ranges_has(r->exclude, a) || (r->allow->n && !ranges_has(r->allow, a))) {
			continue;
		} else if (ranges_has(r->block, a)) {
			(*rejected)++;
			continue;
		}
		v[n++] = a;
		if (n == want)
			n = sort_unique(v, n);
	}
	for (i = 0; i < n; i++)
		if (xm_ranges_push(out, v[i], v[i]))
			break;
	free(v);
	if (n < want || i < n) {
		snprintf(err, errlen, n < want ? "-iR: could not draw %llu random addresses outside "
			 "the blocklist and excludes" : "out of memory for %llu random targets",
			 (unsigned long long)want);
		return -1;
	}
	return 0;
}

/* Only the addresses of 'allow' (normalized, not empty) stay targets: exclude its complement. */
static int exclude_outside(struct xm_ranges *exclude, const struct xm_ranges *allow)
{
	uint64_t next = 0;
	size_t i;

	for (i = 0; i < allow->n; i++) {
		if (allow->v[i].lo > next && xm_ranges_push(exclude, (uint32_t)next,
							    allow->v[i].lo - 1))
			return -1;
		next = (uint64_t)allow->v[i].hi + 1;
	}
	if (next <= UINT32_MAX && xm_ranges_push(exclude, (uint32_t)next, UINT32_MAX))
		return -1;
	return 0;
}

static int copy_ranges(struct xm_ranges *dst, const struct xm_ranges *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		if (xm_ranges_push(dst, src->v[i].lo, src->v[i].hi))
			return -1;
	return 0;
}

/* The files: --allowlist into 'allow', the blocklist (given, or the default for -iR) into 'block'. */
static int read_lists(struct xm_config *cfg, struct xm_ranges *allow, struct xm_ranges *block,
		      char *err, size_t errlen)
{
	char path[PATH_MAX];

	if (cfg->allowlist && xm_cidr_file_read(cfg->allowlist, allow, err, errlen))
		return -1;
	xm_ranges_normalize(allow);
	if (cfg->blocklist || (cfg->random_targets && !cfg->no_blocklist)) {
		const char *p = cfg->blocklist ? cfg->blocklist :
				xm_blocklist_default_path(path, sizeof(path));

		if (xm_cidr_file_read(p, block, err, errlen))
			return -1;
		snprintf(cfg->blocklist_used, sizeof(cfg->blocklist_used), "%s", p);
	}
	xm_ranges_normalize(block);
	return 0;
}

/* Subtract the blocklist from the finalized targets; cfg->blocklisted counts what it took. */
static int apply_blocklist(struct xm_config *cfg, const struct xm_ranges *block, char *err,
			   size_t errlen)
{
	struct xm_targets *t = &cfg->targets;
	uint64_t before = t->count;

	if (copy_ranges(&t->exclude, block)) {
		snprintf(err, errlen, "out of memory applying the blocklist");
		return -1;
	}
	if (xm_targets_finalize(t, err, errlen)) {
		snprintf(err, errlen, "no targets left to scan: the blocklist '%s' holds all %llu "
			 "(--no-blocklist keeps them)", cfg->blocklist_used,
			 (unsigned long long)before);
		return -1;
	}
	cfg->blocklisted += before - t->count;
	return 0;
}

/* Above the threshold the default blocklist applies; the /8 rail still wants --exclude. */
static int default_blocklist(struct xm_config *cfg, struct xm_ranges *block, char *err,
			     size_t errlen)
{
	char path[PATH_MAX];
	const char *p;

	if (cfg->blocklist_used[0] || cfg->no_blocklist || cfg->targets.count <= XM_BLOCKLIST_THRESHOLD)
		return 0;
	if (!cfg->targets.exclude.n && !cfg->allowlist)
		return 0; /* refused by the size check (cli.c) */
	p = xm_blocklist_default_path(path, sizeof(path));
	if (xm_cidr_file_read(p, block, err, errlen))
		return -1;
	xm_ranges_normalize(block);
	snprintf(cfg->blocklist_used, sizeof(cfg->blocklist_used), "%s", p);
	return 0;
}

int xm_targets_build(struct xm_config *cfg, char *err, size_t errlen)
{
	struct xm_targets *t = &cfg->targets;
	struct xm_ranges allow = { 0 }, block = { 0 };
	int rc = -1;

	if (read_lists(cfg, &allow, &block, err, errlen))
		goto out;
	if (cfg->random_targets) {
		struct draw_rules r = { .block = &block, .exclude = &t->exclude, .allow = &allow };

		xm_ranges_normalize(&t->exclude);
		if (draw_random(cfg, &r, cfg->random_targets, &t->include, &cfg->blocklisted, err,
				errlen))
			goto out;
	} else if (allow.n && (t->include.n ? exclude_outside(&t->exclude, &allow) :
				copy_ranges(&t->include, &allow))) {
		snprintf(err, errlen, "out of memory applying the allowlist");
		goto out;
	}
	if (xm_targets_finalize(t, err, errlen) || default_blocklist(cfg, &block, err, errlen))
		goto out;
	rc = block.n && !cfg->random_targets ? apply_blocklist(cfg, &block, err, errlen) : 0;
out:
	free(allow.v);
	free(block.v);
	return rc;
}
