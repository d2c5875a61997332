// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -sV's per-host budgets: a hash table from a host's address to the end of its budget. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "svc_hosts.h"

struct svc_host {
	struct xm_addr addr;
	uint8_t family;		/* 0: an empty slot */
	double end;
};

/* FNV-1a over the family and the 16 address bytes. */
static size_t host_hash(uint8_t family, const struct xm_addr *addr)
{
	uint64_t h = 1469598103934665603ULL ^ family;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ addr->b[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 32));
}

/* The slot of (family, addr) in slots (cap a power of two): its entry or the empty one. */
static struct svc_host *host_slot(struct svc_host *slots, size_t cap, uint8_t family,
				  const struct xm_addr *addr)
{
	size_t i = host_hash(family, addr) & (cap - 1);

	while (slots[i].family &&
	       (slots[i].family != family || memcmp(&slots[i].addr, addr, sizeof(*addr))))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

/* Double the table (or make its first 64 slots); false when out of memory. */
static bool hosts_grow(struct xm_svc_hosts *h)
{
	size_t cap = h->cap ? 2 * h->cap : 64, i;
	struct svc_host *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return false;
	for (i = 0; i < h->cap; i++)
		if (h->slot[i].family)
			*host_slot(slots, cap, h->slot[i].family, &h->slot[i].addr) = h->slot[i];
	free(h->slot);
	h->slot = slots;
	h->cap = cap;
	return true;
}

double xm_svc_host_end(struct xm_svc_hosts *h, uint8_t family, const struct xm_addr *addr,
		       double now, double timeout)
{
	struct svc_host *e;

	if (!family) /* 0 marks an empty slot: such a key is never stored */
		return now + timeout;
	if (h->cap) {
		e = host_slot(h->slot, h->cap, family, addr);
		if (e->family)
			return e->end;
	}
	if (2 * (h->n + 1) > h->cap && !hosts_grow(h))
		return now + timeout;
	e = host_slot(h->slot, h->cap, family, addr);
	*e = (struct svc_host){ .addr = *addr, .family = family, .end = now + timeout };
	h->n++;
	return e->end;
}

void xm_svc_hosts_free(struct xm_svc_hosts *h)
{
	free(h->slot);
	*h = (struct xm_svc_hosts){ 0 };
}
