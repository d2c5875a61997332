// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A deterministic getaddrinfo() for the target fuzzers: host names never reach DNS. */
#include <netdb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/*
 * The fuzz targets link targets.o statically, so its calls bind to these
 * definitions instead of libc's (and of ASan's weak interceptor). A name
 * that inet_aton() takes ("10", "1.2", octal and hex forms) is numeric, as
 * in glibc's getaddrinfo(); any other name resolves to a fixed function of
 * its bytes inside 198.18.0.0/15, except names holding "nx", which fail as
 * an unknown host would.
 */
static uint32_t fake_addr(const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	struct in_addr a;

	if (inet_aton(name, &a))
		return a.s_addr;
	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return htonl(0xc6120000u | (h & 0x1ffff));
}

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	struct {
		struct addrinfo ai;
		struct sockaddr_in sin;
	} *r;

	(void)service;
	if (!node || !*node || strstr(node, "nx") ||
	    (hints && hints->ai_family != AF_INET && hints->ai_family != AF_UNSPEC))
		return EAI_NONAME;
	r = calloc(1, sizeof(*r));
	if (!r)
		return EAI_MEMORY;
	r->sin.sin_family = AF_INET;
	r->sin.sin_addr.s_addr = fake_addr(node);
	r->ai.ai_family = AF_INET;
	r->ai.ai_addrlen = sizeof(r->sin);
	r->ai.ai_addr = (struct sockaddr *)&r->sin;
	*res = &r->ai;
	return 0;
}

void freeaddrinfo(struct addrinfo *res)
{
	free(res);	/* one block: the addrinfo is its first member */
}
