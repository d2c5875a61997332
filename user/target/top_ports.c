// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* --top-ports N and -F: the first N ports of the ranked list, sorted for the scan. */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include "top_ports.h"

static int cmp_port(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

int xm_ports_top(size_t n, struct xm_ports *out)
{
	if (n > xm_top_ports_count)
		n = xm_top_ports_count;
	out->v = malloc((n ? n : 1) * sizeof(*out->v));
	if (!out->v)
		return -1;
	memcpy(out->v, xm_top_ports, n * sizeof(*out->v));
	qsort(out->v, n, sizeof(*out->v), cmp_port);
	out->n = n;
	out->proto = IPPROTO_TCP;
	return 0;
}
