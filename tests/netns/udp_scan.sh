#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: -sU against real Debian servers in a namespace (dnsmasq, snmpd, chronyd), a closed,
# a dropped and an admin-prohibited port; every state as nmap -sU gives it in the same run.
set -u

cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
XDPMAP_ABS=$(readlink -f "$XDPMAP" 2>/dev/null || echo "$XDPMAP")
# shellcheck source=tools/netns-topo.sh
. tools/netns-topo.sh
. tests/lib/udp_servers.sh
# shellcheck source=tests/lib/lan.sh
. tests/lib/lan.sh

NTESTS=28
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"
for tool in dnsmasq snmpd chronyd nmap nft python3; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "needs $tool (tools/deps.sh test)"
done

P=xu$$
SNS=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
TGT=$TOPO_TGT_ADDR
WORK=$(mktemp -d /tmp/xdpmap-udp-scan.XXXXXX)
chmod 755 "$WORK"
cleanup() {
	topo_down "$P"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- 1: topology, servers, firewall ------------------------------------------------------------
servers() {
	topo_up "$P" || return 1
	udp_servers_up "$TGT" 198.18.0.0/24 || return 1
	_topo_nft_base "$TNS" || return 1
	ip netns exec "$TNS" nft add rule ip xdpmap_topo input udp dport "$DROPPED" drop &&
		ip netns exec "$TNS" nft add rule ip xdpmap_topo input udp dport "$PROHIBITED" \
			reject with icmp type admin-prohibited || return 1
}
if servers; then
	ok 0 "dnsmasq on 53, snmpd on 161, chronyd on 123; $DROPPED dropped, $PROHIBITED prohibited"
else
	tail -n 5 "$WORK"/*.log 2>/dev/null | diag
	bail "servers did not start"
fi

# icmp_out_unreach: the scanner namespace's count of ICMP destination unreachables it sent.
icmp_out_unreach() {
	ip netns exec "$SNS" nstat -az IcmpOutDestUnreachs 2>/dev/null |
		awk '/IcmpOutDestUnreachs/ { print $2; f = 1 } END { if (!f) print 0 }'
}

# ---- 2: xdpmap -sU, every output ---------------------------------------------------------------
UNREACH0=$(icmp_out_unreach)
ip netns exec "$SNS" timeout 60 "$XDPMAP" -sU -p "$PORTS" -n --reason -oJ "$WORK/u.json" \
	-oX "$WORK/u.xml" -oG "$WORK/u.gnmap" -oN "$WORK/u.nmap" "$TGT" >"$WORK/out" 2>&1
ok $? "xdpmap -sU -p $PORTS exits 0"
UNREACH1=$(icmp_out_unreach)
bad=
for port in "${!WANT[@]}"; do
	got=$(port_state "$WORK/u.json" "$TGT" "$port")
	[ "$got" = "${WANT[$port]}" ] || bad="$bad $port:$got(want ${WANT[$port]})"
done
ok "$([ -z "$bad" ] && echo 0 || echo 1)" "every port's state in -oJ${bad:+:$bad}"
[ -z "$bad" ] || diag <"$WORK/out"

python3 - "$WORK/u.json" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ports = [l for l in lines if "port" in l]
assert ports and all(l["proto"] == "udp" for l in ports), ports
reasons = {l["port"]: l["reason"] for l in ports}
assert reasons[53] == "udp-response" and reasons[9] == "port-unreach", reasons
assert reasons[5000] == "no-response" and reasons[5001] == "admin-prohibited", reasons
assert lines[-1]["summary"]["scan_type"] == "udp"
PY
ok $? "-oJ: \"proto\": \"udp\" on every port line, nmap's reasons, scan_type udp"

python3 - "$WORK/u.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
info = root.find("scaninfo")
assert info.get("type") == "udp" and info.get("protocol") == "udp", info.attrib
ports = root.findall("host/ports/port")
assert len(ports) == 6 and all(p.get("protocol") == "udp" for p in ports)
states = {p.get("portid"): p.find("state").get("state") for p in ports}
assert states["5000"] == "open|filtered" and states["161"] == "open", states
PY
ok $? "-oX: scaninfo and ports protocol=\"udp\", open|filtered"

grep -q "5000/open|filtered/udp//" "$WORK/u.gnmap" && grep -q "161/open/udp//snmp" "$WORK/u.gnmap"
ok $? "-oG: udp ports with their states"
grep -Eq "^123/udp +open +ntp +udp-response" "$WORK/u.nmap" &&
	grep -Eq "^5001/udp +filtered +.*admin-prohibited" "$WORK/u.nmap"
ok $? "-oN --reason: udp rows with reasons"

# ---- 3: nmap -sU gives the same states --------------------------------------------------------
ip netns exec "$SNS" timeout 120 nmap -sU -Pn -n -p "$PORTS" -oX "$WORK/nmap.xml" "$TGT" \
	>/dev/null 2>&1
python3 - "$WORK/nmap.xml" "$WORK/u.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
def states(path):
    r = ET.parse(path).getroot()
    return {p.get("portid"): p.find("state").get("state") for p in r.findall("host/ports/port")}
n, x = states(sys.argv[1]), states(sys.argv[2])
if n != x:
    print("# nmap %s\n# xdpmap %s" % (n, x))
    sys.exit(1)
PY
ok $? "nmap -sU reports the same state for every port"

# ---- 3b: -sU -sV end to end, and nmap -sU -sV in the same run ---------------------------------
# dnsmasq also on $ODDDNS, a port without a scan payload: the empty datagram gets no answer
# (open|filtered), -sV's DNS probe does, so the port becomes open (udp-response), as nmap's.
ODDDNS=5300
udp_start dnsmasq2 dnsmasq --no-daemon --port=$ODDDNS --listen-address="$TGT" --bind-interfaces \
	--no-resolv --no-hosts --conf-file=/dev/null --pid-file= --user=root
udp_wait $ODDDNS
SVPORTS=53,123,161,$CLOSED,$DROPPED,$ODDDNS
ip netns exec "$SNS" timeout 120 "$XDPMAP" -sU -sV -p "$SVPORTS" -n --reason -oX "$WORK/sv.xml" \
	-oJ "$WORK/sv.json" "$TGT" >"$WORK/sv.out" 2>&1
ok $? "xdpmap -sU -sV -p $SVPORTS exits 0"
python3 - "$WORK/sv.xml" "$ODDDNS" <<'PY'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
ports = {p.get("portid"): p for p in r.findall("host/ports/port")}
def svc(port, key):
    s = ports[port].find("service")
    return s.get(key, "") if s is not None else ""
def state(port):
    return ports[port].find("state").get("state"), ports[port].find("state").get("reason")
bad = []
for port, name, product in (("53", "domain", "dnsmasq"), ("161", "snmp", "net-snmp"),
                            ("123", "ntp", "")):
    if svc(port, "name") != name or product not in svc(port, "product").lower():
        bad.append("%s: %s %r" % (port, svc(port, "name"), svc(port, "product")))
if state(sys.argv[2]) != ("open", "udp-response") or svc(sys.argv[2], "name") != "domain":
    bad.append("%s: %s %s" % (sys.argv[2], state(sys.argv[2]), svc(sys.argv[2], "name")))
if state("5000")[0] != "open|filtered" or state("9")[0] != "closed":
    bad.append("5000 %s, 9 %s" % (state("5000"), state("9")))
if bad:
    print("# " + "; ".join(bad))
    sys.exit(1)
PY
ok $? "-sU -sV: dnsmasq, net-snmp and ntp named; open|filtered $ODDDNS answered -sV: open"
python3 - "$WORK/sv.json" "$ODDDNS" <<'PY'
import json, sys
lines = {l["port"]: l for l in map(json.loads, open(sys.argv[1])) if "state" in l}
l = lines[int(sys.argv[2])]
assert l["state"] == "open" and l["reason"] == "udp-response" and l["proto"] == "udp", l
assert lines[5000]["state"] == "open|filtered", lines[5000]
PY
ok $? "-sU -sV -oJ: the promoted port is open, udp-response; the dropped one open|filtered"
ip netns exec "$SNS" timeout 300 nmap -sU -sV -Pn -n -p "$SVPORTS" -oX "$WORK/nmapsv.xml" \
	"$TGT" >/dev/null 2>&1
python3 - "$WORK/nmapsv.xml" "$WORK/sv.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
def ports(path):
    r = ET.parse(path).getroot()
    out = {}
    for p in r.findall("host/ports/port"):
        s = p.find("service")
        name = s.get("name") if s is not None else ""
        out[p.get("portid")] = (p.find("state").get("state"),
                                name if p.find("state").get("state") == "open" else "")
    return out
n, x = ports(sys.argv[1]), ports(sys.argv[2])
if n != x:
    print("# nmap %s\n# xdpmap %s" % (sorted(n.items()), sorted(x.items())))
    sys.exit(1)
PY
ok $? "nmap -sU -sV: the same state for every port and the same names of the open ones"

# ---- 4: --open, mixed -sS -sU, payload fields -------------------------------------------------
ip netns exec "$SNS" timeout 60 "$XDPMAP" -sU -p "$PORTS" -n --open "$TGT" >"$WORK/open" 2>&1
grep -Eq "^5000/udp +open\|filtered" "$WORK/open" && grep -Eq "^53/udp +open " "$WORK/open" &&
	! grep -Eq "^$CLOSED/udp|^$PROHIBITED/udp" "$WORK/open"
ok $? "--open lists open and open|filtered, not closed or filtered"

topo_listen "$P" 22 >/dev/null
ip netns exec "$SNS" timeout 60 "$XDPMAP" -sS -sU -p U:53,$CLOSED,T:22,$CLOSED -n -oJ \
	"$WORK/mixed.json" "$TGT" >"$WORK/mixed" 2>&1
python3 - "$WORK/mixed.json" <<'PY'
import json, sys
got = {(l["proto"], l["port"]): l["state"] for l in map(json.loads, open(sys.argv[1]))
       if "port" in l}
want = {("tcp", 22): "open", ("tcp", 9): "closed", ("udp", 53): "open", ("udp", 9): "closed"}
if got != want:
    print("# got", got)
    sys.exit(1)
PY
ok $? "-sS -sU in one run: tcp and udp lines, each with its own state"
grep -Eq "^22/tcp +open" "$WORK/mixed" && grep -Eq "^53/udp +open" "$WORK/mixed"
ok $? "-sS -sU: the normal report lists both protocols"

# -sT -sU: TCP by connect(), UDP over the XDP path, one report (nmap allows it too)
ip netns exec "$SNS" timeout 60 "$XDPMAP" -sT -sU -p U:53,$CLOSED,$DROPPED,T:22,$CLOSED -n \
	-oJ "$WORK/tu.json" -oX "$WORK/tu.xml" "$TGT" >"$WORK/tu" 2>&1
python3 - "$WORK/tu.json" "$WORK/tu.xml" <<'PY'
import json, sys, xml.etree.ElementTree as ET
lines = list(map(json.loads, open(sys.argv[1])))
got = {(l["proto"], l["port"]): l["state"] for l in lines if "state" in l and "port" in l}
want = {("tcp", 22): "open", ("tcp", 9): "closed", ("udp", 53): "open", ("udp", 9): "closed",
        ("udp", 5000): "open|filtered"}
types = {i.get("protocol"): i.get("type") for i in ET.parse(sys.argv[2]).getroot().iter("scaninfo")}
reason = {(l["proto"], l["port"]): l["reason"] for l in lines if "reason" in l and "port" in l}
if got != want or types != {"tcp": "connect", "udp": "udp"} or \
        reason[("tcp", 22)] != "syn-ack" or lines[-1]["summary"]["scan_type"] != "connect+udp":
    print("# got", got, types, reason, lines[-1]["summary"]["scan_type"])
    sys.exit(1)
PY
ok $? "-sT -sU in one run: tcp by connect(), udp over XDP, each with its own state"

# ---- 5: --data-string for a port without a payload; --merge of -sU shards ---------------------
ip netns exec "$TNS" python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("198.18.0.2", 7777))
while True:
    d, a = s.recvfrom(2048)
    if d == b"xdpmap-data": s.sendto(b"ok", a)' &
TOPO_PIDS+=("$!")
udp_wait 7777
ip netns exec "$SNS" timeout 60 "$XDPMAP" -sU -p 7777 -n --data-string xdpmap-data -oJ \
	"$WORK/data.json" "$TGT" >/dev/null 2>&1
[ "$(port_state "$WORK/data.json" "$TGT" 7777)" = open ]
ok $? "--data-string: the server that answers only those bytes answers"
ip netns exec "$SNS" timeout 60 "$XDPMAP" -sU -p 7777 -n --data 7864706d61702d64617461 -oJ \
	"$WORK/hex.json" "$TGT" >/dev/null 2>&1
[ "$(port_state "$WORK/hex.json" "$TGT" 7777)" = open ]
ok $? "--data <hex>: the same bytes"

for i in 1 2; do
	ip netns exec "$SNS" timeout 60 "$XDPMAP" -sS -sU -p "U:$PORTS,T:22,9" -n --seed 7 \
		--shard $i/2 -oJ "$WORK/s$i.json" "$TGT" >/dev/null 2>&1
done
"$XDPMAP" --merge "$WORK/s1.json" "$WORK/s2.json" -oJ "$WORK/merged.json" >/dev/null 2>&1 &&
python3 - "$WORK/merged.json" <<'PY'
import json, sys
got = {(l["proto"], l["port"]): l["state"] for l in map(json.loads, open(sys.argv[1]))
       if "port" in l}
want = {("udp", 53): "open", ("udp", 123): "open", ("udp", 161): "open", ("udp", 9): "closed",
        ("udp", 5000): "open|filtered", ("udp", 5001): "filtered", ("tcp", 22): "open",
        ("tcp", 9): "closed"}
if got != want:
    print("# got", got)
    sys.exit(1)
PY
ok $? "--merge of two -sS -sU shards: every tcp and udp state"

# ---- 6: -PU host discovery (no ARP: --router-mac frames the probes) ----------------------------
pu() {
	ip netns exec "$SNS" timeout 30 "$XDPMAP" -sn "$@" --disable-arp-ping \
		--router-mac "$TOPO_TGT_MAC" -n --reason "$TGT" 2>&1
}
pu -PU | grep -q "Host is up, received port-unreach"
ok $? "-PU (port 40125): the port unreachable makes the host up"
pu -PU53 | grep -q "Host is up, received udp-response"
ok $? "-PU53: dnsmasq's answer makes the host up"
pu -PU$DROPPED | grep -q "(0 hosts up)"
ok $? "-PU$DROPPED (dropped): the host is not up"

# ---- 7: bad input -----------------------------------------------------------------------------
printf 'payload dns ports 53\n  00 0q\n' >"$WORK/bad-payloads"
XDPMAP_UDP_PAYLOADS=$WORK/bad-payloads ip netns exec "$SNS" "$XDPMAP" -sU -p 53 "$TGT" \
	>"$WORK/bad.out" 2>"$WORK/bad.err"
rc=$?
[ $rc = 2 ] && [ "$(wc -l <"$WORK/bad.err")" = 1 ] &&
	grep -q "bad-payloads:2: '0q' is not a hex byte" "$WORK/bad.err"
ok $? "a malformed payload file line: one line naming file and line, exit 2 (got $rc)"
[ -s "$WORK/bad.out" ] && diag <"$WORK/bad.out"

# ---- 8: a Linux ICMP rate limit (a burst of 6, then one a second) ----------------------------
ip netns exec "$TNS" sysctl -qw net.ipv4.icmp_ratelimit=1000
ip netns exec "$SNS" timeout 60 "$XDPMAP" -sU -p 1000-1009,$DROPPED -n --reason -oJ \
	"$WORK/rl.json" "$TGT" >"$WORK/rl.out" 2>"$WORK/rl.err"
closed=$(grep -c '"state":"closed"' "$WORK/rl.json")
[ "$closed" = 10 ]
ok $? "behind the target's ICMP rate limit every closed port is still found ($closed of 10)"
grep -q "1 host (198.18.0.2) rate-limit ICMP port unreachables" "$WORK/rl.err" &&
	grep -q "ICMP port unreachables from this host are rate-limited" "$WORK/rl.out"
ok $? "the rate limit is named: a notice, and a line under the host with --reason"
# The rate-limit passes resend UDP ports only (a dropped TCP port goes out once per pass of
# --max-retries 1: twice), while the silent UDP port of the host that answered goes out again.
ip netns exec "$TNS" nft add rule ip xdpmap_topo input tcp dport 5002 drop
ip netns exec "$SNS" timeout 60 "$XDPMAP" -sS -sU -p T:5002,U:1000-1009,$DROPPED --max-retries 1 \
	-n --packet-trace -oJ "$WORK/rl2.json" "$TGT" >"$WORK/rl2.out" 2>&1
tcp_sent=$(grep -c "^SENT .*TCP [0-9.:]* > $TGT:5002 " "$WORK/rl2.out")
udp_sent=$(grep -c "^SENT .*UDP [0-9.:]* > $TGT:$DROPPED " "$WORK/rl2.out")
closed=$(grep -c '"state":"closed"' "$WORK/rl2.json")
got="TCP 5002 sent $tcp_sent times (want 2), UDP $DROPPED $udp_sent (> 2), $closed of 10 closed"
[ "$tcp_sent" = 2 ] && [ "$udp_sent" -gt 2 ] && [ "$closed" = 10 ]
ok $? "rate-limit passes: $got"
ip netns exec "$TNS" sysctl -qw net.ipv4.icmp_ratelimit=0

# ---- 9: the kernel never answered our replies, the XDP program is gone --------------------------
topo_wait_no_xdp "$SNS" "$(topo_scan_if "$P")"
ok $? "no XDP program left on the scanner interface"
[ "$UNREACH1" = "$UNREACH0" ]
ok $? "the scanner's kernel sent no port unreachable for the replies XDP took ($UNREACH0 -> $UNREACH1)"
finish
