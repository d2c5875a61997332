/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Fingerprints of unmatched services: the first bytes of each answer, for writing a match line. */
#ifndef XDPMAP_FINGERPRINT_H
#define XDPMAP_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "results.h"
#include "service_record.h"

/* Bytes of an answer kept in a fingerprint. */
#define XM_SVC_FP_BYTES 80

/*
 * Append %r(PROBE,LEN,"ESCAPED") to the fingerprint fp (size fplen, NUL-terminated, starts
 * ""): LEN is the answer's length in hex, ESCAPED its first XM_SVC_FP_BYTES bytes with
 * \r \n \t \0 and \xHH for other non-printable bytes and for '"', '\' and '%'. An entry that
 * does not fit whole is left out.
 */
void xm_svc_fp_add(char *fp, size_t fplen, const char *probe, const uint8_t *answer,
		   size_t len);

/* Room for xm_svc_fp_text()'s line: the header, the fingerprint and ';'. */
#define XM_SVC_FP_TEXT_LEN (XM_SVC_FP_LEN + 64)

/*
 * p's fingerprint (p->svc set, p->svc->fingerprint not empty) as one line, the way nmap
 * writes it in XML's servicefp: "SF-Port22-TCP:V=VERSION%r(...)...;". Truncated to fit buf
 * (len > 0); returns the length written.
 */
size_t xm_svc_fp_text(const struct xm_finding *p, char *buf, size_t len);

/*
 * After a host's port table (-oN, stdout): one block per port of 'ports' (n findings of one
 * host) whose service has a fingerprint, as nmap prints "SF-Port..." lines, wrapped at 80
 * columns. Nothing when none has one.
 */
void xm_svc_fp_print(FILE *f, const struct xm_finding *ports, size_t n);

#endif /* XDPMAP_FINGERPRINT_H */
