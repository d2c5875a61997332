/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The registered output formats: one row per -o letter. */
#ifndef XDPMAP_OUTPUT_FORMATS_H
#define XDPMAP_OUTPUT_FORMATS_H

#include <stddef.h>

/* The most formats a command line can name: the size of xm_config's out_path[]. */
#define XM_OUT_MAX 8

struct xm_output_ops;

struct xm_output_format {
	char letter;			 /* -oN: 'N' */
	const char *ext;		 /* -oA BASE writes BASE + ext; NULL = not with -oA */
	const struct xm_output_ops *ops; /* its callbacks (output.h) */
	const char *name;		 /* for --help: "normal", "XML", ... */
};

/*
 * Every format, in the order the outputs are opened and listed in --help.
 * xm_config.out_path[i] is the file of xm_output_formats[i]. Adding a format
 * is one row in output_formats.c.
 */
extern const struct xm_output_format xm_output_formats[];
extern const size_t xm_output_nformats;

/* The row index of -o<letter>, or -1 when no format has that letter. */
int xm_output_format_index(char letter);

#endif /* XDPMAP_OUTPUT_FORMATS_H */
