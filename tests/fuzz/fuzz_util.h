/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Helpers shared by the libFuzzer targets: invariant checks, C strings, target-list checks. */
#ifndef XDPMAP_FUZZ_UTIL_H
#define XDPMAP_FUZZ_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "targets.h"

/* A broken invariant is a crash for libFuzzer: say which, then abort. */
#define FUZZ_CHECK(cond, ...)                                                  \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant '%s' broken: ",      \
				__FILE__, __LINE__, #cond);                    \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

/* A heap copy of the input with a NUL appended (embedded NULs end the string early). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* An error message must be non-empty and NUL-terminated inside its buffer. */
static inline void fuzz_check_err(const char *err, size_t errlen)
{
	FUZZ_CHECK(strnlen(err, errlen) < errlen, "error message not terminated");
	FUZZ_CHECK(err[0] != '\0', "failure without a reason");
}

/* targets_check.c: every range has lo <= hi. */
void fuzz_check_ranges(const struct xm_ranges *r);

/*
 * targets_check.c: finalize include minus exclude and check the result
 * against the raw lists (sorted, disjoint, counts, indexing, membership).
 * Consumes nothing: the caller still frees t.
 */
void fuzz_check_targets(struct xm_targets *t);

/*
 * Octet patterns expand to one range per (a,b,c) triple and last-octet run,
 * looping over all 256 values of c for each (a,b) and of d for each triple:
 * "*.*.*.*" makes 2^24 ranges (128 MiB, seconds even without sanitizers).
 * That cost is known and reported; specs whose estimated work (about one
 * unit per loop step) passes this are skipped so that the fuzzers look
 * elsewhere rather than time out.
 */
#define FUZZ_MAX_COST (1u << 23)

/* targets_check.c: an upper bound on the work of expanding one spec (see above). */
uint64_t fuzz_pattern_cost(const char *spec);

static inline bool fuzz_pattern_too_big(const char *spec)
{
	return fuzz_pattern_cost(spec) > FUZZ_MAX_COST;
}

#endif /* XDPMAP_FUZZ_UTIL_H */
