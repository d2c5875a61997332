#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of what nmap users type daily: refusals of repeated options, -g PORT, latency format,
# -d lines, unprivileged -sn, the -sn and -sV XML as nmap writes it.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
XDPMAP_ABS=$(readlink -f "$XDPMAP" 2>/dev/null || echo "$XDPMAP")
. tools/netns-topo.sh
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"

P=xu$$
SNS=$(topo_scan_ns "$P")
W=$(mktemp -d /tmp/xdpmap-users.XXXXXX)
chmod 1777 "$W"
cleanup() {
	topo_down "$P"
	rm -rf "$W" "/etc/netns/$SNS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
topo_up "$P" || bail "topology"
topo_listen "$P" 80 2222 47001 || bail "listeners"

scan() { (cd "$W" && ip netns exec "$SNS" timeout 120 "$XDPMAP_ABS" "$@"); }
nobody() {
	(cd "$W" && ip netns exec "$SNS" timeout 60 setpriv --reuid=65534 --regid=65534 \
		--clear-groups --inh-caps=-all --bounding-set=-all "$XDPMAP_ABS" "$@")
}

# refused EXPECTED-ERE ARGS...: exit 2 with exactly one "xdpmap: " line matching.
refused() {
	local expect=$1 rc n
	shift
	scan "$@" >"$W/r.out" 2>"$W/r.err" </dev/null
	rc=$?
	n=$(wc -l <"$W/r.err")
	ok $([ $rc -eq 2 ] && [ "$n" -eq 1 ] && grep -q '^xdpmap: ' "$W/r.err" &&
		grep -Eq -- "$expect" "$W/r.err" && echo 0 || echo 1) \
		"xdpmap $* -> exit $rc: $(head -c 200 "$W/r.err")"
}

# ---- -sL: lists (reverse DNS unless -n), sends nothing (first: no earlier scan's traffic) ----
# The scanner namespace's own /etc/hosts (ip netns exec mounts /etc/netns/NS/hosts over it).
mkdir -p "/etc/netns/$SNS"
printf '127.0.0.1 localhost\n198.18.0.2 target.example\n' >"/etc/netns/$SNS/hosts"
SIF=$(topo_scan_if "$P")
TNS=$(topo_tgt_ns "$P")
ip netns exec "$TNS" timeout 30 tcpdump -l -n -i "$(topo_tgt_if "$P")" not ip6 >"$W/sl.tpcap" 2>/dev/null &
TD1=$!
ip netns exec "$SNS" timeout 30 tcpdump -l -n -i "$SIF" not ip6 >"$W/sl.spcap" 2>/dev/null &
TD2=$!
sleep 1
scan -sL -oX sl.xml 198.18.0.0/30 >"$W/sl.out" 2>"$W/sl.err"
rc=$?
xdp=$(topo_xdp_attached "$SNS" "$SIF" && echo attached || echo none)
sleep 0.5
kill -INT $TD1 $TD2; wait $TD1 $TD2
# tcpdump ends its output with an empty line when interrupted: count the packet lines.
nt=$(grep -c . "$W/sl.tpcap"); ns=$(grep -c . "$W/sl.spcap")
ok $([ $rc -eq 0 ] && [ "$(grep -c 'scan report for' "$W/sl.out")" -eq 4 ] &&
	grep -q '^xdpmap scan report for target.example (198.18.0.2)$' "$W/sl.out" &&
	grep -q '^xdpmap scan report for 198.18.0.1$' "$W/sl.out" &&
	grep -q '4 IP addresses (0 hosts up)' "$W/sl.out" && echo 0 || echo 1) \
	"-sL lists 4 targets with reverse DNS: $(grep -c 'scan report' "$W/sl.out") $(head -c 200 "$W/sl.err")"
ok $([ "$nt" -eq 0 ] && [ "$ns" -eq 0 ] && [ "$xdp" = none ] && echo 0 || echo 1) \
	"-sL sends nothing: the target saw $nt packets, the scanner's link $ns; XDP $xdp"
ok $(grep -q '<hostname name="target.example" type="PTR"/>' "$W/sl.xml" &&
	grep -q '<status state="unknown" reason="user-set"' "$W/sl.xml" && echo 0 || echo 1) \
	"-sL -oX: hosts of state unknown, the PTR name"
if [ -r /usr/share/nmap/nmap.dtd ]; then
	xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$W/sl.xml" 2>"$W/sl.lint"
	ok $? "the -sL XML is valid against nmap.dtd $(head -1 "$W/sl.lint")"
fi
scan -sL -n 198.18.0.2 >"$W/sln.out" 2>&1
ok $(grep -q '^xdpmap scan report for 198.18.0.2$' "$W/sln.out" && echo 0 || echo 1) "-sL -n: no names"
refused "-sL .* cannot be combined with -sS" -sL -sS 198.18.0.2


# ---- repeated options and values where none belongs are refused in one line ----
refused "only 1 -oJ option allowed \('a' and 'b'\)" -p 80 -oJ a -oJ b 198.18.0.2
ok $([ ! -e "$W/a" ] && [ ! -e "$W/b" ] && echo 0 || echo 1) "neither -oJ file was created"
refused "only 1 -p option allowed, separate multiple ranges with commas" -p 22 -p 80 198.18.0.2
refused "only 1 -p option allowed" -p22 -p80 198.18.0.2
refused "option --reason takes no value \('--reason=1'\)" --reason=1 -p 80 198.18.0.2
refused "option -e needs a value \(got the option '-p'\)" -e -p 80 198.18.0.2
refused "option -e needs a value" -p 80 198.18.0.2 -e
refused "option -oX needs a value \(got the option '-v'\)" -p 80 -oX -v 198.18.0.2

# ---- -p T:..,U:..: both with -sS -sU; without -sU the U: ports are left out, with a notice ----
scan -n -p T:2222,U:47009 198.18.0.2 >"$W/pu.out" 2>"$W/pu.err"
ok $([ $? -eq 0 ] && grep -q '^2222/tcp *open' "$W/pu.out" && ! grep -q '/udp' "$W/pu.out" &&
	grep -qx 'xdpmap: -p T:2222,U:47009: the U: ports are left out: UDP needs -sU (with -sS for the T: ones)' \
		"$W/pu.err" && echo 0 || echo 1) "-p T:2222,U:47009 without -sU: $(head -1 "$W/pu.err")"
scan -n -sS -sU -p T:2222,U:47009 198.18.0.2 >"$W/pu2.out" 2>"$W/pu2.err"
ok $([ $? -eq 0 ] && grep -q '^2222/tcp *open' "$W/pu2.out" && grep -q '^47009/udp *closed' "$W/pu2.out" &&
	! grep -q 'left out' "$W/pu2.err" && echo 0 || echo 1) \
	"-sS -sU -p T:2222,U:47009 scans both: $(grep -E '/(tcp|udp)' "$W/pu2.out" | tr '\n' ' ')"
scan -n -sU -p T:2222,U:47009 198.18.0.2 >"$W/pu3.out" 2>"$W/pu3.err"
ok $([ $? -eq 0 ] && ! grep -q '/tcp' "$W/pu3.out" &&
	grep -q 'the T: ports are left out: TCP needs -sS (with -sU)' "$W/pu3.err" && echo 0 || echo 1) \
	"-sU -p T:..,U:..: the T: ports are left out, with a notice: $(head -1 "$W/pu3.err")"
refused "port list 'U:53' has no TCP port \(U: ports need -sU\)" -p U:53 198.18.0.2

# ---- -g with one port: accepted, with a notice that retries reuse it ----
scan -n -Pn -g 53 -p 2222 --max-retries 2 198.18.0.2 >"$W/g.out" 2>"$W/g.err"
ok $([ $? -eq 0 ] && grep -q '^2222/tcp *open' "$W/g.out" && echo 0 || echo 1) \
	"-g 53 scans: $(grep 2222 "$W/g.out") $(head -c 200 "$W/g.err")"
grep -q 'source port 53 for every probe: retries reuse it' "$W/g.err"
ok $? "-g 53 says that retries reuse the port: $(head -1 "$W/g.err")"
ip netns exec "$(topo_tgt_ns "$P")" timeout 20 tcpdump -l -n -i "$(topo_tgt_if "$P")" -c 1 \
	'tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == 0' >"$W/g.pcap" 2>/dev/null &
TD=$!
sleep 1
scan -n -Pn -g 53 -p 2222 198.18.0.2 >/dev/null 2>&1
wait $TD
grep -q '198.18.0.1.53 > 198.18.0.2.2222' "$W/g.pcap"
ok $? "the SYN leaves from port 53: $(head -1 "$W/g.pcap")"

# ---- latency as nmap prints it, never in exponent form; -d names libbpf once ----
scan -n -d -p 2222 198.18.0.2 >"$W/lat.out" 2>"$W/lat.err"
lat=$(grep -o 'Host is up[^)]*latency)' "$W/lat.out")
ok $([ -n "$lat" ] && echo "$lat" | grep -Eq '\((0\.0*[1-9][0-9]?|[1-9][0-9.]*)s latency\)' &&
	! echo "$lat" | grep -q 'e-' && echo 0 || echo 1) "latency in plain decimals: $lat"
ok $([ "$(grep -c '^libbpf: ' "$W/lat.err")" -gt 0 ] && ! grep -q 'libbpf: libbpf:' "$W/lat.err" \
	&& echo 0 || echo 1) "-d: libbpf lines say 'libbpf: ' once ($(grep -c '^libbpf: ' "$W/lat.err") lines)"

# ---- -sn without privileges: connect() to 80 and 443, as nmap ----
nobody -sn -n --reason -oX sn.xml 198.18.0.2 198.18.0.9 >"$W/sn.out" 2>"$W/sn.err"
rc=$?
ok $([ $rc -eq 0 ] && grep -q '2 IP addresses (1 host up)' "$W/sn.out" &&
	grep -q 'Host is up, received syn-ack' "$W/sn.out" && echo 0 || echo 1) \
	"-sn as nobody finds the host with 80 open (exit $rc): $(grep 'done:' "$W/sn.out") $(head -c 200 "$W/sn.err")"
ok $([ -s "$W/sn.xml" ] && ! grep -q '<scaninfo' "$W/sn.xml" && grep -q '<status state="up"' "$W/sn.xml" \
	&& echo 0 || echo 1) "the -sn XML has no <scaninfo>, as nmap's"
if [ -r /usr/share/nmap/nmap.dtd ]; then
	xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$W/sn.xml" 2>"$W/sn.lint"
	ok $? "the -sn XML is valid against nmap.dtd $(head -1 "$W/sn.lint")"
fi
scan -sn -n -oX snroot.xml 198.18.0.2 >/dev/null 2>&1
ok $([ -s "$W/snroot.xml" ] && ! grep -q '<scaninfo' "$W/snroot.xml" && echo 0 || echo 1) \
	"the -sn XML as root has no <scaninfo> either"

# ---- -sV: a port nothing matched and no table names gets no <service> element ----
scan -n -Pn -sV --version-intensity 0 --version-timeout 30s -p 47001 -oX sv.xml 198.18.0.2 \
	>"$W/sv.out" 2>"$W/sv.err"
port=$(grep -o '<port protocol="tcp" portid="47001">.*</port>' "$W/sv.xml")
ok $([ -n "$port" ] && ! echo "$port" | grep -q '<service' && echo 0 || echo 1) \
	"-sV unmatched 47001: $port"

# ---- --top-ports N, -F and the default: the head of data/top-ports ----
# top N: the first N ports of the ranked list, sorted, comma-separated.
top() { sed 's/#.*//' data/top-ports | tr -s ' \t' '\n' | grep -v '^$' | head -n "$1" | sort -n |
	paste -sd,; }
# services FILE.xml: the ports <scaninfo> lists, expanded and comma-separated.
services() {
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
si = ET.parse(sys.argv[1]).getroot().find("scaninfo")
out = []
for part in si.get("services").split(","):
    lo, _, hi = part.partition("-")
    out += range(int(lo), int(hi or lo) + 1)
print(",".join(map(str, out)), si.get("numservices"))
PY
}
TNS=$(topo_tgt_ns "$P")
ip netns exec "$TNS" timeout 30 tcpdump -l -n -i "$(topo_tgt_if "$P")" \
	'tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == 0' >"$W/top.pcap" 2>/dev/null &
TD=$!
sleep 1
scan -n -Pn --max-retries 0 --top-ports 10 -oX top10.xml 198.18.0.2 >"$W/top.out" 2>&1
rc=$?
sleep 0.5
kill -INT $TD; wait $TD
sent=$(grep -o '198.18.0.2\.[0-9]*:' "$W/top.pcap" | grep -o '[0-9]*:$' | tr -d : | sort -n -u |
	paste -sd,)
ok $([ $rc -eq 0 ] && [ "$sent" = "$(top 10)" ] && echo 0 || echo 1) \
	"--top-ports 10 sends to exactly the first 10 of data/top-ports: $sent"
ok $([ "$(services "$W/top10.xml")" = "$(top 10) 10" ] && echo 0 || echo 1) \
	"--top-ports 10: <scaninfo> lists them: $(services "$W/top10.xml")"
scan -n -Pn -F -oX fast.xml 198.18.0.2 >/dev/null 2>&1
ok $([ "$(services "$W/fast.xml")" = "$(top 100) 100" ] && echo 0 || echo 1) \
	"-F scans the first 100"
scan -n -Pn -oX default.xml 198.18.0.2 >/dev/null 2>&1
ok $([ "$(services "$W/default.xml")" = "$(top 1000) 1000" ] && echo 0 || echo 1) \
	"no -p: the first 1000"
refused "--top-ports cannot be combined with -p" -p 80 --top-ports 10 198.18.0.2
refused "-F cannot be combined with --top-ports" --top-ports 5 -F 198.18.0.2
refused "invalid --top-ports '0'" --top-ports 0 198.18.0.2

# ---- blocklists (with -sL): the default above 2^24 addresses, --no-blocklist, files ----
first() { grep -m1 -o 'scan report for [0-9.]*' "$1" | awk '{print $4}'; }
scan -sL -n --exclude 1.2.3.4 0.0.0.0/7 2>"$W/bl.err" | head -n 3 >"$W/bl.out"
ok $(grep -q 'blocklist .*data/blocklist.conf: removed 16777216 of 33554431 addresses' "$W/bl.err" &&
	[ "$(first "$W/bl.out")" = 1.0.0.0 ] && echo 0 || echo 1) \
	"above 2^24 addresses the default blocklist applies: $(head -1 "$W/bl.err"); first $(first "$W/bl.out")"
scan -sL -n --no-blocklist --exclude 1.2.3.4 0.0.0.0/7 2>"$W/nbl.err" | head -n 3 >"$W/nbl.out"
ok $([ "$(first "$W/nbl.out")" = 0.0.0.0 ] && ! grep -q blocklist "$W/nbl.err" && echo 0 || echo 1) \
	"--no-blocklist lifts it: first $(first "$W/nbl.out")"
scan -sL -n 127.0.0.1 198.18.0.0/30 >"$W/small.out" 2>"$W/small.err"
ok $([ "$(grep -c 'scan report' "$W/small.out")" -eq 5 ] && ! grep -q blocklist "$W/small.err" &&
	echo 0 || echo 1) "below the threshold 127/8 and 198.18/15 stay targets"
printf '# test ranges\n198.18.0.0/31   # two\n\n' >"$W/block.txt"
scan -sL -n --blocklist block.txt 198.18.0.0/30 >"$W/fb.out" 2>"$W/fb.err"
ok $(grep -q 'blocklist block.txt: removed 2 of 4 addresses$' "$W/fb.err" &&
	[ "$(first "$W/fb.out")" = 198.18.0.2 ] && echo 0 || echo 1) \
	"--blocklist FILE always applies: $(cat "$W/fb.err")"
printf '198.18.0.3\n198.18.7.0/24 # another\n' >"$W/allow.txt"
scan -sL -n --allowlist allow.txt 198.18.0.0/30 >"$W/al.out" 2>&1
ok $([ "$(grep -c 'scan report' "$W/al.out")" -eq 1 ] && [ "$(first "$W/al.out")" = 198.18.0.3 ] &&
	echo 0 || echo 1) "--allowlist FILE keeps only its addresses"
scan -sL -n --allowlist allow.txt >"$W/al2.out" 2>&1
ok $([ "$(grep -c 'scan report' "$W/al2.out")" -eq 257 ] && echo 0 || echo 1) \
	"--allowlist FILE alone: its addresses are the targets ($(grep -c 'scan report' "$W/al2.out"))"
printf '198.18.0.0/33\n' >"$W/bad.txt"
refused "'bad.txt': line 1: expected an IPv4 address or CIDR" -sL -n --blocklist bad.txt 198.18.0.2
refused "cannot open '/nonexistent/block'" -sL --blocklist /nonexistent/block 198.18.0.2
refused "-iR picks random targets: it cannot be combined" -sL -iR 3 198.18.0.2
refused "invalid -iR '0'" -sL -iR 0

# ---- -iR N (only with -sL here): N distinct public addresses, none in the blocklist ----
scan -sL -n -iR 2000 --seed 5 >"$W/ir.out" 2>"$W/ir.err"
python3 - "$W/ir.out" data/blocklist.conf >"$W/ir.check" <<'PY'
import ipaddress, re, sys
hosts = re.findall(r"scan report for ([0-9.]+)$", open(sys.argv[1]).read(), re.M)
nets = [ipaddress.ip_network(l.split("#")[0].strip()) for l in open(sys.argv[2])
        if l.split("#")[0].strip()]
bad = [h for h in hosts if any(ipaddress.ip_address(h) in n for n in nets)]
print(len(hosts), len(set(hosts)), len(bad))
PY
ok $([ "$(cat "$W/ir.check")" = "2000 2000 0" ] && echo 0 || echo 1) \
	"-iR 2000: listed, distinct, in the blocklist: $(cat "$W/ir.check"); $(cat "$W/ir.err")"
scan -sL -n -iR 5 --seed 5 >"$W/ir5a.out" 2>/dev/null
scan -sL -n -iR 5 --seed 5 >"$W/ir5b.out" 2>/dev/null
ok $(diff <(grep report "$W/ir5a.out") <(grep report "$W/ir5b.out") >/dev/null && echo 0 || echo 1) \
	"-iR with --seed draws the same targets"

# ---- MAC address and vendor of an on-link host, in every format ----
TMAC=08:00:27:5a:17:01
ip -n "$TNS" link set dev "$(topo_tgt_if "$P")" address "$TMAC" || bail "target MAC"
ip -n "$SNS" neigh flush dev "$SIF" 2>/dev/null
OUI=/usr/share/ieee-data/oui.txt
VENDOR=$(grep -m1 '^08-00-27 *(hex)' "$OUI" 2>/dev/null | sed 's/.*(hex)[[:space:]]*//; s/[[:space:]]*$//')
scan -n -p 2222 -oX mac.xml -oG mac.gnmap -oJ mac.json -oN mac.nmap 198.18.0.2 >"$W/mac.out" 2>&1
want=${VENDOR:+ ($VENDOR)}
if [ -z "$VENDOR" ]; then
	skip "the vendor from ieee-data" "no $OUI (ieee-data)"
else
	ok $(grep -qxF "MAC Address: 08:00:27:5A:17:01$want" "$W/mac.out" &&
		grep -qxF "MAC Address: 08:00:27:5A:17:01$want" "$W/mac.nmap" && echo 0 || echo 1) \
		"-oN and stdout: $(grep 'MAC Address' "$W/mac.out")"
fi
python3 - "$W/mac.xml" "$VENDOR" <<'PY' >"$W/mac.xcheck"
import sys, xml.etree.ElementTree as ET
h = ET.parse(sys.argv[1]).getroot().find("host")
a = h.findall("address")
print([(x.get("addrtype"), x.get("addr"), x.get("vendor")) for x in a] ==
      [("ipv4", "198.18.0.2", None), ("mac", "08:00:27:5A:17:01", sys.argv[2] or None)])
PY
ok $([ "$(cat "$W/mac.xcheck")" = True ] && echo 0 || echo 1) \
	"-oX: <address addrtype=\"mac\" vendor=..> after the ipv4 one: $(grep -o '<address[^>]*mac[^>]*>' "$W/mac.xml")"
# nmap's grepable output has no MAC, and outputs.sh holds -oG to nmap's lines exactly.
ok $(grep -qxF "Host: 198.18.0.2 ()	Status: Up" "$W/mac.gnmap" && echo 0 || echo 1) \
	"-oG keeps nmap's Status line (no MAC field, as nmap)"
ok $(python3 -c 'import json, sys
o = [json.loads(l) for l in open(sys.argv[1])]
h = [x for x in o if x.get("host") == "up"][0]
sys.exit(not (h["mac"] == "08:00:27:5A:17:01" and h.get("vendor") == (sys.argv[2] or None)))' \
	"$W/mac.json" "$VENDOR" && echo 0 || echo 1) "-oJ: mac and vendor fields"
XDPMAP_OUI=/nonexistent/oui.txt scan -n -sn 198.18.0.2 >"$W/nooui.out" 2>&1
ok $(grep -qx 'MAC Address: 08:00:27:5A:17:01' "$W/nooui.out" && echo 0 || echo 1) \
	"without the registry, the address alone (-sn): $(grep MAC "$W/nooui.out")"

# -Pn: no discovery, but the ARP that frames the probes gives the MAC, shown as nmap -Pn does.
ip -n "$SNS" neigh flush dev "$SIF" 2>/dev/null
scan -n -Pn -p 2222 -oX pn.xml -oJ pn.json -oN pn.nmap 198.18.0.2 >"$W/pn.out" 2>&1
for i in 1 2; do
	scan -n -Pn -p 2222,2223 --seed 7 --shard "$i/2" -oJ "pn-$i.json" 198.18.0.2 >/dev/null 2>&1
done
scan --merge pn-1.json pn-2.json -oX pnm.xml >"$W/pnm.out" 2>&1
if command -v nmap >/dev/null; then
	ip -n "$SNS" neigh flush dev "$SIF" 2>/dev/null
	(cd "$W" && ip netns exec "$SNS" timeout 60 nmap -n -Pn -p 2222 198.18.0.2) >"$W/pn.ref" 2>&1
	nm=$(grep -m1 '^MAC Address: ' "$W/pn.ref" | cut -d' ' -f3)
	ok $([ -n "$nm" ] && grep -qx "MAC Address: $nm.*" "$W/pn.out" && echo 0 || echo 1) \
		"-Pn: the MAC line as nmap -Pn's: '$(grep MAC "$W/pn.out")' vs '$(grep MAC "$W/pn.ref")'"
fi
ok $(grep -qxF "MAC Address: 08:00:27:5A:17:01$want" "$W/pn.out" &&
	grep -qxF "MAC Address: 08:00:27:5A:17:01$want" "$W/pn.nmap" &&
	grep -qxF "MAC Address: 08:00:27:5A:17:01$want" "$W/pnm.out" && echo 0 || echo 1) \
	"-Pn: stdout, -oN and --merge show the MAC: $(grep MAC "$W/pn.out" "$W/pnm.out" | tr '\n' ' ')"
python3 - "$W/pn.xml" "$W/pnm.xml" "$VENDOR" <<'PY' >"$W/pn.xcheck"
import sys, xml.etree.ElementTree as ET
for f in sys.argv[1:3]:
    h = ET.parse(f).getroot().find("host")
    a = [(x.get("addrtype"), x.get("addr"), x.get("vendor")) for x in h.findall("address")]
    print(a == [("ipv4", "198.18.0.2", None), ("mac", "08:00:27:5A:17:01", sys.argv[3] or None)])
PY
ok $([ "$(tr '\n' ' ' <"$W/pn.xcheck")" = "True True " ] && echo 0 || echo 1) \
	"-Pn -oX and --merge -oX: the mac address after the ipv4 one: $(tr '\n' ' ' <"$W/pn.xcheck")"
ok $(python3 -c 'import json, sys
o = [json.loads(l) for l in open(sys.argv[1])]
h = [x for x in o if x.get("host") == "up"]
sys.exit(not (len(h) == 1 and h[0]["reason"] == "user-set" and h[0]["mac"] == "08:00:27:5A:17:01"
              and h[0].get("vendor") == (sys.argv[2] or None)))' \
	"$W/pn.json" "$VENDOR" && echo 0 || echo 1) "-Pn -oJ: a user-set host line with mac and vendor"

# -6 as root: the MAC Neighbor Discovery learnt on the XDP path (nd-response), as nmap -6 shows it.
TIF=$(topo_tgt_if "$P")
for ns in "$SNS" "$TNS"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0
done
ip netns exec "$SNS" sysctl -qw "net.ipv6.conf.$SIF.disable_ipv6=0" &&
	ip netns exec "$TNS" sysctl -qw "net.ipv6.conf.$TIF.disable_ipv6=0" &&
	ip -n "$SNS" addr add fd00::1/64 dev "$SIF" nodad && ip -n "$TNS" addr add fd00::2/64 dev "$TIF" nodad ||
	bail "IPv6 addresses"
scan -6 -n -p 2222 -oX v6.xml -oJ v6.json fd00::2 >"$W/v6.out" 2>&1
ok $(grep -qxF "MAC Address: 08:00:27:5A:17:01$want" "$W/v6.out" &&
	grep -q '<address addr="08:00:27:5A:17:01" addrtype="mac"' "$W/v6.xml" &&
	python3 -c 'import json, sys
h = [o for o in map(json.loads, open(sys.argv[1])) if o.get("host") == "up"]
sys.exit(not (len(h) == 1 and h[0]["ip"] == "fd00::2" and h[0]["reason"] == "nd-response"
              and h[0]["mac"] == "08:00:27:5A:17:01"))' "$W/v6.json" &&
	echo 0 || echo 1) "-6: the MAC of the on-link IPv6 host in stdout, -oX, -oJ: $(grep MAC "$W/v6.out")"
# -6 -sT (connect()): the MAC the kernel's neighbour table learnt, as nmap -6 -sT shows it.
scan -6 -sT -n -p 2222 fd00::2 >"$W/v6t.out" 2>&1
ok $(grep -qxF "MAC Address: 08:00:27:5A:17:01$want" "$W/v6t.out" && echo 0 || echo 1) \
	"-6 -sT: the MAC from the neighbour table: $(grep MAC "$W/v6t.out")"
if command -v nmap >/dev/null; then
	(cd "$W" && ip netns exec "$SNS" timeout 60 nmap -6 -n -p 2222 fd00::2) >"$W/v6.ref" 2>&1
	nm=$(grep -m1 '^MAC Address: ' "$W/v6.ref" | cut -d' ' -f3)
	ok $([ -n "$nm" ] && grep -qx "MAC Address: $nm.*" "$W/v6.out" && echo 0 || echo 1) \
		"-6: the MAC line as nmap -6's: '$(grep MAC "$W/v6.ref")'"
fi

# ---- --packet-trace: SENT and RCVD lines as nmap's; rate-limited with a notice ----
scan -n --packet-trace -p 2222,2223 198.18.0.2 >"$W/pt.out" 2>&1
ok $(grep -Eq '^SENT \([0-9]+\.[0-9]{4}s\) ARP who-has 198\.18\.0\.2 tell 198\.18\.0\.1$' "$W/pt.out" &&
	grep -Eq '^RCVD \([0-9.]+s\) ARP reply 198\.18\.0\.2 is-at 08:00:27:5A:17:01$' "$W/pt.out" &&
	[ "$(grep -Ec '^SENT \([0-9.]+s\) TCP 198\.18\.0\.1:[0-9]+ > 198\.18\.0\.2:222[23] S ttl=[0-9]+ id=[0-9]+ iplen=44  seq=[0-9]+ win=[0-9]+$' "$W/pt.out")" -eq 2 ] &&
	grep -Eq '^RCVD \([0-9.]+s\) TCP 198\.18\.0\.2:2222 > us SA ttl=64' "$W/pt.out" &&
	grep -Eq '^RCVD \([0-9.]+s\) TCP 198\.18\.0\.2:2223 > us RA ttl=64' "$W/pt.out" &&
	grep -q '^2222/tcp *open' "$W/pt.out" && echo 0 || echo 1) \
	"--packet-trace: ARP, 2 SYNs, SA and RA: $(grep -c '^SENT\|^RCVD' "$W/pt.out") lines"
scan -n --packet-trace -sT -Pn -p 2222 198.18.0.2 >"$W/ptc.out" 2>&1
ok $(grep -Eq '^CONN \([0-9.]+s\) TCP localhost > 198\.18\.0\.2:2222 => Operation now in progress$' \
	"$W/ptc.out" && echo 0 || echo 1) "--packet-trace -sT: $(grep -m1 CONN "$W/ptc.out")"
# -sU: SENT UDP lines, RCVD UDP for an answer and nmap's words for the port unreachable
ip netns exec "$TNS" timeout 30 python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("198.18.0.2", 47002))
for _ in range(50):
    d, a = s.recvfrom(2048); s.sendto(b"pong", a)' &
UDPL=$!
sleep 1
scan -n -sU --packet-trace -p 47002,47003 198.18.0.2 >"$W/ptu.out" 2>&1
kill $UDPL 2>/dev/null; wait $UDPL 2>/dev/null
ok $([ "$(grep -Ec '^SENT \([0-9.]+s\) UDP 198\.18\.0\.1:[0-9]+ > 198\.18\.0\.2:4700[23] ttl=[0-9]+ id=[0-9]+ iplen=28$' "$W/ptu.out")" -ge 2 ] &&
	grep -Eq '^RCVD \([0-9.]+s\) UDP 198\.18\.0\.2:47002 > us ttl=64$' "$W/ptu.out" &&
	grep -Eq '^RCVD \([0-9.]+s\) ICMP \[198\.18\.0\.2 > us Port unreachable \(type=3/code=3\) \] IP \[ttl=64 \] for udp port 47003$' "$W/ptu.out" &&
	grep -Eq '^47002/udp +open' "$W/ptu.out" && grep -Eq '^47003/udp +closed' "$W/ptu.out" &&
	echo 0 || echo 1) "--packet-trace -sU: UDP SENT, UDP and ICMP port-unreachable RCVD: $(grep '^RCVD' "$W/ptu.out" | tr '\n' ';')"
scan -n -Pn --packet-trace --max-retries 0 -p 1-30000 --max-rate 200000 198.18.0.2 >"$W/ptf.out" 2>&1
python3 - "$W/ptf.out" >"$W/ptf.check" <<'PY'
import collections, re, sys
per = collections.Counter()
for l in open(sys.argv[1]):
    m = re.match(r"(SENT|RCVD) \((\d+)\.", l)
    if m:
        per[int(m.group(2))] += 1
print(sum(per.values()), max(per.values()) if per else 0)
PY
read -r total busiest <"$W/ptf.check"
ok $(grep -q '^Packet trace: more than 5000 lines per second, leaving lines out' "$W/ptf.out" &&
	[ "$busiest" -le 10000 ] && [ "$total" -lt 60000 ] && grep -q '30000 ports per host' "$W/ptf.out" &&
	echo 0 || echo 1) "a fast trace is cut with a notice: $total lines, at most $busiest in one second"

# ---- interactive keys under a terminal: v, p, a status key, P, V, d, D ----
python3 - "$SNS" "$XDPMAP_ABS" >"$W/keys.out" 2>&1 <<'PY'
import os, pty, select, subprocess, sys, time
ns, exe = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execvp("ip", ["ip", "netns", "exec", ns, "timeout", "60", exe, "-n", "-Pn", "--max-retries", "0",
                     "-p", "1-9000", "--max-rate", "1500", "198.18.0.2"])
out = b""
def read_for(sec):
    global out
    end = time.time() + sec
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                out += os.read(fd, 65536)
            except OSError:
                return False
    return True
read_for(1.5)
for key in (b"v", b"p", b"s", b"P", b"V", b"d", b"D"):
    os.write(fd, key)
    read_for(0.6)
while read_for(0.5) and os.waitpid(pid, os.WNOHANG) == (0, 0):
    pass
sys.stdout.write(out.decode("utf-8", "replace"))
PY
# The progress line shares the terminal: carriage returns and erase-line codes split it off.
keys=$(sed 's/\x1b\[K//g' "$W/keys.out" | tr '\r' '\n')
ok $(echo "$keys" | grep -q '^Verbosity Increased to 1\.$' &&
	echo "$keys" | grep -q '^Packet Tracing enabled\.$' &&
	echo "$keys" | grep -q '^Stats: .* elapsed; [0-9]* of 9000 probes sent' &&
	echo "$keys" | grep -q '^Packet Tracing disabled\.$' &&
	echo "$keys" | grep -q '^Verbosity Decreased to 0\.$' &&
	echo "$keys" | grep -q '^Debugging Increased to 1\.$' &&
	echo "$keys" | grep -q '^Debugging Decreased to 0\.$' &&
	echo "$keys" | sed -n '/Packet Tracing enabled/,/Packet Tracing disabled/p' | grep -q '^SENT (' &&
	! echo "$keys" | sed -n '/Packet Tracing disabled/,$p' | grep -q '^SENT (' &&
	echo "$keys" | grep -q 'xdpmap done: 1 IP address' && echo 0 || echo 1) \
	"keys v, p, s, P, V under a pty: $(echo "$keys" | grep -E 'Verbosity|Debugging|Tracing|^Stats|^SENT' | cut -c1-60 | uniq -c -w 4 | tr '\n' ';')"

# ---- --append-output: files grow by one report per run, as nmap's ----
for i in 1 2; do
	scan -n -Pn -p 2222 --append-output -oN app.nmap -oX app.xml -oJ app.json 198.18.0.2 \
		>/dev/null 2>&1
done
scan -sL -n --append-output -oN app.nmap 198.18.0.2 >/dev/null 2>&1
ok $([ "$(grep -c '^# xdpmap .* scan initiated' "$W/app.nmap")" -eq 3 ] &&
	[ "$(grep -c '^# xdpmap done at' "$W/app.nmap")" -eq 3 ] &&
	[ "$(grep -c '^<nmaprun ' "$W/app.xml")" -eq 2 ] && [ "$(grep -c '</nmaprun>' "$W/app.xml")" -eq 2 ] &&
	[ "$(grep -c '"summary"' "$W/app.json")" -eq 2 ] && echo 0 || echo 1) \
	"--append-output: -oN holds 3 runs (one -sL), -oX 2 documents, -oJ 2 summaries"
scan -n -Pn -p 2222 -oN app.nmap 198.18.0.2 >/dev/null 2>&1
ok $([ "$(grep -c 'scan initiated' "$W/app.nmap")" -eq 1 ] && echo 0 || echo 1) \
	"without it the file is overwritten"
finish
