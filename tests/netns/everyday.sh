#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of everyday scans: on-link /24, mixed local/on-link/routed targets, shards, resume.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
NMAP_DTD=/usr/share/nmap/nmap.dtd
. tools/netns-topo.sh

NTESTS=18
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"

P=xe$$
SNS=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
W=$(mktemp -d /tmp/xdpmap-everyday.XXXXXX)
LPID=
cleanup() {
	[ -n "$LPID" ] && kill -TERM "$LPID" 2>/dev/null && wait "$LPID" 2>/dev/null
	topo_down "$P"
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
topo_up "$P" || bail "topology"
topo_listen "$P" 2222 3001 || bail "listeners"
# A routed network behind the target: 198.18.99.1 lives on the target's loopback.
ip -n "$TNS" addr add 198.18.99.1/32 dev lo || bail "routed address"
ip -n "$SNS" route add 198.18.99.0/24 via 198.18.0.2 || bail "route"
# A listener on the scanner itself, for its loopback and own address.
ip netns exec "$SNS" python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 2222)); s.listen(64); time.sleep(300)' &
LPID=$!
sleep 0.5

scan() { ip netns exec "$SNS" timeout 120 "$XDPMAP" "$@"; }
# open_hosts FILE.gnmap: the hosts with 2222 open, sorted.
open_hosts() { grep -o 'Host: [0-9.]* ().*2222/open' "$1" | awk '{print $2}' | sort | tr '\n' ' '; }

# ---- 1-3: an on-link /24 whose network address (the first target) is silent ----
scan -n -p 2222,80 -oG "$W/lan.gnmap" 198.18.0.0/24 >"$W/lan.out" 2>"$W/lan.err"
ok $? "an on-link /24 scans (exit 0): $(tail -1 "$W/lan.err")"
ok $([ "$(open_hosts "$W/lan.gnmap")" = "198.18.0.1 198.18.0.2 " ] && echo 0 || echo 1) \
	"the target and our own address are found open: $(open_hosts "$W/lan.gnmap")"
grep -q '256 IP addresses (2 hosts up)' "$W/lan.out"
ok $? "256 addresses, 2 hosts up: $(grep 'done:' "$W/lan.out")"

# ---- 4-6: loopback + own address + on-link + routed in one run ----
scan -n -p 2222 -oG "$W/mix.gnmap" 127.0.0.1 198.18.0.1 198.18.0.2 198.18.99.1 \
	>"$W/mix.out" 2>"$W/mix.err"
ok $? "a mixed target list scans (exit 0)"
ok $([ "$(open_hosts "$W/mix.gnmap")" = "127.0.0.1 198.18.0.1 198.18.0.2 198.18.99.1 " ] \
	&& echo 0 || echo 1) "all four are open on 2222: $(open_hosts "$W/mix.gnmap")"
grep -q 'no Ethernet path.*connect()' "$W/mix.err"
ok $? "a one-line notice names the connect path: $(grep -m1 'Ethernet' "$W/mix.err")"

# ---- 7: a target list of loopback only, as root: the connect scan, not an error ----
scan -n -p 2222 127.0.0.1 >"$W/lo.out" 2>"$W/lo.err"
ok $([ $? -eq 0 ] && grep -q '^2222/tcp *open' "$W/lo.out" && echo 0 || echo 1) \
	"127.0.0.1 alone is scanned with connect()"

# ---- 8-9: -sn: our own addresses are up (localhost-response), alone or with on-link ones ----
scan -sn -n --reason 127.0.0.1 >"$W/snlo.out" 2>"$W/snlo.err"
ok $([ $? -eq 0 ] && grep -q 'received localhost-response' "$W/snlo.out" &&
	grep -q '1 IP address (1 host up)' "$W/snlo.out" && echo 0 || echo 1) \
	"-sn 127.0.0.1 says the host is up: $(grep -h 'done:' "$W/snlo.out") $(head -1 "$W/snlo.err")"
scan -sn -n 127.0.0.1 198.18.0.1-3 >"$W/snmix.out" 2>/dev/null
ok $([ $? -eq 0 ] && grep -q '4 IP addresses (3 hosts up)' "$W/snmix.out" && echo 0 || echo 1) \
	"-sn over loopback, own, on-link and silent addresses: $(grep 'done:' "$W/snmix.out")"

