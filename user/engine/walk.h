/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Which (host, port) pairs one walk of the permuted index space sent: shards, interrupts, resumes. */
#ifndef XDPMAP_WALK_H
#define XDPMAP_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "output.h"
#include "permute.h"
#include "ports.h"
#include "targets.h"

/*
 * A walk sends the indices i in [lo, hi) with i mod shard_count ==
 * shard_index, probe i going to pair perm(i) = host * ports->n + port.
 */
struct xm_walk {
	const struct xm_targets *targets;
	const struct xm_ports *ports;
	struct xm_perm perm;
	uint32_t shard_index, shard_count;
	uint64_t lo, hi;
};

/* A walk over targets x ports with 'seed', this shard, every index (narrow lo/hi after). */
void xm_walk_init(struct xm_walk *w, const struct xm_targets *targets,
		  const struct xm_ports *ports, uint64_t seed, uint32_t shard_index,
		  uint32_t shard_count);

/* Where a walk starts: this shard's first index, or its first at or after --resume's. */
uint64_t xm_walk_first(const struct xm_config *cfg);

/* Whether the walk sends every pair (one shard, not interrupted, not resumed). */
bool xm_walk_full(const struct xm_walk *w);

/* Whether the walk sent the pair (host index, port index). */
bool xm_walk_sent(const struct xm_walk *w, uint64_t host, size_t port);

/*
 * Fill hosts[k].scanned with the ports each host was sent by the walk that
 * holds its address (walks[0..nwalks), NULL entries skipped); nothing for
 * full walks. Returns 0, or -1 on ENOMEM (free with xm_walk_scope_free).
 */
int xm_walk_scope(const struct xm_walk *const *walks, size_t nwalks,
		  struct xm_host_report *hosts, size_t n);

void xm_walk_scope_free(struct xm_host_report *hosts, size_t n);

#endif /* XDPMAP_WALK_H */
