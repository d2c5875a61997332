// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The classic pcap format, written by hand: a 24-byte file header, a 16-byte header per frame. */
#include <errno.h>
#include <string.h>
#include "pcap_out.h"

#define PCAP_MAGIC_NS 0xa1b23c4du /* host byte order, nanosecond timestamps */
#define PCAP_LINKTYPE_ETHERNET 1u

struct pcap_file_header {
	uint32_t magic;
	uint16_t version_major, version_minor;
	int32_t thiszone;
	uint32_t sigfigs, snaplen, linktype;
};

struct pcap_record_header {
	uint32_t ts_sec, ts_nsec, caplen, len;
};

int xm_pcap_open(struct xm_pcap *p, const char *path, char *err, size_t errlen)
{
	const struct pcap_file_header h = {
		.magic = PCAP_MAGIC_NS, .version_major = 2, .version_minor = 4,
		.snaplen = XM_PCAP_SNAPLEN_MAX, .linktype = PCAP_LINKTYPE_ETHERNET,
	};
	int saved;

	*p = (struct xm_pcap){ 0 };
	p->f = fopen(path, "w");
	if (!p->f || fwrite(&h, sizeof(h), 1, p->f) != 1 || fflush(p->f)) {
		saved = errno;
		snprintf(err, errlen, "cannot write --pcap-replies file %s: %s", path,
			 strerror(saved));
		if (p->f)
			fclose(p->f);
		p->f = NULL;
		errno = saved;
		return -1;
	}
	return 0;
}

void xm_pcap_write(struct xm_pcap *p, uint64_t when_ns, uint32_t len, const uint8_t *data,
		   uint32_t caplen)
{
	struct pcap_record_header r;

	if (!p || !p->f)
		return;
	if (caplen > XM_PCAP_SNAPLEN_MAX)
		caplen = XM_PCAP_SNAPLEN_MAX;
	if (caplen > len)
		caplen = len;
	r = (struct pcap_record_header){ .ts_sec = (uint32_t)(when_ns / 1000000000u),
					 .ts_nsec = (uint32_t)(when_ns % 1000000000u),
					 .caplen = caplen, .len = len };
	fwrite(&r, sizeof(r), 1, p->f);
	fwrite(data, 1, caplen, p->f);
	p->frames++;
}

int xm_pcap_close(struct xm_pcap *p)
{
	int rc;

	if (!p || !p->f)
		return 0;
	rc = ferror(p->f) ? -1 : 0;
	if (fclose(p->f))
		rc = -1;
	p->f = NULL;
	return rc;
}