# ---- 10-12: three shards are disjoint and their union is the whole scan ----
topo_drop_port "$P" 2999
scan -n -Pn --seed 42 -p 1-3000 -oJ "$W/whole.json" 198.18.0.2 >/dev/null 2>&1
for i in 1 2 3; do
	scan -n -Pn --seed 42 --shard "$i/3" -p 1-3000 -oJ "$W/s$i.json" -oG "$W/s$i.gnmap" \
		198.18.0.2 >/dev/null 2>&1
done
ports() { grep -h '"port":' "$@" | grep -o '"port":[0-9]*,[^}]*"state":"[a-z|]*"' | sort; }
ports "$W/whole.json" >"$W/whole.ports"
ports "$W"/s[123].json >"$W/union.ports"
ok $([ "$(wc -l <"$W/whole.ports")" -eq 3000 ] && cmp -s "$W/whole.ports" "$W/union.ports" \
	&& echo 0 || echo 1) "the union of 3 shards equals one scan ($(wc -l <"$W/union.ports") lines)"
ok $([ "$(sort -u "$W/union.ports" | wc -l)" -eq 3000 ] && echo 0 || echo 1) \
	"no port is reported by two shards"
filt=$(grep -h '"state":"filtered"' "$W"/s[123].json | grep -c '"port":')
ok $([ "$filt" -eq 1 ] && echo 0 || echo 1) "only the dropped port is filtered across shards ($filt)"

# ---- 13-17: SIGINT, then --resume: one valid document, ports counted once ----
# xml_ports FILE: every port of every host element, listed or in extraports.
xml_ports() {
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
n = 0
for h in ET.parse(sys.argv[1]).getroot().iter("host"):
    for ports in h.iter("ports"):
        n += len(ports.findall("port"))
        n += sum(int(e.get("count")) for e in ports.findall("extraports"))
print(n)
PY
}
resume_case() {
	local tag=$1 rc path
	shift
	ip netns exec "$SNS" timeout 120 "$XDPMAP" -n -Pn "$@" --max-rate 3000 -p 1-20000 \
		-oX "$W/$tag.xml" -oJ "$W/$tag.json" 198.18.0.2 >/dev/null 2>"$W/$tag.err" &
	local pid=$!
	sleep 2
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	path=$(grep -o 'xdpmap --resume [^ ]*' "$W/$tag.err" | awk '{print $3}')
	[ -n "$path" ] || { echo "# no resume file (rc $rc): $(cat "$W/$tag.err")"; return 1; }
	ip netns exec "$SNS" timeout 120 "$XDPMAP" --resume "$path" >/dev/null 2>>"$W/$tag.err"
}
resume_case sS
ok $? "-sS: interrupted, then resumed (exit 0)"
if [ -r "$NMAP_DTD" ] && command -v xmllint >/dev/null; then
	xmllint --noout --dtdvalid "$NMAP_DTD" "$W/sS.xml" 2>"$W/sS.lint"
	ok $? "the resumed XML is one document valid against nmap.dtd: $(head -1 "$W/sS.lint")"
else
	xmllint --noout "$W/sS.xml" 2>/dev/null || python3 -c 'import sys,xml.dom.minidom as m; m.parse(sys.argv[1])' "$W/sS.xml"
	ok $? "the resumed XML is one well-formed document"
fi
n=$(xml_ports "$W/sS.xml")
ok $([ "$n" = 20000 ] && echo 0 || echo 1) "ports over both runs are counted once: $n (want 20000)"
ok $([ "$(grep -c '"summary"' "$W/sS.json")" -eq 1 ] && echo 0 || echo 1) \
	"the JSON lines stay one stream with one summary"
resume_case sT -sT
r=$?
n=$(xml_ports "$W/sT.xml")
ok $([ $r -eq 0 ] && [ "$n" = 20000 ] && echo 0 || echo 1) \
	"-sT resumes too (exit $r), ports counted once: $n"

# ---- 18: -sT walks the seeded order: the same --seed gives the same first probes ----
order() {
	ip netns exec "$SNS" timeout 30 "$XDPMAP" -sT -n -Pn --seed 7 --max-parallelism 1 \
		-p 1-40 -oJ - 198.18.0.2 2>/dev/null | grep -o '"port":[0-9]*' | head -10 | tr '\n' ' '
}
a=$(order)
b=$(order)
ok $([ -n "$a" ] && [ "$a" = "$b" ] && echo 0 || echo 1) "-sT with one --seed finds ports in one order: $a"
exit $((FAILED > 0))
