// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A small recursive-descent reader for -oJ's lines: every read checked against the line's end. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_line.h"

struct jp {
	const char *s;
	size_t len, pos;
	struct xm_jline *l;
	size_t w;		/* next free byte of the arena (len + 1 bytes) */
	size_t items_cap;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct jp *p, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = (size_t)snprintf(p->err, p->errlen, "column %zu: ", p->pos + 1);
	if (n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void ws(struct jp *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t'))
		p->pos++;
}

/* The next byte, or -1 at the end of the line. */
static int peek(const struct jp *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int expect(struct jp *p, char c)
{
	ws(p);
	if (peek(p) != (unsigned char)c)
		return fail(p, "expected '%c'", c);
	p->pos++;
	return 0;
}

static int hex4(struct jp *p, unsigned int *v)
{
	size_t i;

	*v = 0;
	if (p->len - p->pos < 4)
		return fail(p, "a truncated \\u escape");
	for (i = 0; i < 4; i++) {
		char c = p->s[p->pos + i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (unsigned int)((c | 0x20) - 'a' + 10);
		else
			return fail(p, "a bad \\u escape");
		*v = *v << 4 | d;
	}
	p->pos += 4;
	return 0;
}

/* A code point as UTF-8; U+0080..U+00FF as the one byte (see json_line.h). */
static void put_cp(struct jp *p, unsigned int cp)
{
	char *o = p->l->arena;

	if (cp < 0x100) {
		o[p->w++] = (char)cp;
	} else if (cp < 0x800) {
		o[p->w++] = (char)(0xc0 | cp >> 6);
		o[p->w++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		o[p->w++] = (char)(0xe0 | cp >> 12);
		o[p->w++] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[p->w++] = (char)(0x80 | (cp & 0x3f));
	} else {
		o[p->w++] = (char)(0xf0 | cp >> 18);
		o[p->w++] = (char)(0x80 | (cp >> 12 & 0x3f));
		o[p->w++] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[p->w++] = (char)(0x80 | (cp & 0x3f));
	}
}

/* After "\u": one code point, a surrogate pair as one; never NUL. */
static int unicode_escape(struct jp *p)
{
	unsigned int cp, lo;

	if (hex4(p, &cp))
		return -1;
	if (!cp)
		return fail(p, "\\u0000 in a string");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(p, "a lone low surrogate");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
			return fail(p, "a lone high surrogate");
		p->pos += 2;
		if (hex4(p, &lo))
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff)
			return fail(p, "a high surrogate without its low one");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	put_cp(p, cp);
	return 0;
}

static int escape(struct jp *p)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;
	int c = peek(p);

	if (c < 0)
		return fail(p, "a string cut after '\\'");
	p->pos++;
	if (c == 'u')
		return unicode_escape(p);
	k = c ? strchr(from, c) : NULL;
	if (!k)
		return fail(p, "an unknown escape after '\\'");
	p->l->arena[p->w++] = to[k - from];
	return 0;
}

/* A string at p->pos into the arena; *out points to it. */
static int string(struct jp *p, const char **out)
{
	int c;

	if (expect(p, '"'))
		return -1;
	*out = p->l->arena + p->w;
	for (;;) {
		c = peek(p);
		if (c < 0)
			return fail(p, "an unterminated string");
		p->pos++;
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(p, "a control byte 0x%02x in a string", c);
		if (c == '\\') {
			if (escape(p))
				return -1;
		} else {
			p->l->arena[p->w++] = (char)c;
		}
	}
	p->l->arena[p->w++] = '\0';
	return 0;
}

static size_t digits(struct jp *p)
{
	size_t n = 0;

	while (peek(p) >= '0' && peek(p) <= '9') {
		p->pos++;
		n++;
	}
	return n;
}

/* JSON's number grammar; digits only and below 2^64 also give an exact u. */
static int number(struct jp *p, struct xm_jfield *f)
{
	size_t start = p->pos, i;
	char buf[64];

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0')
		p->pos++;
	else if (!digits(p))
		return fail(p, "expected a value");
	if (peek(p) == '.') {
		p->pos++;
		if (!digits(p))
			return fail(p, "expected digits after '.'");
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!digits(p))
			return fail(p, "expected digits in the exponent");
	}
	if (p->pos - start >= sizeof(buf))
		return fail(p, "a number of more than %zu characters", sizeof(buf) - 1);
	memcpy(buf, p->s + start, p->pos - start);
	buf[p->pos - start] = '\0';
	f->type = XM_J_NUM;
	f->num = strtod(buf, NULL);
	f->is_uint = true;
	f->u = 0;
	for (i = 0; buf[i] && f->is_uint; i++) {
		unsigned int d = (unsigned int)(buf[i] - '0');

		if (d > 9 || f->u > (UINT64_MAX - d) / 10)
			f->is_uint = false;
		else
			f->u = f->u * 10 + d;
	}
	return 0;
}

static int array(struct jp *p, struct xm_jfield *f)
{
	p->pos++; /* '[' */
	f->type = XM_J_ARR;
	f->first = p->l->nitems;
	f->count = 0;
	ws(p);
	if (peek(p) == ']') {
		p->pos++;
		return 0;
	}
	for (;;) {
		ws(p);
		if (peek(p) != '"')
			return fail(p, "an array item that is not a string");
		if (p->l->nitems >= p->items_cap)
			return fail(p, "too many array items");
		if (string(p, &p->l->items[p->l->nitems]))
			return -1;
		p->l->nitems++;
		f->count++;
		ws(p);
		if (peek(p) == ']') {
			p->pos++;
			return 0;
		}
		if (expect(p, ','))
			return fail(p, "expected ',' or ']'");
	}
}

static int object(struct jp *p, int parent, int depth);

static int value(struct jp *p, int idx, int depth)
{
	struct xm_jfield *f = &p->l->f[idx];
	int c;

	ws(p);
	c = peek(p);
	if (c == '"') {
		f->type = XM_J_STR;
		return string(p, &f->str);
	}
	if (c == '[')
		return array(p, f);
	if (c == 't' || c == 'f') {
		const char *word = c == 't' ? "true" : "false";
		size_t n = strlen(word);

		if (p->pos + n > p->len || memcmp(p->s + p->pos, word, n))
			return fail(p, "a bare word that is not true or false");
		p->pos += n;
		f->type = XM_J_BOOL;
		f->num = c == 't';
		return 0;
	}
	if (c == '{') {
		if (depth >= 2)
			return fail(p, "objects nested more than one level");
		f->type = XM_J_OBJ;
		return object(p, idx, depth + 1);
	}
	return number(p, f);
}

/* The members of an object from its '{', each added to l->f with 'parent'. */
static int object(struct jp *p, int parent, int depth)
{
	int idx;

	if (expect(p, '{'))
		return -1;
	ws(p);
	if (peek(p) == '}') {
		p->pos++;
		return 0;
	}
	for (;;) {
		if (p->l->n >= XM_JLINE_FIELDS)
			return fail(p, "more than %d fields", XM_JLINE_FIELDS);
		idx = (int)p->l->n++;
		p->l->f[idx] = (struct xm_jfield){ .parent = parent };
		ws(p);
		if (string(p, &p->l->f[idx].key) || expect(p, ':') || value(p, idx, depth))
			return -1;
		ws(p);
		if (peek(p) == '}') {
			p->pos++;
			return 0;
		}
		if (expect(p, ','))
			return fail(p, "expected ',' or '}'");
	}
}

int xm_jline_parse(const char *s, size_t len, struct xm_jline *out, char *err, size_t errlen)
{
	struct jp p = { .s = s, .len = len, .l = out, .err = err, .errlen = errlen };

	memset(out, 0, sizeof(*out));
	if (len > XM_JLINE_MAX)
		return fail(&p, "a line of more than %u bytes", XM_JLINE_MAX);
	p.items_cap = len / 3 + 1; /* an item takes at least '"",' */
	out->arena = malloc(len + 1);
	out->items = malloc(p.items_cap * sizeof(*out->items));
	if (!out->arena || !out->items) {
		xm_jline_free(out);
		return fail(&p, "out of memory");
	}
	if (object(&p, -1, 1))
		goto bad;
	ws(&p);
	if (p.pos != len) {
		fail(&p, "text after the object");
		goto bad;
	}
	return 0;
bad:
	xm_jline_free(out);
	return -1;
}

void xm_jline_free(struct xm_jline *l)
{
	free(l->arena);
	free(l->items);
	l->arena = NULL;
	l->items = NULL;
	l->n = l->nitems = 0;
}

const struct xm_jfield *xm_jline_get(const struct xm_jline *l, const struct xm_jfield *obj,
				     const char *key)
{
	int parent = obj ? (int)(obj - l->f) : -1;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->f[i].parent == parent && !strcmp(l->f[i].key, key))
			return &l->f[i];
	return NULL;
}

const char *xm_jline_str(const struct xm_jline *l, const struct xm_jfield *obj,
			 const char *key)
{
	const struct xm_jfield *f = xm_jline_get(l, obj, key);

	return f && f->type == XM_J_STR ? f->str : NULL;
}

int xm_jline_num(const struct xm_jline *l, const struct xm_jfield *obj, const char *key,
		 double *v)
{
	const struct xm_jfield *f = xm_jline_get(l, obj, key);

	if (!f || f->type != XM_J_NUM)
		return -1;
	*v = f->num;
	return 0;
}

int xm_jline_uint(const struct xm_jline *l, const struct xm_jfield *obj, const char *key,
		  uint64_t max, uint64_t *v)
{
	const struct xm_jfield *f = xm_jline_get(l, obj, key);

	if (!f || f->type != XM_J_NUM || !f->is_uint || f->u > max)
		return -1;
	*v = f->u;
	return 0;
}
