// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Parser and matcher of the service-probe database (format: see data/service-probes). */
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "datafile.h"
#include "service_db.h"

struct dbparse {
	struct xm_svc_db *db;
	const char *name;
	int line;
	char *err;
	size_t errlen;
	int cur;		/* index of the probe later lines belong to, -1 = none */
};

static int perr(struct dbparse *ps, const char *what, const char *detail)
{
	snprintf(ps->err, ps->errlen, "%s:%d: %s%s%s", ps->name, ps->line, what,
		 detail ? ": " : "", detail ? detail : "");
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

long xm_svc_unescape(const char *in, size_t inlen, uint8_t *out, size_t outlen)
{
	static const char from[] = "rnt0\\\"'|/abfv", to[] = "\r\n\t\0\\\"'|/\a\b\f\v";
	size_t i, o = 0;

	for (i = 0; i < inlen; i++) {
		int c = (unsigned char)in[i];

		if (c == '\\') {
			const char *e;

			if (++i >= inlen)
				return -1;
			if (in[i] == 'x') {
				int hi, lo;

				if (i + 2 >= inlen || (hi = hexval(in[i + 1])) < 0 ||
				    (lo = hexval(in[i + 2])) < 0)
					return -1;
				c = hi << 4 | lo;
				i += 2;
			} else if ((e = memchr(from, in[i], sizeof(from) - 1))) {
				c = (unsigned char)to[e - from];
			} else {
				return -1;
			}
		}
		if (o >= outlen)
			return -1;
		out[o++] = (uint8_t)c;
	}
	return (long)o;
}

void xm_svc_printable(const uint8_t *in, size_t len, char *out, size_t outlen)
{
	size_t i, o = 0;

	if (!outlen)
		return;
	for (i = 0; i < len; i++) {
		if (in[i] >= 0x20 && in[i] < 0x7f) {
			if (o + 1 >= outlen)
				break;
			out[o++] = (char)in[i];
		} else {
			if (o + 4 >= outlen)
				break;
			o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", in[i]);
		}
	}
	out[o] = '\0';
}

/* Append the printable bytes of in (P = true: drop others; else escape them). */
static size_t put_capture(const uint8_t *in, size_t len, bool only_printable, char *out,
			  size_t o, size_t outlen)
{
	size_t i;

	for (i = 0; i < len && o + 1 < outlen; i++) {
		if (in[i] >= 0x20 && in[i] < 0x7f) {
			out[o++] = (char)in[i];
		} else if (!only_printable) {
			if (o + 5 > outlen)
				break;
			o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", in[i]);
		}
	}
	out[o] = '\0';
	return o;
}

int xm_svc_subst(const char *tmpl, const uint8_t *subject, const PCRE2_SIZE *ovec,
		 int ncap, char *out, size_t outlen)
{
	size_t o = 0;
	const char *t = tmpl;

	if (!outlen)
		return -1;
	out[0] = '\0';
	while (*t && o + 1 < outlen) {
		bool only_printable = false;
		int n;

		if (*t != '$') {
			unsigned char c = (unsigned char)*t++;

			out[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
			continue;
		}
		t++;
		if (t[0] == 'P' && t[1] == '(' && isdigit((unsigned char)t[2]) && t[3] == ')') {
			only_printable = true;
			n = t[2] - '0';
			t += 4;
		} else if (isdigit((unsigned char)*t)) {
			n = *t++ - '0';
		} else {
			return -1;
		}
		if (n < 1)
			return -1;
		if (n < ncap && ovec[2 * n] != PCRE2_UNSET && ovec[2 * n + 1] >= ovec[2 * n])
			o = put_capture(subject + ovec[2 * n], ovec[2 * n + 1] - ovec[2 * n],
					only_printable, out, o, outlen);
	}
	out[o] = '\0';
	return 0;
}

/* Check that a template only uses $1..$9 and $P(n). */
static int check_tmpl(const char *t)
{
	char buf[8];
	static const uint8_t subj[1];
	PCRE2_SIZE ov[2] = { 0, 0 };

	return xm_svc_subst(t, subj, ov, 0, buf, sizeof(buf)) ? -1 : 0;
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A delimited string starting at s (s[0] is the delimiter): copy of its body, *end past it. */
static char *delimited(const char *s, const char **end)
{
	char d = s[0];
	const char *close;
	char *body;

	if (!d || d == ' ' || d == '\t' || isalnum((unsigned char)d))
		return NULL;
	close = strchr(s + 1, d);
	if (!close)
		return NULL;
	body = strndup(s + 1, (size_t)(close - s - 1));
	*end = close + 1;
	return body;
}

static char *token(const char **s)
{
	const char *b = skip_ws(*s), *e = b;

	while (*e && *e != ' ' && *e != '\t')
		e++;
	*s = e;
	return e > b ? strndup(b, (size_t)(e - b)) : NULL;
}

static int parse_ports(struct dbparse *ps, const char *s, struct xm_svc_ports *out)
{
	char *end;

	free(out->r);
	out->r = NULL;
	out->n = 0;
	for (;;) {
		unsigned long lo, hi;
		uint16_t (*r)[2];

		s = skip_ws(s);
		errno = 0;
		lo = strtoul(s, &end, 10);
		if (end == s || lo > 65535 || lo == 0)
			return perr(ps, "bad port list", s);
		hi = lo;
		s = end;
		if (*s == '-') {
			hi = strtoul(s + 1, &end, 10);
			if (end == s + 1 || hi > 65535 || hi < lo)
				return perr(ps, "bad port range", s);
			s = end;
		}
		r = realloc(out->r, (out->n + 1) * sizeof(*r));
		if (!r)
			return perr(ps, "out of memory", NULL);
		out->r = r;
		out->r[out->n][0] = (uint16_t)lo;
		out->r[out->n++][1] = (uint16_t)hi;
		s = skip_ws(s);
		if (!*s)
			return 0;
		if (*s++ != ',')
			return perr(ps, "bad port list", s - 1);
	}
}

bool xm_svc_ports_has(const struct xm_svc_ports *p, uint16_t port)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (port >= p->r[i][0] && port <= p->r[i][1])
			return true;
	return false;
}

static struct xm_svc_probe *cur_probe(struct dbparse *ps)
{
	return ps->cur >= 0 ? &ps->db->p[ps->cur] : NULL;
}

/* "probe NAME" alone: later lines add to the earlier probe NAME (1), or 0 if not that form. */
static int reopen_probe(struct dbparse *ps, const char *s)
{
	const char *e;
	char *name;
	int i;

	s = skip_ws(s);
	e = s + strcspn(s, " \t");
	if (e == s || *skip_ws(e))
		return 0;
	name = strndup(s, (size_t)(e - s));
	if (!name)
		return perr(ps, "out of memory", NULL);
	i = xm_svc_db_find(ps->db, name);
	free(name);
	if (i < 0)
		return perr(ps, "probe without a payload names no earlier probe", s);
	ps->cur = i;
	return 1;
}

/* probe NAME q|payload|   or   probe NAME udp q|payload|   or   probe NAME tls */
static int parse_probe(struct dbparse *ps, const char *s)
{
	struct xm_svc_db *db = ps->db;
	struct xm_svc_probe *p, *np;
	const char *end;
	char *body;
	long n;
	int rc = reopen_probe(ps, s);

	if (rc)
		return rc < 0 ? -1 : 0;
	np = realloc(db->p, (db->n + 1) * sizeof(*np));
	if (!np)
		return perr(ps, "out of memory", NULL);
	db->p = np;
	ps->cur = (int)db->n;
	p = &db->p[db->n++];
	*p = (struct xm_svc_probe){ .proto = IPPROTO_TCP, .rarity = 1, .wait_ms = 2000,
				    .fallback = -1 };
	p->name = token(&s);
	if (!p->name)
		return perr(ps, "probe without a name", NULL);
	if (xm_svc_db_find(db, p->name) != (int)db->n - 1)
		return perr(ps, "duplicate probe", p->name);
	s = skip_ws(s);
	if (!strncmp(s, "udp", 3) && (s[3] == ' ' || s[3] == '\t')) {
		p->proto = IPPROTO_UDP;
		s = skip_ws(s + 3);
	}
	if (!strcmp(s, "tls")) {
		if (p->proto == IPPROTO_UDP)
			return perr(ps, "a UDP probe cannot be 'tls'", NULL);
		p->tls = true;
		return 0;
	}
	if (s[0] != 'q' || !(body = delimited(s + 1, &end)))
		return perr(ps, "expected a payload q|...| or 'tls'", s);
	p->payload = malloc(strlen(body) + 1);
	n = p->payload ? xm_svc_unescape(body, strlen(body), p->payload, strlen(body) + 1) : -1;
	free(body);
	if (n < 0)
		return perr(ps, "bad escape in payload", NULL);
	p->len = (size_t)n;
	if (*skip_ws(end))
		return perr(ps, "junk after payload", end);
	return 0;
}

static int parse_number(struct dbparse *ps, const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	s = skip_ws(s);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *skip_ws(end) || v < lo || v > hi)
		return perr(ps, "bad number", s);
	*out = (int)v;
	return 0;
}

static int compile_re(struct dbparse *ps, struct xm_svc_match *m, const char *re,
		      const char *flags, size_t nflags)
{
	uint32_t opts = 0;
	PCRE2_UCHAR msg[160];
	PCRE2_SIZE off;
	int code;
	size_t i;

	for (i = 0; i < nflags; i++) {
		if (flags[i] == 'i')
			opts |= PCRE2_CASELESS;
		else if (flags[i] == 's')
			opts |= PCRE2_DOTALL;
		else
			return perr(ps, "unknown regex flag", flags + i);
	}
	m->re = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, opts, &code, &off, NULL);
	if (!m->re) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		return perr(ps, "pcre2_compile failed", (const char *)msg);
	}
	/* JIT is an optimisation: when it is unavailable the interpreter is used. */
	pcre2_jit_compile(m->re, PCRE2_JIT_COMPLETE);
	return 0;
}

