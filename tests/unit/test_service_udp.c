// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka tests of -sV over UDP: the database's UDP probes and fixtures, the engine on loopback. */
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
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <cmocka.h>

#include "addr.h"
#include "config.h"
#include "results.h"
#include "service.h"
#include "service_db.h"
#include "svc_box.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define LOCALHOST 0x7f000001u
/* A byte string literal and its length (it may hold NUL bytes). */
#define BYTES(s) (const uint8_t *)(s), sizeof(s) - 1

/* The UDP port addr:port (addr in host order) as the scanner would submit it. */
static struct xm_finding udp_port(uint32_t addr, uint16_t port)
{
	return (struct xm_finding){ .addr = xm_addr4(addr), .family = XM_FAMILY_IPV4,
				    .proto = IPPROTO_UDP, .port = port, .state = XM_STATE_OPEN };
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */
/* ------------------------------------------------------------------ */

static const char udp_db[] =
	"probe NULL q||\n"
	"match ssh m|^SSH-| p|OpenSSH|\n"
	"probe Tcp q|x|\n"
	"match tcponly m|^T| p|T|\n"
	"probe Hello udp q|hello|\n"
	"rarity 1\n"
	"wait 400\n"
	"ports 9\n"
	"match hi m|^HELLO v([\\d.]+)\\n$| p|Hello server| v|$1|\n"
	"softmatch hi m|^HE|\n"
	"probe Again udp q|again|\n"
	"rarity 2\n"
	"wait 400\n"
	"fallback Hello\n"
	"match hi m|^AGAIN (\\w+)| p|$1|\n";

static void test_db_udp_parse(void **state)
{
	static const struct { const char *text, *err; } bad[] = {
		{ "probe NULL q||\nprobe U udp tls\n", "a UDP probe cannot be 'tls'" },
		{ "probe NULL q||\nprobe U udp\n", "expected a payload" },
		{ "probe NULL q||\nprobe U udp q|a|\nprobe T q|b|\nfallback U\n",
		  "other protocol" },
		{ "probe NULL udp q||\n", "the first probe must be NULL" },
	};
	struct xm_svc_db db;
	char err[256];
	size_t i;

	assert_int_equal(xm_svc_db_parse(&db, udp_db, strlen(udp_db), "t", err, sizeof(err)), 0);
	assert_int_equal(db.n, 4);
	assert_int_equal(db.p[0].proto, IPPROTO_TCP);
	assert_int_equal(db.p[1].proto, IPPROTO_TCP);
	assert_int_equal(db.p[2].proto, IPPROTO_UDP);
	assert_int_equal(db.p[2].len, 5);
	assert_memory_equal(db.p[2].payload, "hello", 5);
	assert_int_equal(db.p[2].wait_ms, 400);
	assert_true(xm_svc_ports_has(&db.p[2].ports, 9));
	assert_int_equal(db.p[3].fallback, 2);
	xm_svc_db_free(&db);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		err[0] = '\0';
		assert_int_equal(xm_svc_db_parse(&db, bad[i].text, strlen(bad[i].text), "t", err,
						 sizeof(err)), -1);
		if (!strstr(err, bad[i].err))
			fail_msg("case %zu: '%s' does not say '%s'", i, err, bad[i].err);
		xm_svc_db_free(&db);
	}
}

static int match_bytes(const struct xm_svc_db *db, const char *probe, const uint8_t *resp,
		       size_t len, struct xm_svc_info *info)
{
	pcre2_match_data *md = pcre2_match_data_create(XM_SVC_OVECTOR, NULL);
	int pi = xm_svc_db_find(db, probe), rc;

	if (pi < 0)
		fail_msg("no probe '%s'", probe);
	rc = xm_svc_db_match(db, (size_t)pi, resp, len, md, info);
	pcre2_match_data_free(md);
	return rc;
}

