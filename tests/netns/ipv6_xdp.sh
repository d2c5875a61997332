#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# IPv6 on the XDP path (TAP): -6 -sS states, -6 -sn over a /120, Neighbor Discovery's MAC, each
# compared with nmap -6; no XDP program left afterwards.
set -u
cd "$(dirname "$0")/../.."
. tools/netns-topo.sh
XDPMAP=${XDPMAP:-${BUILD:-build}/xdpmap}
P=xm6x$$
trap 'topo_down "$P"' EXIT
NTESTS=17
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
[ -x "$XDPMAP" ] || skip_all "no $XDPMAP"
command -v nft >/dev/null || skip_all "no nft"
command -v nmap >/dev/null || skip_all "no nmap"
topo_up "$P" || bail "topology"
S=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
SIF=$(topo_scan_if "$P")
TIF=$(topo_tgt_if "$P")
D=$(topo_dir "$P")
PORTS=22,23,80,9998,9999

# fd00::1 scans; fd00::2 and fd00::3 are the target namespace's (fd00::/64, on-link, nodad).
. tests/lib/ipv6_pair.sh
ipv6_pair_up "$S" "$TNS" "$SIF" "$TIF" || bail "IPv6 addresses on the veth pair"

# ip6 rules: 9999 dropped, 9998 answered by ICMPv6 administratively prohibited.
ip netns exec "$TNS" nft -f - <<'EOF' || bail "nft ip6 rules"
table ip6 xm6x {
	chain input {
		type filter hook input priority 0;
		tcp dport 9999 drop
		tcp dport 9998 reject with icmpv6 type admin-prohibited
	}
}
EOF

# Listeners on [::]:22, 80, 8022 and 8080 in the target namespace; 23 is closed.
cat >"$D/listen6.py" <<'EOF'
import socket, sys, time
socks = []
for port in sys.argv[1:]:
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", int(port)))
    s.listen(1024)
    socks.append(s)
time.sleep(600)
EOF
ip netns exec "$TNS" "$TOPO_PY" "$D/listen6.py" 22 80 8022 8080 >/dev/null 2>&1 </dev/null &
TOPO_PIDS+=($!)
topo_wait_listen "$TNS" 22 80 8022 8080 || bail "listeners"