/* One template field "p|...|", "cpe:|...|"; *s points at its letter. */
static int parse_field(struct dbparse *ps, struct xm_svc_match *m, const char **s)
{
	static const char letters[] = "pvihod";
	const char *t = *s, *end, *l;
	char *body;

	if (!strncmp(t, "cpe:", 4)) {
		if (m->ncpe >= XM_SVC_MAX_CPE)
			return perr(ps, "too many cpe fields", NULL);
		body = delimited(t + 4, &end);
		if (!body)
			return perr(ps, "unterminated cpe field", t);
		m->cpe[m->ncpe++] = body;
	} else if ((l = strchr(letters, *t)) && *t) {
		int f = (int)(l - letters);

		if (m->tmpl[f])
			return perr(ps, "field given twice", t);
		body = delimited(t + 1, &end);
		if (!body)
			return perr(ps, "unterminated field", t);
		m->tmpl[f] = body;
	} else {
		return perr(ps, "unknown field", t);
	}
	if (check_tmpl(body))
		return perr(ps, "bad substitution in template", body);
	*s = end;
	return 0;
}

/* match SERVICE m|regex|flags fields...   /   softmatch SERVICE m|regex|flags */
static int parse_match(struct dbparse *ps, const char *s, bool soft)
{
	struct xm_svc_probe *p = cur_probe(ps);
	struct xm_svc_match *m, *nm;
	const char *end, *flags;
	char *re;
	int rc;

	if (!p)
		return perr(ps, "match before any probe", NULL);
	nm = realloc(p->m, (p->nm + 1) * sizeof(*nm));
	if (!nm)
		return perr(ps, "out of memory", NULL);
	p->m = nm;
	m = &p->m[p->nm++];
	*m = (struct xm_svc_match){ .soft = soft, .line = ps->line };
	m->service = token(&s);
	if (!m->service || strlen(m->service) >= sizeof(((struct xm_svc_info *)0)->service))
		return perr(ps, "missing or too long service name", NULL);
	if (strspn(m->service, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
	    strlen(m->service))
		return perr(ps, "service names are letters, digits, '.', '_' and '-'", NULL);
	s = skip_ws(s);
	if (s[0] != 'm' || !(re = delimited(s + 1, &end)))
		return perr(ps, "expected a pattern m|...|", s);
	for (flags = end; *end && *end != ' ' && *end != '\t'; end++)
		;
	rc = compile_re(ps, m, re, flags, (size_t)(end - flags));
	free(re);
	if (rc)
		return -1;
	for (s = skip_ws(end); *s; s = skip_ws(s)) {
		if (soft)
			return perr(ps, "softmatch takes no fields", s);
		if (parse_field(ps, m, &s))
			return -1;
		if (*s && *s != ' ' && *s != '\t')
			return perr(ps, "junk after field", s);
	}
	return 0;
}

static int parse_fallback(struct dbparse *ps, const char *s)
{
	struct xm_svc_probe *p = cur_probe(ps);
	char *name = token(&s);
	int i;

	if (!name)
		return perr(ps, "fallback needs a probe name", NULL);
	i = xm_svc_db_find(ps->db, name);
	free(name);
	if (i < 0 || i == ps->cur)
		return perr(ps, "fallback names no earlier probe", NULL);
	if (ps->db->p[i].proto != p->proto)
		return perr(ps, "fallback names a probe of the other protocol", NULL);
	p->fallback = i;
	return *skip_ws(s) ? perr(ps, "junk after fallback", s) : 0;
}

/* A line that belongs to the current probe. */
static int parse_probe_attr(struct dbparse *ps, const char *kw, const char *s)
{
	struct xm_svc_probe *p = cur_probe(ps);

	if (!p)
		return perr(ps, "directive before any probe", kw);
	if (!strcmp(kw, "ports"))
		return parse_ports(ps, s, &p->ports);
	if (!strcmp(kw, "sslports"))
		return parse_ports(ps, s, &p->sslports);
	if (!strcmp(kw, "rarity"))
		return parse_number(ps, s, 1, 9, &p->rarity);
	if (!strcmp(kw, "wait"))
		return parse_number(ps, s, 1, 60000, &p->wait_ms);
	if (!strcmp(kw, "fallback"))
		return parse_fallback(ps, s);
	return perr(ps, "unknown directive", kw);
}

static int parse_line(struct dbparse *ps, char *line)
{
	const char *s = skip_ws(line);
	char kw[16];
	size_t n = strcspn(s, " \t");

	if (!*s || *s == '#')
		return 0;
	if (n >= sizeof(kw))
		return perr(ps, "unknown directive", s);
	memcpy(kw, s, n);
	kw[n] = '\0';
	s += n;
	if (!strcmp(kw, "probe"))
		return parse_probe(ps, s);
	if (!strcmp(kw, "match"))
		return parse_match(ps, s, false);
	if (!strcmp(kw, "softmatch"))
		return parse_match(ps, s, true);
	return parse_probe_attr(ps, kw, s);
}

/* Parse 'text' into db, which may hold probes already (then "probe NAME" re-opens them). */
static int parse_text(struct xm_svc_db *db, const char *text, size_t len, const char *name,
		      char *err, size_t errlen)
{
	struct dbparse ps = { .db = db, .name = name, .err = err, .errlen = errlen, .cur = -1 };
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - text - pos) : len - pos;
		char *line;
		int rc;

		ps.line++;
		if (memchr(text + pos, '\0', l))
			return perr(&ps, "NUL byte in line", NULL);
		line = strndup(text + pos, l);
		if (!line)
			return perr(&ps, "out of memory", NULL);
		if (l && line[l - 1] == '\r')
			line[l - 1] = '\0';
		rc = parse_line(&ps, line);
		free(line);
		if (rc)
			return -1;
		pos += l + 1;
	}
	if (xm_svc_db_find(db, "NULL") != 0 || db->p[0].proto != IPPROTO_TCP)
		return perr(&ps, "the first probe must be NULL (TCP)", NULL);
	return 0;
}

