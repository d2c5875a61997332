#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The simulated network's IPv6 range over UDP (TAP): simnet-responder --range6 answers as
# simnet-list --udp --ipv6 says, seen by xdpmap -6 -sU, nmap -6 -sU, the kernel and tcpdump -vv.
#
# Topology as tests/netns/simnet_ipv6.sh: fd00::1 (scanner) and fd00::2 (target) on a veth pair,
# fd00:5::/96 routed via the target, whose responder answers for fd00:5::c612:0/111 (the truth
# of 198.18.0.0/15, seed 3). Only addresses of fd00:5::c612:2800/120 are probed.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tools/netns-topo.sh
XDPMAP=${XDPMAP:-${BUILD:-build}/xdpmap}
RESPONDER=${BUILD:-build}/tools/simnet-responder
LISTER=${BUILD:-build}/tools/simnet-list
P=xv6$$
trap 'topo_down "$P"' EXIT
NTESTS=9
. tests/lib/tap.sh
. tests/lib/ipv6_pair.sh
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
[ -x "$XDPMAP" ] && [ -x "$RESPONDER" ] && [ -x "$LISTER" ] || skip_all "not built"
for tool in nmap tcpdump; do
	command -v "$tool" >/dev/null || skip_all "no $tool (tools/deps.sh test)"
done
topo_up "$P" || bail "topology"
S=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
SIF=$(topo_scan_if "$P")
TIF=$(topo_tgt_if "$P")
D=$(topo_dir "$P")
SIM=(--seed 3)
# 198.18.40.0/24 of seed 3 has three open ports among these, 123 (NTP) one of them.
PORTS=7,9,13,17,19,37,49,53,67,69,111,123,500,514,520,1701
SLICE=fd00:5::c612:2800/120
NMAP_SLICE=fd00:5::c612:2800/121

# attach NS LOG CMD...: start CMD in NS (its PID in TOPO_PIDS and LAST_PID); wait at most 5 s
# for its "attached" line.
attach() {
	local ns=$1 log=$2

	shift 2
	ip netns exec "$ns" "$@" >"$log" 2>&1 </dev/null &
	LAST_PID=$!
	TOPO_PIDS+=("$LAST_PID")
	for _ in $(seq 1 50); do
		grep -q attached "$log" && return 0
		sleep 0.1
	done
	diag <"$log"
	return 1
}

simnet6_link_up "$S" "$TNS" "$SIF" "$TIF" &&
	attach "$TNS" "$D/resp.log" "$RESPONDER" -i "$TIF" "${SIM[@]}" --range6 fd00:5::
ok $? "IPv6 on the veth pair, the responder on $TIF with --range6 fd00:5::"
[ "$FAILED" -eq 0 ] || bail "setup failed"
RESP_PID=$LAST_PID

# ---- the truth --------------------------------------------------------------------------------
"$LISTER" "${SIM[@]}" --range 198.18.40.0/24 --ipv6 fd00:5:: -p "$PORTS" --udp | sort >"$D/truth"
"$LISTER" "${SIM[@]}" --range 198.18.40.0/24 --ipv6 fd00:5:: --hosts | sort >"$D/hosts"
n_open=$(grep -c ' open$' "$D/truth")
n_closed=$(grep -c ' closed$' "$D/truth")
[ "$n_open" -ge 3 ] && [ "$n_closed" -ge 100 ] && grep -q ' 123 open$' "$D/truth" &&
	! grep -qv '^fd00:5::c612:28[0-9a-f][0-9a-f] ' "$D/truth"
ok $? "simnet-list --udp --ipv6: $n_open open, $n_closed closed, all under $SLICE"

# ---- xdpmap -6 -sU ----------------------------------------------------------------------------
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -sU -n -Pn -p "$PORTS" --wait 1 -oJ "$D/x.json" \
	"$SLICE" >"$D/x.out" 2>&1
rc=$?
"$TOPO_PY" - "$D/x.json" "$D/x.pairs" "$D/x.rest" <<'EOF'
import json, sys
pairs, rest = open(sys.argv[2], "w"), open(sys.argv[3], "w")
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "port" not in o:
        continue
    print(o["ip"], o["port"], o["state"], file=pairs if o["state"] in ("open", "closed") else rest)
EOF
sort -o "$D/x.pairs" "$D/x.pairs"
check "xdpmap -6 -sU (rc=$rc) finds exactly the truth's open and closed ports \
($(grep -c ' open$' "$D/x.pairs") open, $(grep -c ' closed$' "$D/x.pairs") closed)" \
	bash -c "[ $rc -eq 0 ] && cmp -s '$D/truth' '$D/x.pairs'"
[ "$rc" -eq 0 ] || diag 10 <"$D/x.out"

# Every other port of a live host is open|filtered, and the hosts listed are the live ones.
"$TOPO_PY" - "$D/truth" "$D/hosts" "$D/x.rest" "$PORTS" <<'EOF' >"$D/rest.diff"
import sys
truth = {tuple(l.split()[:2]) for l in open(sys.argv[1])}
hosts = {l.strip() for l in open(sys.argv[2])}
want = {(h, p, "open|filtered") for h in hosts for p in sys.argv[4].split(",")
        if (h, p) not in truth}
