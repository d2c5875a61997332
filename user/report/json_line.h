/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A reader for the JSON lines that -oJ writes (for --merge): one object per line, bounded. */
#ifndef XDPMAP_JSON_LINE_H
#define XDPMAP_JSON_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum xm_jtype { XM_J_STR, XM_J_NUM, XM_J_ARR, XM_J_OBJ, XM_J_BOOL };

/* One "key":value of a line; nested objects' fields follow their object. */
struct xm_jfield {
	const char *key;	/* decoded, NUL-terminated */
	int parent;		/* the XM_J_OBJ field holding it; -1: the line's object */
	enum xm_jtype type;
	const char *str;	/* XM_J_STR: decoded, NUL-terminated */
	double num;		/* XM_J_NUM; XM_J_BOOL: 1 (true) or 0 (false) */
	bool is_uint;		/* XM_J_NUM written as digits only, below 2^64: u is exact */
	uint64_t u;
	size_t first, count;	/* XM_J_ARR (of strings only): items[first .. first+count) */
};

#define XM_JLINE_FIELDS 64 /* fields of a line, nested ones included */
#define XM_JLINE_MAX (1u << 20) /* bytes of a line */

struct xm_jline {
	struct xm_jfield f[XM_JLINE_FIELDS];
	size_t n;
	const char **items;	/* array items, decoded */
	size_t nitems;
	char *arena;		/* the decoded strings */
};

/*
 * Parse s[0..len) (no newline) as one JSON object whose values are strings,
 * numbers, arrays of strings or objects of those (one level deep), as -oJ
 * writes them; spaces and tabs between tokens are allowed. Strings: the
 * JSON escapes, \u0000 and lone surrogates refused, raw control bytes
 * refused; \u0080-\u00ff decode to the single byte (-oJ escapes only
 * invalid UTF-8 bytes that way). At most XM_JLINE_FIELDS fields and
 * XM_JLINE_MAX bytes. Returns 0, or -1 with the column and reason in err
 * (nothing to free then). On success free with xm_jline_free().
 */
int xm_jline_parse(const char *s, size_t len, struct xm_jline *out, char *err, size_t errlen);

void xm_jline_free(struct xm_jline *l);

/* The field 'key' inside object field 'obj' (NULL: the line's object), or NULL. */
const struct xm_jfield *xm_jline_get(const struct xm_jline *l, const struct xm_jfield *obj,
				     const char *key);

/* Its string, or NULL when absent or not a string. */
const char *xm_jline_str(const struct xm_jline *l, const struct xm_jfield *obj,
			 const char *key);

/* Its number in *v: 0, or -1 when absent or not a number. */
int xm_jline_num(const struct xm_jline *l, const struct xm_jfield *obj, const char *key,
		 double *v);

/* Its exact unsigned integer (digits only) in *v: 0, or -1. */
int xm_jline_uint(const struct xm_jline *l, const struct xm_jfield *obj, const char *key,
		  uint64_t max, uint64_t *v);

#endif /* XDPMAP_JSON_LINE_H */
