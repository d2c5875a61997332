// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Writing the seed files of the XDP fuzz targets: control bytes, then a frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pkt_builder.h"
#include "seed_writer.h"

static const char *dir;

void seed_open_dir(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		exit(2);
	}
	dir = argv[1];
}

void seed_put(const char *name, const __u8 *head, size_t nhead, const __u8 *frame, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(head, 1, nhead, f) != nhead || fwrite(frame, 1, len, f) != len ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

size_t seed_vlan_tag(__u8 *b, size_t len, unsigned int n)
{
	unsigned int i;

	memmove(b + 12 + 4 * n, b + 12, len - 12);
	for (i = 0; i < n; i++) {
		pb_put16(b + 12 + 4 * i, n > 1 && i == 0 ? 0x88a8 : 0x8100);
		pb_put16(b + 14 + 4 * i, (__u16)(100 + i));
	}
	return len + 4 * n;
}
