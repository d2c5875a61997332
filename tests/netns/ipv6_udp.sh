#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: UDP over IPv6 (-6 -sU, -6 -PU) against dnsmasq, snmpd and chronyd on fd00::2, a closed,
# an ip6-dropped and an admin-prohibited port, every state as nmap -6 -sU gives it in the same run;
# -sS/-sT with -sU, -sV, --router-mac, --disable-arp-ping, a rate limit, bad input.
set -u

cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
export XDPMAP_SERVICE_PROBES=${XDPMAP_SERVICE_PROBES:-$PWD/data/service-probes}
NMAP_DTD=/usr/share/nmap/nmap.dtd
# shellcheck source=tools/netns-topo.sh
. tools/netns-topo.sh
. tests/lib/udp_servers.sh
# shellcheck source=tests/lib/lan.sh
. tests/lib/lan.sh
# shellcheck source=tests/lib/ipv6_pair.sh
. tests/lib/ipv6_pair.sh

NTESTS=19
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"
for tool in dnsmasq snmpd chronyd nmap nft python3; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "needs $tool (tools/deps.sh test)"
done

P=xu6$$
SNS=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
SIF=$(topo_scan_if "$P")
TGT=fd00::2
WORK=$(mktemp -d /tmp/xdpmap-udp6.XXXXXX)
chmod 755 "$WORK"
cleanup() {
	topo_down "$P"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# scan ARGS...: xdpmap in the scanner namespace, bounded in time.
scan() {
	ip netns exec "$SNS" timeout 60 "$XDPMAP" -6 -n "$@"
}

# states FILE.json PORT...: "port:state" of each port, "none" for a port not listed.
states() {
	local f=$1 p out=

	shift
	for p in "$@"; do out+="$p:$(port_state "$f" "$TGT" "$p") "; done
	echo "${out% }"
}

# ---- 1: topology, IPv6, servers, ip6 firewall ---------------------------------------------------
servers() {
	topo_up "$P" || return 1
	ipv6_pair_up "$SNS" "$TNS" "$SIF" "$(topo_tgt_if "$P")" || return 1
	udp_servers_up "$TGT" fd00::/64 -6 || return 1
	ip netns exec "$TNS" nft -f - <<NFT || return 1
table ip6 xu6 {
	chain input {
		type filter hook input priority 0;
		udp dport $DROPPED drop
		udp dport $PROHIBITED reject with icmpv6 type admin-prohibited
		tcp dport $DROPPED drop
	}
}
NFT
}
if servers; then
	ok 0 "fd00::2: dnsmasq 53, snmpd 161, chronyd 123; $DROPPED dropped, $PROHIBITED prohibited"
else
	tail -n 5 "$WORK"/*.log 2>/dev/null | diag
	bail "servers did not start"
fi

# ---- 2: xdpmap -6 -sU, every output --------------------------------------------------------------
scan -sU -p "$PORTS" --reason -oJ "$WORK/u.json" -oX "$WORK/u.xml" -oG "$WORK/u.gnmap" \
	-oN "$WORK/u.nmap" "$TGT" >"$WORK/out" 2>&1
ok $? "xdpmap -6 -sU -p $PORTS exits 0"
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
assert ports and all(l["proto"] == "udp" and l["ip"] == "fd00::2" for l in ports), ports
reasons = {l["port"]: l["reason"] for l in ports}
assert reasons[53] == "udp-response" and reasons[9] == "port-unreach", reasons
assert reasons[5000] == "no-response" and reasons[5001] == "admin-prohibited", reasons
assert lines[-1]["summary"]["scan_type"] == "udp"
PY
ok $? "-oJ: \"proto\": \"udp\" and fd00::2 on every port line, nmap's reasons, scan_type udp"

xml_ok() {
	python3 - "$1" <<'PY' || return 1
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
info = root.find("scaninfo")
assert info.get("type") == "udp" and info.get("protocol") == "udp", info.attrib
assert root.find("host/address").get("addrtype") == "ipv6"
ports = root.findall("host/ports/port")
assert len(ports) == 6 and all(p.get("protocol") == "udp" for p in ports)
PY
	if command -v xmllint >/dev/null && [ -r "$NMAP_DTD" ]; then
		xmllint --noout --dtdvalid "$NMAP_DTD" "$1" 2>&1 | diag
		return "${PIPESTATUS[0]}"
	fi
}
xml_ok "$WORK/u.xml"
ok $? "-oX: addrtype ipv6, protocol udp, valid against nmap.dtd"
grep -q "^Host: fd00::2 ().*5000/open|filtered/udp//" "$WORK/u.gnmap" &&
	grep -Eq "^5001/udp +filtered +.*admin-prohibited" "$WORK/u.nmap" &&
	grep -Eq "^123/udp +open +ntp +udp-response" "$WORK/u.nmap"
ok $? "-oG and -oN --reason: udp rows with their states and reasons"

# ---- 3: nmap -6 -sU gives the same states -----------------------------------------------------
ip netns exec "$SNS" timeout 120 nmap -6 -sU -Pn -n -p "$PORTS" -oX "$WORK/nmap.xml" "$TGT" \
	>/dev/null 2>&1
python3 - "$WORK/nmap.xml" "$WORK/u.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
def states(path):
    r = ET.parse(path).getroot()
    return {p.get("portid"): p.find("state").get("state") for p in r.findall("host/ports/port")}
n, x = states(sys.argv[1]), states(sys.argv[2])
if n != x or len(n) != 6:
    print("# nmap %s\n# xdpmap %s" % (n, x))
    sys.exit(1)
PY
ok $? "nmap -6 -sU reports the same state for every port"

# ---- 4: -sS -sU and -sT -sU in one run, -sV on UDP -------------------------------------------
ip netns exec "$TNS" python3 -c 'import socket, time
s = socket.socket(socket.AF_INET6); s.bind(("fd00::2", 22)); s.listen(8)
while True: c, _ = s.accept(); c.close()' >/dev/null 2>&1 &
TOPO_PIDS+=("$!")
for _ in $(seq 1 50); do
	ip netns exec "$TNS" ss -6 -Hltn "sport = :22" | grep -q . && break
	sleep 0.1
done
scan -sS -sU -p U:53,$CLOSED,T:22,$CLOSED,$DROPPED -oJ "$WORK/mixed.json" "$TGT" \
	>"$WORK/mixed" 2>&1
python3 - "$WORK/mixed.json" <<'PY'
import json, sys
got = {(l["proto"], l["port"]): l["state"] for l in map(json.loads, open(sys.argv[1]))
       if "port" in l}
want = {("tcp", 22): "open", ("tcp", 9): "closed", ("tcp", 5000): "filtered",
        ("udp", 53): "open", ("udp", 9): "closed"}
if got != want:
    print("# got", got)
    sys.exit(1)
PY
ok $? "-6 -sS -sU -p U:..,T:..: tcp and udp lines, each with its own state"

scan -sT -sU -p U:53,$CLOSED,$DROPPED,T:22,$CLOSED -oJ "$WORK/tu.json" -oX "$WORK/tu.xml" \
	"$TGT" >"$WORK/tu" 2>&1
python3 - "$WORK/tu.json" "$WORK/tu.xml" <<'PY'
import json, sys, xml.etree.ElementTree as ET
lines = list(map(json.loads, open(sys.argv[1])))
got = {(l["proto"], l["port"]): l["state"] for l in lines if "state" in l and "port" in l}
want = {("tcp", 22): "open", ("tcp", 9): "closed", ("udp", 53): "open", ("udp", 9): "closed",
        ("udp", 5000): "open|filtered"}
types = {i.get("protocol"): i.get("type") for i in ET.parse(sys.argv[2]).getroot().iter("scaninfo")}
if got != want or types != {"tcp": "connect", "udp": "udp"}:
    print("# got", got, types)
    sys.exit(1)
PY
ok $? "-6 -sT -sU: tcp by connect() over IPv6, udp over XDP, one report"

# dnsmasq also on $ODDDNS, a port without a scan payload: the empty datagram gets no answer
# (open|filtered), -sV's DNS probe does, so the port becomes open, as nmap's.
ODDDNS=5300
udp_start dnsmasq2 dnsmasq --no-daemon --port=$ODDDNS --listen-address="$TGT" --bind-interfaces \
	--no-resolv --no-hosts --conf-file=/dev/null --pid-file= --user=root
udp_wait $ODDDNS -6
scan -sU -sV -p 53,161,$CLOSED,$ODDDNS -oX "$WORK/sv.xml" "$TGT" >"$WORK/sv.out" 2>&1
python3 - "$WORK/sv.xml" "$ODDDNS" <<'PY'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
ports = {p.get("portid"): p for p in r.findall("host/ports/port")}
def svc(port, key):
    s = ports[port].find("service")
    return s.get(key, "") if s is not None else ""
def state(port):
    return ports[port].find("state").get("state"), ports[port].find("state").get("reason")
bad = ["%s: %s %r" % (port, svc(port, "name"), svc(port, "product"))
       for port, name, product in (("53", "domain", "dnsmasq"), ("161", "snmp", "net-snmp"))
       if svc(port, "name") != name or product not in svc(port, "product").lower()]
if state("9")[0] != "closed":
    bad.append("9 not closed")
if state(sys.argv[2]) != ("open", "udp-response") or svc(sys.argv[2], "name") != "domain":
    bad.append("%s: %s %s" % (sys.argv[2], state(sys.argv[2]), svc(sys.argv[2], "name")))
if bad:
    print("# " + "; ".join(bad))
    sys.exit(1)
PY
ok $? "-6 -sU -sV: dnsmasq, net-snmp named over IPv6 sockets; open|filtered $ODDDNS answered: open"

# ---- 5: -PU discovery ------------------------------------------------------------------------
pu() {
	scan -sn --reason "$@" "$TGT" 2>&1
}
pu -PU --disable-arp-ping --packet-trace >"$WORK/pu.out"
grep -q "Host is up, received port-unreach" "$WORK/pu.out" &&
	grep -q "^SENT .*UDP \[fd00::1\]:[0-9]* > \[fd00::2\]:40125 " "$WORK/pu.out" &&
	! grep -q "neighbor solicitation" "$WORK/pu.out"
ok $? "-6 -PU --disable-arp-ping (port 40125): no solicitation of ours, port-unreach: up"
pu -PU53 --disable-arp-ping | grep -q "Host is up, received udp-response"
ok $? "-6 -PU53 --disable-arp-ping: dnsmasq's answer makes the host up"
pu -PU$DROPPED --disable-arp-ping | grep -q "(0 hosts up)"
ok $? "-6 -PU$DROPPED --disable-arp-ping (dropped): the host is not up"
pu -PU$PROHIBITED --disable-arp-ping | grep -q "(0 hosts up)"
ok $? "-6 -PU$PROHIBITED --disable-arp-ping (admin-prohibited): not up, as over IPv4"

# ---- 6: --router-mac frames the probes; a wrong one loses them ---------------------------------
scan -sU -p 53 -Pn --disable-arp-ping --router-mac "$TOPO_TGT_MAC" -oJ "$WORK/rm.json" \
	--packet-trace "$TGT" >"$WORK/rm.out" 2>&1
scan -sU -p 53 -Pn --disable-arp-ping --router-mac 02:00:00:00:00:99 -oJ "$WORK/rm2.json" \
	"$TGT" >/dev/null 2>&1
rc=$?
got="$(states "$WORK/rm.json" 53), $(states "$WORK/rm2.json" 53)"
[ "${got%%,*}" = "53:open" ] && [ "${got#*, }" != "53:open" ] && [ $rc = 0 ] &&
	! grep -q "ND advert" "$WORK/rm.out" &&
	grep -q "^SENT .*UDP \[fd00::1\]:[0-9]* > \[fd00::2\]:53 hlim=64" "$WORK/rm.out"
ok $? "--router-mac with -6: the right MAC answers, a wrong one does not, no NDP ($got)"

# A routed target: fd00:99::1 on the target's loopback, reached through fd00::2. --router-mac
# frames for the gateway: the right MAC finds its closed port, a wrong one (instead of the
# neighbour table's) nothing.
ip -n "$TNS" addr add fd00:99::1/128 dev lo &&
	ip -n "$SNS" -6 route add fd00:99::/64 via "$TGT"
scan -sU -p "$CLOSED" -Pn --router-mac "$TOPO_TGT_MAC" -oJ "$WORK/gw.json" fd00:99::1 \
	>/dev/null 2>&1
scan -sU -p "$CLOSED" -Pn --router-mac 02:00:00:00:00:99 -oJ "$WORK/gw2.json" fd00:99::1 \
	>/dev/null 2>&1
got="$(port_state "$WORK/gw.json" fd00:99::1 "$CLOSED"), $(port_state "$WORK/gw2.json" \
	fd00:99::1 "$CLOSED")"
[ "${got%%,*}" = closed ] && [ "${got#*, }" != closed ]
ok $? "--router-mac with -6 through a gateway: the right MAC finds the closed port ($got)"

# ---- 7: a Linux ICMPv6 rate limit ------------------------------------------------------------
ip netns exec "$TNS" sysctl -qw net.ipv6.icmp.ratelimit=1000
scan -sU -p 1000-1009,$DROPPED --reason -oJ "$WORK/rl.json" "$TGT" >"$WORK/rl.out" 2>"$WORK/rl.err"
closed=$(grep -c '"state":"closed"' "$WORK/rl.json")
[ "$closed" = 10 ] && grep -q "1 host (fd00::2) rate-limit ICMP port unreachables" "$WORK/rl.err" &&
	grep -q "ICMP port unreachables from this host are rate-limited" "$WORK/rl.out"
ok $? "behind the target's ICMPv6 rate limit every closed port is found ($closed of 10), named"
ip netns exec "$TNS" sysctl -qw net.ipv6.icmp.ratelimit=0

# ---- 8: bad input, no XDP program left -------------------------------------------------------
bad_input() {
	local want=$1 rc

	shift
	ip netns exec "$SNS" "$XDPMAP" "$@" >"$WORK/bad.out" 2>"$WORK/bad.err"
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l <"$WORK/bad.err")" = 1 ] && grep -q -- "$want" "$WORK/bad.err"
}
bad_input "at most 1452" -6 -sU -p 53 --data-length 1460 "$TGT" &&
	bad_input "-6 cannot be combined with -PP" -6 -sn -PP "$TGT" &&
	bad_input "invalid port '70000'" -6 -sU -p U:70000 "$TGT"
ok $? "bad input with -6 -sU: one line each, exit 2 ($(head -c 100 "$WORK/bad.err"))"
topo_wait_no_xdp "$SNS" "$SIF"
ok $? "no XDP program left on the scanner interface"
finish
