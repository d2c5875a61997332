// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of target specs, exclusions and target files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "targets.h"
#include "unit.h"

static uint64_t ranges_count(const struct xm_ranges *r)
{
	uint64_t c = 0;
	size_t i;

	for (i = 0; i < r->n; i++)
		c += (uint64_t)(r->v[i].hi - r->v[i].lo) + 1;
	return c;
}

/* Parse one spec that must succeed; return the normalized address count. */
static uint64_t parse_ok(const char *spec, struct xm_ranges *r)
{
	char err[256] = "";

	if (xm_parse_target(spec, r, err, sizeof(err)))
		fail_msg("'%s' rejected: %s", spec, err);
	xm_ranges_normalize(r);
	return ranges_count(r);
}

static void ranges_free(struct xm_ranges *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static void assert_range(const struct xm_ranges *r, size_t i, uint32_t lo, uint32_t hi)
{
	assert_true(i < r->n);
	assert_int_equal(r->v[i].lo, lo);
	assert_int_equal(r->v[i].hi, hi);
}

static void test_target_single(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("198.18.0.1", &r) == 1);
	assert_int_equal(r.n, 1);
	assert_range(&r, 0, IP4(198, 18, 0, 1), IP4(198, 18, 0, 1));
	ranges_free(&r);
}

static void test_target_cidr(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("198.18.0.77/24", &r) == 256);
	assert_range(&r, 0, IP4(198, 18, 0, 0), IP4(198, 18, 0, 255));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.77/32", &r) == 1);
	assert_range(&r, 0, IP4(198, 18, 0, 77), IP4(198, 18, 0, 77));
	ranges_free(&r);
	assert_true(parse_ok("10.1.2.3/0", &r) == (1ULL << 32));
	assert_int_equal(r.n, 1);
	assert_range(&r, 0, 0, 0xffffffff);
	ranges_free(&r);
	assert_true(parse_ok("localhost/30", &r) == 4);
	assert_range(&r, 0, IP4(127, 0, 0, 0), IP4(127, 0, 0, 3));
	ranges_free(&r);
}

static void test_target_octet_ranges(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("198.18.1-3.1-254", &r) == 3 * 254);
	assert_int_equal(r.n, 3);
	assert_range(&r, 0, IP4(198, 18, 1, 1), IP4(198, 18, 1, 254));
	assert_range(&r, 2, IP4(198, 18, 3, 1), IP4(198, 18, 3, 254));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.*", &r) == 256);
	assert_range(&r, 0, IP4(198, 18, 0, 0), IP4(198, 18, 0, 255));
	ranges_free(&r);
	assert_true(parse_ok("198.18.*.1", &r) == 256);
	assert_range(&r, 255, IP4(198, 18, 255, 1), IP4(198, 18, 255, 1));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.1,3,5", &r) == 3);
	assert_int_equal(r.n, 3);
	assert_range(&r, 1, IP4(198, 18, 0, 3), IP4(198, 18, 0, 3));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.-3", &r) == 4);
	assert_range(&r, 0, IP4(198, 18, 0, 0), IP4(198, 18, 0, 3));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.250-", &r) == 6);
	assert_range(&r, 0, IP4(198, 18, 0, 250), IP4(198, 18, 0, 255));
	ranges_free(&r);
}

static void test_target_full_range(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("198.18.0.1-198.18.2.7", &r) == 2 * 256 + 7);
	assert_range(&r, 0, IP4(198, 18, 0, 1), IP4(198, 18, 2, 7));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.5-198.18.0.5", &r) == 1);
	ranges_free(&r);
}

static void test_target_localhost(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("localhost", &r) == 1);
	assert_range(&r, 0, IP4(127, 0, 0, 1), IP4(127, 0, 0, 1));
	ranges_free(&r);
}

static void check_bad_targets(const struct bad_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct xm_ranges r = { 0 };
		char err[256] = "";

		if (!xm_parse_target(c[i].spec, &r, err, sizeof(err)))
			fail_msg("'%s' accepted", c[i].spec);
		assert_substr(err, c[i].why);
		ranges_free(&r);
	}
}