/* A UDP probe's answer is never matched against NULL's (TCP banner) lines; fallback works. */
static void test_db_udp_match(void **state)
{
	struct xm_svc_db db;
	struct xm_svc_info in;
	char err[256];

	assert_int_equal(xm_svc_db_parse(&db, udp_db, strlen(udp_db), "t", err, sizeof(err)), 0);
	assert_int_equal(match_bytes(&db, "Tcp", BYTES("SSH-2.0-x\r\n"), &in), 2);
	assert_int_equal(match_bytes(&db, "Hello", BYTES("SSH-2.0-x\r\n"), &in), 0);
	assert_int_equal(match_bytes(&db, "Hello", BYTES("HELLO v1.5\n"), &in), 2);
	assert_string_equal(in.f[XM_SVC_VERSION], "1.5");
	assert_int_equal(match_bytes(&db, "Hello", BYTES("HELLO?"), &in), 1);
	assert_int_equal(match_bytes(&db, "Again", BYTES("AGAIN zz"), &in), 2);
	assert_string_equal(in.f[XM_SVC_PRODUCT], "zz");
	assert_int_equal(match_bytes(&db, "Again", BYTES("HELLO v2\n"), &in), 2);
	assert_int_equal(match_bytes(&db, "Again", BYTES("SSH-2.0-x\r\n"), &in), 0);
	xm_svc_db_free(&db);
}

/* ------------------------------------------------------------------ */
/* The shipped database: one fixture per UDP match line                */
/* ------------------------------------------------------------------ */

struct fixture {
	const char *probe;
	const uint8_t *resp;
	size_t len;
	int rc;			/* 2 hard, 1 soft */
	const char *svc, *prod, *ver, *info;
	const char *origin;	/* "recorded": a real server's answer; "spec": built from the RFC */
};

#define DNS_HEAD "\x00\x06\x85\x80\x00\x01\x00\x01\x00\x00\x00\x00\x07version\x04" \
		 "bind\x00\x00\x10\x00\x03\xc0\x0c\x00\x10\x00\x03\x00\x00\x00\x00"
#define SNMP_HEAD(n1, n2, n3, n4) "\x30" n1 "\x02\x01\x00\x04\x06public\xa2" n2 "\x02\x04xdmp" \
				  "\x02\x01\x00\x02\x01\x00\x30" n3 "\x30" n4 \
				  "\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00\x04"
#define NTP6_HEAD "\x16\x82\x00\x01\x06\x18\x00\x00\x00\x00\x01\x20"
#define NTP_TAIL "\xee\xb8\x53\x94\x42\x1b\xb4\x62xdpmap\x00\x01\xee\xb8\x53\x95\xd1\x85\xff" \
		 "\x53\xee\xb8\x53\x95\xd1\x8d\xd1\x8c"
#define NBSTAT_HEAD "xd\x84\x00\x00\x00\x00\x01\x00\x00\x00\x00\x20" \
		    "CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\x00\x00\x21\x00\x01\x00\x00\x00\x00"
#define NBSTAT_STATS "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" \
		     "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" \
		     "\x00\x00\x00\x00\x00\x00\x00"
#define SSDP_OK "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: upnp:rootdevice\r\n" \
		"USN: uuid:1::upnp:rootdevice\r\nEXT:\r\n"

