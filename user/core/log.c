// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Leveled logging to stderr. */
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "log.h"

int xm_log_level = XM_LOG_WARN;

static void vlog(enum xm_log_level level, const char *fmt, va_list ap)
{
	if ((int)level > xm_log_level)
		return;
	fputs("xdpmap: ", stderr);
	vfprintf(stderr, fmt, ap);
}

void xm_log(enum xm_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	enum xm_log_level ours = level == LIBBPF_WARN ? XM_LOG_INFO : XM_LOG_DEBUG;

	if ((int)ours > xm_log_level)
		return 0;
	/* libbpf's own messages start with "libbpf: " already; name the source of the others. */
	if (strncmp(fmt, "libbpf: ", 8))
		fputs("libbpf: ", stderr);
	return vfprintf(stderr, fmt, ap);
}

void xm_log_route_libbpf(void)
{
	libbpf_set_print(libbpf_print);
}
