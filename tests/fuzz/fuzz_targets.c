// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: nmap-style target specs (xm_parse_target), then exclusion and indexing. */
#include "fuzz_util.h"

/*
 * Input: "INCLUDE" or "INCLUDE\nEXCLUDE", each one spec given to
 * xm_parse_target() as a NUL-terminated string (any byte may occur; an
 * embedded NUL ends the spec). Host names go to the fake resolver of
 * fake_resolver.c, never to DNS. When both parse, the set is finalized and
 * checked against the raw lists. Specs that may cost more than
 * FUZZ_MAX_COST to expand are skipped (a known, reported cost).
 */
static int parse(const char *spec, struct xm_ranges *out)
{
	char err[256] = "";
	int rc = xm_parse_target(spec, out, err, sizeof(err));

	FUZZ_CHECK(rc == 0 || rc == -1, "returned %d", rc);
	if (rc)
		fuzz_check_err(err, sizeof(err));
	fuzz_check_ranges(out);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xm_targets t = { 0 };
	char *spec = fuzz_cstr(data, size);
	char *nl = strchr(spec, '\n');
	int rc;

	if (nl)
		*nl = '\0';
	if (fuzz_pattern_too_big(spec) || (nl && fuzz_pattern_too_big(nl + 1))) {
		free(spec);
		return -1;	/* known slow expansion: see fuzz_util.h */
	}
	rc = parse(spec, &t.include);
	if (!rc && nl)
		rc = parse(nl + 1, &t.exclude);
	if (!rc)
		fuzz_check_targets(&t);
	xm_targets_free(&t);
	free(spec);
	return 0;
}