int xm_svc_db_parse(struct xm_svc_db *db, const char *text, size_t len, const char *name,
		    char *err, size_t errlen)
{
	memset(db, 0, sizeof(*db));
	db->mctx = pcre2_match_context_create(NULL);
	if (!db->mctx) {
		snprintf(err, errlen, "%s: pcre2_match_context_create failed", name);
		return -1;
	}
	pcre2_set_match_limit(db->mctx, 100000);
	pcre2_set_depth_limit(db->mctx, 1000);
	return parse_text(db, text, len, name, err, errlen);
}

/* The whole file at 'path' (NUL-terminated, at most 64 MiB) in *text; 0 or -1 with err. */
/* The largest database file read (the shipped one is about 100 KiB). */
#define XM_SVC_DB_MAX (64u << 20)

int xm_svc_db_load(struct xm_svc_db *db, const char *path, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int rc;

	memset(db, 0, sizeof(*db));
	if (xm_read_file(path, XM_SVC_DB_MAX, &text, &len, err, errlen))
		return -1;
	rc = xm_svc_db_parse(db, text, len, path, err, errlen);
	free(text);
	return rc;
}

int xm_svc_db_add(struct xm_svc_db *db, const char *text, size_t len, const char *name,
		  char *err, size_t errlen)
{
	if (!db->n) {
		snprintf(err, errlen, "%s: no database to add to", name);
		return -1;
	}
	return parse_text(db, text, len, name, err, errlen);
}