static const struct fixture fixtures[] = {
	/* dnsmasq 2.90 (Debian 12), recorded */
	{ "DNSVersionBindUDP", BYTES(DNS_HEAD "\x00\x0d\x0c" "dnsmasq-2.90"), 2, "domain",
	  "dnsmasq", "2.90", "", "recorded" },
	/* BIND 9.18 (Debian 12), recorded */
	{ "DNSVersionBindUDP",
	  BYTES("\x00\x06\x85\x00\x00\x01\x00\x01\x00\x00\x00\x00\x07version\x04" "bind\x00\x00"
		"\x10\x00\x03\xc0\x0c\x00\x10\x00\x03\x00\x00\x00\x00\x00\x19\x18"
		"9.18.49-1~deb12u3-Debian"),
	  2, "domain", "ISC BIND", "9.18.49", "Debian 1~deb12u3", "recorded" },
	/* BIND as built from source: "9.x" alone */
	{ "DNSVersionBindUDP", BYTES(DNS_HEAD "\x00\x08\x07" "9.20.4"), 2, "domain", "ISC BIND",
	  "9.20.4", "", "spec" },
	/* Unbound 1.17 (Debian 12), recorded */
	{ "DNSVersionBindUDP",
	  BYTES("\x00\x06\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00\x07version\x04" "bind\x00\x00"
		"\x10\x00\x03\xc0\x0c\x00\x10\x00\x03\x00\x00\x00\x00\x00\x0f\x0e"
		"unbound 1.17.1"),
	  2, "domain", "Unbound", "1.17.1", "", "recorded" },
	/* any other TXT answer names the product as it is */
	{ "DNSVersionBindUDP", BYTES(DNS_HEAD "\x00\x0b\x0a" "Knot DNS 3"), 2, "domain",
	  "Knot DNS 3", "", "", "spec" },
	/* version.bind refused (RCODE 5): the service only */
	{ "DNSVersionBindUDP",
	  BYTES("\x00\x06\x81\x05\x00\x01\x00\x00\x00\x00\x00\x00\x07version\x04" "bind\x00\x00"
		"\x10\x00\x03"),
	  1, "domain", "", "", "", "spec" },
	/* net-snmp 5.9.3 (Debian 12) on Linux, recorded */
	{ "SNMPv1GetSys",
	  BYTES(SNMP_HEAD("z", "m", "_", "E") "9Linux vm 6.18.44-fc-v857 #1 SMP PREEMPT_DYNAMIC @0 "
		"x86_64\x30\x16\x06\x08\x2b\x06\x01\x02\x01\x01\x02\x00\x06\x0a\x2b\x06\x01\x04"
		"\x01\xbf\x08\x03\x02\x0a"),
	  2, "snmp", "net-snmp", "", "public; Linux 6.18.44-fc-v857 x86_64", "recorded" },
	/* net-snmp with a sysDescr set by the configuration */
	{ "SNMPv1GetSys",
	  BYTES(SNMP_HEAD("\x49", "\x3c", "\x2e", "\x14") "\x0cgateway box\x30\x16\x06\x08\x2b\x06"
		"\x01\x02\x01\x01\x02\x00\x06\x0a\x2b\x06\x01\x04\x01\xbf\x08\x03\x02\x0a"),
	  2, "snmp", "net-snmp", "", "public; gateway box", "spec" },
	/* another vendor's agent (enterprise 9) */
	{ "SNMPv1GetSys",
	  BYTES(SNMP_HEAD("\x45", "\x38", "\x2a", "\x14") "\x0cIOS Software\x30\x12\x06\x08\x2b"
		"\x06\x01\x02\x01\x01\x02\x00\x06\x06\x2b\x06\x01\x04\x01\x09"),
	  2, "snmp", "SNMPv1 server", "", "public; IOS Software", "spec" },
	/* noSuchName for our request: an SNMP agent all the same */
	{ "SNMPv1GetSys",
	  BYTES("\x30\x1d\x02\x01\x00\x04\x06public\xa2\x10\x02\x04xdmp\x02\x01\x02\x02\x01\x01"
		"\x30\x00"),
	  1, "snmp", "", "", "", "spec" },
	/* ntpd 4.2.8 readvar answer (RFC 9327 format) */
	{ "NTPReadvar",
	  BYTES(NTP6_HEAD "version=\"ntpd 4.2.8p15@1.3728-o Wed Sep 23 11:46:38 UTC 2020 (1)\", "
		"processor=\"x86_64\", system=\"Linux/6.1.0-18-amd64\", leap=00"),
	  2, "ntp", "ntpd", "4.2.8p15", "Linux/6.1.0-18-amd64", "spec" },
	{ "NTPReadvar", BYTES(NTP6_HEAD "version=\"ntpd 4.2.6p5@1.2349-o\", leap=00"), 2, "ntp",
	  "ntpd", "4.2.6p5", "", "spec" },
	{ "NTPReadvar",
	  BYTES(NTP6_HEAD "version=\"ntpd ntpsec-1.2.2 2023-05-22T01:29:57Z\", leap=0"), 2,
	  "ntp", "NTPsec ntpd", "1.2.2", "", "spec" },
	/* chrony 4.3 (Debian 12) with "local stratum 10", recorded */
	{ "NTPRequest",
	  BYTES("\x24\x0a\x04\xe6\x00\x00\x00\x00\x00\x00\x00\x00\x7f\x7f\x01\x01" NTP_TAIL), 2,
	  "ntp", "chrony", "v4", "serving its local clock", "recorded" },
	{ "NTPRequest",
	  BYTES("\xe4\x00\x04\xe6\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" NTP_TAIL), 2,
	  "ntp", "", "v4", "unsynchronized", "spec" },
	{ "NTPRequest", BYTES("\x24\x01\x04\xe6\x00\x00\x00\x00\x00\x00\x00\x00GPS\x00" NTP_TAIL),
	  2, "ntp", "", "v4", "primary server", "spec" },
	{ "NTPRequest",
	  BYTES("\x24\x02\x04\xe6\x00\x00\x00\x00\x00\x00\x00\x00\xc0\x00\x02\x01" NTP_TAIL), 2,
	  "ntp", "", "v4", "secondary server", "spec" },
	{ "NTPRequest",
	  BYTES("\x1c\x03\x04\xe6\x00\x00\x00\x00\x00\x00\x00\x00\xc0\x00\x02\x01" NTP_TAIL), 2,
	  "ntp", "", "v3", "", "spec" },
	/* a mode 4 answer without our origin stamp (a server that does not copy it) */
	{ "NTPRequest", BYTES("\x24\x02\x04\xe6\x00\x00\x00\x00"), 1, "ntp", "", "", "",
	  "spec" },
	/* Samba 4.17 nmbd (Debian 12), recorded */
	{ "NBNSNodeStatusUDP",
	  BYTES(NBSTAT_HEAD "\x00\x89\x05XDPMAPTEST     \x00\x04\x00XDPMAPTEST     \x03\x04\x00"
		"XDPMAPTEST     \x20\x04\x00TESTGROUP      \x00\x84\x00TESTGROUP      \x1e\x84\x00"
		"\x00\x00\x00\x00\x00\x00" NBSTAT_STATS),
	  2, "netbios-ns", "Samba nmbd", "", "workgroup: TESTGROUP", "recorded" },
	/* a Windows host: its MAC as unit ID */
	{ "NBNSNodeStatusUDP",
	  BYTES(NBSTAT_HEAD "\x00\x41\x02" "DESKTOP-1      \x00\x04\x00WORKGROUP      \x00\x84\x00"
		"\x52\x54\x00\x12\x34\x56" NBSTAT_STATS),
	  2, "netbios-ns", "", "", "", "spec" },
	{ "NBNSNodeStatusUDP", BYTES("xd\x84\x00\x00\x00\x00\x01\x00\x00\x00\x00\x20"), 1,
	  "netbios-ns", "", "", "", "spec" },
	/* memcached 1.6.18 -U 11211 (Debian 12), first datagram of "stats", recorded */
	{ "MemcachedStatsUDP",
	  BYTES("\x00\x01\x00\x00\x00\x02\x00\x00STAT pid 16615\r\nSTAT uptime 12\r\n"
		"STAT time 1796068631\r\nSTAT version 1.6.18\r\nSTAT libevent 2.1.12-stable\r\n"),
	  2, "memcached", "Memcached", "1.6.18", "uptime 12 seconds", "recorded" },
	{ "MemcachedStatsUDP", BYTES("\x00\x01\x00\x00\x00\x01\x00\x00" "ERROR\r\n"), 1,
	  "memcached", "", "", "", "spec" },
	/* kamailio 5.6.3 (Debian 12), recorded */
	{ "SIPOptionsUDP",
	  BYTES("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP nm;branch=z9hG4bK.xdpmap;rport=49658;"
		"received=127.0.0.1\r\nFrom: <sip:nm@nm>;tag=xdpmap\r\nTo: <sip:nm2@nm2>;tag=9dd6"
		"\r\nCall-ID: 50000@xdpmap\r\nCSeq: 42 OPTIONS\r\nServer: kamailio (5.6.3 "
		"(x86_64/linux))\r\nContent-Length: 0\r\n\r\n"),
	  2, "sip", "Kamailio SIP Server", "5.6.3", "x86_64/linux", "recorded" },
	{ "SIPOptionsUDP",
	  BYTES("SIP/2.0 200 OK\r\nCSeq: 42 OPTIONS\r\nUser-Agent: Asterisk PBX 20.5.0\r\n\r\n"),
	  2, "sip", "Asterisk PBX 20.5.0", "", "", "spec" },
	{ "SIPOptionsUDP", BYTES("SIP/2.0 404 Not Found\r\nCSeq: 42 OPTIONS\r\n\r\n"), 1, "sip",
	  "", "", "", "spec" },
	/* TFTP ERROR 1 "File not found" (RFC 1350 5), and DATA block 1 */
	{ "TFTPReadUDP", BYTES("\x00\x05\x00\x01" "File not found\x00"), 2, "tftp", "", "",
	  "error: File not found", "spec" },
	{ "TFTPReadUDP", BYTES("\x00\x03\x00\x01" "data"), 2, "tftp", "", "", "file served",
	  "spec" },
	/* SSDP answers (UPnP Device Architecture 2.0 1.3.3) */
	{ "SSDPSearchUDP", BYTES(SSDP_OK "SERVER: Linux/5.10 UPnP/1.1 MiniUPnPd/2.3.3\r\n\r\n"),
	  2, "upnp", "MiniUPnP", "2.3.3", "Linux/5.10; UPnP 1.1", "spec" },
	{ "SSDPSearchUDP", BYTES(SSDP_OK "SERVER: Windows/10 UPnP/1.0 SSDP\r\n\r\n"), 2, "upnp",
	  "Windows/10 UPnP/1.0 SSDP", "", "", "spec" },
	{ "SSDPSearchUDP", BYTES(SSDP_OK "\r\n"), 1, "upnp", "", "", "", "spec" },
};

