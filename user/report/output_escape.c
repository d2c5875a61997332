// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Escaping for the output formats: JSON strings, XML character data, plain text. */
#include <stdlib.h>
#include <string.h>
#include "output.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Append n bytes at pos if they fit with room for the final NUL; once a piece
 * does not fit, nothing more is written (the output stays a clean prefix)
 * but the needed length keeps counting.
 */
static size_t emit(char *out, size_t outlen, size_t pos, int *full,
		   const char *s, size_t n)
{
	if (!*full && pos + n < outlen)
		memcpy(out + pos, s, n);
	else if (!*full) {
		*full = 1;
		if (outlen)
			out[pos] = '\0';
	}
	return pos + n;
}

size_t xm_json_escape(const char *in, size_t inlen, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, pos = 0;
	int full = 0;
	char buf[8];

	while (i < inlen) {
		size_t seq = utf8_seq_len(s + i, inlen - i);

		if (s[i] == '"' || s[i] == '\\') {
			buf[0] = '\\';
			buf[1] = (char)s[i];
			pos = emit(out, outlen, pos, &full, buf, 2);
		} else if (s[i] < 0x20 || s[i] == 0x7f || seq == 0) {
			snprintf(buf, sizeof(buf), "\\u%04x", s[i]);
			pos = emit(out, outlen, pos, &full, buf, 6);
			seq = 1;
		} else {
			pos = emit(out, outlen, pos, &full, (const char *)s + i, seq);
		}
		i += seq ? seq : 1;
	}
	if (outlen && !full)
		out[pos] = '\0';
	return pos;
}

/* U+FFFE and U+FFFF are valid UTF-8 but not XML 1.0 characters. */
static bool xml_nonchar(const unsigned char *s, size_t seq)
{
	return seq == 3 && s[0] == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf);
}

/* The XML replacement for the byte at s[0] (prev: the byte before), or NULL to copy it. */
static const char *xml_entity(unsigned char c, int prev)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&apos;";
	case '\t': return "&#9;";
	case '\n': return "&#10;";
	case '\r': return "&#13;";
	case '-': return prev == '-' ? "&#45;" : NULL;
	}
	return NULL;
}

size_t xm_xml_escape(const char *in, size_t inlen, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, pos = 0;
	int full = 0, prev = 0;
	char buf[8];

	while (i < inlen) {
		size_t seq = utf8_seq_len(s + i, inlen - i);
		const char *ent = xml_entity(s[i], prev);

		if (ent) {
			pos = emit(out, outlen, pos, &full, ent, strlen(ent));
		} else if (s[i] < 0x20 || s[i] == 0x7f || seq == 0 || xml_nonchar(s + i, seq)) {
			snprintf(buf, sizeof(buf), "\\x%02x", s[i]);
			pos = emit(out, outlen, pos, &full, buf, 4);
			seq = 1;
		} else {
			pos = emit(out, outlen, pos, &full, (const char *)s + i, seq);
		}
		prev = s[i];
		i += seq ? seq : 1;
	}
	if (outlen && !full)
		out[pos] = '\0';
	return pos;
}

size_t xm_text_sanitize(const char *in, size_t inlen, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, pos = 0;
	int full = 0;

	while (i < inlen) {
		size_t seq = utf8_seq_len(s + i, inlen - i);

		if (s[i] < 0x20 || s[i] == 0x7f || seq == 0) {
			pos = emit(out, outlen, pos, &full, "?", 1);
			seq = 1;
		} else {
			pos = emit(out, outlen, pos, &full, (const char *)s + i, seq);
		}
		i += seq;
	}
	if (outlen && !full)
		out[pos] = '\0';
	return pos;
}

typedef size_t (*escaper)(const char *in, size_t inlen, char *out, size_t outlen);

/* Escape s with fn into a stack buffer, or a heap one when it is long. */
static void escaped_fputs(FILE *f, const char *s, escaper fn)
{
	size_t len = strlen(s), need;
	char small[512], *big;

	need = fn(s, len, small, sizeof(small));
	if (need < sizeof(small)) {
		fputs(small, f);
		return;
	}
	big = malloc(need + 1);
	if (!big) {
		fputs(small, f); /* a clean, escaped prefix */
		return;
	}
	fn(s, len, big, need + 1);
	fputs(big, f);
	free(big);
}

void xm_json_fputs(FILE *f, const char *s)
{
	escaped_fputs(f, s, xm_json_escape);
}

void xm_xml_fputs(FILE *f, const char *s)
{
	escaped_fputs(f, s, xm_xml_escape);
}

void xm_text_fputs(FILE *f, const char *s)
{
	escaped_fputs(f, s, xm_text_sanitize);
}
