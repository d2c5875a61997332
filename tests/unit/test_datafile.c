// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the shared data-file helpers and the table of XDP counter names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common_kern_user.h"
#include "datafile.h"
#include "unit.h"
#include "xdp_counters.h"

/* A temporary file holding n bytes of a pattern; its path is written into path. */
static void make_file(char *path, size_t pathlen, size_t n)
{
	FILE *f;
	size_t i;

	snprintf(path, pathlen, "/tmp/xdpmap-datafile-%d-%zu", (int)getpid(), n);
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < n; i++)
		fputc('a' + (int)(i % 26), f);
	assert_int_equal(fclose(f), 0);
}

/* Whole files are read, across the buffer's growth, up to exactly the limit. */
static void test_read_file_sizes(void **state)
{
	static const size_t sizes[] = { 0, 1, 65535, 65536, 65537, 200000 };
	char path[128], err[256];
	size_t i, len;
	char *text;

	for (i = 0; i < ARRAY_LEN(sizes); i++) {
		make_file(path, sizeof(path), sizes[i]);
		assert_int_equal(xm_read_file(path, 200000, &text, &len, err, sizeof(err)), 0);
		assert_int_equal(len, sizes[i]);
		if (len)
			assert_int_equal(text[len - 1], 'a' + (int)((len - 1) % 26));
		free(text);
		unlink(path);
	}
	(void)state;
}

/* One byte over the limit, or a missing file: -1, no buffer, one line naming the file. */
static void test_read_file_errors(void **state)
{
	char path[128], err[256];
	char *text = (char *)"x";
	size_t len;

	make_file(path, sizeof(path), 70001);
	assert_int_equal(xm_read_file(path, 70000, &text, &len, err, sizeof(err)), -1);
	assert_null(text);
	assert_substr(err, "larger than 70000 bytes");
	assert_substr(err, path);
	unlink(path);
	assert_int_equal(xm_read_file(path, 70000, &text, &len, err, sizeof(err)), -1);
	assert_null(text);
	assert_substr(err, "fopen(");
	assert_substr(err, "No such file or directory");
	(void)state;
}

/* The environment variable wins; without it a path ending in the file's name comes back. */
static void test_data_path(void **state)
{
	char buf[4096];

	setenv("XDPMAP_TEST_DATA", "/some/where/file", 1);
	assert_string_equal(xm_data_path("udp-payloads", "XDPMAP_TEST_DATA", buf, sizeof(buf)),
			    "/some/where/file");
	setenv("XDPMAP_TEST_DATA", "", 1);
	xm_data_path("udp-payloads", "XDPMAP_TEST_DATA", buf, sizeof(buf));
	assert_true(strlen(buf) > strlen("/udp-payloads"));
	assert_string_equal(buf + strlen(buf) - strlen("/udp-payloads"), "/udp-payloads");
	unsetenv("XDPMAP_TEST_DATA");
	(void)state;
}

/* Every counter has its own name; an index out of range is "?". */
static void test_counter_names(void **state)
{
	unsigned int i, j;

	for (i = 0; i < XM_CNT_MAX; i++) {
		assert_string_not_equal(xm_counter_name(i), "?");
		for (j = 0; j < i; j++)
			assert_string_not_equal(xm_counter_name(i), xm_counter_name(j));
	}
	assert_string_equal(xm_counter_name(XM_CNT_RINGBUF_FULL), "ringbuf_full");
	assert_string_equal(xm_counter_name(XM_CNT_MAX), "?");
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_file_sizes),
		cmocka_unit_test(test_read_file_errors),
		cmocka_unit_test(test_data_path),
		cmocka_unit_test(test_counter_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