static void test_shipped_udp_fixtures(void **state)
{
	struct xm_svc_db db;
	struct xm_svc_info in;
	char err[256] = "";
	size_t i;

	if (xm_svc_db_load(&db, "data/service-probes", err, sizeof(err)))
		fail_msg("%s", err);
	for (i = 0; i < ARRAY_LEN(fixtures); i++) {
		const struct fixture *f = &fixtures[i];
		int pi = xm_svc_db_find(&db, f->probe);

		assert_true(pi >= 0);
		assert_int_equal(db.p[pi].proto, IPPROTO_UDP);
		if (match_bytes(&db, f->probe, f->resp, f->len, &in) != f->rc)
			fail_msg("fixture %zu (%s, %s): not a %s match", i, f->probe, f->origin,
				 f->rc == 2 ? "hard" : "soft");
		assert_string_equal(in.service, f->svc);
		if (f->rc == 1)
			continue;
		assert_string_equal(in.f[XM_SVC_PRODUCT], f->prod);
		assert_string_equal(in.f[XM_SVC_VERSION], f->ver);
		assert_string_equal(in.f[XM_SVC_INFO], f->info);
	}
	/* every UDP match line of the shipped database has a fixture above */
	for (i = 0; i < db.n; i++) {
		size_t k, j, hits;

		if (db.p[i].proto != IPPROTO_UDP)
			continue;
		for (k = 0; k < db.p[i].nm; k++) {
			pcre2_match_data *md = pcre2_match_data_create(XM_SVC_OVECTOR, NULL);

			for (hits = 0, j = 0; j < ARRAY_LEN(fixtures); j++)
				hits += !strcmp(fixtures[j].probe, db.p[i].name) &&
					pcre2_match(db.p[i].m[k].re, fixtures[j].resp,
						    fixtures[j].len, 0, 0, md, db.mctx) > 0;
			pcre2_match_data_free(md);
			if (!hits)
				fail_msg("%s line %d has no fixture", db.p[i].name,
					 db.p[i].m[k].line);
		}
	}
	xm_svc_db_free(&db);
}

