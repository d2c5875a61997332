// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka tests of the service database, templates and -sV engine; also a probe driver (--probe). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <cmocka.h>

#include "addr.h"
#include "service.h"
#include "service_db.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define LOCALHOST 0x7f000001u

/* The open TCP port addr:port (addr in host order) as the scanner submits it. */
static struct xm_finding tcp_port(uint32_t addr, uint16_t port)
{
	return (struct xm_finding){ .addr = xm_addr4(addr), .family = XM_FAMILY_IPV4,
				    .proto = IPPROTO_TCP, .port = port, .state = XM_STATE_OPEN };
}

#define assert_substr(hay, needle)                                             \
	do {                                                                   \
		if (!strstr((hay), (needle)))                                  \
			fail_msg("'%s' does not contain '%s'", (hay), (needle)); \
	} while (0)

static const char good_db[] =
	"# a comment\n"
	"\n"
	"probe NULL q||\n"
	"wait 1000\n"
	"match ssh m|^SSH-([\\d.]+)-OpenSSH_([\\w.]+)\\r?\\n| p|OpenSSH| v|$2| i|protocol $1| cpe:|a:openbsd:openssh:$2|\n"
	"softmatch ftp m|^220 |\n"
	"probe TLS tls\n"
	"rarity 1\n"
	"ports 443,8443\n"
	"probe Get q|GET / HTTP/1.0\\r\\n\\r\\n|\n"
	"rarity 2\n"
	"wait 500\n"
	"ports 80,8000-8100\n"
	"sslports 443\n"
	"match http m|^HTTP/1\\.[01] \\d+.*\\r\\nServer: nginx/([\\d.]+)|s p|nginx| v|$1|\n"
	"softmatch http m|^HTTP/1\\.[01] |\n"
	"probe Opt q%OPTIONS\\x20/\\r\\n\\0%\n"
	"rarity 9\n"
	"fallback Get\n"
	"match x m|^X(..)| p|$P(1)| v|$1|\n";

static void test_db_parse_good(void **state)
{
	struct xm_svc_db db;
	char err[256] = "";

	assert_int_equal(xm_svc_db_parse(&db, good_db, strlen(good_db), "t", err, sizeof(err)), 0);
	assert_int_equal(db.n, 4);
	assert_string_equal(db.p[0].name, "NULL");
	assert_int_equal(db.p[0].len, 0);
	assert_int_equal(db.p[0].wait_ms, 1000);
	assert_int_equal(db.p[0].nm, 2);
	assert_false(db.p[0].m[0].soft);
	assert_true(db.p[0].m[1].soft);
	assert_int_equal(db.p[0].m[0].ncpe, 1);
	assert_true(db.p[1].tls);
	assert_true(xm_svc_ports_has(&db.p[1].ports, 8443));
	assert_false(xm_svc_ports_has(&db.p[1].ports, 80));
	assert_int_equal(db.p[2].len, 18);
	assert_memory_equal(db.p[2].payload, "GET / HTTP/1.0\r\n\r\n", 18);
	assert_true(xm_svc_ports_has(&db.p[2].ports, 8050));
	assert_false(xm_svc_ports_has(&db.p[2].ports, 8101));
	assert_true(xm_svc_ports_has(&db.p[2].sslports, 443));
	assert_int_equal(db.p[2].rarity, 2);
	assert_int_equal(db.p[3].len, 12);
	assert_memory_equal(db.p[3].payload, "OPTIONS /\r\n\0", 12);
	assert_int_equal(db.p[3].rarity, 9);
	assert_int_equal(db.p[3].fallback, 2);
	assert_int_equal(xm_svc_db_find(&db, "Opt"), 3);
	assert_int_equal(xm_svc_db_find(&db, "nope"), -1);
	xm_svc_db_free(&db);
}

