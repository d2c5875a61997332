#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# merge_cmp.py KIND ONE MERGED: one scan's output against a merged one, times left out
# (exit 1 when they differ).
# KIND: xml (hosts, ports, reasons, extraports, runstats), gnmap and nmap (lines but comments),
# normal (stdout but the closing lines), json (port and host lines as sets, the summary's counts).
import json, re, sys
import xml.etree.ElementTree as ET

def xml_view(path):
    r = ET.parse(path).getroot()
    hosts = []
    for h in r.findall('host'):
        st = h.find('status')
        ports = h.find('ports')
        ex = [(e.get('state'), e.get('count'),
               sorted((x.get('reason'), x.get('count')) for x in e.findall('extrareasons')))
              for e in ports.findall('extraports')] if ports is not None else []
        pl = [(p.get('protocol'), p.get('portid'), p.find('state').get('state'),
               p.find('state').get('reason'), p.find('state').get('reason_ttl'))
              for p in ports.findall('port')] if ports is not None else []
        hosts.append((h.find('address').get('addr'), st.get('state'), st.get('reason'),
                      ex, pl))
    rs = r.find('runstats/hosts')
    si = r.find('scaninfo')
    return hosts, dict(rs.attrib), si.get('type'), si.get('services')

def lines(path, drop):
    return [re.sub(r' \([0-9.e+-]+s latency\)', '', l) for l in open(path)
            if not re.match(drop, l)]

def json_view(path):
    ports, hosts, summ = set(), set(), None
    for l in open(path):
        o = json.loads(l)
        if 'summary' in o:
            s = o['summary']
            summ = {k: s[k] for k in ('addresses', 'hosts_up', 'hosts_down', 'ports_per_host',
                                      'open', 'closed', 'filtered', 'no_response', 'seed')}
        elif 'host' in o:
            hosts.add((o['ip'], o['reason']))
        else:
            ports.add((o['ip'], o['port'], o['proto'], o['state'], o['reason'], o['ttl']))
    return ports, hosts, summ

kind, a, b = sys.argv[1:4]
if kind == 'xml':
    va, vb = xml_view(a), xml_view(b)
elif kind == 'gnmap':
    va, vb = lines(a, r'#'), lines(b, r'#')
elif kind == 'nmap':
    va, vb = lines(a, r'#'), lines(b, r'#')
elif kind == 'normal':
    drop = r'(Starting xdpmap |xdpmap done:|Probes sent:|Merged |xdpmap: )'  # times and counts
    va, vb = lines(a, drop), lines(b, drop)
else:
    va, vb = json_view(a), json_view(b)
if va != vb:
    print('differ:\n  one:    %r\n  merged: %r' % (va, vb))
    sys.exit(1)
print('equal: %d items' % len(va[0] if kind in ('xml', 'json') else va))
