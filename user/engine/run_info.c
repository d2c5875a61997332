// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* What --metadata-file says of the XDP path: modes, queues. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include "run_info.h"

uint32_t xm_iface_tx_queues(const char *ifname)
{
	char path[128];
	struct dirent *e;
	uint32_t n = 0;
	DIR *d;

	if (strchr(ifname, '/'))
		return 0;
	snprintf(path, sizeof(path), "/sys/class/net/%s/queues", ifname);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += !strncmp(e->d_name, "tx-", 3);
	closedir(d);
	return n;
}

void xm_run_info_fill(struct xm_run_info *r, const char *ifname, bool xdp_generic,
		      bool xsk_zerocopy, uint32_t queue)
{
	r->ifname = ifname;
	r->xdp_generic = xdp_generic;
	r->xsk_zerocopy = xsk_zerocopy;
	r->queue = queue;
	r->queues = xm_iface_tx_queues(ifname);
}