/* Each malformed database fails, naming the line and the reason. */
static void test_db_parse_bad(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "probe NULL q||\nbogus 1\n", "t:2: unknown directive" },
		{ "match x m|a|\n", "t:1: match before any probe" },
		{ "probe NULL q||\nmatch x m|a(|\n", "t:2: pcre2_compile failed" },
		{ "probe NULL q||\nmatch x m|a| p|oops\n", "t:2: unterminated field" },
		{ "probe NULL q||\nmatch x m|a\n", "t:2: expected a pattern" },
		{ "probe NULL q||\nmatch x m|a|z\n", "t:2: unknown regex flag" },
		{ "probe NULL q||\nmatch x m|a| z|b|\n", "t:2: unknown field" },
		{ "probe NULL q||\nmatch x m|a| p|$x|\n", "t:2: bad substitution" },
		{ "probe NULL q||\nmatch x m|a| p|a| p|b|\n", "t:2: field given twice" },
		{ "probe NULL q||\nsoftmatch x m|a| p|a|\n", "t:2: softmatch takes no fields" },
		{ "probe NULL q||\nports 80,,81\n", "t:2: bad port list" },
		{ "probe NULL q||\nports 90-80\n", "t:2: bad port range" },
		{ "probe NULL q||\nports 70000\n", "t:2: bad port list" },
		{ "probe NULL q||\nrarity 10\n", "t:2: bad number" },
		{ "probe NULL q||\nwait soon\n", "t:2: bad number" },
		{ "probe NULL q|\\xZZ|\n", "t:1: bad escape" },
		{ "probe NULL q|abc\n", "t:1: expected a payload" },
		{ "probe NULL q||\nprobe NULL q||\n", "t:2: duplicate probe" },
		{ "probe A q||\n", "the first probe must be NULL" },
		{ "probe NULL q||\nfallback NULL\n", "t:2: fallback names no earlier probe" },
		{ "ports 80\n", "t:1: directive before any probe" },
		{ "probe NULL q|| junk\n", "t:1: junk after payload" },
		{ "probe NULL q||\nmatch\n", "t:2: missing or too long service name" },
		{ "probe NULL q||\nmatch a\x1b m|a|\n", "t:2: service names are" },
		{ "probe NULL q||\nmatch x m|a|\0\n", "NUL byte" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct xm_svc_db db;
		char err[256] = "";
		size_t len = strlen(cases[i].text);

		if (strstr(cases[i].want, "NUL byte"))
			len += 2;
		if (!xm_svc_db_parse(&db, cases[i].text, len, "t", err, sizeof(err)))
			fail_msg("case %zu parsed: %s", i, cases[i].text);
		assert_substr(err, cases[i].want);
		xm_svc_db_free(&db);
	}
}

static void test_unescape(void **state)
{
	uint8_t out[32];

	assert_int_equal(xm_svc_unescape("a\\r\\n\\t\\0\\\\\\x41\\|", 17, out, sizeof(out)), 8);
	assert_memory_equal(out, "a\r\n\t\0\\A|", 8);
	assert_int_equal(xm_svc_unescape("\\x4", 3, out, sizeof(out)), -1);
	assert_int_equal(xm_svc_unescape("\\q", 2, out, sizeof(out)), -1);
	assert_int_equal(xm_svc_unescape("\\", 1, out, sizeof(out)), -1);
	assert_int_equal(xm_svc_unescape("abcd", 4, out, 3), -1);
}

static void test_subst(void **state)
{
	const uint8_t subj[] = "ab\x1b[31mcd";
	/* $1 = "ab", $2 = "\x1b[31m", $3 unset */
	PCRE2_SIZE ov[8] = { 0, 9, 0, 2, 2, 7, PCRE2_UNSET, PCRE2_UNSET };
	char out[64];

	assert_int_equal(xm_svc_subst("v$1.x", subj, ov, 4, out, sizeof(out)), 0);
	assert_string_equal(out, "vab.x");
	assert_int_equal(xm_svc_subst("[$2]", subj, ov, 4, out, sizeof(out)), 0);
	assert_string_equal(out, "[\\x1b[31m]");
	assert_int_equal(xm_svc_subst("[$P(2)]", subj, ov, 4, out, sizeof(out)), 0);
	assert_string_equal(out, "[[31m]");
	assert_int_equal(xm_svc_subst("<$3><$9>", subj, ov, 4, out, sizeof(out)), 0);
	assert_string_equal(out, "<><>");
	assert_int_equal(xm_svc_subst("$1$1$1$1", subj, ov, 4, out, 6), 0);
	assert_string_equal(out, "ababa");
	assert_int_equal(xm_svc_subst("$1$2", subj, ov, 4, out, 5), 0);
	assert_string_equal(out, "ab"); /* an escape that does not fit is left out whole */
	assert_int_equal(xm_svc_subst("x\ty", subj, ov, 4, out, sizeof(out)), 0);
	assert_string_equal(out, "x?y");
	assert_int_equal(xm_svc_subst("$", subj, ov, 4, out, sizeof(out)), -1);
	assert_int_equal(xm_svc_subst("$0", subj, ov, 4, out, sizeof(out)), -1);
	assert_int_equal(xm_svc_subst("$P(x)", subj, ov, 4, out, sizeof(out)), -1);
}

