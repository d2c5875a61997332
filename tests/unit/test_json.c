// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of JSON string escaping: controls, UTF-8, small buffers, truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "output.h"
#include "unit.h"

/* Escape 'in' (inlen bytes) and compare with 'want'. */
static void check_escape_n(const char *in, size_t inlen, const char *want)
{
	char out[256];
	size_t n = xm_json_escape(in, inlen, out, sizeof(out));

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

#define check_escape(in, want) check_escape_n((in), sizeof(in) - 1, (want))

static void test_json_plain_and_quotes(void **state)
{
	check_escape("", "");
	check_escape("hello, world 123 /~{}", "hello, world 123 /~{}");
	check_escape("say \"hi\"", "say \\\"hi\\\"");
	check_escape("C:\\dir\\", "C:\\\\dir\\\\");
	check_escape("\"\\\"", "\\\"\\\\\\\"");
}

static void test_json_controls(void **state)
{
	check_escape("a\nb", "a\\u000ab");
	check_escape("\t", "\\u0009");
	check_escape("\x01", "\\u0001");
	check_escape("\x1f\x20", "\\u001f ");
	check_escape("x\x7fy", "x\\u007fy");
	check_escape("a\0b", "a\\u0000b"); /* an embedded NUL within inlen */
	check_escape_n("abc", 2, "ab");	   /* only inlen bytes are read */
}

static void test_json_utf8_valid(void **state)
{
	check_escape("caf\xc3\xa9", "caf\xc3\xa9");		/* é */
	check_escape("\xe2\x82\xac 5", "\xe2\x82\xac 5");		/* € */
	check_escape("\xf0\x9f\x98\x80!", "\xf0\x9f\x98\x80!");	/* U+1F600 */
	check_escape("\xc2\x80\xdf\xbf", "\xc2\x80\xdf\xbf");	/* 2-byte bounds */
	check_escape("\xef\xbf\xbf\xf4\x8f\xbf\xbf", "\xef\xbf\xbf\xf4\x8f\xbf\xbf");
}

static void test_json_utf8_invalid(void **state)
{
	check_escape("a\xff" "b", "a\\u00ffb");
	check_escape("\xe2\x82", "\\u00e2\\u0082");		/* truncated € */
	check_escape("\xe2\x82x", "\\u00e2\\u0082x");
	check_escape("\xc0\xaf", "\\u00c0\\u00af");		/* overlong '/' */
	check_escape("\xe0\x80\xaf", "\\u00e0\\u0080\\u00af");	/* overlong, 3 bytes */
	check_escape("\xed\xa0\x80", "\\u00ed\\u00a0\\u0080");	/* surrogate D800 */
	check_escape("\xf4\x90\x80\x80", "\\u00f4\\u0090\\u0080\\u0080"); /* > U+10FFFF */
	check_escape("\x80", "\\u0080");			/* lone continuation */
	check_escape("\xf8\x88\x80\x80\x80", "\\u00f8\\u0088\\u0080\\u0080\\u0080");
}

static void test_json_small_buffer(void **state)
{
	char out[16];

	memset(out, 'X', sizeof(out));
	assert_int_equal(xm_json_escape("abcdef", 6, out, 4), 6);
	assert_string_equal(out, "abc");
	assert_int_equal(out[4], 'X'); /* nothing written past outlen */
	memset(out, 'X', sizeof(out));
	assert_int_equal(xm_json_escape("abcdef", 6, out, 0), 6);
	assert_int_equal(out[0], 'X');
	assert_int_equal(xm_json_escape("abcdef", 6, out, 1), 6);
	assert_string_equal(out, "");
	assert_int_equal(xm_json_escape("a\"b", 3, out, 4), 4);
	assert_int_equal(xm_json_escape("abc", 3, out, 4), 3);
	assert_string_equal(out, "abc");
}

/* A truncated result must be a prefix of the full escape, with no stale bytes. */
static void check_truncated_prefix(const char *in, size_t inlen, size_t outlen)
{
	char full[128], out[128];
	size_t need = xm_json_escape(in, inlen, full, sizeof(full));

	memset(out, 'X', sizeof(out));
	assert_int_equal(xm_json_escape(in, inlen, out, outlen), need);
	assert_non_null(memchr(out, '\0', outlen));
	if (strncmp(full, out, strlen(out)))
		fail_msg("outlen %zu: '%s' is not a prefix of '%s'", outlen, out, full);
}

static void test_json_truncation_is_prefix(void **state)
{
	static const char in1[] = "a\x01" "b";
	static const char in2[] = "ab\xe2\x82\xac";
	size_t outlen;

	for (outlen = 1; outlen <= 10; outlen++) {
		check_truncated_prefix(in1, sizeof(in1) - 1, outlen);
		check_truncated_prefix(in2, sizeof(in2) - 1, outlen);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_plain_and_quotes),
		cmocka_unit_test(test_json_controls),
		cmocka_unit_test(test_json_utf8_valid),
		cmocka_unit_test(test_json_utf8_invalid),
		cmocka_unit_test(test_json_small_buffer),
		cmocka_unit_test(test_json_truncation_is_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