int xm_svc_db_load_extra(struct xm_svc_db *db, const char *path, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int rc;

	if (xm_read_file(path, XM_SVC_DB_MAX, &text, &len, err, errlen))
		return -1;
	rc = xm_svc_db_add(db, text, len, path, err, errlen);
	free(text);
	return rc;
}

const char *xm_svc_db_default_path(char *buf, size_t len)
{
	return xm_data_path("service-probes", "XDPMAP_SERVICE_PROBES", buf, len);
}

void xm_svc_db_free(struct xm_svc_db *db)
{
	size_t i, j;
	int k;

	for (i = 0; i < db->n; i++) {
		struct xm_svc_probe *p = &db->p[i];

		for (j = 0; j < p->nm; j++) {
			free(p->m[j].service);
			pcre2_code_free(p->m[j].re);
			for (k = 0; k < XM_SVC_NFIELDS; k++)
				free(p->m[j].tmpl[k]);
			for (k = 0; k < p->m[j].ncpe; k++)
				free(p->m[j].cpe[k]);
		}
		free(p->m);
		free(p->name);
		free(p->payload);
		free(p->ports.r);
		free(p->sslports.r);
	}
	free(db->p);
	pcre2_match_context_free(db->mctx);
	memset(db, 0, sizeof(*db));
}

