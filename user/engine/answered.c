// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The answered-pairs bitmap over the port scan's index space. */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include "answered.h"

int xm_answered_init(struct xm_answered *a, const struct xm_targets *targets,
		     const struct xm_ports *ports)
{
	*a = (struct xm_answered){ .targets = targets, .ports = ports };
	if (!ports->n || targets->count > XM_ANSWERED_MAX_PAIRS / ports->n)
		return -1;
	a->npairs = targets->count * ports->n;
	a->bits = calloc((size_t)((a->npairs + 63) / 64), sizeof(*a->bits));
	return a->bits ? 0 : -1;
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

	if (!a->bits)
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

	if (!a->bits)
		return -1;
	host = xm_targets_index_of(a->targets, addr);
	j = host < 0 ? -1 : port_index(a->ports, proto, port);
	return j < 0 ? -1 : host * (int64_t)a->ports->n + j;
}

bool xm_answered_test(const struct xm_answered *a, uint64_t i)
{
	return a->bits && i < a->npairs && (a->bits[i / 64] >> (i % 64) & 1);
}

bool xm_answered_mark(struct xm_answered *a, uint64_t i, uint8_t state)
{
	uint64_t bit = 1ULL << (i % 64);

	if (!a->bits || i >= a->npairs || (a->bits[i / 64] & bit))
		return false;
	a->bits[i / 64] |= bit;
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

bool xm_answered_host(const struct xm_answered *a, uint64_t host)
{
	uint64_t i = host * a->ports->n, end = i + a->ports->n;

	if (!a->bits || end > a->npairs)
		return false;
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

	if (!a->bits || host >= a->targets->count)
		return a->targets->count;
	i = host * a->ports->n;
	w = a->bits[i / 64] & (~0ULL << (i % 64));
	for (i /= 64; !w; w = a->bits[i])
		if (++i >= (a->npairs + 63) / 64)
			return a->targets->count;
	return (i * 64 + (uint64_t)__builtin_ctzll(w)) / a->ports->n;
}

void xm_answered_free(struct xm_answered *a)
{
	free(a->bits);
	memset(a, 0, sizeof(*a));
}
