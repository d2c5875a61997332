#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Resource limits (TAP): -sT -sV under a low `ulimit -n`, and -sV's time cap on silent ports.
#
# A listener in the target namespace accepts on a range of ports and never says anything.
# Assertions are on outcomes (exit codes, states, the notice), never on elapsed times.
set -u
cd "$(dirname "$0")/../.."
. tools/netns-topo.sh
XDPMAP=${XDPMAP:-${BUILD:-build}/xdpmap}
XDPMAP=$(readlink -f "$XDPMAP" 2>/dev/null || echo "$XDPMAP")
# -sV's database: the tree's (a build under build/san/ finds no data/ next to it).
export XDPMAP_SERVICE_PROBES=${XDPMAP_SERVICE_PROBES:-$PWD/data/service-probes}
P=xmlm$$
LO=20000
cleanup() {
	topo_down "$P"
}
trap cleanup EXIT
NTESTS=11
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
[ -x "$XDPMAP" ] || skip_all "no $XDPMAP"
topo_up "$P" || bail "topology"
D=$(topo_dir "$P")

# silent FIRST COUNT: accept on FIRST..FIRST+COUNT-1, hold every connection, never write.
silent() {
	cat >"$D/silent.py" <<'PY'
import resource, selectors, socket, sys
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
first, count = int(sys.argv[1]), int(sys.argv[2])
sel = selectors.DefaultSelector()
for port in range(first, first + count):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("198.18.0.2", port))
    s.listen(256)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
print("ready", flush=True)
held = []
while True:
    for key, _ in sel.select():
        try:
            c, _ = key.fileobj.accept()
        except OSError:
            continue
        held.append(c)
        if len(held) > 20000:
            held.pop(0).close()
PY
	ip netns exec "$P-tgt" python3 "$D/silent.py" "$1" "$2" >"$D/silent.log" 2>&1 &
	TOPO_PIDS+=($!)
	for _ in $(seq 1 100); do
		grep -q ready "$D/silent.log" && return 0
		sleep 0.1
	done
	return 1
}
silent $LO 1000 || bail "silent listener"

# 1. -sT -sV with 256 descriptors against 600 silent open ports: descriptors run short while
# -sV holds its connections; that only slows the scan. Every port is found open, none is
# invented filtered, and the run reports success.
HI=$((LO + 599))
ip netns exec "$P-scan" bash -c "ulimit -n 256 && exec timeout 300 '$XDPMAP' -sT -sV -n \
	--version-timeout 4s --max-retries 2 -p $LO-$HI -oX '$D/fd.xml' -oJ '$D/fd.json' \
	198.18.0.2" >"$D/fd.out" 2>"$D/fd.err"
rc=$?
sed 's/^/# /' "$D/fd.err" | head -5
check "ulimit -n 256, -sT -sV on 600 silent ports: exit 0 (rc=$rc)" [ $rc = 0 ]
check "no descriptor error" bash -c "! grep -q 'Too many open files' '$D/fd.err'"
check "all 600 ports open, none filtered" \
	bash -c "[ \$(grep -c '\"state\":\"open\"' '$D/fd.json') = 600 ] &&
		! grep -q '\"state\":\"filtered\"' '$D/fd.json' &&
		! grep -q 'filtered' '$D/fd.out'"
check "XML and JSON say exit success" \
	bash -c "grep -q 'exit=\"success\"' '$D/fd.xml' && grep -q '\"exit\":\"success\"' '$D/fd.json'"

# 2. -sT -sV against 1000 silent ports: -sV ends by --version-timeout, with a notice; the
# ports it reached get nmap's guess (the port's service with '?'), every port stays open.
HI=$((LO + 999))
ip netns exec "$P-scan" timeout 300 "$XDPMAP" -sT -sV -n --version-timeout 3s \
	-p $LO-$HI -oX "$D/cap.xml" -oJ "$D/cap.json" 198.18.0.2 >"$D/cap.out" 2>"$D/cap.err"
rc=$?
sed 's/^/# /' "$D/cap.err" | head -5
check "-sV on 1000 silent ports: exit 0 (rc=$rc)" [ $rc = 0 ]
check "the notice names --version-timeout" \
	grep -q 'service detection (-sV) stopped by --version-timeout' "$D/cap.err"