int xm_svc_db_find(const struct xm_svc_db *db, const char *name)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (db->p[i].name && !strcmp(db->p[i].name, name))
			return (int)i;
	return -1;
}

bool xm_svc_probe_knows(const struct xm_svc_probe *p, const char *service)
{
	size_t i;

	for (i = 0; i < p->nm; i++)
		if (!p->m[i].soft && !strcmp(p->m[i].service, service))
			return true;
	return false;
}

static void fill_info(const struct xm_svc_match *m, const uint8_t *resp, pcre2_match_data *md,
		      int ncap, struct xm_svc_info *out)
{
	const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	int k;

	memset(out, 0, sizeof(*out));
	snprintf(out->service, sizeof(out->service), "%s", m->service);
	out->soft = m->soft;
	out->line = m->line;
	for (k = 0; k < XM_SVC_NFIELDS; k++)
		if (m->tmpl[k])
			xm_svc_subst(m->tmpl[k], resp, ov, ncap, out->f[k], XM_SVC_FIELD_LEN);
	for (k = 0; k < m->ncpe; k++)
		xm_svc_subst(m->cpe[k], resp, ov, ncap, out->cpe[out->ncpe++], XM_SVC_FIELD_LEN);
}

/* Matches of one probe: 2 hard, 1 soft (first soft kept in *out unless already set). */
static int match_probe(const struct xm_svc_db *db, const struct xm_svc_probe *p,
		       const uint8_t *resp, size_t len, pcre2_match_data *md,
		       struct xm_svc_info *out, bool have_soft)
{
	int best = 0;
	size_t i;

	for (i = 0; i < p->nm; i++) {
		const struct xm_svc_match *m = &p->m[i];
		int rc;

		if (m->soft && (have_soft || best))
			continue;
		rc = pcre2_match(m->re, resp, len, 0, 0, md, db->mctx);
		if (rc <= 0)
			continue;
		fill_info(m, resp, md, rc, out);
		if (!m->soft)
			return 2;
		best = 1;
	}
	return best;
}

int xm_svc_db_match(const struct xm_svc_db *db, size_t pi, const uint8_t *resp, size_t len,
		    pcre2_match_data *md, struct xm_svc_info *out)
{
	size_t chain[3];
	struct xm_svc_info tmp;
	int n = 0, i, best = 0;

	if (pi >= db->n || !len)
		return 0;
	chain[n++] = pi;
	if (db->p[pi].fallback >= 0 && (size_t)db->p[pi].fallback != pi)
		chain[n++] = (size_t)db->p[pi].fallback;
	if (pi != 0 && db->p[pi].proto == IPPROTO_TCP && (n < 2 || chain[1] != 0))
		chain[n++] = 0;
	for (i = 0; i < n; i++) {
		int rc = match_probe(db, &db->p[chain[i]], resp, len, md, &tmp, best > 0);

		if (rc == 2) {
			*out = tmp;
			return 2;
		}
		if (rc == 1 && !best) {
			*out = tmp;
			best = 1;
		}
	}
	return best;
}