static int match_text(const struct xm_svc_db *db, const char *probe, const void *resp,
		      size_t len, struct xm_svc_info *info)
{
	pcre2_match_data *md = pcre2_match_data_create(XM_SVC_OVECTOR, NULL);
	int pi = xm_svc_db_find(db, probe), rc;

	assert_true(pi >= 0);
	rc = xm_svc_db_match(db, (size_t)pi, resp, len, md, info);
	pcre2_match_data_free(md);
	return rc;
}

static void test_match(void **state)
{
	struct xm_svc_db db;
	struct xm_svc_info in;
	char err[256];
	const char *http = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\n";

	assert_int_equal(xm_svc_db_parse(&db, good_db, strlen(good_db), "t", err, sizeof(err)), 0);
	assert_int_equal(match_text(&db, "NULL", "SSH-2.0-OpenSSH_9.2p1\r\n", 23, &in), 2);
	assert_string_equal(in.service, "ssh");
	assert_string_equal(in.f[XM_SVC_PRODUCT], "OpenSSH");
	assert_string_equal(in.f[XM_SVC_VERSION], "9.2p1");
	assert_string_equal(in.f[XM_SVC_INFO], "protocol 2.0");
	assert_string_equal(in.cpe[0], "a:openbsd:openssh:9.2p1");
	/* NULL's lines apply to every probe's answer too */
	assert_int_equal(match_text(&db, "Get", "SSH-2.0-OpenSSH_8.4\n", 20, &in), 2);
	assert_int_equal(match_text(&db, "Get", http, strlen(http), &in), 2);
	assert_string_equal(in.f[XM_SVC_VERSION], "1.22.1");
	assert_int_equal(match_text(&db, "Get", "HTTP/1.0 404 x\r\n", 16, &in), 1);
	assert_string_equal(in.service, "http");
	assert_true(in.soft);
	/* fallback: Opt's answer tried against Get's lines */
	assert_int_equal(match_text(&db, "Opt", http, strlen(http), &in), 2);
	assert_int_equal(match_text(&db, "Opt", "X\x01z", 3, &in), 2);
	assert_string_equal(in.f[XM_SVC_PRODUCT], "z");
	assert_string_equal(in.f[XM_SVC_VERSION], "\\x01z");
	assert_int_equal(match_text(&db, "Get", "nothing", 7, &in), 0);
	assert_int_equal(match_text(&db, "Get", "", 0, &in), 0);
	xm_svc_db_free(&db);
}

/* The shipped database parses, and names a few real answers. */
static void test_shipped_db(void **state)
{
	static const struct { const char *probe, *resp, *svc, *prod, *ver; } cases[] = {
		{ "NULL", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n", "ssh", "OpenSSH",
		  "9.2p1 Debian 2+deb12u10" },
		{ "NULL", "220 (vsFTPd 3.0.3)\r\n", "ftp", "vsftpd", "3.0.3" },
		{ "NULL", "220 bench ESMTP Exim 4.96 Mon, 01 Jan 2024 00:00:00 +0000\r\n", "smtp",
		  "Exim smtpd", "4.96" },
		{ "NULL", "+OK Dovecot (Debian) ready.\r\n", "pop3", "Dovecot pop3d", "" },
		{ "GetRequest", "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\n", "http", "nginx",
		  "1.22.1" },
		{ "Memcached", "VERSION 1.6.18\r\n", "memcached", "Memcached", "1.6.18" },
		{ "PostgresSSL", "N", "postgresql", "PostgreSQL DB", "" },
		{ "Redis", "+PONG\r\n$40\r\n# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nos:Linux\r\n",
		  "redis", "Redis key-value store", "7.0.15" },
	};
	struct xm_svc_db db;
	struct xm_svc_info in;
	char err[256] = "";
	size_t i;

	if (xm_svc_db_load(&db, "data/service-probes", err, sizeof(err)))
		fail_msg("%s", err);
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		if (match_text(&db, cases[i].probe, cases[i].resp, strlen(cases[i].resp), &in) != 2)
			fail_msg("no hard match for case %zu", i);
		assert_string_equal(in.service, cases[i].svc);
		assert_string_equal(in.f[XM_SVC_PRODUCT], cases[i].prod);
		assert_string_equal(in.f[XM_SVC_VERSION], cases[i].ver);
	}
	xm_svc_db_free(&db);
}

