/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Writing the seed files of the XDP fuzz targets: control bytes, then a frame. */
#ifndef XDPMAP_SEED_WRITER_H
#define XDPMAP_SEED_WRITER_H

#include <stddef.h>
#include <linux/types.h>

/*
 * Takes the output directory from the command line, which must name only
 * it; else prints a usage line and exits with 2.
 */
void seed_open_dir(int argc, char **argv);

/*
 * Writes DIR/name: the nhead bytes of head (the target's control bytes),
 * then the len bytes of frame; exits with 1, naming the file, on failure.
 */
void seed_put(const char *name, const __u8 *head, size_t nhead, const __u8 *frame, size_t len);

/*
 * Inserts n VLAN tags (802.1ad outermost when two, IDs 100, 101) after the
 * MACs of the len-byte frame b, which must have room for 4 * n more bytes;
 * returns the new length.
 */
size_t seed_vlan_tag(__u8 *b, size_t len, unsigned int n);

#endif /* XDPMAP_SEED_WRITER_H */