static void test_target_bad(void **state)
{
	static const struct bad_case cases[] = {
		{ "198.18.0.0/33", "CIDR prefix" },
		{ "198.18.0.0/", "CIDR prefix" },
		{ "198.18.0.300", "0-255" },
		{ "198.18.2.7-198.18.0.1", "reversed" },
		{ "198.18.0.9-3", "reversed" },
		{ "", "empty" },
		{ "1.2.3", "1.2.3" },
		{ "1.2.3.4.5", "1.2.3.4.5" },
		{ "198.18.0.1,", "198.18.0.1," },
		{ "::1/95", "IPv6" }, /* IPv6 without -6: test_cli_ipv6_bad (test_targets_ipv6.c) */
	};

	check_bad_targets(cases, ARRAY_LEN(cases));
}

static void test_target_unresolvable(void **state)
{
	static const struct bad_case cases[] = {
		{ "no-such-host.invalid", "no-such-host.invalid" },
		{ "no-such-host.invalid/24", "cannot resolve" },
	};

	check_bad_targets(cases, ARRAY_LEN(cases));
}

/* Build a finalized target set from include and exclude spec lists. */
static int targets_build(struct xm_targets *t, const char *const *inc, size_t ninc,
			 const char *const *exc, size_t nexc, char *err, size_t errlen)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < ninc; i++)
		assert_int_equal(xm_parse_target(inc[i], &t->include, err, errlen), 0);
	for (i = 0; i < nexc; i++)
		assert_int_equal(xm_parse_target(exc[i], &t->exclude, err, errlen), 0);
	return xm_targets_finalize(t, err, errlen);
}

static void test_targets_exclude(void **state)
{
	static const char *const inc[] = { "198.18.0.0/24" };
	static const char *const one[] = { "198.18.0.7" };
	static const char *const sub[] = { "198.18.0.10-19", "198.18.0.250-198.18.1.5" };
	struct xm_targets t;
	char err[256];

	assert_int_equal(targets_build(&t, inc, 1, one, 1, err, sizeof(err)), 0);
	assert_true(t.count == 255);
	assert_false(xm_targets_contains(&t, IP4(198, 18, 0, 7)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 0, 6)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 0, 8)));
	assert_int_equal(xm_targets_addr(&t, 7), IP4(198, 18, 0, 8));
	xm_targets_free(&t);

	assert_int_equal(targets_build(&t, inc, 1, sub, 2, err, sizeof(err)), 0);
	assert_true(t.count == 256 - 10 - 6);
	assert_int_equal(xm_targets_addr(&t, 10), IP4(198, 18, 0, 20));
	assert_int_equal(xm_targets_addr(&t, t.count - 1), IP4(198, 18, 0, 249));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 0, 15)));
	xm_targets_free(&t);
}

static void test_targets_all_excluded(void **state)
{
	static const char *const inc[] = { "198.18.0.0/24" };
	static const char *const exc[] = { "198.18.0.0-128", "198.18.0.130/25" };
	struct xm_targets t;
	char err[256] = "";

	assert_int_equal(targets_build(&t, inc, 1, exc, 2, err, sizeof(err)), -1);
	assert_substr(err, "no targets");
	xm_targets_free(&t);
}

static void test_targets_addr_order(void **state)
{
	static const char *const inc[] = { "10.0.0.5-10.0.0.7", "0.0.0.0",
					   "255.255.255.254-255.255.255.255",
					   "10.0.0.8", "192.168.1.1,3" };
	static const uint32_t want[] = {
		0, IP4(10, 0, 0, 5), IP4(10, 0, 0, 6), IP4(10, 0, 0, 7),
		IP4(10, 0, 0, 8), IP4(192, 168, 1, 1), IP4(192, 168, 1, 3),
		0xfffffffe, 0xffffffff,
	};
	struct xm_targets t;
	char err[256];
	size_t i;

	assert_int_equal(targets_build(&t, inc, ARRAY_LEN(inc), NULL, 0, err, sizeof(err)), 0);
	assert_true(t.count == ARRAY_LEN(want));
	assert_int_equal(t.include.n, 5); /* 10.0.0.5-7 and .8 merged */
	for (i = 0; i < ARRAY_LEN(want); i++)
		assert_int_equal(xm_targets_addr(&t, i), want[i]);
	xm_targets_free(&t);
}

