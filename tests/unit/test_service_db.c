// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka: each line of data/service-probes against recorded answers (tests/unit/service-fixtures). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "service_db.h"

#define DB_PATH "data/service-probes"
#define FIXTURES "tests/unit/service-fixtures"

/* One fixture line: PROBE, SERVICE ('~' soft, '-' none), PRODUCT, VERSION ('-' empty), ANSWER. */
struct fixture {
	int line;
	char *probe, *service, *product, *version;
	uint8_t *answer;
	size_t len;
};

struct suite {
	struct xm_svc_db db;
	struct fixture *fx;
	size_t nfx;
	pcre2_match_data *md;
};

static char *field(char **s)
{
	char *f = *s, *tab = strchr(f, '\t');

	if (!tab)
		return NULL;
	*tab = '\0';
	*s = tab + 1;
	return f;
}

static int parse_fixture(char *line, int lineno, struct fixture *fx)
{
	char *s = line, *ans;
	long n;

	fx->line = lineno;
	fx->probe = strdup(field(&s) ?: "");
	fx->service = strdup(field(&s) ?: "");
	fx->product = strdup(field(&s) ?: "");
	fx->version = strdup(field(&s) ?: "");
	ans = s;
	ans[strcspn(ans, "\n")] = '\0';
	fx->answer = malloc(strlen(ans) + 1);
	n = xm_svc_unescape(ans, strlen(ans), fx->answer, strlen(ans) + 1);
	if (n < 0 || !fx->version[0])
		return -1;
	fx->len = (size_t)n;
	return 0;
}

static int load_fixtures(struct suite *st)
{
	FILE *f = fopen(FIXTURES, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		st->fx = realloc(st->fx, (st->nfx + 1) * sizeof(*st->fx));
		if (parse_fixture(line, lineno, &st->fx[st->nfx++]))
			fail_msg("%s:%d: malformed fixture line", FIXTURES, lineno);
	}
	free(line);
	fclose(f);
	return 0;
}

static int setup(void **state)
{
	struct suite *st = calloc(1, sizeof(*st));
	char err[512];

	if (xm_svc_db_load(&st->db, DB_PATH, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	if (load_fixtures(st))
		return -1;
	st->md = pcre2_match_data_create(XM_SVC_OVECTOR, NULL);
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	struct suite *st = *state;
	size_t i;

	for (i = 0; i < st->nfx; i++) {
		free(st->fx[i].probe);
		free(st->fx[i].service);
		free(st->fx[i].product);
		free(st->fx[i].version);
		free(st->fx[i].answer);
	}
	free(st->fx);
	pcre2_match_data_free(st->md);
	xm_svc_db_free(&st->db);
	free(st);
	return 0;
}

static const char *or_dash(const char *s)
{
	return s[0] ? s : "-";
}

/* Match one fixture; returns the matching line (0 when none), reports a mismatch. */
static int check_one(struct suite *st, const struct fixture *fx, int *bad)
{
	int pi = xm_svc_db_find(&st->db, fx->probe);
	bool want_soft = fx->service[0] == '~', want_none = !strcmp(fx->service, "-");
	struct xm_svc_info info;
	int rc;

	if (pi < 0) {
		print_error("%s:%d: no probe %s\n", FIXTURES, fx->line, fx->probe);
		(*bad)++;
		return 0;
	}
	rc = xm_svc_db_match(&st->db, (size_t)pi, fx->answer, fx->len, st->md, &info);
	if (want_none) {
		if (rc) {
			print_error("%s:%d: expected no match, line %d named %s\n", FIXTURES,
				    fx->line, info.line, info.service);
			(*bad)++;
		}
		return 0;
	}
	if (rc != (want_soft ? 1 : 2) || strcmp(info.service, fx->service + want_soft) ||
	    strcmp(or_dash(info.f[XM_SVC_PRODUCT]), fx->product) ||
	    strcmp(or_dash(info.f[XM_SVC_VERSION]), fx->version)) {
		print_error("%s:%d: %s expected %s|%s|%s, got rc %d line %d %s|%s|%s\n", FIXTURES,
			    fx->line, fx->probe, fx->service, fx->product, fx->version, rc,
			    rc ? info.line : 0, rc ? info.service : "-",
			    rc ? or_dash(info.f[XM_SVC_PRODUCT]) : "-",
			    rc ? or_dash(info.f[XM_SVC_VERSION]) : "-");
		(*bad)++;
		return 0;
	}
	return info.line;
}

/* Each fixture gets the service, product and version it is recorded with. */
static void test_fixtures_match(void **state)
{
	struct suite *st = *state;
	int bad = 0;
	size_t i;

	assert_true(st->nfx >= 100);
	for (i = 0; i < st->nfx; i++)
		check_one(st, &st->fx[i], &bad);
	assert_int_equal(bad, 0);
}

/* Every match and softmatch line of the database decides at least one fixture. */
static void test_every_line_has_a_fixture(void **state)
{
	struct suite *st = *state;
	size_t i, j, nlines = 0, missing = 0;
	int bad = 0, *hit = calloc(1u << 16, sizeof(int));

	assert_non_null(hit);
	for (i = 0; i < st->nfx; i++) {
		int line = check_one(st, &st->fx[i], &bad);

		if (line > 0 && line < (1 << 16))
			hit[line]++;
	}
	for (i = 0; i < st->db.n; i++) {
		if (st->db.p[i].proto == IPPROTO_UDP)
			continue; /* their fixtures, and this check, are in test_service_udp.c */
		for (j = 0; j < st->db.p[i].nm; j++) {
			const struct xm_svc_match *m = &st->db.p[i].m[j];

			nlines++;
			if (m->line < (1 << 16) && hit[m->line])
				continue;
			print_error("%s:%d: %s line for %s has no fixture\n", DB_PATH, m->line,
				    m->soft ? "softmatch" : "match", m->service);
			missing++;
		}
	}
	free(hit);
	assert_true(nlines >= 150);
	assert_int_equal(missing, 0);
}

/* The probes of this issue exist, each with a payload and match lines. */
static void test_tcp_probes_present(void **state)
{
	static const char *const names[] = {
		"LDAPSearch", "SMBNegotiate", "NBSession", "RPCDump", "X11Probe", "RDPNeg",
		"IRCRegister", "XMPPStream", "AMQPHeader", "KafkaApiVersions", "ZooKeeperSrvr",
		"MongoBuildInfo", "CQLOptions", "GitUploadPack", "DistCC", "EPMDNames",
		"OpenVPN", "SMTPEhlo", "GetVersion",
	};
	struct suite *st = *state;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int pi = xm_svc_db_find(&st->db, names[i]);

		if (pi < 0)
			fail_msg("no probe %s", names[i]);
		assert_true(st->db.p[pi].len > 0);
		assert_true(st->db.p[pi].nm > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_match),
		cmocka_unit_test(test_every_line_has_a_fixture),
		cmocka_unit_test(test_tcp_probes_present),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
