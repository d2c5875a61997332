#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of host discovery: -sn against the simulated network, the firewall case, ARP ping.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
RESPONDER=build/tools/simnet-responder
LISTER=build/tools/simnet-list
. tools/netns-topo.sh

NTESTS=10
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
for b in "$XDPMAP" "$RESPONDER" "$LISTER"; do [ -x "$b" ] || bail "$b not built"; done

P=xd$$
SNS=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
SIF=$(topo_scan_if "$P")
TIF=$(topo_tgt_if "$P")
WORK=$(mktemp -d /tmp/xdpmap-disc.XXXXXX)
RESP_PID=
cleanup() {
	[ -n "$RESP_PID" ] && kill -TERM "$RESP_PID" 2>/dev/null && wait "$RESP_PID" 2>/dev/null
	topo_down "$P"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
topo_up "$P" || bail "topology"

# ---- 1-4: the simulated network, routed behind the target (198.18.0.0/15 via 198.18.0.2) ---
# -sn over a /16 must find exactly the lister's live hosts.
ip -n "$SNS" route add 198.18.0.0/15 via 198.18.0.2 || bail "route"
ip netns exec "$TNS" "$RESPONDER" -i "$TIF" --seed 5 --exclude 198.18.0.0/24 \
	>"$WORK/resp.log" 2>&1 &
RESP_PID=$!
sleep 0.5
"$LISTER" --seed 5 --range 198.18.0.0/16 --exclude 198.18.0.0/24 --hosts | sort >"$WORK/truth"
ip netns exec "$SNS" "$XDPMAP" -sn -n --max-rate 200000 --wait 1 --exclude 198.18.0.0/24 \
	-oJ "$WORK/sn.json" -oX "$WORK/sn.xml" 198.18.0.0/16 >"$WORK/sn.txt" 2>&1
ok $? "-sn over 198.18.0.0/16 exits 0"
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o.get("host") == "up":
        print(o["ip"])' "$WORK/sn.json" | sort >"$WORK/found"
echo "# live hosts: truth $(wc -l <"$WORK/truth"), found $(wc -l <"$WORK/found")"
cmp -s "$WORK/truth" "$WORK/found"
ok $? "-sn finds exactly the live hosts of the ground truth"
grep -qE '^Host is up \([0-9.e-]+s latency\)\.$' "$WORK/sn.txt" &&
	grep -q "($(wc -l <"$WORK/truth") hosts up)" "$WORK/sn.txt"
ok $? "the report gives each host's latency and the live count"
grep -q '<times srtt="[0-9]*"' "$WORK/sn.xml" && ! grep -q '<port ' "$WORK/sn.xml"
ok $? "the XML has round-trip times and, for -sn, no ports"
kill -TERM "$RESP_PID" 2>/dev/null
wait "$RESP_PID" 2>/dev/null
RESP_PID=
ip -n "$SNS" route del 198.18.0.0/15 via 198.18.0.2

# ---- 5-7: the firewall case: the target drops ICMP and every port but 8080 ----------------
topo_listen "$P" 8080 || bail "listener"
ip netns exec "$TNS" nft -f - <<'NFT' || bail "nft"
table inet xdpmapfw {
	chain in {
		type filter hook input priority 0; policy drop;
		tcp dport 8080 accept
	}
}
NFT
ip netns exec "$SNS" "$XDPMAP" -n --disable-arp-ping -p 8080 --wait 0.5 198.18.0.2 \
	>"$WORK/fw.txt" 2>&1
grep -q '(0 hosts up)' "$WORK/fw.txt" && ! grep -q '8080/tcp' "$WORK/fw.txt"
ok $? "default discovery (echo, SYN 443, ACK 80, timestamp) does not find it"
ip netns exec "$SNS" "$XDPMAP" -n -Pn -p 8080 --wait 0.5 198.18.0.2 >"$WORK/pn.txt" 2>&1
grep -q '^8080/tcp *open' "$WORK/pn.txt"
ok $? "-Pn skips discovery and finds 8080 open"
ip netns exec "$SNS" "$XDPMAP" -n --disable-arp-ping -PS8080 -p 8080 --wait 0.5 198.18.0.2 \
	>"$WORK/ps.txt" 2>&1
grep -q '^8080/tcp *open' "$WORK/ps.txt"
ok $? "-PS8080 finds it through the one open port"

# ---- 8-10: ARP ping of on-link hosts, one of them silent to everything IP ------------------
ip netns exec "$TNS" nft flush ruleset
ip netns exec "$TNS" nft -f - <<'NFT' || bail "nft"
table inet xdpmapfw {
	chain in { type filter hook input priority 0; policy drop; }
}
NFT
ip -n "$SNS" neigh flush all
ip netns exec "$SNS" "$XDPMAP" -sn -n --reason --wait 0.5 198.18.0.2-198.18.0.3 \
	>"$WORK/arp.txt" 2>&1
grep -q 'report for 198.18.0.2$' "$WORK/arp.txt"
ok $? "ARP ping finds 198.18.0.2, which answers no IP probe at all"
grep -q 'received arp-response' "$WORK/arp.txt"
ok $? "its reason is arp-response"
! grep -q 'report for 198.18.0.3' "$WORK/arp.txt" && grep -q '(1 host up)' "$WORK/arp.txt"
ok $? "198.18.0.3 (no such host on the link) is not reported up"
finish
