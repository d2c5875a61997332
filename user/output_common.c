// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Helpers shared by the output formats: names, service lookup, file opening. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include "common_kern_user.h"
#include "output.h"

const char *xm_state_name(int state)
{
	switch (state) {
	case XM_STATE_OPEN: return "open";
	case XM_STATE_CLOSED: return "closed";
	case XM_STATE_FILTERED: return "filtered";
	}
	return "unknown";
}

const char *xm_reason_name(int reason)
{
	static const char *const names[XM_REASON_MAX] = {
		[XM_REASON_NONE] = "unknown",
		[XM_REASON_SYN_ACK] = "syn-ack",
		[XM_REASON_RESET] = "reset",
		[XM_REASON_NET_UNREACH] = "net-unreach",
		[XM_REASON_HOST_UNREACH] = "host-unreach",
		[XM_REASON_PROTO_UNREACH] = "proto-unreach",
		[XM_REASON_PORT_UNREACH] = "port-unreach",
		[XM_REASON_NET_PROHIBITED] = "net-prohibited",
		[XM_REASON_HOST_PROHIBITED] = "host-prohibited",
		[XM_REASON_ADMIN_PROHIBITED] = "admin-prohibited",
		[XM_REASON_NO_RESPONSE] = "no-response",
	};

	return reason >= 0 && reason < XM_REASON_MAX ? names[reason] : "unknown";
}

const char *xm_service_name(uint16_t port)
{
	struct servent *se = getservbyport(htons(port), "tcp");

	return se ? se->s_name : "unknown";
}

FILE *xm_output_fopen(const char *path, char *err, size_t errlen)
{
	FILE *f;

	if (!strcmp(path, "-"))
		return stdout;
	f = fopen(path, "w");
	if (!f)
		snprintf(err, errlen, "cannot open output file '%s': %s", path,
			 strerror(errno));
	return f;
}

void xm_output_close_file(struct xm_output *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	else if (o->f)
		fflush(o->f);
	o->f = NULL;
}

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