static void test_targets_contains(void **state)
{
	static const char *const inc[] = { "198.18.0.0/30", "198.18.5.1-9", "255.255.255.255" };
	static const char *const exc[] = { "198.18.5.5" };
	struct xm_targets t;
	char err[256];

	assert_int_equal(targets_build(&t, inc, 3, exc, 1, err, sizeof(err)), 0);
	assert_true(xm_targets_contains(&t, IP4(198, 18, 0, 0)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 0, 3)));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 0, 4)));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 5, 0)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 5, 1)));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 5, 5)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 5, 9)));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 5, 10)));
	assert_false(xm_targets_contains(&t, 0));
	assert_true(xm_targets_contains(&t, 0xffffffff));
	assert_false(xm_targets_contains(&t, 0xfffffffe));
	xm_targets_free(&t);
}

/* Write 'text' to a new temporary file; the path goes to 'path' (>= 32 bytes). */
static void temp_file(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/xm-unit-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Parse (then remove) a target file that must succeed into a finalized set. */
static void targets_from_path(struct xm_targets *t, const char *path)
{
	char err[256] = "";
	int rc;

	memset(t, 0, sizeof(*t));
	rc = xm_parse_target_file(path, &t->include, err, sizeof(err));
	unlink(path);
	if (rc) {
		xm_targets_free(t);
		fail_msg("target file rejected: %s", err);
	}
	assert_int_equal(xm_targets_finalize(t, err, sizeof(err)), 0);
}

static void targets_from_file(struct xm_targets *t, const char *text)
{
	char path[32];

	temp_file(path, text);
	targets_from_path(t, path);
}

static void test_target_file(void **state)
{
	struct xm_targets t;

	targets_from_file(&t, "# a comment 10.0.0.1\n"
			      "198.18.0.1 198.18.0.2   # trailing 10.0.0.2\n"
			      "\n"
			      "\t198.18.1.0/30\r\n"
			      "198.18.2.1-3#no space before the comment\n"
			      "198.18.3.3");
	assert_true(t.count == 2 + 4 + 3 + 1);
	assert_true(xm_targets_contains(&t, IP4(198, 18, 1, 3)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 3, 3)));
	assert_false(xm_targets_contains(&t, IP4(10, 0, 0, 1)));
	assert_false(xm_targets_contains(&t, IP4(10, 0, 0, 2)));
	xm_targets_free(&t);
}

static void test_target_file_bad_spec(void **state)
{
	struct xm_ranges r = { 0 };
	char path[32], err[256] = "";

	temp_file(path, "198.18.0.1\n198.18.0.256\n");
	assert_int_equal(xm_parse_target_file(path, &r, err, sizeof(err)), -1);
	unlink(path);
	assert_substr(err, "198.18.0.256");
	ranges_free(&r);
}

static void test_target_file_missing(void **state)
{
	const char *path = "/nonexistent-xm-dir/targets.txt";
	struct xm_ranges r = { 0 };
	char err[256] = "";

	assert_int_equal(xm_parse_target_file(path, &r, err, sizeof(err)), -1);
	assert_substr(err, path);
	ranges_free(&r);
}

/* One line of 'n' specs 10.0.X.Y, longer than any small line buffer. */
static char *long_line(const char *prefix, unsigned n)
{
	char *s = malloc(strlen(prefix) + 16 * (size_t)n + 2);
	size_t pos;
	unsigned i;

	assert_non_null(s);
	pos = (size_t)sprintf(s, "%s", prefix);
	for (i = 0; i < n; i++)
		pos += (size_t)sprintf(s + pos, "10.0.%u.%u ", i / 256, i % 256);
	strcpy(s + pos, "\n");
	return s;
}

static void test_target_file_long_line(void **state)
{
	char *text = long_line("", 1000); /* about 11 KB on one line */
	struct xm_targets t;
	char path[32];

	temp_file(path, text);
	free(text);
	targets_from_path(&t, path);
	assert_true(t.count == 1000);
	assert_int_equal(xm_targets_addr(&t, 999), IP4(10, 0, 3, 231));
	xm_targets_free(&t);
}

static void test_target_file_long_comment(void **state)
{
	char *line = long_line("# commented out: ", 1000);
	char *text = malloc(strlen(line) + 32);
	struct xm_targets t;
	char path[32];

	assert_non_null(text);
	sprintf(text, "%s198.18.0.1\n", line);
	free(line);
	temp_file(path, text);
	free(text);
	targets_from_path(&t, path);
	assert_true(t.count == 1);
	assert_false(xm_targets_contains(&t, IP4(10, 0, 3, 231)));
	xm_targets_free(&t);
}