/* ------------------------------------------------------------------ */
/* The engine against listeners on 127.0.0.1                           */
/* ------------------------------------------------------------------ */

enum behaviour { B_SSH, B_HTTP, B_SILENT, B_CLOSE, B_FLOOD, B_ESCAPES };

struct listener {
	int fd;
	uint16_t port;
	enum behaviour b;
	pthread_t thr;
};

static void serve_one(int c, enum behaviour b)
{
	static const char ssh[] = "SSH-2.0-OpenSSH_9.9p9 Debian-1\r\n";
	static const char http[] = "HTTP/1.1 200 OK\r\nServer: nginx/1.2.3\r\n\r\n";
	static const char esc[] = "220 \x1b]0;pwned\x07\x1b[2J\x1b[31mevil\r\n";
	char buf[512];
	uint8_t junk[4096];
	int i;

	switch (b) {
	case B_SSH:
		(void)!send(c, ssh, sizeof(ssh) - 1, MSG_NOSIGNAL);
		break;
	case B_HTTP:
		if (recv(c, buf, sizeof(buf), 0) > 0)
			(void)!send(c, http, sizeof(http) - 1, MSG_NOSIGNAL);
		break;
	case B_SILENT:
		(void)!recv(c, buf, sizeof(buf), 0);
		break;
	case B_CLOSE:
		break;
	case B_FLOOD: /* 10 MB of pseudo-random bytes, or until the peer goes away */
		for (i = 0; i < 2560; i++) {
			size_t k;

			for (k = 0; k < sizeof(junk); k++)
				junk[k] = (uint8_t)rand();
			if (send(c, junk, sizeof(junk), MSG_NOSIGNAL) <= 0)
				break;
		}
		break;
	case B_ESCAPES:
		(void)!send(c, esc, sizeof(esc) - 1, MSG_NOSIGNAL);
		(void)!recv(c, buf, sizeof(buf), 0);
		break;
	}
}

static void *listener_main(void *arg)
{
	struct listener *l = arg;

	for (;;) {
		int c = accept(l->fd, NULL, NULL);

		if (c < 0)
			return NULL;
		serve_one(c, l->b);
		close(c);
	}
}

static void listener_start(struct listener *l, enum behaviour b)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(LOCALHOST) };
	socklen_t sl = sizeof(sa);
	int one = 1;

	l->b = b;
	l->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(l->fd >= 0);
	setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	assert_int_equal(bind(l->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(l->fd, 64), 0);
	assert_int_equal(getsockname(l->fd, (struct sockaddr *)&sa, &sl), 0);
	l->port = ntohs(sa.sin_port);
	assert_int_equal(pthread_create(&l->thr, NULL, listener_main, l), 0);
}