check "all 1000 ports open" [ "$(grep -c '"state":"open"' "$D/cap.json")" = 1000 ]
cut=$(sed -n 's/.*, \([0-9]*\) cut short$/\1/p' "$D/cap.err")
unprobed=$(sed -n 's/.*: \([0-9]*\) open ports not probed,.*/\1/p' "$D/cap.err")
guesses=$(grep -Ec "^[0-9]+/tcp +open +[a-z0-9-]+\?" "$D/cap.out")
check "ports cut short ($cut) are nmap's guesses, a name ending in '?' ($guesses); \
with those not probed (${unprobed:-}) they make 1000" \
	bash -c "[ -n '$cut' ] && [ '$cut' -gt 0 ] && [ '$cut' = '$guesses' ] &&
		[ \$((${cut:-0} + ${unprobed:-0})) = 1000 ]"
# None of these ports has a name in the services table: as nmap, the XML then has no <service>
# element for them (the normal output still shows the guess 'unknown?').
check "XML: 1000 open ports, no service element for the unnamed ones, exit success" \
	bash -c "[ \$(grep -c '<state state=\"open\"' '$D/cap.xml') = 1000 ] &&
		! grep -q '<service name=\"unknown' '$D/cap.xml' && grep -q 'exit=\"success\"' '$D/cap.xml'"

# 2b. So few descriptors that connects and -sV run out of them (socket() gets EMFILE): that
# only waits for one to be freed. Every run ends with exit 0 and the 40 ports open.
st=0
for n in 10 14; do
	ip netns exec "$P-scan" bash -c "ulimit -n $n && exec timeout 120 '$XDPMAP' -sT -sV -n \
		--version-timeout 2s -p $LO-$((LO + 39)) -oJ '$D/few.json' 198.18.0.2" \
		>"$D/few.out" 2>"$D/few.err"
	rc=$?
	[ $rc = 0 ] && [ "$(grep -c '"state":"open"' "$D/few.json")" = 40 ] &&
		grep -q '"exit":"success"' "$D/few.json" || st=1
	[ $st = 0 ] || { echo "# ulimit -n $n, rc=$rc:"; sed 's/^/# /' "$D/few.err"; break; }
done
ok $st "ulimit -n 10 and 14, -sT -sV on 40 silent ports: exit 0, all 40 open"

# 3. Descriptors so short that the scan may not even start: each run either succeeds with the
# 10 ports open, or fails saying so in every format it could open (stderr when none), with no
# port called filtered.
st=0
failures=
for n in 5 6 7 8 10 12; do
	ip netns exec "$P-scan" bash -c "ulimit -n $n && exec timeout 120 '$XDPMAP' -sT -n \
		-p $LO-$((LO + 9)) -oX '$D/bad.xml' -oJ '$D/bad.json' 198.18.0.2" \
		>"$D/bad.out" 2>"$D/bad.err"
	rc=$?
	if [ $rc = 1 ] && grep -q "cannot open output file '.*': Too many open files" \
		"$D/bad.err"; then
		failures="$failures $n" # no output could be opened to say it: stderr does
	elif grep -q filtered "$D/bad.out" || grep -qs 'state="filtered"' "$D/bad.xml" ||
		grep -qs '"state":"filtered"' "$D/bad.json"; then
		st=1
	elif [ $rc = 0 ]; then
		[ "$(grep -c '"state":"open"' "$D/bad.json")" = 10 ] &&
			grep -q 'exit="success"' "$D/bad.xml" || st=1
	else
		failures="$failures $n"
		grep -q 'exit="error"' "$D/bad.xml" && grep -q '"exit":"error"' "$D/bad.json" &&
			grep -q '^xdpmap done: the scan failed' "$D/bad.out" || st=1
	fi
	[ $st = 0 ] || { echo "# ulimit -n $n, rc=$rc:"; sed 's/^/# /' "$D/bad.err"; break; }
done
ok $st "ulimit -n 5-12: success with 10 open ports, or failure said everywhere \
(failed at:${failures:- none})"
finish
