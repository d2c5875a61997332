// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdpmap's data files: where a shipped file is found, and reading a whole file into memory. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "datafile.h"

const char *xm_data_path(const char *file, const char *env, char *buf, size_t len)
{
	static const char *const rel[] = { "/../data/", "/data/", "/../share/xdpmap/" };
	const char *set = getenv(env);
	char exe[PATH_MAX];
	ssize_t n;
	size_t i;

	if (set && *set)
		return set;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(buf, len, "%s%s%s", exe, rel[i], file);
			if (!access(buf, R_OK))
				return buf;
		}
	}
	snprintf(buf, len, "/usr/local/share/xdpmap/%s", file);
	if (access(buf, R_OK))
		snprintf(buf, len, "/usr/share/xdpmap/%s", file);
	return buf;
}

/* Give up reading: free what was read, say why. */
static int read_fail(FILE *f, char **text, char *err, size_t errlen, const char *why)
{
	free(*text);
	*text = NULL;
	fclose(f);
	snprintf(err, errlen, "%s", why);
	return -1;
}

int xm_read_file(const char *path, size_t max, char **text, size_t *len, char *err,
		 size_t errlen)
{
	FILE *f = fopen(path, "re");
	size_t cap = 0, got;
	char why[512];
	char *nt;

	*text = NULL;
	*len = 0;
	if (!f) {
		snprintf(err, errlen, "fopen(%s) failed: %s", path, strerror(errno));
		return -1;
	}
	snprintf(why, sizeof(why), "%s: larger than %zu bytes or out of memory", path, max);
	do {
		if (*len == cap) {
			if (cap > max) /* cap is at most max + 1: more than max bytes came */
				return read_fail(f, text, err, errlen, why);
			cap = cap ? 2 * cap : 65536;
			cap = cap > max + 1 ? max + 1 : cap;
			nt = realloc(*text, cap);
			if (!nt)
				return read_fail(f, text, err, errlen, why);
			*text = nt;
		}
		got = fread(*text + *len, 1, cap - *len, f);
		*len += got;
	} while (got);
	if (ferror(f)) {
		snprintf(why, sizeof(why), "read(%s) failed: %s", path, strerror(errno));
		return read_fail(f, text, err, errlen, why);
	}
	fclose(f);
	return 0;
}
