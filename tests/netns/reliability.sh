#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of issue 7's run-time promises: --send-rst, privilege drop, SIGINT/SIGTERM handling.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
. tools/netns-topo.sh

NTESTS=12
. tests/lib/tap.sh

[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"
P=xr$$
SNS=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
TIF=$(topo_tgt_if "$P")
WORK=$(mktemp -d /tmp/xdpmap-rel.XXXXXX)
BG=
PASS_PID=
cleanup() {
	[ -n "$BG" ] && kill -KILL "$BG" 2>/dev/null
	[ -n "$PASS_PID" ] && kill -TERM "$PASS_PID" 2>/dev/null && wait "$PASS_PID" 2>/dev/null
	topo_down "$P"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

topo_up "$P" || bail "topology"
# Frames the scanner's XDP program sends back with XDP_TX only arrive reliably where the
# receiving veth runs an XDP program itself: an XDP_PASS one on the target end.
ip netns exec "$TNS" build/tools/simnet-responder -i "$TIF" --pass-only >"$WORK/pass.log" 2>&1 &
PASS_PID=$!
sleep 0.5
topo_listen "$P" 8001 8002 8003 9001 9002 9003 || bail "listeners"

# syn_recv PORTS_REGEX: half-open connections the target holds on those ports.
syn_recv() { ip netns exec "$TNS" ss -Htn state syn-recv | grep -cE ":($1)\b"; }

# 1-2: while a scan waits for late replies, the target holds half-open connections for
# the open ports it found (their SYN-ACKs end in XDP_DROP) unless --send-rst answered
# them. Counted in the middle of each scan's --wait: once the program is detached,
# the scanner's own kernel resets the retransmitted SYN-ACKs anyway.
# half_open PORTS PORT_REGEX [OPTION]: SYN-RECV count 1.5 s into a scan with a 3 s wait.
half_open() {
	local ports=$1 re=$2 n
	shift 2
	ip netns exec "$SNS" "$XDPMAP" -n -Pn -p "$ports" --max-retries 0 --wait 3 "$@" \
		198.18.0.2 >"$WORK/half.$ports.txt" 2>&1 &
	BG=$!
	sleep 1.5
	n=$(syn_recv "$re")
	wait "$BG"
	BG=
	echo "$n"
}
without=$(half_open 8001-8003 '800[1-3]')
ok $([ "$without" -ge 3 ] && echo 0 || echo 1) \
	"without --send-rst the target holds $without SYN-RECV connections during the scan (want >= 3)"
with=$(half_open 9001-9003 '900[1-3]' --send-rst)
opened=$(grep -c '/tcp *open' "$WORK/half.9001-9003.txt")
ok $([ "$with" -eq 0 ] && [ "$opened" -eq 3 ] && echo 0 || echo 1) \
	"with --send-rst: $opened open ports found, $with SYN-RECV on the target (want 3 and 0)"

# 3-4: a scan running as nobody with no capabilities once set up (CapEff 0).
ip netns exec "$SNS" "$XDPMAP" -n -Pn -p- --max-rate 2000 --wait 5 -oJ "$WORK/slow.json" \
	198.18.0.2 >"$WORK/slow.txt" 2>&1 &
BG=$!
sleep 1.5
pid=$(pgrep -P "$BG" -f xdpmap || echo "$BG")
capeff=$(awk '/^CapEff/ {print $2}' "/proc/$pid/status" 2>/dev/null)
uid=$(awk '/^Uid/ {print $3}' "/proc/$pid/status" 2>/dev/null)
ok $([ "$capeff" = 0000000000000000 ] && echo 0 || echo 1) "CapEff of the running scanner is ${capeff:-?} (want 0)"
ok $([ "$uid" = "$(id -u nobody)" ] && echo 0 || echo 1) "the running scanner's effective uid is ${uid:-?} (nobody)"

# 5-7: SIGINT stops sending, still reports and flushes; exit 130.
start=$(date +%s.%N)
kill -INT "$pid"
wait "$BG"
rc=$?
BG=
took=$(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo 0)
ok $([ "$rc" -eq 130 ] && echo 0 || echo 1) "SIGINT: exit code $rc (want 130)"
grep -q '^xdpmap done' "$WORK/slow.txt"
ok $? "SIGINT: the summary is printed"
python3 - "$WORK/slow.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "empty"
objs = [json.loads(l) for l in lines]
assert "summary" in objs[-1], "no summary line"
PY
ok $? "SIGINT: every -oJ line is valid JSON and the summary line closes the file"

# 8-9: a second SIGINT ends the wait for late replies at once.
ip netns exec "$SNS" "$XDPMAP" -n -Pn -p- --max-rate 2000 --wait 30 198.18.0.2 \
	>"$WORK/twice.txt" 2>&1 &
BG=$!
sleep 1.5
pid=$(pgrep -P "$BG" -f xdpmap || echo "$BG")
kill -INT "$pid"
sleep 0.3
kill -INT "$pid"
for _ in $(seq 50); do kill -0 "$BG" 2>/dev/null || break; sleep 0.1; done
kill -0 "$BG" 2>/dev/null
alive=$?
wait "$BG" 2>/dev/null
BG=
ok $([ "$alive" -ne 0 ] && echo 0 || echo 1) "a second SIGINT ends a 30 s --wait within 5 s"
grep -q '^xdpmap done' "$WORK/twice.txt"
ok $? "after the second SIGINT the summary is still printed"
# 10-12: --resume: an interrupted scan writes its state; resuming finishes it; the union of
# both runs' findings equals an uninterrupted scan's.
open_ports() { # JSON-LINES-FILE: "open" and "closed" counts and the open ports
	python3 - "$1" <<'PY'
import json, sys
opened, closed = set(), set()
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "port" in o and "state" in o:
        (opened if o["state"] == "open" else closed if o["state"] == "closed" else set()).add(o["port"])
print(len(opened), len(closed), " ".join(map(str, sorted(opened))))
PY
}
FULL=(-n -Pn --disable-arp-ping -p- --max-rate 20000 --max-retries 0 --wait 0.5)
ip netns exec "$SNS" "$XDPMAP" "${FULL[@]}" -oJ "$WORK/full.json" 198.18.0.2 >/dev/null 2>&1
ip netns exec "$SNS" "$XDPMAP" "${FULL[@]}" -oJ "$WORK/parts.json" 198.18.0.2 \
	>"$WORK/part1.txt" 2>&1 &
BG=$!
sleep 1.5
pid=$(pgrep -P "$BG" -f xdpmap || echo "$BG")
kill -INT "$pid"
wait "$BG"
BG=
rfile=$(grep -o '/[^ ]*/xdpmap-resume\.[^ ]*' "$WORK/part1.txt" | head -1)
sent1=$(sed -n 's/^Probes sent: \([0-9]*\) .*/\1/p' "$WORK/part1.txt")
ok $([ -n "$rfile" ] && [ -s "$rfile" ] && [ "${sent1:-65535}" -lt 65535 ] && echo 0 || echo 1) \
	"an interrupted scan (${sent1:-?} of 65535 probes) names its resume file ${rfile:-none}"
ip netns exec "$SNS" "$XDPMAP" --resume "${rfile:-/nonexistent}" >"$WORK/part2.txt" 2>&1
rc=$?
sent2=$(sed -n 's/^Probes sent: \([0-9]*\) .*/\1/p' "$WORK/part2.txt")
ok $([ "$rc" -eq 0 ] && [ $((${sent1:-0} + ${sent2:-0})) -eq 65535 ] && echo 0 || echo 1) \
	"--resume sends the rest: ${sent1:-?} + ${sent2:-?} = 65535 probes"
full=$(open_ports "$WORK/full.json")
parts=$(open_ports "$WORK/parts.json")
echo "# uninterrupted: $full; both runs (appended to one -oJ file): $parts"
ok $([ "$full" = "$parts" ] && echo 0 || echo 1) \
	"the union of both runs equals the uninterrupted scan (open and closed ports)"
rm -f "$rfile"
finish