/* ------------------------------------------------------------------ */
/* The engine against UDP servers on 127.0.0.1                         */
/* ------------------------------------------------------------------ */

enum ubehaviour { U_HELLO, U_SILENT, U_JUNK, U_SOFT_THEN_AGAIN };

struct userver {
	int fd;
	uint16_t port;
	enum ubehaviour b;
	int got;		/* datagrams received */
	int tcp_like;		/* datagrams that were TCP probes' payloads */
	volatile int stop;
	pthread_t thr;
};

static void userver_answer(struct userver *u, const char *in, size_t n,
			   const struct sockaddr_in *from)
{
	const char *out = NULL;

	switch (u->b) {
	case U_HELLO:
		out = n == 5 && !memcmp(in, "hello", 5) ? "HELLO v1.2\n" : NULL;
		break;
	case U_SILENT:
		break;
	case U_JUNK:
		out = "\x01\x02junk";
		break;
	case U_SOFT_THEN_AGAIN:
		out = n == 5 && !memcmp(in, "again", 5) ? "AGAIN best" : "HELLO?";
		break;
	}
	if (out)
		(void)!sendto(u->fd, out, strlen(out), 0, (const struct sockaddr *)from,
			      sizeof(*from));
}

static void *userver_main(void *arg)
{
	struct userver *u = arg;
	char buf[2048];

	while (!u->stop) {
		struct pollfd p = { .fd = u->fd, .events = POLLIN };
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n;

		if (poll(&p, 1, 50) <= 0)
			continue;
		n = recvfrom(u->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			continue;
		u->got++;
		if ((n == 1 && buf[0] == 'x') || (n > 3 && !memcmp(buf, "GET", 3)))
			u->tcp_like++;
		userver_answer(u, buf, (size_t)n, &from);
	}
	return NULL;
}

/* Bind a UDP socket on 127.0.0.1 (port 0: any); returns its port. */
static int udp_bind(uint16_t *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(LOCALHOST) };
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

static void userver_start(struct userver *u, enum ubehaviour b)
{
	memset(u, 0, sizeof(*u));
	u->b = b;
	u->fd = udp_bind(&u->port);
	assert_int_equal(pthread_create(&u->thr, NULL, userver_main, u), 0);
}

static void userver_stop(struct userver *u)
{
	u->stop = 1;
	pthread_join(u->thr, NULL);
	close(u->fd);
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Named by its UDP probe; soft match then a hard one from a later probe; junk
 * gives "name?"; a silent port and a closed one (ICMP port unreachable) keep
 * no record; TCP probes never go to a UDP port.
 */
static void test_engine_udp(void **state)
{
	static const enum ubehaviour bs[] = { U_HELLO, U_SOFT_THEN_AGAIN, U_JUNK, U_SILENT };
	char path[] = "/tmp/xdpmap-udpdb-XXXXXX", err[256] = "";
	struct userver us[ARRAY_LEN(bs)];
	const struct xm_service *v[ARRAY_LEN(bs)], *closed;
	struct xm_finding f;
	struct xm_svc_opts o;
	struct xm_svc *s;
	uint16_t closed_port;
	double t0;
	size_t i;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, udp_db, strlen(udp_db)), (ssize_t)strlen(udp_db));
	close(fd);
	for (i = 0; i < ARRAY_LEN(bs); i++)
		userver_start(&us[i], bs[i]);
	close(udp_bind(&closed_port)); /* nothing listens there now */
	xm_svc_opts_default(&o);
	o.db_path = path;
	o.intensity = 9;
	o.port_timeout = 8;
	s = xm_svc_start(&o, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	t0 = mono();
	for (i = 0; i < ARRAY_LEN(bs); i++) {
		f = udp_port(LOCALHOST, us[i].port);
		xm_svc_submit(s, &f);
	}
	f = udp_port(LOCALHOST, closed_port);
	xm_svc_submit(s, &f);
	xm_svc_finish(s);
	assert_true(mono() - t0 < 6); /* two probes of 0.4 s each port, in parallel */
	for (i = 0; i < ARRAY_LEN(bs); i++) {
		f = udp_port(LOCALHOST, us[i].port);
		v[i] = xm_svc_get(s, &f);
	}
	f = udp_port(LOCALHOST, closed_port);
	closed = xm_svc_get(s, &f);
	assert_non_null(v[0]);
	assert_string_equal(v[0]->name, "hi");
	assert_string_equal(v[0]->product, "Hello server");
	assert_string_equal(v[0]->version, "1.2");
	assert_true(v[0]->answered);
	assert_non_null(v[1]);
	assert_string_equal(v[1]->name, "hi");
	assert_string_equal(v[1]->product, "best");
	assert_non_null(v[2]);
	assert_int_equal(v[2]->name[strlen(v[2]->name) - 1], '?');
	assert_string_equal(v[2]->method, "table");
	assert_true(v[2]->answered);
	assert_null(v[3]);
	assert_null(closed);
	for (i = 0; i < ARRAY_LEN(bs); i++) {
		userver_stop(&us[i]);
		assert_int_equal(us[i].tcp_like, 0);
		assert_true(us[i].got >= 1);
	}
	assert_int_equal(us[3].got, 2); /* the silent port got both UDP probes, once each */
	xm_svc_free(s);
	unlink(path);
}

/* ------------------------------------------------------------------ */
/* Driver: test_service_udp --probe [-b] [-i N] [-d DB] ADDR:PORT...   */
/* (-b: through the confined -sV process, as a scan runs it)           */
/* ------------------------------------------------------------------ */

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

/* One line per port: ADDR:PORT, service, product, version, extrainfo, hostname, ostype. */
static void print_record(const struct xm_finding *f, const struct xm_service *v)
{
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &(struct in_addr){ htonl(xm_addr4_host(&f->addr)) }, ip, sizeof(ip));
	if (!v) {
		printf("%s:%u\t-\t-\t-\t-\t-\t-\n", ip, f->port);
		return;
	}
	printf("%s:%u\t%s\t%s\t%s\t%s\t%s\t%s\n", ip, f->port, v->name,
	       v->product[0] ? v->product : "-", v->version[0] ? v->version : "-",
	       v->extrainfo[0] ? v->extrainfo : "-", v->hostname[0] ? v->hostname : "-",
	       v->ostype[0] ? v->ostype : "-");
}