/* Write 'len' bytes of 'text' to a new temporary file, as temp_file(). */
static void temp_file_bytes(char *path, const char *text, size_t len)
{
	int fd;

	strcpy(path, "/tmp/xm-unit-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

/* A target file whose line 2 is 'len' bytes: spaces, then one address. */
static int parse_padded_line(size_t len, char *err, size_t errlen, char *path)
{
	const char *addr = "198.18.0.9";
	size_t head = strlen("198.18.0.1\n"), alen = strlen(addr);
	char *text = malloc(head + len + 2);
	struct xm_ranges r = { 0 };
	int rc;

	assert_non_null(text);
	memcpy(text, "198.18.0.1\n", head);
	memset(text + head, ' ', len - alen);
	memcpy(text + head + len - alen, addr, alen);
	strcpy(text + head + len, "\n");
	temp_file(path, text);
	free(text);
	rc = xm_parse_target_file(path, &r, err, errlen);
	unlink(path);
	if (!rc)
		assert_int_equal(r.n, 2);
	ranges_free(&r);
	return rc;
}

/* A line of XM_TARGET_LINE_MAX bytes is read; one byte more is an error naming file and line. */
static void test_target_file_line_cap(void **state)
{
	char path[32], err[256] = "";

	assert_int_equal(parse_padded_line(XM_TARGET_LINE_MAX, err, sizeof(err), path), 0);
	assert_int_equal(parse_padded_line(XM_TARGET_LINE_MAX + 1, err, sizeof(err), path), -1);
	assert_substr(err, path);
	assert_substr(err, "line 2 is longer than");
}

/* /dev/zero (one endless line of NUL bytes) fails at line 1 after at most the cap. */
static void test_target_file_dev_zero(void **state)
{
	struct xm_ranges r = { 0 };
	char err[256] = "";

	assert_int_equal(xm_parse_target_file("/dev/zero", &r, err, sizeof(err)), -1);
	assert_substr(err, "'/dev/zero': line 1 is longer than");
	assert_int_equal(r.n, 0);
	ranges_free(&r);
}

/* A NUL byte would hide the rest of its line: an error naming the line. */
static void test_target_file_nul(void **state)
{
	static const char text[] = "198.18.0.1\n198.18.0.2 \0 198.18.0.3\n";
	struct xm_ranges r = { 0 };
	char path[32], err[256] = "";

	temp_file_bytes(path, text, sizeof(text) - 1);
	assert_int_equal(xm_parse_target_file(path, &r, err, sizeof(err)), -1);
	unlink(path);
	assert_substr(err, path);
	assert_substr(err, "line 2 holds a NUL byte");
	ranges_free(&r);
}

/* A read error (a directory: EISDIR) is an error, not the end of the file. */
static void test_target_file_read_error(void **state)
{
	struct xm_ranges r = { 0 };
	char err[256] = "";

	assert_int_equal(xm_parse_target_file("/", &r, err, sizeof(err)), -1);
	assert_substr(err, "cannot read target file '/'");
	assert_substr(err, strerror(EISDIR));
	ranges_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_single),
		cmocka_unit_test(test_target_cidr),
		cmocka_unit_test(test_target_octet_ranges),
		cmocka_unit_test(test_target_full_range),
		cmocka_unit_test(test_target_localhost),
		cmocka_unit_test(test_target_bad),
		cmocka_unit_test(test_target_unresolvable),
		cmocka_unit_test(test_targets_exclude),
		cmocka_unit_test(test_targets_all_excluded),
		cmocka_unit_test(test_targets_addr_order),
		cmocka_unit_test(test_targets_contains),
		cmocka_unit_test(test_target_file),
		cmocka_unit_test(test_target_file_bad_spec),
		cmocka_unit_test(test_target_file_missing),
		cmocka_unit_test(test_target_file_long_line),
		cmocka_unit_test(test_target_file_long_comment),
		cmocka_unit_test(test_target_file_line_cap),
		cmocka_unit_test(test_target_file_dev_zero),
		cmocka_unit_test(test_target_file_nul),
		cmocka_unit_test(test_target_file_read_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
