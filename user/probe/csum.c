// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Internet checksum over a byte range, for the probe templates' constant parts. */
#include "csum.h"

uint32_t xm_csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)data[i] << 8 | data[i + 1];
	if (len & 1)
		sum += (uint32_t)data[len - 1] << 8;
	return sum;
}
