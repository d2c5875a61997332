// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: the service-answer matcher (xm_svc_db_match) and its byte helpers. */
#include "fingerprint.h"
#include "fuzz_util.h"
#include "service_db.h"
#include "service_record.h"

/*
 * A fixed database (below) is parsed once. Input: one byte choosing the
 * probe and a buffer size, then the answer a server sent. The answer is
 * matched against the chosen probe (then its fallback, then NULL); what
 * is reported must be printable, NUL-terminated ASCII. The same bytes go
 * through xm_svc_printable() into a buffer of exactly the chosen size and
 * through xm_svc_unescape() (as a payload written in the database).
 * The answer is also matched against a probe of the shipped database,
 * data/service-probes (all its lines, the same byte choosing the probe),
 * and goes into a fingerprint (xm_svc_fp_add), which must stay printable.
 */
void fuzz_check_svc_info(const struct xm_svc_info *in, int rc);
void fuzz_check_svc_db(const struct xm_svc_db *db);

static const char db_text[] =
	"# the matcher fuzzer's database: captures, $P(), cpe, softmatch, fallback\n"
	"probe NULL q||\n"
	"ports 21,22,25,110\n"
	"match ssh m|^SSH-([\\d.]+)-OpenSSH_([\\w._-]+)[ -]{1,2}Debian[ -_]([^\\r\\n]+)\\r?\\n|"
	" p|OpenSSH| v|$2 Debian $3| i|protocol $1| o|Linux| cpe:|cpe:/a:openbsd:openssh:$2|\n"
	"match ssh m|^SSH-([\\d.]+)-([^\\r\\n]*)\\r?\\n|s p|$P(2)| i|protocol $1|\n"
	"match smtp m|^220 ([-\\w.]+) ESMTP ([^\\r\\n]+)\\r\\n| h|$1| p|$2|\n"
	"softmatch ftp m|^220[ -]|\n"
	"match ftp m|^220 \\(vsFTPd ([\\d.]+)\\)| p|vsftpd| v|$1|\n"
	"match banner m|^(.)(.)(.)(.)(.)(.)(.)(.)(.)(.*)$|s p|$1$2$3$4$5$6$7$8$9| i|$P(9)|\n"
	"probe GetRequest q|GET / HTTP/1.0\\r\\n\\r\\n|\n"
	"ports 80,8080-8090\n"
	"sslports 443\n"
	"wait 3000\n"
	"match http m|^HTTP/1\\.[01] \\d\\d\\d .*\\r\\nServer: nginx/([\\d.]+)|s p|nginx| v|$1|"
	" cpe:|cpe:/a:igor_sysoev:nginx:$1|\n"
	"match http m|^HTTP/1\\.[01] (\\d\\d\\d)|i i|status $1|\n"
	"softmatch http m|^HTTP/|\n"
	"probe TLS tls\n"
	"probe Help q|HELP\\r\\n|\n"
	"rarity 8\n"
	"fallback GetRequest\n"
	"match irc m|^:([\\w.-]+) NOTICE|i h|$1|\n"
	"match slow m|^(a+)+$|\n";

static struct xm_svc_db db, shipped;
static pcre2_match_data *md;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	if (xm_svc_db_parse(&db, db_text, sizeof(db_text) - 1, "fuzz-db", err,
			    sizeof(err))) {
		fprintf(stderr, "fuzz_service_match: the built-in database is refused: %s\n", err);
		exit(1);
	}
	fuzz_check_svc_db(&db);
	/* tests/fuzz/fuzz_smoke.sh and 'make fuzz' run from the top of the tree */
	if (xm_svc_db_load(&shipped, "data/service-probes", err, sizeof(err))) {
		fprintf(stderr, "fuzz_service_match: data/service-probes is refused: %s\n", err);
		exit(1);
	}
	fuzz_check_svc_db(&shipped);
	md = pcre2_match_data_create(XM_SVC_OVECTOR, NULL);
	FUZZ_CHECK(md, "pcre2_match_data_create failed");
	return 0;
}

static void check_printable(const uint8_t *data, size_t size, size_t outlen)
{
	char *out = malloc(outlen);
	size_t i, n;

	if (!out)
		abort();
	xm_svc_printable(data, size, out, outlen);
	n = strnlen(out, outlen);
	FUZZ_CHECK(n < outlen, "printable: not NUL-terminated in %zu bytes", outlen);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(out[i] >= 0x20 && out[i] < 0x7f, "printable: byte 0x%02x",
			   (unsigned char)out[i]);
	free(out);
}

static void check_unescape(const uint8_t *data, size_t size)
{
	uint8_t *out = malloc(size ? size : 1);
	long n;

	if (!out)
		abort();
	n = xm_svc_unescape((const char *)data, size, out, size);
	FUZZ_CHECK(n >= -1 && n <= (long)size, "unescape returned %ld for %zu bytes", n, size);
	FUZZ_CHECK(n != (long)size || !memchr(data, '\\', size),
		   "unescape kept every byte of a text with escapes");
	free(out);
}

/* 'entries' fingerprint entries of the answer: NUL-terminated, printable, within bounds. */
static void check_fingerprint(const uint8_t *data, size_t size, int entries)
{
	char fp[XM_SVC_FP_LEN] = "";
	size_t i, n;
	int k;

	for (k = 0; k <= entries; k++)
		xm_svc_fp_add(fp, sizeof(fp), "Probe", data, size);
	n = strnlen(fp, sizeof(fp));
	FUZZ_CHECK(n < sizeof(fp), "fingerprint: not NUL-terminated");
	FUZZ_CHECK(n > 0, "fingerprint: an answer of %zu bytes left no entry", size);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(fp[i] >= 0x20 && fp[i] < 0x7f, "fingerprint: byte 0x%02x",
			   (unsigned char)fp[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xm_svc_info info;
	int rc;

	if (!size)
		return 0;
	rc = xm_svc_db_match(&db, data[0] % (db.n + 1), data + 1, size - 1, md, &info);
	fuzz_check_svc_info(&info, rc);
	rc = xm_svc_db_match(&shipped, data[0] % shipped.n, data + 1, size - 1, md, &info);
	fuzz_check_svc_info(&info, rc);
	check_fingerprint(data + 1, size - 1, data[0] % 3);
	check_printable(data + 1, size - 1, data[0] % 64 + 1);
	check_unescape(data + 1, size - 1);
	return 0;
}
