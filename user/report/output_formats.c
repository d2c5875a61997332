// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The table of output formats that -oN, -oX, -oG, -oJ and -oA choose from. */
#include "output.h"
#include "output_formats.h"

const struct xm_output_format xm_output_formats[] = {
	{ 'N', ".nmap", &xm_output_nmap, "normal" },
	{ 'X', ".xml", &xm_output_xml, "XML" },
	{ 'G', ".gnmap", &xm_output_grep, "grepable" },
	{ 'J', NULL, &xm_output_json, "JSON-lines" },
	{ 'C', NULL, &xm_output_csv, "CSV" },
};

const size_t xm_output_nformats = sizeof(xm_output_formats) / sizeof(xm_output_formats[0]);

_Static_assert(sizeof(xm_output_formats) / sizeof(xm_output_formats[0]) <= XM_OUT_MAX,
	       "raise XM_OUT_MAX");

int xm_output_format_index(char letter)
{
	size_t i;

	for (i = 0; i < xm_output_nformats; i++)
		if (xm_output_formats[i].letter == letter)
			return (int)i;
	return -1;
}
