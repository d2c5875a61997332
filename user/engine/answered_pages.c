// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The paged set of answered pairs: pages of bits found through a table of page numbers. */
#include <stdlib.h>
#include <string.h>
#include "answered_pages.h"

#define WORDS (XM_PAGE_BITS / 64)
#define CHUNK_PAGES 4096

struct xm_page {
	uint64_t w[WORDS];
};

struct xm_page_chunk {
	struct xm_page_chunk *next;
	size_t used;
	struct xm_page pages[CHUNK_PAGES];
};

struct xm_page_slot {
	uint64_t key; /* page number + 1; 0: empty */
	struct xm_page *page;
};

struct xm_page_table {
	struct xm_page_table *older; /* outgrown tables, kept for readers still on them */
	size_t cap;		     /* a power of two */
	struct xm_page_slot slots[];
};

static size_t slot_of(uint64_t key, size_t cap)
{
	uint64_t h = key * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h ^ h >> 29) & (cap - 1);
}

static struct xm_page_table *table_new(size_t cap, struct xm_page_table *older)
{
	struct xm_page_table *t = calloc(1, sizeof(*t) + cap * sizeof(t->slots[0]));

	if (t) {
		t->cap = cap;
		t->older = older;
	}
	return t;
}

int xm_pages_init(struct xm_pages *p)
{
	*p = (struct xm_pages){ .table = table_new(1024, NULL) };
	if (!p->table)
		return -1;
	p->bytes = sizeof(*p->table) + 1024 * sizeof(p->table->slots[0]);
	return 0;
}

/* The page of page number 'num' in t, or NULL. */
static struct xm_page *find(const struct xm_page_table *t, uint64_t num)
{
	size_t i = slot_of(num + 1, t->cap);
	uint64_t key;

	while ((key = __atomic_load_n(&t->slots[i].key, __ATOMIC_ACQUIRE))) {
		if (key == num + 1)
			return t->slots[i].page;
		i = (i + 1) & (t->cap - 1);
	}
	return NULL;
}

static const struct xm_page_table *current(const struct xm_pages *p)
{
	return __atomic_load_n(&p->table, __ATOMIC_ACQUIRE);
}

bool xm_pages_test(const struct xm_pages *p, uint64_t i)
{
	const struct xm_page *pg = find(current(p), i / XM_PAGE_BITS);
	uint64_t bit = i % XM_PAGE_BITS;

	return pg && (pg->w[bit / 64] >> (bit % 64) & 1);
}

/* Put page pg of number 'num' in t (not there yet): its page first, then its key. */
static void put(struct xm_page_table *t, uint64_t num, struct xm_page *pg)
{
	size_t i = slot_of(num + 1, t->cap);

	while (t->slots[i].key)
		i = (i + 1) & (t->cap - 1);
	t->slots[i].page = pg;
	__atomic_store_n(&t->slots[i].key, num + 1, __ATOMIC_RELEASE);
}

/* A table twice as large with every page, published once filled; -1 when out of memory. */
static int grow(struct xm_pages *p)
{
	struct xm_page_table *t = p->table, *bigger = table_new(t->cap * 2, t);
	size_t i;

	if (!bigger)
		return -1;
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].key)
			put(bigger, t->slots[i].key - 1, t->slots[i].page);
	p->bytes += sizeof(*bigger) + bigger->cap * sizeof(bigger->slots[0]);
	__atomic_store_n(&p->table, bigger, __ATOMIC_RELEASE);
	return 0;
}

/* A zeroed page from the current chunk (a new chunk when it is used up), or NULL. */
static struct xm_page *page_new(struct xm_pages *p)
{
	struct xm_page_chunk *c = p->chunks;

	if (!c || c->used == CHUNK_PAGES) {
		c = calloc(1, sizeof(*c));
		if (!c)
			return NULL;
		c->next = p->chunks;
		p->chunks = c;
		p->bytes += sizeof(*c);
	}
	return &c->pages[c->used++];
}

int xm_pages_add(struct xm_pages *p, uint64_t i)
{
	uint64_t num = i / XM_PAGE_BITS, bit = i % XM_PAGE_BITS, mask = 1ULL << (bit % 64);
	struct xm_page *pg = find(p->table, num);

	if (!pg) {
		if ((p->npages + 1) * 2 > p->table->cap && grow(p))
			return -1;
		pg = page_new(p);
		if (!pg)
			return -1;
		put(p->table, num, pg);
		p->npages++;
	}
	if (pg->w[bit / 64] & mask)
		return 0;
	pg->w[bit / 64] |= mask;
	return 1;
}

bool xm_pages_any(const struct xm_pages *p, uint64_t lo, uint64_t hi)
{
	const struct xm_page_table *t = current(p);

	while (lo < hi) {
		const struct xm_page *pg = find(t, lo / XM_PAGE_BITS);
		uint64_t end = (lo / XM_PAGE_BITS + 1) * XM_PAGE_BITS;

		if (end > hi)
			end = hi;
		for (; pg && lo < end; lo++)
			if (pg->w[lo % XM_PAGE_BITS / 64] >> (lo % 64) & 1)
				return true;
		lo = end;
	}
	return false;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* p->sorted: every page number in order. Returns 0, or -1 when out of memory. */
static int sort_pages(struct xm_pages *p)
{
	size_t i, k = 0;
	uint64_t *v;

	if (p->sorted && p->nsorted == p->npages)
		return 0;
	v = realloc(p->sorted, (p->npages + 1) * sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < p->table->cap; i++)
		if (p->table->slots[i].key)
			v[k++] = p->table->slots[i].key - 1;
	qsort(v, k, sizeof(*v), cmp_u64);
	p->sorted = v;
	p->nsorted = k;
	return 0;
}

/* The first bit >= 'from' of page pg (bits of page number 'num'), or UINT64_MAX. */
static uint64_t first_in_page(const struct xm_page *pg, uint64_t num, uint64_t from)
{
	uint64_t base = num * XM_PAGE_BITS, b = from > base ? from - base : 0;

	for (; b < XM_PAGE_BITS; b = (b / 64 + 1) * 64) {
		uint64_t w = pg->w[b / 64] & (~0ULL << (b % 64));

		if (w)
			return base + b / 64 * 64 + (uint64_t)__builtin_ctzll(w);
	}
	return UINT64_MAX;
}

uint64_t xm_pages_next(struct xm_pages *p, uint64_t i)
{
	size_t lo = 0, hi;

	if (sort_pages(p))
		return UINT64_MAX; /* out of memory: as if no more */
	hi = p->nsorted;
	while (lo < hi) { /* the first page number >= i's */
		size_t mid = lo + (hi - lo) / 2;

		if (p->sorted[mid] < i / XM_PAGE_BITS)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < p->nsorted; lo++) {
		uint64_t hit = first_in_page(find(p->table, p->sorted[lo]), p->sorted[lo], i);

		if (hit != UINT64_MAX)
			return hit;
	}
	return UINT64_MAX;
}

void xm_pages_free(struct xm_pages *p)
{
	struct xm_page_table *t = p->table;
	struct xm_page_chunk *c = p->chunks;

	while (t) {
		struct xm_page_table *older = t->older;

		free(t);
		t = older;
	}
	while (c) {
		struct xm_page_chunk *next = c->next;

		free(c);
		c = next;
	}
	free(p->sorted);
	memset(p, 0, sizeof(*p));
}