static int driver_targets(int argc, char **argv, struct xm_results *ports)
{
	int i;

	for (i = optind; i < argc; i++) {
		struct xm_finding f;
		uint32_t a;
		uint16_t p;

		if (parse_target(argv[i], &a, &p)) {
			fprintf(stderr, "bad target '%s' (ADDR:PORT)\n", argv[i]);
			return 2;
		}
		f = udp_port(a, p);
		if (xm_results_add(ports, &f) < 0)
			return 1;
	}
	return 0;
}

static int driver(int argc, char **argv)
{
	struct xm_config cfg = { .version_detect = true, .version_intensity = 7 };
	struct xm_results ports = { 0 };
	struct xm_svcbox *box = NULL;
	struct xm_svc_opts o;
	struct xm_svc *s = NULL;
	char err[512] = "";
	bool boxed = false;
	int opt, rc;
	size_t i;

	xm_svc_opts_default(&o);
	while ((opt = getopt(argc, argv, "bi:d:")) != -1) {
		switch (opt) {
		case 'b': boxed = true; break;
		case 'i': o.intensity = cfg.version_intensity = atoi(optarg); break;
		case 'd': o.db_path = optarg; break;
		default: return 2;
		}
	}
	if (o.db_path)
		setenv("XDPMAP_SERVICE_PROBES", o.db_path, 1);
	rc = driver_targets(argc, argv, &ports);
	if (rc)
		goto out;
	if (boxed)
		box = xm_svcbox_new(&cfg, err, sizeof(err));
	else
		s = xm_svc_start(&o, err, sizeof(err));
	if (!box && !s) {
		fprintf(stderr, "%s\n", err);
		rc = 1;
		goto out;
	}
	for (i = 0; i < ports.cap; i++) {
		if (!ports.slots[i].state)
			continue;
		xm_svcbox_submit(box, &ports.slots[i]);
		xm_svc_submit(s, &ports.slots[i]);
	}
	xm_svcbox_finish(box);
	xm_svcbox_attach(box, &ports);
	xm_svc_finish(s);
	xm_svc_attach(s, &ports);
	for (i = 0; i < ports.cap; i++)
		if (ports.slots[i].state)
			print_record(&ports.slots[i], ports.slots[i].svc);
out:
	xm_svcbox_free(box);
	xm_svc_free(s);
	xm_results_free(&ports);
	return rc;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_db_udp_parse),
		cmocka_unit_test(test_db_udp_match),
		cmocka_unit_test(test_shipped_udp_fixtures),
		cmocka_unit_test(test_engine_udp),
	};

	if (argc > 1 && !strcmp(argv[1], "--probe"))
		return driver(argc - 1, argv + 1);
	return cmocka_run_group_tests_name("service_udp", tests, NULL, NULL);
}
