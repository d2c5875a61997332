#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: the XDP simulated network answers exactly as simnet-list says (nmap, ping, xdpmap).
#
# Topology: namespaces xs$$-scan and xs$$-tgt joined by a veth pair (a /30 link, scanner
# 198.18.0.1, target 198.18.0.2), the rest of 198.18.0.0/15 routed via the target, whose
# responder answers for the simulated hosts as an Internet range would; an XDP_PASS program
# on the scanner end lets the XDP_TX replies in. Only 198.18.0.0/15 inside these namespaces is ever probed.
set -u

cd "$(dirname "$0")/../.." || exit 1
RESPONDER=build/tools/simnet-responder
LISTER=build/tools/simnet-list
XDPMAP=${XDPMAP:-build/xdpmap}
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

NTESTS=19
. tests/lib/tap.sh

[ "$(id -u)" -eq 0 ] || bail "must run as root"
if [ ! -x "$RESPONDER" ] || [ ! -x "$LISTER" ]; then
	bail "$RESPONDER or $LISTER not built (make)"
fi

P=xs$$
SNS=$P-scan
TNS=$P-tgt
SIF=${P}s
TIF=${P}t
SCAN_ADDR=198.18.0.1
TGT_ADDR=198.18.0.2
SEED=7
SIM=(--seed "$SEED")
WORK=$(mktemp -d /tmp/xdpmap-simnet.XXXXXX)
RESP_PID=
PASS_PID=
SNIFF_PID=

# stop PID: TERM, wait at most 2 s, then KILL. Only PIDs this script started.
stop() {
	local pid=$1
	[ -n "$pid" ] || return 0
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
	stop "$SNIFF_PID"
	stop "$RESP_PID"
	stop "$PASS_PID"
	ip netns del "$SNS" 2>/dev/null
	ip netns del "$TNS" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# need CMD PACKAGE: whether the test tool CMD is installed ('make test-deps' installs PACKAGE).
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "# $1 missing: package $2 ('make test-deps')"
	return 1
}

topo_setup() {
	ip netns add "$SNS" && ip netns add "$TNS" &&
	ip -n "$SNS" link add "$SIF" type veth peer name "$TIF" &&
	ip -n "$SNS" link set dev "$TIF" netns "$TNS" &&
	ip -n "$SNS" link set dev lo up && ip -n "$TNS" link set dev lo up &&
	ip netns exec "$SNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	ip netns exec "$TNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	ip -n "$SNS" addr add "$SCAN_ADDR/30" dev "$SIF" &&
	ip -n "$TNS" addr add "$TGT_ADDR/30" dev "$TIF" &&
	ip -n "$SNS" link set dev "$SIF" up && ip -n "$TNS" link set dev "$TIF" up &&
	ip -n "$SNS" route add 198.18.0.0/15 via "$TGT_ADDR"
}

# start_bg NS LOG CMD...: run CMD in NS in the background; its PID in BG_PID. Waits (at most
# 5 s) for the "attached" line in LOG.
start_bg() {
	local ns=$1 log=$2
	shift 2
	ip netns exec "$ns" "$@" >"$log" 2>&1 </dev/null &
	BG_PID=$!
	for _ in $(seq 1 50); do
		grep -q 'attached' "$log" && return 0
		kill -0 "$BG_PID" 2>/dev/null || break
		sleep 0.1
	done
	diag <"$log"
	return 1
}
start_responder() { # start_responder EXTRA-ARGS...
	start_bg "$TNS" "$WORK/responder.log" "$RESPONDER" -i "$TIF" "${SIM[@]}" "$@"
	local rc=$?
	RESP_PID=$BG_PID
	return $rc
}
start_pass() {
	start_bg "$SNS" "$WORK/pass.log" "$RESPONDER" -i "$SIF" --pass-only
	local rc=$?
	PASS_PID=$BG_PID
	return $rc
}
xdp_attached() { ip -n "$1" -d link show dev "$2" | grep -q 'prog/xdp'; }

# ---- 1-3: topology, responder, pass-only program ---------------------------------------------
topo_setup
ok $? "namespaces $SNS <-> $TNS, link $SCAN_ADDR/30 - $TGT_ADDR/30, 198.18.0.0/15 routed via $TGT_ADDR"
[ $T -eq $FAILED ] && bail "topology setup failed"
start_responder
st=$?
[ $st -eq 0 ] && diag <"$WORK/responder.log"
ok $st "responder attached to $TIF in native mode (seed $SEED)"
start_pass
ok $? "XDP_PASS program attached to $SIF"
[ $FAILED -eq 0 ] || bail "attach failed"

