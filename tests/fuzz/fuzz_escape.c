// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: the output escapers (JSON; XML and text when declared) at many output sizes. */
#include <stdbool.h>
#include "fuzz_util.h"
#include "output.h"

/*
 * Input: one byte choosing an extra output size, then the bytes to escape.
 * Each escaper runs with heap buffers of exactly the given size (so ASan
 * sees any write past it): 0, 1, 2, the chosen one, one short of the
 * need, and the need plus one. Always: the same needed length, the output
 * NUL-terminated inside the buffer, a prefix of the whole output ending
 * on a piece boundary, and no piece left out that would have fit. The
 * whole output must be valid for its format and decode back to the input
 * (XML: when the input has no backslash, whose "\xNN" would be ambiguous).
 */
typedef size_t (*escape_fn)(const char *in, size_t inlen, char *out, size_t outlen);

struct format {
	const char *name;
	escape_fn fn;
	/* Validates s[0..len) and decodes it into out; returns the decoded length. */
	size_t (*decode)(const char *s, size_t len, uint8_t *out, bool *exact);
	/* The length of the piece at s (where ambiguous, the longest it can be). */
	size_t (*piece)(const char *s);
	void (*fputs)(FILE *f, const char *s);
};

/* Length of the well-formed UTF-8 sequence at s (Unicode table 3-7), 0 if ill-formed. */
static size_t utf8_len(const uint8_t *s, size_t n)
{
	uint8_t lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Two or four hex digits at s (within len); -1 if not. */
static int hexnum(const char *s, size_t len, size_t digits)
{
	int v = 0, d;
	size_t i;

	if (len < digits)
		return -1;
	for (i = 0; i < digits; i++) {
		d = hexval(s[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A raw (unescaped) character: well-formed UTF-8, copied to out; returns its length. */
static size_t raw_char(const char *s, size_t len, uint8_t *out, const char *fmt)
{
	size_t n = utf8_len((const uint8_t *)s, len);

	FUZZ_CHECK(n, "%s: ill-formed UTF-8 byte 0x%02x in the output", fmt,
		   (uint8_t)s[0]);
	memcpy(out, s, n);
	return n;
}

/* One JSON escape at s (s[0] == '\\'); returns its length, the byte in *b. */
static size_t json_escape_seq(const char *s, size_t len, uint8_t *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *p;
	int v;

	FUZZ_CHECK(len >= 2, "json: lone backslash at the end");
	if (s[1] == 'u') {
		v = hexnum(s + 2, len - 2, 4);
		FUZZ_CHECK(v >= 0 && v < 0x100, "json: bad \\u escape");
		*b = (uint8_t)v;
		return 6;
	}
	p = strchr(from, s[1]);
	FUZZ_CHECK(s[1] && p, "json: bad escape \\%c", s[1]);
	*b = (uint8_t)to[p - from];
	return 2;
}

/* JSON string body: no raw control byte or quote, valid escapes, valid UTF-8. */
static size_t json_decode(const char *s, size_t len, uint8_t *out, bool *exact)
{
	size_t i = 0, o = 0;

	*exact = true;
	while (i < len) {
		uint8_t c = (uint8_t)s[i];

		FUZZ_CHECK(c >= 0x20, "json: raw control byte 0x%02x at %zu", c, i);
		FUZZ_CHECK(c != '"', "json: unescaped quote at %zu", i);
		if (c == '\\')
			i += json_escape_seq(s + i, len - i, &out[o++]);
		else {
			size_t n = raw_char(s + i, len - i, out + o, "json");

			i += n;
			o += n;
		}
	}
	return o;
}

static size_t json_piece(const char *s)
{
	if (s[0] == '\\')
		return s[1] == 'u' ? 6 : 2;
	return utf8_len((const uint8_t *)s, strlen(s));
}

/* One XML reference at s (s[0] == '&'); returns its length, the byte in *b. */
static size_t xml_entity_seq(const char *s, size_t len, uint8_t *b)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' }, { "&#9;", '\t' },
		{ "&#10;", '\n' }, { "&#13;", '\r' }, { "&#45;", '-' },
	};
	size_t i, n;

	for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
		n = strlen(ents[i].name);
		if (n <= len && !memcmp(s, ents[i].name, n)) {
			*b = (uint8_t)ents[i].c;
			return n;
		}
	}
	FUZZ_CHECK(0, "xml: bad or unknown reference '%.*s'",
		   (int)(len < 8 ? len : 8), s);
	return 0;
}

/* "\xNN" standing for one byte that XML cannot carry; 0 if s is not one. */
static size_t xml_hex_seq(const char *s, size_t len, uint8_t *b)
{
	int v;

	if (len < 4 || s[1] != 'x')
		return 0;
	v = hexnum(s + 2, len - 2, 2);
	if (v < 0)
		return 0;
	*b = (uint8_t)v;
	return 4;
}

static void xml_check_raw(const char *s, size_t len, size_t i)
{
	uint8_t c = (uint8_t)s[i];

	FUZZ_CHECK(c >= 0x20 && c != 0x7f, "xml: raw control byte 0x%02x at %zu", c, i);
	FUZZ_CHECK(!memchr("<>\"'", c, 4), "xml: raw '%c' at %zu", c, i);
	FUZZ_CHECK(!(c == '-' && i + 1 < len && s[i + 1] == '-'), "xml: \"--\" at %zu", i);
	FUZZ_CHECK(!(c == 0xef && i + 2 < len && (uint8_t)s[i + 1] == 0xbf &&
		     ((uint8_t)s[i + 2] & 0xfe) == 0xbe),
		   "xml: raw U+FFFE/U+FFFF at %zu", i);
}

/* XML character data: no markup characters, no "--", only XML 1.0 characters. */
static size_t xml_decode(const char *s, size_t len, uint8_t *out, bool *exact)
{
	size_t i = 0, o = 0, n;

	while (i < len) {
		xml_check_raw(s, len, i);
		if (s[i] == '&') {
			i += xml_entity_seq(s + i, len - i, &out[o++]);
		} else if (s[i] == '\\' && *exact &&
			   (n = xml_hex_seq(s + i, len - i, &out[o]))) {
			i += n;
			o++;
		} else {
			n = raw_char(s + i, len - i, out + o, "xml");
			i += n;
			o += n;
		}
	}
	return o;
}

static size_t xml_piece(const char *s)
{
	uint8_t b;

	if (s[0] == '&')
		return (size_t)(strchr(s, ';') - s) + 1;
	if (s[0] == '\\' && xml_hex_seq(s, strlen(s), &b))
		return 4;	/* or 1, a copied backslash: take the longer */
	return utf8_len((const uint8_t *)s, strlen(s));
}

/* Plain text: no control bytes, valid UTF-8; bad bytes become '?' (compared by the caller). */
static size_t text_decode(const char *s, size_t len, uint8_t *out, bool *exact)
{
	size_t i = 0;

	while (i < len) {
		FUZZ_CHECK((uint8_t)s[i] >= 0x20 && s[i] != 0x7f,
			   "text: raw control byte 0x%02x at %zu", (uint8_t)s[i], i);
		i += raw_char(s + i, len - i, out + i, "text");
	}
	return len;
}

static size_t text_piece(const char *s)
{
	return utf8_len((const uint8_t *)s, strlen(s));
}

static const struct format formats[] = {
	{ "json", xm_json_escape, json_decode, json_piece,
#ifdef HAVE_xm_json_fputs
	  xm_json_fputs
#endif
	},
#ifdef HAVE_xm_xml_escape
	{ "xml", xm_xml_escape, xml_decode, xml_piece,
#ifdef HAVE_xm_xml_fputs
	  xm_xml_fputs
#endif
	},
#endif
#ifdef HAVE_xm_text_sanitize
	{ "text", xm_text_sanitize, text_decode, text_piece,
#ifdef HAVE_xm_text_fputs
	  xm_text_fputs
#endif
	},
#endif
};

/* Decoded output vs input: equal when whole, else a prefix; text: byte for byte or '?'. */
static void check_decoded(const struct format *f, const uint8_t *in, size_t inlen,
			  const uint8_t *dec, size_t declen, bool whole)
{
	size_t i;

	if (f->decode == text_decode) {
		FUZZ_CHECK(declen <= inlen && (!whole || declen == inlen),
			   "text: %zu bytes out for %zu in", declen, inlen);
		for (i = 0; i < declen; i++)
			FUZZ_CHECK(dec[i] == in[i] || dec[i] == '?',
				   "text: byte %zu changed", i);
		return;
	}
	FUZZ_CHECK(declen <= inlen && !memcmp(dec, in, declen) &&
			   (!whole || declen == inlen),
		   "%s: output does not decode to %s of the input (%zu of %zu bytes)",
		   f->name, whole ? "all" : "a prefix", declen, inlen);
}

static void check_valid(const struct format *f, const uint8_t *in, size_t inlen,
			const char *out, size_t len, bool whole)
{
	uint8_t *dec = malloc(len + 1);
	bool exact = !memchr(in, '\\', inlen);
	size_t n;

	if (!dec)
		abort();
	n = f->decode(out, len, dec, &exact);
	if (exact || f->decode == text_decode)
		check_decoded(f, in, inlen, dec, n, whole);
	free(dec);
}

/* Runs the escaper into a buffer of exactly 'size' bytes; checks it against the whole output. */
static void run_size(const struct format *f, const uint8_t *in, size_t inlen,
		     const char *whole, size_t need, size_t size)
{
	char *buf = malloc(size);
	size_t got, len;

	if (!buf)
		abort();
	got = f->fn((const char *)in, inlen, buf, size);
	FUZZ_CHECK(got == need, "%s: size %zu returns %zu, size 0 returned %zu",
		   f->name, size, got, need);
	if (size) {
		len = strnlen(buf, size);
		FUZZ_CHECK(len < size, "%s: size %zu: output not NUL-terminated", f->name, size);
		FUZZ_CHECK(!memcmp(buf, whole, len), "%s: size %zu: not a prefix", f->name, size);
		FUZZ_CHECK(len == need || len + f->piece(whole + len) >= size,
			   "%s: size %zu: stopped at %zu though the next piece fits",
			   f->name, size, len);
		check_valid(f, in, inlen, buf, len, len == need);
	}
	free(buf);
}

/* The fputs variant on the input up to its first NUL must print the same escaping. */
static void check_fputs(const struct format *f, const uint8_t *in, size_t inlen)
{
	char *s = fuzz_cstr(in, inlen), *mem = NULL, *want;
	size_t memlen = 0, slen = strlen(s), need;
	FILE *m = open_memstream(&mem, &memlen);

	if (!m)
		abort();
	f->fputs(m, s);
	fclose(m);
	need = f->fn(s, slen, NULL, 0);
	want = malloc(need + 1);
	if (!want)
		abort();
	f->fn(s, slen, want, need + 1);
	FUZZ_CHECK(memlen == need && !memcmp(mem, want, need),
		   "%s: fputs printed %zu bytes, escaping gives %zu", f->name,
		   memlen, need);
	free(want);
	free(mem);
	free(s);
}

static void fuzz_format(const struct format *f, const uint8_t *in, size_t inlen,
			uint8_t sel)
{
	size_t need = f->fn((const char *)in, inlen, NULL, 0);
	size_t sizes[] = { 0, 1, 2, sel % (need + 2), need, need + 1 };
	char *whole = malloc(need + 1);
	size_t i;

	if (!whole)
		abort();
	FUZZ_CHECK(f->fn((const char *)in, inlen, whole, need + 1) == need,
		   "%s: need changed", f->name);
	FUZZ_CHECK(!memchr(whole, '\0', need) && whole[need] == '\0',
		   "%s: NUL inside the output or missing at its end", f->name);
	check_valid(f, in, inlen, whole, need, true);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		run_size(f, in, inlen, whole, need, sizes[i]);
	if (f->fputs)
		check_fputs(f, in, inlen);
	free(whole);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i;

	if (!size)
		return 0;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		fuzz_format(&formats[i], data + 1, size - 1, data[0]);
	return 0;
}