static void listener_stop(struct listener *l)
{
	shutdown(l->fd, SHUT_RDWR);
	close(l->fd);
	pthread_join(l->thr, NULL);
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_engine_local(void **state)
{
	static const enum behaviour bs[] = { B_SSH, B_HTTP, B_SILENT, B_CLOSE, B_FLOOD,
					     B_ESCAPES };
	struct listener ls[ARRAY_LEN(bs)];
	const struct xm_service *v[ARRAY_LEN(bs)];
	struct xm_svc_opts o;
	struct xm_svc *s;
	char err[256] = "", name[64];
	double t0;
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < ARRAY_LEN(bs); i++)
		listener_start(&ls[i], bs[i]);
	xm_svc_opts_default(&o);
	o.db_path = "data/service-probes";
	o.wait_scale = 0.25; /* keep the silent port short */
	o.port_timeout = 8;
	s = xm_svc_start(&o, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	t0 = mono();
	for (i = 0; i < ARRAY_LEN(bs); i++) {
		struct xm_finding f = tcp_port(LOCALHOST, ls[i].port);

		xm_svc_submit(s, &f);
	}
	xm_svc_finish(s);
	assert_true(mono() - t0 < 9.5); /* in parallel, each port bounded by its deadline */
	for (i = 0; i < ARRAY_LEN(bs); i++) {
		struct xm_finding f = tcp_port(LOCALHOST, ls[i].port);

		v[i] = xm_svc_get(s, &f);
		assert_non_null(v[i]);
	}
	assert_string_equal(v[0]->name, "ssh");
	assert_string_equal(v[0]->product, "OpenSSH");
	assert_string_equal(v[0]->version, "9.9p9 Debian 1");
	assert_string_equal(v[1]->name, "http");
	assert_string_equal(v[1]->product, "nginx");
	assert_string_equal(v[1]->version, "1.2.3");
	assert_string_equal(v[1]->method, "probed");
	assert_int_equal(v[2]->name[strlen(v[2]->name) - 1], '?');
	assert_string_equal(v[2]->method, "table");
	assert_string_equal(v[3]->name, "tcpwrapped");
	xm_service_fullname(v[4], name, sizeof(name));
	assert_int_equal(name[strlen(name) - 1], '?');
	for (i = 0; i < ARRAY_LEN(bs); i++) {
		const char *p;

		for (p = v[i]->extrainfo; *p; p++)
			assert_true(*p >= 0x20 && *p < 0x7f);
		for (p = v[i]->product; *p; p++)
			assert_true(*p >= 0x20 && *p < 0x7f);
	}
	xm_svc_free(s);
	for (i = 0; i < ARRAY_LEN(bs); i++)
		listener_stop(&ls[i]);
}

/*
 * Submit the listeners' ports to an engine with options 'o', finish, and
 * store each port's record (NULL: not probed) in v[].
 */
static struct xm_svc *run_engine(const struct xm_svc_opts *o, const struct listener *ls,
				 size_t n, const struct xm_service **v)
{
	char err[256] = "";
	struct xm_svc *s = xm_svc_start(o, err, sizeof(err));
	size_t i;

	if (!s)
		fail_msg("%s", err);
	for (i = 0; i < n; i++) {
		struct xm_finding f = tcp_port(LOCALHOST, ls[i].port);

		xm_svc_submit(s, &f);
	}
	xm_svc_finish(s);
	for (i = 0; i < n; i++) {
		struct xm_finding f = tcp_port(LOCALHOST, ls[i].port);

		v[i] = xm_svc_get(s, &f);
	}
	return s;
}

/*
 * The caps end -sV whatever the ports do: with port deadlines of 10 minutes,
 * silent ports end by --version-timeout or --host-timeout (the test ends),
 * the port being probed as nmap's guess ("name?"), the queued one not probed;
 * and no more ports than the record cap are probed.
 */
static void test_engine_caps(void **state)
{
	struct listener ls[4];
	const struct xm_service *v[4];
	struct xm_svc_opts o;
	struct xm_svc *s;
	int round, kept;
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < 2; i++)
		listener_start(&ls[i], B_SILENT);
	for (round = 0; round < 2; round++) {
		xm_svc_opts_default(&o);
		o.db_path = "data/service-probes";
		o.parallelism = 1;
		o.port_timeout = 600;
		o.connect_timeout = 600;
		if (round == 0) {
			o.total_timeout = 0.5;
		} else {
			o.total_timeout = 0;
			o.host_timeout = 0.5;
		}
		s = run_engine(&o, ls, 2, v);
		assert_true(!v[0] != !v[1]); /* one cut short, one not probed */
		if (!v[0])
			v[0] = v[1];
		assert_int_equal(v[0]->name[strlen(v[0]->name) - 1], '?');
		assert_string_equal(v[0]->method, "table");
		xm_svc_free(s);
	}
	for (i = 0; i < 2; i++)
		listener_stop(&ls[i]);

	for (i = 0; i < 4; i++)
		listener_start(&ls[i], B_CLOSE);
	xm_svc_opts_default(&o);
	o.db_path = "data/service-probes";
	o.parallelism = 1;
	o.max_records = 2;
	s = run_engine(&o, ls, 4, v);
	for (kept = 0, i = 0; i < 4; i++)
		if (v[i]) {
			assert_string_equal(v[i]->name, "tcpwrapped");
			kept++;
		}
	assert_int_equal(kept, 2);
	xm_svc_free(s);
	for (i = 0; i < 4; i++)
		listener_stop(&ls[i]);
}

