// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Open-addressing hash set of findings. */
#include <stdlib.h>
#include <string.h>
#include "results.h"

static size_t slot_of(uint32_t addr, uint16_t port, size_t cap)
{
	uint64_t k = ((uint64_t)addr << 16 | port) * 0x9e3779b97f4a7c15ULL;

	return (size_t)(k >> 32) & (cap - 1);
}

static struct xm_finding *find(const struct xm_results *r, uint32_t addr,
			       uint16_t port)
{
	size_t i = slot_of(addr, port, r->cap);

	while (r->slots[i].state) {
		if (r->slots[i].addr == addr && r->slots[i].port == port)
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
			*find(&bigger, r->slots[i].addr, r->slots[i].port) = r->slots[i];
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
	slot = find(r, f->addr, f->port);
	if (slot->state)
		return 0;
	*slot = *f;
	r->n++;
	return 1;
}

struct xm_finding *xm_results_find(struct xm_results *r, uint32_t addr, uint16_t port)
{
	struct xm_finding *f;

	if (!r->cap)
		return NULL;
	f = find(r, addr, port);
	return f->state ? f : NULL;
}

bool xm_results_has(const struct xm_results *r, uint32_t addr, uint16_t port)
{
	return r->cap && find(r, addr, port)->state;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct xm_finding *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
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