state_of() { # FILE.xml PORT
	"$TOPO_PY" - "$1" "$2" <<'EOF'
import sys, xml.etree.ElementTree as E
for p in E.parse(sys.argv[1]).iter("port"):
    if p.get("portid") == sys.argv[2]:
        print(p.find("state").get("state")); break
else:
    print("none")
EOF
}
states() { # FILE.xml: "22:open 23:closed ..."
	local p out=""
	for p in ${PORTS//,/ }; do out+="$p:$(state_of "$1" "$p") "; done
	echo "${out% }"
}
up_of() { # FILE.xml: the addresses of hosts up, sorted
	"$TOPO_PY" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as E
ups = [h.find("address").get("addr") for h in E.parse(sys.argv[1]).iter("host")
       if h.find("status").get("state") == "up"]
print(" ".join(sorted(ups)))
EOF
}

# -6 -sS with -Pn: Neighbor Solicitation for the MAC, then SYNs over AF_XDP.
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -sS -v -n -Pn --wait 1 --max-retries 1 -p "$PORTS" \
	-oX "$D/ss.xml" -oJ "$D/ss.json" fd00::2 >"$D/ss.out" 2>"$D/ss.err"
rc=$?
got=$(states "$D/ss.xml")
want="22:open 23:closed 80:open 9998:filtered 9999:filtered"
check "-6 -sS exits 0 (rc=$rc), states: $got" [ $rc = 0 ] && [ "$got" = "$want" ]
check "-6 -sS ran on the XDP path from fd00::1 (no connect() notice)" bash -c "
	grep -q 'scanning from fd00::1 on $SIF' '$D/ss.err' &&
	! grep -q 'connect()' '$D/ss.err'"
check "-6 -sS reasons: syn-ack, reset, admin-prohibited, no-response" bash -c "
	grep -q '\"ip\":\"fd00::2\",\"port\":22,.*\"reason\":\"syn-ack\"' '$D/ss.json' &&
	grep -q '\"port\":23,.*\"reason\":\"reset\"' '$D/ss.json' &&
	grep -q '\"port\":9998,.*\"reason\":\"admin-prohibited\"' '$D/ss.json' &&
	grep -q '\"port\":9999,.*\"reason\":\"no-response\"' '$D/ss.json'"
diag 6 <"$D/ss.err"
ip netns exec "$S" timeout 120 nmap -6 -sS -Pn -n --max-retries 1 -p "$PORTS" \
	-oX "$D/nm_ss.xml" fd00::2 >/dev/null 2>&1
ngot=$(states "$D/nm_ss.xml")
check "nmap -6 -sS agrees: $ngot" [ "$ngot" = "$got" ]
check "no XDP program left on $SIF" topo_wait_no_xdp "$S" "$SIF"

# Default discovery (Neighbor Discovery on the link), then the port scan; the MAC is reported.
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -n --wait 1 --max-retries 1 -p "$PORTS" \
	-oX "$D/dd.xml" --packet-trace fd00::2 >"$D/dd.out" 2>"$D/dd.err"
rc=$?
dgot=$(states "$D/dd.xml")
check "-6 (default discovery) exits 0 (rc=$rc), the same states: $dgot" \
	[ $rc = 0 ] && [ "$dgot" = "$want" ]
mac=$(echo "$TOPO_TGT_MAC" | tr a-f A-F)
check "the target's MAC learnt by Neighbor Discovery: $mac" bash -c "
	grep -q '<address addr=\"$mac\" addrtype=\"mac\"' '$D/dd.xml' &&
	grep -q '^MAC Address: $mac' '$D/dd.out'"
check "--packet-trace: a Neighbor Solicitation sent, its advertisement received" bash -c "
	grep -q 'SENT.*neighbor solicitation who-has fd00::2 tell fd00::1' '$D/dd.out' &&
	grep -qi 'RCVD.*ND advert fd00::2 is-at $mac' '$D/dd.out'"

# -6 -sn over fd00::/120: fd00::1 (ours), fd00::2 and fd00::3 are up.
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -sn -n --wait 1 -oX "$D/sn.xml" fd00::/120 \
	>"$D/sn.out" 2>"$D/sn.err"
rc=$?
sn=$(up_of "$D/sn.xml")
check "-6 -sn /120 (rc=$rc): hosts up '$sn'" [ $rc = 0 ] && [ "$sn" = "fd00::1 fd00::2 fd00::3" ]
diag 3 <"$D/sn.err"
ip netns exec "$S" timeout 120 nmap -6 -sn -n -oX "$D/nm_sn.xml" fd00::/120 >/dev/null 2>&1
nsn=$(up_of "$D/nm_sn.xml")
check "nmap -6 -sn agrees: '$nsn'" [ "$nsn" = "$sn" ]
# An address nobody holds: its Solicitation goes unanswered, so it stays down.
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -sn -n --wait 1 -oX "$D/sn4.xml" fd00::4 \
	>/dev/null 2>&1
check "-6 -sn of an address nobody holds: down" [ -z "$(up_of "$D/sn4.xml")" ]
# Routed: fd01::5 (on the target namespace's lo) through gateway fd00::2, whose MAC comes
# from the neighbour table; its replies come back on the link.
ip -n "$TNS" addr add fd01::5/128 dev lo nodad &&
	ip -n "$S" -6 route add fd01::/64 via fd00::2 dev "$SIF" || bail "route to fd01::/64"
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -sS -v -n -Pn --wait 1 --max-retries 1 -p 22,23 \
	-oX "$D/rt.xml" fd01::5 >/dev/null 2>"$D/rt.err"
rc=$?
check "-6 -sS through a gateway (rc=$rc): 22 $(state_of "$D/rt.xml" 22), 23 $(state_of \
	"$D/rt.xml" 23)" bash -c "[ $rc = 0 ] && [ '$(state_of "$D/rt.xml" 22)' = open ] &&
	[ '$(state_of "$D/rt.xml" 23)' = closed ] &&
	grep -q 'IPv6 targets fd01::5-fd01::5: routed, dev $SIF' '$D/rt.err' &&
	grep -q 'scanning from fd00::1 on $SIF' '$D/rt.err'"
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -sn -n --wait 1 -oX "$D/rtn.xml" fd01::4 fd01::5 \
	>/dev/null 2>&1
check "-6 -sn through a gateway: up '$(up_of "$D/rtn.xml")'" [ "$(up_of "$D/rtn.xml")" = fd01::5 ]
ip netns exec "$S" timeout 120 nmap -6 -sn -n -oX "$D/nm_rtn.xml" fd01::4 fd01::5 >/dev/null 2>&1
check "nmap -6 -sn agrees through the gateway: '$(up_of "$D/nm_rtn.xml")'" \
	[ "$(up_of "$D/nm_rtn.xml")" = fd01::5 ]
# --send-rst: the target holds no half-open connection for the open ports while the scan
# waits (without it, their SYN-ACKs end in XDP_DROP and the target keeps SYN-RECV entries).
# Each run its own ports: the half-open connections one run leaves last past its end.
half_open() { # PORT1 PORT2 [OPTION]: their SYN-RECV entries on fd00::2, 2.5 s into a 4 s wait
	local p1=$1 p2=$2 n bg
	shift 2
	ip netns exec "$S" "$XDPMAP" -6 -n -Pn -p "$p1,$p2" --max-retries 0 --wait 4 "$@" \
		-oX "$D/half.xml" fd00::2 >"$D/half.out" 2>&1 &
	bg=$!
	sleep 2.5 # set-up (the program's load, a Neighbor Solicitation) takes longer under load
	n=$(ip netns exec "$TNS" ss -Htn state syn-recv | grep -cE ":($p1|$p2)\b")
	wait "$bg"
	echo "$n"
}
# Frames sent back with XDP_TX only arrive reliably where the receiving veth runs an XDP
# program itself: an XDP_PASS one on the target end, as in reliability.sh.
ip netns exec "$TNS" build/tools/simnet-responder -i "$TIF" --pass-only >"$D/pass.log" 2>&1 &
PASS_PID=$!
TOPO_PIDS+=($PASS_PID)
sleep 0.5
without=$(half_open 22 80)
check "without --send-rst the target holds $without SYN-RECV entries (want >= 2)" \
	[ "$without" -ge 2 ]
with=$(half_open 8022 8080 --send-rst)
kill "$PASS_PID" 2>/dev/null
wait "$PASS_PID" 2>/dev/null
check "-6 --send-rst: $with SYN-RECV entries (want 0), 8022 and 8080 open" bash -c "
	[ '$with' = 0 ] && [ '$(state_of "$D/half.xml" 8022)' = open ] &&
	[ '$(state_of "$D/half.xml" 8080)' = open ]" ||
	diag 5 <"$D/half.out"
check "no XDP program left on $SIF after every run" topo_wait_no_xdp "$S" "$SIF"
finish