/* ------------------------------------------------------------------ */
/* Driver: test_service --probe [-i N] [-s SCALE] [-t SECS] [-d DB] ADDR:PORT...  */
/* ------------------------------------------------------------------ */

static long peak_rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static int parse_target(const char *a, uint32_t *addr, uint16_t *port)
{
	char ip[64];
	unsigned p;
	struct in_addr in;

	if (sscanf(a, "%63[0-9.]:%u", ip, &p) != 2 || !p || p > 65535 ||
	    inet_pton(AF_INET, ip, &in) != 1)
		return -1;
	*addr = ntohl(in.s_addr);
	*port = (uint16_t)p;
	return 0;
}

static void print_record(uint32_t addr, uint16_t port, const struct xm_service *v)
{
	char name[64], ver[512], ip[INET_ADDRSTRLEN];
	int k;

	inet_ntop(AF_INET, &(struct in_addr){ htonl(addr) }, ip, sizeof(ip));
	if (!v) {
		printf("%s:%u\t-\t-\t-\t-\t-\n", ip, port);
		return;
	}
	xm_service_fullname(v, name, sizeof(name));
	xm_service_version_str(v, ver, sizeof(ver));
	printf("%s:%u\t%s\t%s\t%s\t%s\t", ip, port, name, v->product[0] ? v->product : "-",
	       v->version[0] ? v->version : "-", ver[0] ? ver : "-");
	for (k = 0; k < v->ncpe; k++)
		printf("%scpe:/%s", k ? " " : "", v->cpe[k]);
	printf("%s\n", v->ncpe ? "" : "-");
}

static int driver(int argc, char **argv)
{
	struct xm_svc_opts o;
	struct xm_svc *s;
	char err[512];
	int i, opt;

	signal(SIGPIPE, SIG_IGN);
	xm_svc_opts_default(&o);
	while ((opt = getopt(argc, argv, "i:s:t:d:P:")) != -1) {
		switch (opt) {
		case 'i': o.intensity = atoi(optarg); break;
		case 's': o.wait_scale = atof(optarg); break;
		case 't': o.port_timeout = atof(optarg); break;
		case 'd': o.db_path = optarg; break;
		case 'P': o.parallelism = atoi(optarg); break;
		default: return 2;
		}
	}
	s = xm_svc_start(&o, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (i = optind; i < argc; i++) {
		struct xm_finding f;
		uint32_t a;
		uint16_t p;

		if (parse_target(argv[i], &a, &p)) {
			fprintf(stderr, "bad target '%s' (ADDR:PORT)\n", argv[i]);
			xm_svc_free(s);
			return 2;
		}
		f = tcp_port(a, p);
		xm_svc_submit(s, &f);
	}
	xm_svc_finish(s);
	for (i = optind; i < argc; i++) {
		struct xm_finding f;
		uint32_t a;
		uint16_t p;

		parse_target(argv[i], &a, &p);
		f = tcp_port(a, p);
		print_record(a, p, xm_svc_get(s, &f));
	}
	printf("# peak_rss_kb=%ld\n", peak_rss_kb());
	xm_svc_free(s);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_db_parse_good),
		cmocka_unit_test(test_db_parse_bad),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_subst),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_shipped_db),
		cmocka_unit_test(test_engine_local),
		cmocka_unit_test(test_engine_caps),
	};

	if (argc > 1 && !strcmp(argv[1], "--probe"))
		return driver(argc - 1, argv + 1);
	return cmocka_run_group_tests_name("service", tests, NULL, NULL);
}
