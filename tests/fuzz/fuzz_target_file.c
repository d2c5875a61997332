// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: target files (xm_parse_target_file, -iL) vs a reference tokenizer. */
#include <unistd.h>
#include <sys/mman.h>
#include "fuzz_util.h"

/*
 * The input is the whole file, written to a memfd that the parser opens by
 * its /dev/fd/N path. A reference tokenizer (lines, '#' comments, blanks;
 * a line holding a NUL byte or longer than XM_TARGET_LINE_MAX is an error)
 * feeds the same specs to xm_parse_target(): both must give the same status
 * and the same raw ranges. Host names go to the fake resolver (fake_resolver.c). Files
 * whose specs may cost more than FUZZ_MAX_COST in all are skipped.
 */
static int memfd = -1;
static char path[32];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	memfd = memfd_create("fuzz_target_file", 0);
	if (memfd < 0) {
		perror("memfd_create");
		exit(1);
	}
	snprintf(path, sizeof(path), "/dev/fd/%d", memfd);
	return 0;
}

static void load_file(const uint8_t *data, size_t size)
{
	FUZZ_CHECK(ftruncate(memfd, 0) == 0, "ftruncate failed");
	FUZZ_CHECK(pwrite(memfd, data, size, 0) == (ssize_t)size, "short write");
}

/*
 * Parse one line as the reference reads it; with 'cost' set, only add up
 * the expansion bound of its specs (fuzz_util.h) instead.
 */
static int ref_line(char *line, struct xm_ranges *out, uint64_t *cost)
{
	char *save, *tok, *hash = strchr(line, '#'), err[256];
	int rc = 0;

	if (hash)
		*hash = '\0';
	for (tok = strtok_r(line, " \t\r\n", &save); tok && !rc;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (cost)
			*cost += fuzz_pattern_cost(tok);
		else
			rc = xm_parse_target(tok, out, err, sizeof(err));
	}
	return rc;
}

static int ref_parse(const uint8_t *data, size_t size, struct xm_ranges *out,
		     uint64_t *cost)
{
	size_t start = 0, end;
	int rc = 0;

	while (!rc && start < size) {
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		char *line;

		end = nl ? (size_t)(nl - data) : size;
		if (!cost && (end - start > XM_TARGET_LINE_MAX ||
			      memchr(data + start, '\0', end - start)))
			return -1;
		line = fuzz_cstr(data + start, end - start);
		rc = ref_line(line, out, cost);
		free(line);
		start = end + 1;
	}
	return rc;
}

static void compare(const struct xm_ranges *a, const struct xm_ranges *b)
{
	size_t i;

	FUZZ_CHECK(a->n == b->n, "%zu ranges, reference %zu", a->n, b->n);
	for (i = 0; i < a->n; i++)
		FUZZ_CHECK(a->v[i].lo == b->v[i].lo && a->v[i].hi == b->v[i].hi,
			   "range %zu: %08x-%08x, reference %08x-%08x", i,
			   a->v[i].lo, a->v[i].hi, b->v[i].lo, b->v[i].hi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xm_targets t = { 0 };
	struct xm_ranges ref = { 0 };
	uint64_t cost = 0;
	char err[256] = "";
	int rc, want;

	ref_parse(data, size, NULL, &cost);
	if (cost > FUZZ_MAX_COST)
		return -1;	/* known slow expansion: see fuzz_util.h */
	load_file(data, size);
	rc = xm_parse_target_file(path, &t.include, err, sizeof(err));
	if (rc)
		fuzz_check_err(err, sizeof(err));
	want = ref_parse(data, size, &ref, NULL);
	FUZZ_CHECK(rc == want, "returned %d, reference %d (%s)", rc, want, err);
	compare(&t.include, &ref);
	free(ref.v);
	if (!rc && t.include.n)
		fuzz_check_targets(&t);
	xm_targets_free(&t);
	return 0;
}
