// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The answered-pairs bitmap over the port scan's index space. */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include "answered.h"

/* The paged set over a->npairs pairs; 0, or -1 (no set) when out of memory. */
static int init_paged(struct xm_answered *a)
{
	a->paged = malloc(sizeof(*a->paged));
	if (!a->paged || xm_pages_init(a->paged)) {
		free(a->paged);
		a->paged = NULL;
		return -1;
	}
	return 0;
}

/* Set up a over targets x ports, paged when 'paged' or when the space is over the flat limit. */
static int init(struct xm_answered *a, const struct xm_targets *targets,
		const struct xm_ports *ports, bool paged)
{
	*a = (struct xm_answered){ .targets = targets, .ports = ports };
	if (!ports->n || targets->count > XM_ANSWERED_MAX_HOSTS)
		return -1;
	a->npairs = targets->count * ports->n; /* at most 2^32 x 2^17 */
	if (paged || a->npairs > XM_ANSWERED_MAX_PAIRS)
		return init_paged(a);
	a->bits = calloc((size_t)((a->npairs + 63) / 64), sizeof(*a->bits));
	return a->bits ? 0 : -1;
}

int xm_answered_init(struct xm_answered *a, const struct xm_targets *targets,
		     const struct xm_ports *ports)
{
	return init(a, targets, ports, false);
}

int xm_answered_init_paged(struct xm_answered *a, const struct xm_targets *targets,
			   const struct xm_ports *ports)
{
	return init(a, targets, ports, true);
}

/* Where 'port' of 'proto' is in p (TCP entries first, then the n_udp UDP ones, each sorted). */
static int port_index(const struct xm_ports *p, uint8_t proto, uint16_t port)
{
	size_t first_udp = p->n - p->n_udp;
	size_t lo = proto == IPPROTO_UDP ? first_udp : 0;
	size_t hi = proto == IPPROTO_UDP ? p->n : first_udp;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->v[mid] < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->n && p->v[lo] == port ? (int)lo : -1;
}

int64_t xm_answered_pair(const struct xm_answered *a, uint32_t addr, uint8_t proto,
			 uint16_t port)
{
	int64_t host;
	int j;

	if (!xm_answered_on(a))
		return -1;
	host = xm_targets_index(a->targets, addr);
	j = host < 0 ? -1 : port_index(a->ports, proto, port);
	return j < 0 ? -1 : host * (int64_t)a->ports->n + j;
}

int64_t xm_answered_pair6(const struct xm_answered *a, const struct xm_addr *addr, uint8_t proto,
			  uint16_t port)
{
	int64_t host;
	int j;

	if (!xm_answered_on(a))
		return -1;
	host = xm_targets_index_of(a->targets, addr);
	j = host < 0 ? -1 : port_index(a->ports, proto, port);
	return j < 0 ? -1 : host * (int64_t)a->ports->n + j;
}

bool xm_answered_test(const struct xm_answered *a, uint64_t i)
{
	if (a->paged)
		return i < a->npairs && xm_pages_test(a->paged, i);
	return a->bits && i < a->npairs && (a->bits[i / 64] >> (i % 64) & 1);
}

/* Set bit i (< npairs) of the set: false when it was set already. */
static bool set_bit(struct xm_answered *a, uint64_t i)
{
	uint64_t bit = 1ULL << (i % 64);

	if (a->paged)
		return xm_pages_add(a->paged, i) != 0; /* -1: not kept, but not a duplicate */
	if (a->bits[i / 64] & bit)
		return false;
	a->bits[i / 64] |= bit;
	return true;
}

bool xm_answered_mark(struct xm_answered *a, uint64_t i, uint8_t state)
{
	if (!xm_answered_on(a) || i >= a->npairs || !set_bit(a, i))
		return false;
	a->n++;
	if (state <= XM_STATE_FILTERED)
		a->state[state]++;
	return true;
}

bool xm_answered_port(const struct xm_answered *a, uint64_t host, uint8_t proto, uint16_t port)
{
	int j = a->ports->n ? port_index(a->ports, proto, port) : -1;

	return j >= 0 && host < a->targets->count && xm_answered_test(a, host * a->ports->n + j);
}

uint64_t xm_answered_next(const struct xm_answered *a, uint64_t i, uint64_t end)
{
	uint64_t w;

	if (end > a->npairs)
		end = a->npairs;
	if (!xm_answered_on(a) || i >= end)
		return end;
	if (a->paged) {
		i = xm_pages_next(a->paged, i);
		return i < end ? i : end;
	}
	for (w = a->bits[i / 64] & (~0ULL << (i % 64)); !w; w = a->bits[i / 64]) {
		i = (i / 64 + 1) * 64;
		if (i >= end)
			return end;
	}
	i = i / 64 * 64 + (uint64_t)__builtin_ctzll(w);
	return i < end ? i : end;
}

bool xm_answered_host(const struct xm_answered *a, uint64_t host)
{
	uint64_t i = host * a->ports->n, end = i + a->ports->n;

	if (!xm_answered_on(a) || end > a->npairs)
		return false;
	if (a->paged)
		return xm_pages_any(a->paged, i, end);
	while (i < end) {
		uint64_t word = a->bits[i / 64] >> (i % 64);
		uint64_t span = 64 - i % 64;

		if (span > end - i)
			span = end - i;
		if (span < 64)
			word &= (1ULL << span) - 1;
		if (word)
			return true;
		i += span;
	}
	return false;
}

uint64_t xm_answered_next_host(const struct xm_answered *a, uint64_t host)
{
	uint64_t i, w;

	if (!xm_answered_on(a) || host >= a->targets->count)
		return a->targets->count;
	i = host * a->ports->n;
	if (a->paged) {
		i = xm_pages_next(a->paged, i);
		return i < a->npairs ? i / a->ports->n : a->targets->count;
	}
	w = a->bits[i / 64] & (~0ULL << (i % 64));
	for (i /= 64; !w; w = a->bits[i])
		if (++i >= (a->npairs + 63) / 64)
			return a->targets->count;
	return (i * 64 + (uint64_t)__builtin_ctzll(w)) / a->ports->n;
}

size_t xm_answered_bytes(const struct xm_answered *a)
{
	if (a->paged)
		return sizeof(*a->paged) + a->paged->bytes;
	return a->bits ? (size_t)((a->npairs + 63) / 64 * sizeof(*a->bits)) : 0;
}

void xm_answered_free(struct xm_answered *a)
{
	if (a->paged)
		xm_pages_free(a->paged);
	else
		free(a->bits);
	free(a->paged);
	memset(a, 0, sizeof(*a));
}
