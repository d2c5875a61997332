#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End-to-end TAP test: a full -p- SYN scan across a veth pair between two namespaces.
set -u

cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
# shellcheck source=tools/netns-topo.sh
. tools/netns-topo.sh

NTESTS=16
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"

P=xm$$
SNS=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
SIF=$(topo_scan_if "$P")
TGT=$TOPO_TGT_ADDR
ECHO_PORT=7000
LISTEN_PORTS=(22 80 8080 31337 "$ECHO_PORT")
DROP_PORT=9999
REJECT_PORT=9998
EXP_OPEN=$(printf '%s\n' "${LISTEN_PORTS[@]}" | sort -n | paste -sd ' ')
EXP_FILTERED=$(printf '%s\n' "$DROP_PORT" "$REJECT_PORT" | sort -n | paste -sd ' ')
N_OPEN=${#LISTEN_PORTS[@]}
N_FILT=2
EXP_CLOSED=$((65535 - N_OPEN - N_FILT))

WORK=$(mktemp -d /tmp/xdpmap-netns-scan.XXXXXX)
SCAN_PID=
cleanup() {
	exec 8>&- 2>/dev/null
	if [ -n "$SCAN_PID" ]; then
		{ kill -KILL "$SCAN_PID"; wait "$SCAN_PID"; } 2>/dev/null
	fi
	topo_down "$P"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- 1: topology, listeners, firewall rules --------------------------------------------------
setup_ok=0
topo_up "$P" || setup_ok=1
[ $setup_ok = 0 ] && { topo_listen "$P" "${LISTEN_PORTS[@]}" || setup_ok=1; }
[ $setup_ok = 0 ] && { topo_drop_port "$P" "$DROP_PORT" || setup_ok=1; }
[ $setup_ok = 0 ] && { topo_reject_port "$P" "$REJECT_PORT" || setup_ok=1; }
ok $setup_ok "topology $SNS <-> $TNS up, listeners on ${LISTEN_PORTS[*]}, $DROP_PORT dropped, $REJECT_PORT rejected"
[ $setup_ok = 0 ] || bail "topology setup failed"

# ---- 2: a long-lived TCP connection across the link, driven through a FIFO --------------------
# The client connects once, then for every line read from the FIFO sends it and logs
# "OK <line>" when the same bytes come back within 3 s, "FAIL <line> ..." otherwise.
cat >"$WORK/client.py" <<'EOF'
import socket, sys
host, port, fifo, log = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
out = open(log, "a", buffering=1)
s = socket.create_connection((host, port), timeout=3)
out.write("CONNECTED %s:%d\n" % s.getsockname())
with open(fifo, "rb") as f:
    for line in f:
        msg = line.rstrip(b"\n")
        try:
            s.sendall(line)
            got = b""
            while len(got) < len(line):
                chunk = s.recv(len(line) - len(got))
                if not chunk:
                    break
                got += chunk
            if got == line:
                out.write("OK %s\n" % msg.decode())
            else:
                out.write("FAIL %s got %r\n" % (msg.decode(), got))
        except OSError as e:
            out.write("FAIL %s %s\n" % (msg.decode(), e))
EOF
mkfifo "$WORK/fifo"
: >"$WORK/client.log"
exec 8<>"$WORK/fifo"   # read-write: never blocks, keeps the FIFO open for the client
ip netns exec "$SNS" "$TOPO_PY" "$WORK/client.py" "$TGT" "$ECHO_PORT" "$WORK/fifo" \
	"$WORK/client.log" </dev/null >>"$WORK/client.err" 2>&1 &
CLIENT_PID=$!
TOPO_PIDS+=("$CLIENT_PID")

echo_check() { # echo_check TAG: one message over the long-lived connection, echo within 3 s
	local tag=$1
	echo "$tag" >&8
	for _ in $(seq 1 30); do
		grep -qx "OK $tag" "$WORK/client.log" && return 0
		grep -q "^FAIL $tag" "$WORK/client.log" && break
		kill -0 "$CLIENT_PID" 2>/dev/null || break
		sleep 0.1
	done
	diag <"$WORK/client.log"; diag <"$WORK/client.err"
	return 1
}
echo_check "before-scan-$$"
ok $? "long-lived connection to $TGT:$ECHO_PORT echoes before the scan"
CLIENT_ADDR=$(sed -n 's/^CONNECTED //p' "$WORK/client.log")

# ---- 3..8: the full scan ----------------------------------------------------------------------
SCAN=(ip netns exec "$SNS" "$XDPMAP" -p- --max-rate 300000 --max-retries 2 --wait 1 -n
      -oJ "$WORK/scan.json" "$TGT")
echo "# ${SCAN[*]}"
start=$(date +%s.%N)
{ timeout -s KILL 60 "${SCAN[@]}" >"$WORK/scan.out" 2>"$WORK/scan.err"; rc=$?; } 2>/dev/null
end=$(date +%s.%N)
echo "# scan took $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}') s, exit $rc"
[ $rc -eq 0 ] || { diag <"$WORK/scan.err"; diag <"$WORK/scan.out"; }
ok $rc "full scan of 65535 ports exits 0"

grep -q "^xdpmap scan report for $TGT\$" "$WORK/scan.out" &&
	grep -q '^Host is up' "$WORK/scan.out" &&
	grep -q '^xdpmap done: 1 IP address (1 host up)' "$WORK/scan.out"
st=$?
[ $st -eq 0 ] || diag <"$WORK/scan.out"
ok $st "report has the scan-report, host-is-up and done lines"

# "N/tcp STATE ..." lines -> "PORT STATE"
awk '$1 ~ /^[0-9]+\/tcp$/ { split($1, a, "/"); print a[1], $2 }' "$WORK/scan.out" \
	>"$WORK/ports.txt"
GOT_OPEN=$(awk '$2 == "open" { print $1 }' "$WORK/ports.txt" | sort -n | paste -sd ' ')
GOT_FILT=$(awk '$2 == "filtered" { print $1 }' "$WORK/ports.txt" | sort -n | paste -sd ' ')
GOT_CLOSED_LISTED=$(awk '$2 == "closed"' "$WORK/ports.txt" | wc -l)
NOT_SHOWN_CLOSED=$(grep '^Not shown:' "$WORK/scan.out" | grep -oE '[0-9]+ closed' |
	awk '{ s += $1 } END { print s + 0 }')
GOT_CLOSED=$((NOT_SHOWN_CLOSED + GOT_CLOSED_LISTED))

[ "$GOT_OPEN" = "$EXP_OPEN" ]
st=$?
[ $st -eq 0 ] && echo "# open: $GOT_OPEN" || echo "# open: expected '$EXP_OPEN', got '$GOT_OPEN'"
ok $st "open ports are exactly $EXP_OPEN"

[ "$GOT_FILT" = "$EXP_FILTERED" ]
st=$?
[ $st -eq 0 ] && echo "# filtered: $GOT_FILT" ||
	echo "# filtered: expected '$EXP_FILTERED', got '$GOT_FILT'"
ok $st "filtered ports are exactly $EXP_FILTERED (SYN dropped; ICMP admin-prohibited)"

[ "$GOT_CLOSED" -eq "$EXP_CLOSED" ]
st=$?
echo "# closed: expected $EXP_CLOSED, got $GOT_CLOSED ($NOT_SHOWN_CLOSED not shown + $GOT_CLOSED_LISTED listed)"
[ $st -eq 0 ] || grep -E '^Not shown|filtered' "$WORK/scan.out" | head -5 | diag
ok $st "closed count is 65535 - $N_OPEN open - $N_FILT filtered = $EXP_CLOSED"

# ---- JSON lines -------------------------------------------------------------------------------
cat >"$WORK/check_json.py" <<'EOF'
import json, sys
path, want_open, reject_port = sys.argv[1], sys.argv[2].split(), int(sys.argv[3])
opened, states, bad, n = set(), {}, 0, 0
with open(path) as f:
    for n, line in enumerate(f, 1):
        try:
            o = json.loads(line)
            assert isinstance(o, dict)
            if "summary" in o:  # the run's summary object, always the last line
                assert f.readline() == "", "summary object is not the last line"
                continue
            if "host" in o or "service" in o:  # a live host (discovery), a -sV answer
                assert o["ip"] == "198.18.0.2", "host or service line of %r" % o["ip"]
                continue
            for k in ("ip", "port", "proto", "state"):
                assert k in o, "missing key %s" % k
            assert o["ip"] == "198.18.0.2" and o["proto"] == "tcp"
        except Exception as e:
            bad += 1
            if bad <= 3:
                print("# line %d: %s: %r" % (n, e, line[:200]))
            continue
        states[o["port"]] = o["state"]
        if o["state"] == "open":
            opened.add(o["port"])
got = " ".join(str(p) for p in sorted(opened))
want = " ".join(sorted(want_open, key=int))
if sys.argv[4] == "parse":
    print("# json: %d lines, %d unparsable, open: %s" % (n, bad, got))
    sys.exit(1 if bad or not states else 0)
if sys.argv[4] == "open":
    if got != want:
        print("# json open: expected '%s', got '%s'" % (want, got))
    sys.exit(0 if got == want else 1)
if sys.argv[4] == "reject":
    print("# json: port %d state %s" % (reject_port, states.get(reject_port)))
    sys.exit(0 if states.get(reject_port) == "filtered" else 1)
EOF
json_check() { # json_check MODE: run check_json.py, its output as TAP comments
	[ -s "$WORK/scan.json" ] || { echo "# $WORK/scan.json missing or empty"; return 1; }
	"$TOPO_PY" "$WORK/check_json.py" "$WORK/scan.json" "$EXP_OPEN" "$REJECT_PORT" "$1" 2>&1 |
		sed '/^#/!s/^/# /'
	return "${PIPESTATUS[0]}"
}
json_check parse
ok $? "-oJ file exists, is non-empty and every line is a JSON object with ip/port/proto/state"
json_check open
ok $? "-oJ open ports are exactly $EXP_OPEN"
json_check reject
ok $? "-oJ records the ICMP-rejected port $REJECT_PORT as filtered"

# ---- after the scan ---------------------------------------------------------------------------
echo_check "after-scan-$$"
st=$?
[ $st -eq 0 ] && ! grep -q '^FAIL' "$WORK/client.log" &&
	[ "$(grep -c '^CONNECTED' "$WORK/client.log")" -eq 1 ]
st=$?
ok $st "the same long-lived connection ($CLIENT_ADDR) still echoes after the scan"

topo_wait_no_xdp "$SNS" "$SIF" 20
st=$?
[ $st -eq 0 ] || { ip -n "$SNS" -d link show dev "$SIF" | diag; ip netns exec "$SNS" bpftool net | diag; }
ok $st "no XDP program on $SIF after the scan (ip link, bpftool net)"

# ---- SIGKILL in the middle of a scan ----------------------------------------------------------
# A slower scan (about 3 s of probes) so that it is surely running when it is killed.
ip netns exec "$SNS" "$XDPMAP" -p- --max-rate 20000 --max-retries 0 --wait 1 -n "$TGT" \
	>"$WORK/bg.out" 2>"$WORK/bg.err" </dev/null &
SCAN_PID=$!
sleep 0.3
attached=1
for _ in $(seq 1 40); do   # at most 2 more seconds for the program to appear
	topo_xdp_attached "$SNS" "$SIF" && { attached=0; break; }
	kill -0 "$SCAN_PID" 2>/dev/null || break
	sleep 0.05
done
running=1
kill -0 "$SCAN_PID" 2>/dev/null && running=0
[ $attached -eq 0 ] && [ $running -eq 0 ]
st=$?
[ $st -eq 0 ] || { echo "# attached=$attached (0=yes) running=$running (0=yes)"; diag <"$WORK/bg.err"; }
ok $st "a background scan (pid $SCAN_PID) is running with its XDP program attached"

# (braces: keep bash's "Killed" job notice off stderr)
{ kill -KILL "$SCAN_PID"; wait "$SCAN_PID"; krc=$?; } 2>/dev/null
SCAN_PID=
echo "# killed scanner exit status $krc"
[ "$krc" -eq 137 ]
ok $? "the background scan died of SIGKILL"

topo_wait_no_xdp "$SNS" "$SIF" 30
st=$?
[ $st -eq 0 ] || { ip -n "$SNS" -d link show dev "$SIF" | diag; ip netns exec "$SNS" bpftool net | diag; }
ok $st "no XDP program remains on $SIF after SIGKILL (bpf_link released)"

echo_check "after-kill-$$"
ok $? "the long-lived connection still echoes after the killed scan"

finish