# Hosts for the small-range checks: the first live ones of 198.18.0.0/24 and a dead one.
"$LISTER" "${SIM[@]}" --hosts --range 198.18.0.0/24 >"$WORK/live24.txt"
mapfile -t LIVE < <(head -3 "$WORK/live24.txt")
DEAD=
for i in $(seq 4 254); do
	grep -qx "198.18.0.$i" "$WORK/live24.txt" || { DEAD=198.18.0.$i; break; }
done
echo "# live hosts ${LIVE[*]}, dead host $DEAD"

# Every frame the scanner end receives from a simulated address (built by XDP, not by a
# kernel) is checked: IPv4, TCP and ICMP checksums, and the derived MACs of ARP replies.
cat >"$WORK/sniff.py" <<'EOF'
import signal, socket, struct, sys, time
iface, out = sys.argv[1], sys.argv[2]
link = socket.inet_aton("198.18.0.2")
n = {}
def fold(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s
def bump(k):
    n[k] = n.get(k, 0) + 1
def check_ip(f):
    ihl = (f[0] & 15) * 4
    tot, proto, src, dst = struct.unpack("!H5xB2x4s4s", f[2:20])
    if src[:2] != b"\xc6\x12" or src == link:
        return
    bump("ip-ok" if fold(f[:ihl]) == 0xffff else "ip-bad")
    seg = f[ihl:tot]
    if proto == 6:
        ph = src + dst + struct.pack("!BBH", 0, 6, len(seg))
        bump("tcp-ok" if fold(ph + seg) == 0xffff else "tcp-bad")
    elif proto == 1:
        bump("icmp%d-%s" % (seg[0], "ok" if fold(seg) == 0xffff else "bad"))
def check_arp(f):
    op, sha, spa = struct.unpack("!6xH6s4s", f[:18])
    if op == 2 and spa[:2] == b"\xc6\x12" and spa != link:
        bump("arp-ok" if sha == b"\x02\x5e" + spa else "arp-bad")
stop = []
signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((iface, 0))
s.settimeout(0.2)
open(out + ".ready", "w").close()
end = time.time() + 110
while not stop and time.time() < end and sum(n.values()) < 10**6:
    try:
        f, addr = s.recvfrom(65535)
    except (socket.timeout, InterruptedError):
        continue
    if addr[2] == socket.PACKET_OUTGOING:
        continue
    et = struct.unpack("!H", f[12:14])[0]
    if et == 0x0800:
        check_ip(f[14:])
    elif et == 0x0806:
        check_arp(f[14:])
open(out, "w").write(" ".join("%s=%d" % kv for kv in sorted(n.items())) + "\n")
EOF
ip netns exec "$SNS" timeout 120 "$PY" "$WORK/sniff.py" "$SIF" "$WORK/sniff.txt" \
	>"$WORK/sniff.err" 2>&1 </dev/null &
SNIFF_PID=$!
for _ in $(seq 1 50); do [ -e "$WORK/sniff.txt.ready" ] && break; sleep 0.1; done

# ---- 4-6: ICMP echo --------------------------------------------------------------------------
if need ping iputils-ping; then
	ip netns exec "$SNS" ping -n -c1 -W1 "${LIVE[0]}" >"$WORK/ping.out" 2>&1
	st=$?
	[ $st -eq 0 ] || diag <"$WORK/ping.out"
	ok $st "ping ${LIVE[0]} (live) is answered"
	! ip netns exec "$SNS" ping -n -c1 -W1 "$DEAD" >"$WORK/ping.out" 2>&1
	ok $? "ping $DEAD (dead) is not answered"
	ip netns exec "$SNS" ping -n -c1 -W1 "$TGT_ADDR" >"$WORK/ping.out" 2>&1
	ok $? "ping $TGT_ADDR (the target's own address, XDP_PASS) is answered by its kernel"
else
	for _ in 1 2 3; do skip "ping of live, dead and own addresses" "ping not installed"; done
fi

# ---- 7-9: nmap host discovery: timestamp and ACK pings ---------------------------------------
HAVE_NMAP=0
need nmap nmap && HAVE_NMAP=1
nmap_up() { # nmap_up HOST PROBE-FLAGS...: true if nmap reports HOST up
	local h=$1
	shift
	ip netns exec "$SNS" timeout 30 nmap -n -sn --disable-arp-ping "$@" "$h" \
		>"$WORK/nmap-sn.out" 2>&1
	grep -q 'Host is up' "$WORK/nmap-sn.out"
}
if [ $HAVE_NMAP = 1 ]; then
	nmap_up "${LIVE[1]}" -PP
	ok $? "ICMP timestamp ping (nmap -PP) finds ${LIVE[1]} up"
	nmap_up "${LIVE[2]}" -PA80
	ok $? "TCP ACK ping (nmap -PA80) finds ${LIVE[2]} up (RST)"
	! nmap_up "$DEAD" -PE -PP -PA80 -PS443
	st=$?
	[ $st -eq 0 ] || diag <"$WORK/nmap-sn.out"
	ok $st "nmap -PE -PP -PA80 -PS443 finds $DEAD down"
else
	for _ in 1 2 3; do skip "nmap host discovery" "nmap not installed"; done
fi

# ---- 10-13: nmap -sS of every port 1-1024 of three live hosts and a dead one -----------------
cat >"$WORK/nmap_cmp.py" <<'EOF'
import sys, xml.etree.ElementTree as ET
xmlf, truthf, hosts = sys.argv[1], sys.argv[2], sys.argv[3:]
def ranges(s):
    for part in s.split(","):
        a, _, b = part.partition("-")
        yield from range(int(a), int(b or a) + 1)
got = {h: {} for h in hosts}
for host in ET.parse(xmlf).getroot().iter("host"):
    ip = host.find("address[@addrtype='ipv4']").get("addr")
    st = got.setdefault(ip, {})
    for p in host.iter("port"):
        st[int(p.get("portid"))] = p.find("state").get("state")
    for ep in host.iter("extraports"):
        for r in ep.iter("extrareasons"):
            for port in ranges(r.get("ports")):
                st[port] = ep.get("state")
want = {h: {} for h in hosts}
for line in open(truthf):
    ip, port, state = line.split()
    if ip in want:
        want[ip][int(port)] = state
bad = 0
for h in hosts:
    exp = {p: want[h].get(p, "filtered") for p in range(1, 1025)}
    diff = [(p, exp[p], got[h].get(p)) for p in range(1, 1025) if got[h].get(p) != exp[p]]
    n = lambda s: sum(1 for v in exp.values() if v == s)
    print("%s %s open %d closed %d filtered %d, %d differ %s" % (
        "ok" if not diff else "bad", h, n("open"), n("closed"), n("filtered"),
        len(diff), " ".join("%d:want=%s,got=%s" % d for d in diff[:5])))
EOF
if [ $HAVE_NMAP = 1 ]; then
	HOSTS=("${LIVE[@]}" "$DEAD")
	"$LISTER" "${SIM[@]}" --range 198.18.0.0/24 -p 1-1024 >"$WORK/truth24.txt"
	NMAP=(nmap -n -Pn -sS -p1-1024 --max-retries 2 -T4 -v -oX "$WORK/nmap.xml" "${HOSTS[@]}")
	echo "# ${NMAP[*]}"
	ip netns exec "$SNS" timeout 90 "${NMAP[@]}" >"$WORK/nmap.out" 2>&1
	st=$?
	grep '^Nmap done' "$WORK/nmap.out" | diag
	[ $st -eq 0 ] || tail -5 "$WORK/nmap.out" | diag
	"$PY" "$WORK/nmap_cmp.py" "$WORK/nmap.xml" "$WORK/truth24.txt" "${HOSTS[@]}" \
		>"$WORK/nmap_cmp.txt" 2>&1 || diag <"$WORK/nmap_cmp.txt"
	for h in "${HOSTS[@]}"; do
		line=$(grep " $h " "$WORK/nmap_cmp.txt")
		echo "# $line"
		[ $st -eq 0 ] && [ "${line%% *}" = ok ]
		ok $? "nmap -sS 1-1024 of $h: open, closed and filtered ports exactly as simnet-list"
	done
else
	for _ in 1 2 3 4; do skip "nmap -sS against simnet-list" "nmap not installed"; done
fi

# ---- 14: checksums of every reply seen so far ----------------------------------------------
stop "$SNIFF_PID"
SNIFF_PID=
sums=$(cat "$WORK/sniff.txt" 2>/dev/null)
echo "# replies checked: ${sums:-none}"
[ -s "$WORK/sniff.err" ] && diag <"$WORK/sniff.err"
want=() # the kinds of replies that the tests above must have produced
command -v ping >/dev/null 2>&1 && want+=(icmp0-ok=)
[ $HAVE_NMAP = 1 ] && want+=(tcp-ok= icmp14-ok=)
if [ ${#want[@]} -gt 0 ]; then
	st=0
	for w in "${want[@]}"; do echo "$sums" | grep -q -- "$w" || st=1; done
	echo "$sums" | grep -q -- '-bad=' && st=1
	ok $st "every TCP/ICMP/ARP reply from the responder has valid checksums (and derived ARP MACs)"
else
	skip "reply checksums" "neither ping nor nmap: no replies to check"
fi

# ---- 15-16: xdpmap against the simulated network: /16 x 16 ports ----------------------------
cat >"$WORK/json_cmp.py" <<'EOF'
import json, sys
want = {}
for line in open(sys.argv[2]):
    ip, port, state = line.split()
    want[(ip, int(port))] = state
got, summary = {}, None
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "summary" in o:  # the closing summary object, when xdpmap writes one
        summary = o["summary"]
    elif o.get("state") in ("open", "closed"):
        got[(o["ip"], o["port"])] = o["state"]
if summary:
    print("xdpmap summary: %s" % ", ".join("%s %s" % (k, summary.get(k))
          for k in ("probes", "elapsed", "open", "closed", "lost_replies")))
hit = sum(1 for k, v in want.items() if got.get(k) == v)
fp = sum(1 for k, v in got.items() if want.get(k) != v)
print("expected %d (open %d), found %d, recall %.4f%%, false positives %d" % (
    len(want), sum(1 for v in want.values() if v == "open"), len(got),
    100.0 * hit / max(len(want), 1), fp))
for k in [k for k, v in want.items() if got.get(k) != v][:3]:
    print("missed %s:%d %s (got %s)" % (k[0], k[1], want[k], got.get(k)))
for k in [k for k, v in got.items() if want.get(k) != v][:3]:
    print("false positive %s:%d %s (want %s)" % (k[0], k[1], got[k], want.get(k)))
sys.exit(0 if hit == len(want) and fp == 0 and want else 1)
EOF
PORTS16=22,80,443,1-13
if [ -x "$XDPMAP" ]; then
	# xdpmap attaches its own XDP program to the scanner veth: free it first.
	stop "$PASS_PID"
	PASS_PID=
	for _ in $(seq 1 30); do xdp_attached "$SNS" "$SIF" || break; sleep 0.1; done
	"$LISTER" "${SIM[@]}" --range 198.18.0.0/16 -p "$PORTS16" >"$WORK/truth16.txt"
	SCAN=("$XDPMAP" -n -p "$PORTS16" --max-rate 200000 --max-retries 1 --wait 1
	      --exclude 198.18.0.0/30 -oJ "$WORK/xdpmap.json" 198.18.0.0/16)
	echo "# ${SCAN[*]}"
	start=$(date +%s.%N)
	{ ip netns exec "$SNS" timeout -s KILL 60 "${SCAN[@]}" >"$WORK/xdpmap.out" \
		2>"$WORK/xdpmap.err"; rc=$?; } 2>/dev/null
	end=$(date +%s.%N)
	echo "# xdpmap took $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s, exit $rc"
	[ $rc -eq 0 ] || { tail -5 "$WORK/xdpmap.err" | diag; }
	ok $rc "xdpmap /16 x 16 ports at 200000 pps exits 0"
	"$PY" "$WORK/json_cmp.py" "$WORK/xdpmap.json" "$WORK/truth16.txt" >"$WORK/json_cmp.txt" 2>&1
	st=$?
	diag <"$WORK/json_cmp.txt"
	ok $st "xdpmap finds every open and closed port of simnet-list (recall 100%), no false positives"
else
	skip "xdpmap /16 x 16 ports exits 0" "$XDPMAP not built"
	skip "xdpmap recall against simnet-list" "$XDPMAP not built"
fi

# ---- 17: the responder stops on SIGTERM, prints its counters, and its program is gone --------
stop "$RESP_PID"
RESP_PID=
grep -E '^(seen|syn_ack|rst_ack|drop_dead) ' "$WORK/responder.log" | paste -sd ' ' | diag
detached=1
for _ in $(seq 1 30); do xdp_attached "$TNS" "$TIF" || { detached=0; break; }; sleep 0.1; done
grep -q '^syn_ack  *[1-9]' "$WORK/responder.log" && [ $detached -eq 0 ]
ok $? "responder exits on SIGTERM with its counters printed; no XDP program left on $TIF"

# ---- 18-19: loss: 100% drops every probe, 50% about half of them ----------------------------
if command -v ping >/dev/null 2>&1; then
	[ -n "$PASS_PID" ] || start_pass
	start_responder --loss 1000000
	! ip netns exec "$SNS" ping -n -c3 -i0.2 -W1 "${LIVE[0]}" >"$WORK/ping.out" 2>&1
	ok $? "--loss 1000000: ping ${LIVE[0]} is never answered"
	stop "$RESP_PID"
	start_responder --loss 500000
	ip netns exec "$SNS" ping -n -q -c200 -i0.005 -W1 "${LIVE[0]}" >"$WORK/ping.out" 2>&1
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$WORK/ping.out")
	echo "# --loss 500000: ${got:-?} of 200 echo requests answered"
	[ -n "$got" ] && [ "$got" -ge 60 ] && [ "$got" -le 140 ]
	ok $? "--loss 500000: between 60 and 140 of 200 pings answered"
else
	skip "--loss 1000000: ping never answered" "ping not installed"
	skip "--loss 500000: about half of the pings answered" "ping not installed"
fi

finish
