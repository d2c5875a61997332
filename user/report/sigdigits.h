/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Numbers with a fixed count of significant digits, never in exponent form (nmap's latency). */
#ifndef XDPMAP_SIGDIGITS_H
#define XDPMAP_SIGDIGITS_H

#include <stddef.h>

/*
 * v (>= 0) rounded to 'digits' significant digits (1-9) in plain decimal
 * notation, as nmap prints a latency: 9.5e-05 -> "0.000095", 0.001 ->
 * "0.0010", 12.34 -> "12". Writes at most len bytes (NUL included); returns buf.
 */
char *xm_sigdigits(char *buf, size_t len, double v, int digits);

#endif /* XDPMAP_SIGDIGITS_H */
