// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Open-addressing hash set of findings. */
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "results.h"

static size_t slot_of(const struct xm_finding *f, size_t cap)
{
	uint64_t h = (uint64_t)f->family << 24 | (uint64_t)f->proto << 16 | f->port;
	int i;

	for (i = 0; i < 4; i++) {
		h = (h ^ f->addr.w[i]) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 32;
	}
	return (size_t)h & (cap - 1);
}

bool xm_finding_same(const struct xm_finding *a, const struct xm_finding *b)
{
	return a->family == b->family && a->proto == b->proto && a->port == b->port &&
	       xm_addr_eq(&a->addr, &b->addr);
}

static struct xm_finding *find(const struct xm_results *r, const struct xm_finding *key)
{
	size_t i = slot_of(key, r->cap);

	while (r->slots[i].state) {
		if (xm_finding_same(&r->slots[i], key))
			return &r->slots[i];
		i = (i + 1) & (r->cap - 1);
	}
	return &r->slots[i];
}

static int grow(struct xm_results *r)
{
	struct xm_results bigger = { .cap = r->cap ? r->cap * 2 : 1024 };
	size_t i;

	bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots));
	if (!bigger.slots)
		return -1;
	for (i = 0; i < r->cap; i++)
		if (r->slots[i].state)
			*find(&bigger, &r->slots[i]) = r->slots[i];
	bigger.n = r->n;
	free(r->slots);
	*r = bigger;
	return 0;
}

int xm_results_add(struct xm_results *r, const struct xm_finding *f)
{
	struct xm_finding *slot;

	if ((r->n + 1) * 2 > r->cap && grow(r))
		return -1;
	slot = find(r, f);
	if (slot->state)
		return 0;
	*slot = *f;
	r->n++;
	return 1;
}

struct xm_finding *xm_results_find(struct xm_results *r, const struct xm_finding *key)
{
	struct xm_finding *f;

	if (!r->cap)
		return NULL;
	f = find(r, key);
	return f->state ? f : NULL;
}

bool xm_results_has(const struct xm_results *r, const struct xm_finding *key)
{
	return r->cap && find(r, key)->state;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct xm_finding *x = a, *y = b;
	int c = xm_addr_cmp(x->family, &x->addr, y->family, &y->addr);

	if (c)
		return c;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	return (int)x->port - (int)y->port;
}

struct xm_finding *xm_results_sorted(const struct xm_results *r)
{
	struct xm_finding *out = malloc((r->n ? r->n : 1) * sizeof(*out));
	size_t i, o = 0;

	if (!out)
		return NULL;
	for (i = 0; i < r->cap; i++)
		if (r->slots[i].state)
			out[o++] = r->slots[i];
	qsort(out, o, sizeof(*out), cmp_finding);
	return out;
}

void xm_results_free(struct xm_results *r)
{
	free(r->slots);
	memset(r, 0, sizeof(*r));
}
