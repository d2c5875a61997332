// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: --merge's reader (xm_jline_parse, xm_merge_text) on hostile shard files. */
#include <stdbool.h>
#include "fuzz_util.h"
#include "json_line.h"
#include "merge.h"
#include "output.h"

/*
 * The input's first line goes to xm_jline_parse. When it parses, every
 * field is checked (keys and strings inside the arena, array items in
 * range, parents before children), and each decoded string, escaped again
 * by -oJ's own escaper, must parse back to the same bytes. The whole input
 * then goes to xm_merge_text as one shard file: it either loads (one shard,
 * the summary read) or refuses with a message naming the file.
 */

static bool in_arena(const struct xm_jline *l, const char *s, size_t arena)
{
	return s >= l->arena && s + strlen(s) < l->arena + arena;
}

/* escape(s) parsed back as {"k":"..."} must give s again. */
static void round_trip(const char *s)
{
	char one[1], *line, err[128];
	size_t need = xm_json_escape(s, strlen(s), one, sizeof(one)), len;
	struct xm_jline l;

	line = malloc(need + 16);
	if (!line)
		abort();
	len = (size_t)sprintf(line, "{\"k\":\"");
	xm_json_escape(s, strlen(s), line + len, need + 1);
	len += need;
	len += (size_t)sprintf(line + len, "\"}");
	FUZZ_CHECK(!xm_jline_parse(line, len, &l, err, sizeof(err)), "%s: %s", line, err);
	FUZZ_CHECK(!strcmp(xm_jline_str(&l, NULL, "k"), s), "round trip of '%s'", s);
	xm_jline_free(&l);
	free(line);
}

static void check_line(const char *s, size_t len)
{
	struct xm_jline l;
	char err[128];
	size_t i, k;

	if (xm_jline_parse(s, len, &l, err, sizeof(err))) {
		fuzz_check_err(err, sizeof(err));
		FUZZ_CHECK(!l.arena && !l.items, "memory left after a refusal");
		return;
	}
	FUZZ_CHECK(l.n <= XM_JLINE_FIELDS, "%zu fields", l.n);
	for (i = 0; i < l.n; i++) {
		const struct xm_jfield *f = &l.f[i];

		FUZZ_CHECK(f->parent < (int)i && f->parent >= -1, "parent %d of %zu", f->parent, i);
		FUZZ_CHECK(f->parent < 0 || l.f[f->parent].type == XM_J_OBJ, "parent not an object");
		FUZZ_CHECK(in_arena(&l, f->key, len + 1), "key outside the arena");
		if (f->type == XM_J_STR) {
			FUZZ_CHECK(in_arena(&l, f->str, len + 1), "string outside the arena");
			round_trip(f->str);
		}
		if (f->type != XM_J_ARR)
			continue;
		FUZZ_CHECK(f->first + f->count <= l.nitems, "array items out of range");
		for (k = 0; k < f->count; k++)
			FUZZ_CHECK(in_arena(&l, l.items[f->first + k], len + 1), "item outside");
	}
	xm_jline_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl = memchr(data, '\n', size);
	struct xm_merge m = { 0 };
	char err[512];

	check_line(text, nl ? (size_t)(nl - text) : size);
	if (xm_merge_text(&m, "shard.json", text, size, err, sizeof(err))) {
		fuzz_check_err(err, sizeof(err));
		FUZZ_CHECK(!strncmp(err, "shard.json: ", 12), "'%s' does not name the file", err);
		FUZZ_CHECK(!m.merged && !m.argv, "a refused file was merged");
	} else {
		FUZZ_CHECK(m.merged == 1 && m.shards >= 1 && m.argc >= 1 && m.argv[m.argc - 1],
			   "a loaded shard without its metadata");
	}
	xm_merge_free(&m);
	return 0;
}
