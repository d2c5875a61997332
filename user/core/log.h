/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Leveled logging to stderr: pr_warn/pr_info/pr_debug, libbpf's output routed one level lower. */
#ifndef XDPMAP_LOG_H
#define XDPMAP_LOG_H

#include <stdarg.h>

enum xm_log_level {
	XM_LOG_WARN = 0,
	XM_LOG_INFO = 1,
	XM_LOG_DEBUG = 2,
};

/* Messages above this level are dropped; -v raises it by one, -d by two. */
extern int xm_log_level;

void xm_log(enum xm_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Install a libbpf print callback that logs libbpf's warnings as info, info as debug. */
void xm_log_route_libbpf(void);

#define pr_warn(...) xm_log(XM_LOG_WARN, __VA_ARGS__)
#define pr_info(...) xm_log(XM_LOG_INFO, __VA_ARGS__)
#define pr_debug(...) xm_log(XM_LOG_DEBUG, __VA_ARGS__)

#endif /* XDPMAP_LOG_H */