got = {tuple(l.split()) for l in open(sys.argv[3])}
for t in sorted(want ^ got):
    print("missing" if t in want else "extra", *t)
sys.exit(bool(want ^ got) or not want)
EOF
ok $? "xdpmap -6 -sU: the live hosts' other ports, and only those, are open|filtered"
diag 5 <"$D/rest.diff"

# ---- nmap -6 -sU, with tcpdump -vv judging the sums of the replies it gets --------------------
attach "$S" "$D/pass.log" "$RESPONDER" -i "$SIF" --pass-only
PASS=$LAST_PID
ip netns exec "$S" timeout 60 tcpdump -l -nn -vv -i "$SIF" 'src net fd00:5::/96' \
	>"$D/td" 2>"$D/td.err" &
TD=$!
TOPO_PIDS+=("$TD")
for _ in $(seq 1 50); do
	grep -q 'listening on' "$D/td.err" && break
	sleep 0.1
done
"$LISTER" "${SIM[@]}" --range 198.18.40.0/25 --ipv6 fd00:5:: -p "$PORTS" --udp | sort \
	>"$D/n.truth"
ip netns exec "$S" timeout 120 nmap -6 -n -Pn -sU -T5 --max-retries 2 -p "$PORTS" \
	-oG "$D/n.gnmap" "$NMAP_SLICE" >/dev/null 2>&1
rc=$?
"$TOPO_PY" - "$D/n.gnmap" <<'EOF' | sort >"$D/n.pairs"
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r"Host: (\S+) .*Ports: (.*)", line)
    if not m:
        continue
    for p in m.group(2).split("\t")[0].split(","):
        f = p.strip().split("/")
        if len(f) > 1 and f[1] in ("open", "closed"):
            print(m.group(1), f[0], f[1])
EOF
check "nmap -6 -sU (rc=$rc) on $NMAP_SLICE agrees ($(grep -c ' open$' "$D/n.pairs") open, \
$(grep -c ' closed$' "$D/n.pairs") closed)" bash -c "[ $rc -eq 0 ] && [ -s '$D/n.truth' ] &&
	grep -q ' open$' '$D/n.truth' && cmp -s '$D/n.truth' '$D/n.pairs'"

# ---- the kernel's own sockets (they check the sums): an NTP answer, echoes, unreachables -------
closed=$(awk '$2 == 1701 && $3 == "closed" { print $1; exit }' "$D/truth")
ip netns exec "$S" timeout 30 "$TOPO_PY" - fd00:5::c612:28d0 "$closed" >"$D/kernel" 2>&1 <<'EOF'
import socket, sys
def ask(addr, port, data):
    """The answer to data, "refused" (the kernel took a port unreachable as ours) or "timeout"."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.settimeout(2)
    s.connect((addr, port))
    s.send(data)
    try:
        return s.recv(2048)
    except ConnectionRefusedError:
        return "refused"
    except TimeoutError:
        return "timeout"
r = ask(sys.argv[1], 123, b"\xe3\x00\x04\xfa" + bytes(36) + b"xdpmapNT")
print("ntp", sys.argv[1], r)
good = len(r) == 48 and r[0] & 7 == 4 and r[24:32] == b"xdpmapNT"
# The sums' 1-3 trailing bytes, a long sum, a quote cut at 1280; mode 0: 123 echoes it.
for n in (13, 14, 15, 1400):
    data = bytes(range(n % 256)) + bytes(n - n % 256)
    echo = ask(sys.argv[1], 123, data)
    closed = ask(sys.argv[2], 1701, data)
    print(n, "bytes: echoed", echo == data, "- 1701 on", sys.argv[2], closed)
    good = good and echo == data and closed == "refused"
sys.exit(not good)
EOF
st=$?
diag <"$D/kernel"
ok $st "the kernel takes the NTP answer, odd-length echoes and port unreachables as sound"
sleep 0.5
kill "$TD" 2>/dev/null
wait "$TD" 2>/dev/null
kill "$PASS"
grep -c 'sum ok' "$D/td" | sed 's/^/tcpdump: sums ok: /' | diag
grep -i 'bad\|wrong' "$D/td" | diag 4
grep -q 'udp sum ok' "$D/td" && grep -q 'icmp6 sum ok.*unreachable port' "$D/td" &&
	! grep -qi 'bad\|wrong' "$D/td"
ok $? "tcpdump -vv: UDP and ICMPv6 sums ok, none bad"
# 1400 bytes of payload: 40 + 8 + 1400 > 1232, so the quote is cut to make 1280 in all.
grep -q "payload length: 1240) fd00:5::c612:28[0-9a-f]* > fd00::1: \[icmp6 sum ok\].*\
unreachable port, $closed udp port 1701" "$D/td"
ok $? "the unreachable quoting the 1400-byte datagram is 1280 bytes long (RFC 4443 2.4)"

kill "$RESP_PID"
wait "$RESP_PID" 2>/dev/null
diag <"$D/resp.log"
grep -Eq '^port_unreach +[1-9]' "$D/resp.log" && grep -Eq '^udp_reply +[1-9]' "$D/resp.log" &&
	topo_wait_no_xdp "$S" "$SIF"
ok $? "the responder counted its UDP replies and port unreachables; no XDP left on $SIF"
finish
