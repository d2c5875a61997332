// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The default UDP payload from --data, --data-string and --data-length. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "udp_opts.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * "0x" at the start and "\x" before any byte are skipped, as nmap reads
 * --data. -1: not a hex byte at *bad; -2: more than XM_UDP_PAYLOAD_MAX bytes.
 */
static int parse_hex(const char *s, uint8_t *out, size_t *len, const char **bad)
{
	size_t n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (*s) {
		int hi, lo;

		if (s[0] == '\\' && s[1] == 'x')
			s += 2;
		hi = hex_value(s[0]);
		lo = hi < 0 ? -1 : hex_value(s[1]);
		*bad = s;
		if (lo < 0)
			return -1;
		if (n == XM_UDP_PAYLOAD_MAX)
			return -2;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	*len = n;
	return 0;
}

static int set_data(struct xm_config *cfg, const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy)
		return -1;
	memcpy(copy, data, len);
	free(cfg->udp_data);
	cfg->udp_data = copy;
	cfg->udp_data_len = len;
	return 0;
}

static int data_length(struct xm_config *cfg, const char *name, const char *arg,
		       uint8_t *buf, char *err, size_t errlen)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || arg[0] == '-' || n > XM_UDP_PAYLOAD_MAX) {
		snprintf(err, errlen, "invalid %s '%s' (expected 0-%d bytes)", name, arg,
			 XM_UDP_PAYLOAD_MAX);
		return -1;
	}
	if (n && getrandom(buf, n, 0) != (ssize_t)n) {
		snprintf(err, errlen, "%s: getrandom failed: %s", name, strerror(errno));
		return -1;
	}
	return set_data(cfg, buf, n);
}

int xm_udp_data_option(struct xm_config *cfg, const char *name, const char *arg, char *err,
		       size_t errlen)
{
	uint8_t buf[XM_UDP_PAYLOAD_MAX];
	const char *bad = NULL;
	size_t len = strlen(arg);
	int rc, hex;

	if (!strcmp(name, "--data-length"))
		rc = data_length(cfg, name, arg, buf, err, errlen);
	else if (!strcmp(name, "--data-string") && len > XM_UDP_PAYLOAD_MAX)
		return snprintf(err, errlen, "%s is %zu bytes long: at most %d fit a probe", name,
				len, XM_UDP_PAYLOAD_MAX), -1;
	else if (!strcmp(name, "--data-string"))
		rc = set_data(cfg, (const uint8_t *)arg, len);
	else if ((hex = parse_hex(arg, buf, &len, &bad)) == -1)
		return snprintf(err, errlen, "invalid %s '%s': not a hex byte at '%.8s'", name,
				arg, bad), -1;
	else if (hex == -2)
		return snprintf(err, errlen, "%s: more than %d bytes do not fit a probe", name,
				XM_UDP_PAYLOAD_MAX), -1;
	else
		rc = set_data(cfg, buf, len);
	if (rc && !*err)
		snprintf(err, errlen, "out of memory for %s", name);
	return rc;
}
