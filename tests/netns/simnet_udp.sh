#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: the simulated network answers UDP as simnet-list --udp says (nmap -sU, tcpdump).
#
# Topology as tests/netns/simnet.sh: namespaces xu$$-scan and xu$$-tgt joined by a veth pair
# (scanner 198.18.0.1, target 198.18.0.2), 198.18.0.0/15 routed via the target, whose responder
# answers for it; an XDP_PASS program on the scanner end lets the XDP_TX replies in. Only one
# /24 of 198.18.0.0/15 inside these namespaces is probed, by nmap under a timeout.
set -u

cd "$(dirname "$0")/../.." || exit 1
RESPONDER=build/tools/simnet-responder
LISTER=build/tools/simnet-list

NTESTS=8
. tests/lib/tap.sh

[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$RESPONDER" ] && [ -x "$LISTER" ] || bail "$RESPONDER or $LISTER not built (make)"
command -v nmap >/dev/null || bail "nmap missing ('make test-deps')"
command -v tcpdump >/dev/null || bail "tcpdump missing ('make test-deps')"

P=xu$$
SNS=$P-scan
TNS=$P-tgt
SIF=${P}s
TIF=${P}t
SLICE=198.18.40.0/24
PORTS=7,9,13,17,19,37,49,67,68,69,111,500,514,520,1701,4500
SIM=(--seed 1)
WORK=$(mktemp -d /tmp/xdpmap-simnet-udp.XXXXXX)
PIDS=()

stop() { # PID: TERM, wait at most 2 s, then KILL. Only PIDs this script started.
	local pid=$1
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 1 20); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	{ kill -KILL "$pid"; } 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}
cleanup() {
	local p
	for p in "${PIDS[@]}"; do stop "$p"; done
	ip netns del "$SNS" 2>/dev/null
	ip netns del "$TNS" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ip netns add "$SNS" && ip netns add "$TNS" &&
	ip -n "$SNS" link add "$SIF" type veth peer name "$TIF" &&
	ip -n "$SNS" link set dev "$TIF" netns "$TNS" &&
	ip -n "$SNS" link set dev lo up && ip -n "$TNS" link set dev lo up &&
	ip -n "$SNS" addr add 198.18.0.1/30 dev "$SIF" &&
	ip -n "$TNS" addr add 198.18.0.2/30 dev "$TIF" &&
	ip -n "$SNS" link set dev "$SIF" up && ip -n "$TNS" link set dev "$TIF" up &&
	ip -n "$SNS" route add 198.18.0.0/15 via 198.18.0.2
ok $? "namespaces $SNS <-> $TNS, 198.18.0.0/15 routed via the target"
[ "$FAILED" -eq 0 ] || bail "topology setup failed"

attach() { # NS LOG CMD...: start CMD in NS; wait (5 s at most) for its "attached" line
	local ns=$1 log=$2
	shift 2
	ip netns exec "$ns" "$@" >"$log" 2>&1 </dev/null &
	PIDS+=($!)
	for _ in $(seq 1 50); do
		grep -q attached "$log" && return 0
		sleep 0.1
	done
	diag <"$log"
	return 1
}
attach "$TNS" "$WORK/responder.log" "$RESPONDER" -i "$TIF" "${SIM[@]}" &&
	attach "$SNS" "$WORK/pass.log" "$RESPONDER" -i "$SIF" --pass-only
ok $? "responder on $TIF, XDP_PASS on $SIF"
[ "$FAILED" -eq 0 ] || bail "attach failed"
RESP_PID=${PIDS[0]}

"$LISTER" "${SIM[@]}" --range "$SLICE" -p "$PORTS" --udp >"$WORK/truth"
n_open=$(awk '$3 == "open"' "$WORK/truth" | wc -l)
n_closed=$(awk '$3 == "closed"' "$WORK/truth" | wc -l)
echo "truth for $SLICE: $n_open open, $n_closed closed UDP ports" | diag
[ "$n_open" -ge 1 ] && [ "$n_closed" -ge 100 ]
ok $? "the slice has open and closed UDP ports (seed 1)"

# One ICMP port unreachable and one UDP answer, decoded by tcpdump -vv (it flags bad sums).
ip netns exec "$SNS" timeout 60 tcpdump -c 2 -nn -vv -i "$SIF" \
	'icmp[icmptype] == 3 or (udp and src net 198.18.40.0/24)' >"$WORK/tcpdump" 2>/dev/null &
PIDS+=($!)
sleep 1
ip netns exec "$SNS" timeout 120 nmap -n -Pn -sU -T5 --max-retries 1 -p "$PORTS" \
	-oG "$WORK/nmap.gnmap" "$SLICE" >/dev/null 2>&1
ok $? "nmap -sU -T5 on $SLICE x ${PORTS//,/ } ran"

python3 - "$WORK/truth" "$WORK/nmap.gnmap" >"$WORK/score" <<'PY'
import sys
truth = {}
for line in open(sys.argv[1]):
    a, p, s = line.split()
    truth[(a, int(p))] = s
got = {}
for line in open(sys.argv[2]):
    if line.startswith("Host:") and "Ports:" in line:
        addr = line.split()[1]
        for e in line.split("Ports:", 1)[1].split("\t")[0].split(","):
            f = e.strip().split("/")
            got[(addr, int(f[0]))] = f[1]
bad = 0
for state in ("open", "closed"):
    t = {k for k, v in truth.items() if v == state}
    g = {k for k, v in got.items() if v == state}
    print(f"{state}: truth {len(t)}, nmap {len(g)}, missed {len(t - g)}, extra {len(g - t)}")
    bad += len(t ^ g)
sys.exit(bad != 0)
PY
st=$?
diag <"$WORK/score"
ok $st "nmap -sU: every open port open (udp-response), every closed one closed (port-unreach)"

for _ in $(seq 1 30); do
	[ "$(grep -c 'unreachable\|UDP' "$WORK/tcpdump")" -ge 1 ] && break
	sleep 0.1
done
diag 12 <"$WORK/tcpdump"
grep -q 'ICMP 198\.18\.40\.[0-9]* udp port [0-9]* unreachable, length 36' "$WORK/tcpdump" &&
	! grep -qi 'wrong\|bad' "$WORK/tcpdump"
ok $? "port unreachable: 36-byte ICMP quoting the probe (RFC 792), sums right (tcpdump -vv)"

# A DNS query to an open 53 and an NTP request to an open 123 get answers, not echoes.
dns=$("$LISTER" "${SIM[@]}" --range 198.18.0.0/16 -p 53 --udp | awk '$3 == "open" {print $1; exit}')
ntp=$("$LISTER" "${SIM[@]}" --range 198.18.0.0/16 -p 123 --udp | awk '$3 == "open" {print $1; exit}')
ip netns exec "$SNS" timeout 20 python3 - "$dns" "$ntp" >"$WORK/proto" 2>&1 <<'PY'
import socket, sys
def ask(addr, port, req):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    s.connect((addr, port))
    s.send(req)
    return s.recv(2048)
q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07version\x04bind\x00\x00\x10\x00\x03"
a = ask(sys.argv[1], 53, q)
print("dns", sys.argv[1], a[:4].hex())
n = b"\xe3\x00\x04\xfa" + bytes(36) + b"xdpmapNT"
r = ask(sys.argv[2], 123, n)
print("ntp", sys.argv[2], r[:4].hex(), r[24:32])
sys.exit(not (a[:2] == q[:2] and a[2] & 0x80 and len(a) == len(q) and
              r[0] & 7 == 4 and r[24:32] == b"xdpmapNT"))
PY
st=$?
diag <"$WORK/proto"
ok $st "open 53 answers a DNS query with QR set, open 123 an NTP request in mode 4 with our stamp"

stop "$RESP_PID"
diag <"$WORK/responder.log"
grep -Eq '^port_unreach +[1-9]' "$WORK/responder.log" &&
	grep -Eq '^udp_reply +[1-9]' "$WORK/responder.log"
ok $? "the responder counted its UDP replies and port unreachables"
finish
