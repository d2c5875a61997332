// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: the service database parser (xm_svc_db_parse), then matching with it. */
#include "fuzz_util.h"
#include "service_db.h"

/*
 * The input is a whole database text. A database it accepts must hold
 * what the header promises (NULL first, sane probes); then a few fixed
 * answers, and the input itself, are matched against each of its first
 * probes, and every reported field must be printable, NUL-terminated ASCII.
 */
#define MAX_PROBES 8

void fuzz_check_svc_info(const struct xm_svc_info *in, int rc);
void fuzz_check_svc_db(const struct xm_svc_db *db);

static const char *const answers[] = {
	"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
	"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\n",
	"220 mail.example ESMTP Postfix\r\n",
	"\x16\x03\x03\x00\x02\x02\x28\xff\x00\x80",
};

static void match_all(const struct xm_svc_db *db, const uint8_t *data, size_t size)
{
	pcre2_match_data *md = pcre2_match_data_create(XM_SVC_OVECTOR, NULL);
	struct xm_svc_info info;
	size_t pi, a;
	int rc;

	FUZZ_CHECK(md, "pcre2_match_data_create failed");
	for (pi = 0; pi < db->n && pi < MAX_PROBES; pi++) {
		for (a = 0; a < sizeof(answers) / sizeof(answers[0]); a++) {
			rc = xm_svc_db_match(db, pi, (const uint8_t *)answers[a],
					     strlen(answers[a]), md, &info);
			fuzz_check_svc_info(&info, rc);
		}
		rc = xm_svc_db_match(db, pi, data, size, md, &info);
		fuzz_check_svc_info(&info, rc);
	}
	pcre2_match_data_free(md);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xm_svc_db db;
	char err[256] = "";

	if (xm_svc_db_parse(&db, (const char *)data, size, "fuzz", err, sizeof(err))) {
		fuzz_check_err(err, sizeof(err));
		FUZZ_CHECK(!strncmp(err, "fuzz:", 5), "error without its place: %s", err);
	} else {
		fuzz_check_svc_db(&db);
		match_all(&db, data, size);
	}
	xm_svc_db_free(&db);
	return 0;
}
