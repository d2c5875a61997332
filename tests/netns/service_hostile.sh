#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Hostile servers against xdpmap -sT -sV (TAP): 10 MB of random bytes, a greeting then a byte per second forever, terminal escapes, binary, a TLS handshake that never ends.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
XDPMAP=${XDPMAP:-$BUILD/xdpmap}
# -sV's database: the tree's (a build under build/san/ finds no data/ next to it).
export XDPMAP_SERVICE_PROBES=${XDPMAP_SERVICE_PROBES:-$PWD/data/service-probes}
NS=xmsvh$$
D=$(mktemp -d /tmp/xdpmap-svh.XXXXXX)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
	ip netns pids "$NS" 2>/dev/null | while read -r p; do kill -KILL "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$D"
}
trap cleanup EXIT
NTESTS=12
. tests/lib/tap.sh
if [ "$(id -u)" -ne 0 ] || [ ! -x "$XDPMAP" ] || ! command -v python3 >/dev/null ||
	[ ! -x /usr/bin/time ]; then
	skip_all "needs root, python3, /usr/bin/time and $XDPMAP"
fi
ip netns add "$NS" && ip -n "$NS" link set lo up || bail "ip netns add failed"

cat >"$D/hostile.py" <<'PY'
import itertools, random, socket, sys, threading, time
floods = itertools.count(1)
def flood(c):            # 10 MB of random bytes, then close; seeded, so every run sends the same
    rng = random.Random(7001 * 1000 + next(floods))
    try:
        for _ in range(160):
            c.sendall(rng.randbytes(65536))
    except OSError:
        pass
def drip(c):             # a 5-byte greeting, then one byte per second, never closes (10 minutes)
    try:
        c.sendall(b"DRIP-")
        for _ in range(600):
            c.sendall(b"x"); time.sleep(1)
    except OSError:
        pass
def escapes(c):          # a banner full of terminal control sequences
    c.sendall(b"SSH-2.0-Evil_\x1b[5m1.0\x07 \x1b]52;c;ZWNobyBoaQ==\x07\x9b1m\r\n"
              b"220 \x1b]0;owned\x07\x1b[2J\x1b[31mred\x1b[0m\r\n")
    try:
        c.recv(100); time.sleep(30)
    except OSError:
        pass
def binary(c):           # a binary greeting no line knows, then silence
    c.sendall(bytes([0, 1, 0xfe, 0x7f]) + b"ZQ%\"\\" + bytes(range(0x80, 0x90)))
    try:
        c.recv(100); time.sleep(30)
    except OSError:
        pass
def tls_stall(c):        # reads the ClientHello (or anything) and never answers
    try:
        c.recv(4096); time.sleep(60)
    except OSError:
        pass
def serve(port, fn):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(64)
    while True:
        c, _ = s.accept()
        threading.Thread(target=lambda c=c: (fn(c), c.close()), daemon=True).start()
for port, fn in ((7001, flood), (7002, drip), (7003, escapes), (7005, binary), (7443, tls_stall)):
    threading.Thread(target=serve, args=(port, fn), daemon=True).start()
time.sleep(600)
PY
ip netns exec "$NS" python3 "$D/hostile.py" 2>/dev/null &
PIDS+=($!)
for _ in $(seq 1 50); do
	[ "$(ip netns exec "$NS" ss -Hltn | grep -Ec ':(700[1235]|7443) ')" = 5 ] && break
	sleep 0.1
done

# The loopback interface cannot carry the SYN scan's frames: -sT finds the ports, -sV names them.
# The engine's per-port deadline is 30 s; a port costs at most the waits of the probes tried on
# it (default intensity 7), which five connections share: WAITS is their sum.
DEADLINE=30
WAITS=$(awk '/^probe / { if (n) s += w * (r <= 7); n = 1; w = 2000; r = 1 }
	/^wait / { w = $2 } /^rarity / { r = $2 } END { s += w * (r <= 7); print s / 1000 }' \
	data/service-probes)
# A signature of the user's own (xdpmap-service-probes(5)): the drip server's greeting (a
# one-byte signature would name 1 in 256 of the flood's answers, which NULL's lines see too).
printf '# the drip server\nprobe NULL\nmatch dripper m|^DRIP-| p|Dripper|\n' >"$D/mine.probes"
start=$(date +%s.%N)
ip netns exec "$NS" timeout 60 /usr/bin/time -f 'peak_rss_kb=%M' -o "$D/rss" "$XDPMAP" -sT -sV -n \
	--versiondb "$D/mine.probes" -p 7001-7003,7005,7443 -oJ "$D/out.json" -oX "$D/out.xml" -oG "$D/out.gnmap" -oN "$D/out.nmap" \
	127.0.0.1 >"$D/out" 2>"$D/err" </dev/null
rc=$?
end=$(date +%s.%N)
el=$(echo "$end - $start" | bc)
check "xdpmap -sT -sV exits 0 (rc=$rc)" [ $rc = 0 ]
check "per-port deadline of ${DEADLINE}s holds (all five in ${el}s)" \
	[ "$(echo "$el < $DEADLINE + 3" | bc)" = 1 ]
check "the hostile ports cost at most their probe waits (${el}s <= ${WAITS}s)" \
	[ "$(echo "$el <= $WAITS" | bc)" = 1 ]
rss=$(sed -n 's/^peak_rss_kb=//p' "$D/rss")
check "memory stays bounded (peak RSS ${rss:-?} KiB < 65536)" [ "${rss:-999999}" -lt 65536 ]
check "every port has a service record" \
	[ "$(grep -Ec '"port":(700[1235]|7443),"proto":"tcp","service":\{"name":"[^"]' "$D/out.json")" = 5 ]
# Raw control bytes in no text output; the JSON lines parse and the XML validates.
ctl=0
for f in out out.nmap out.gnmap; do
	[ "$(LC_ALL=C tr -d '\t\n\040-\176' <"$D/$f" | wc -c)" = 0 ] || { ctl=1; echo "# control bytes in $f"; }
done
python3 -c 'import json, sys
[json.loads(l) for l in open(sys.argv[1], "rb")]' "$D/out.json" || ctl=1
if command -v xmllint >/dev/null && [ -r /usr/share/nmap/nmap.dtd ]; then
	xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$D/out.xml" 2>&1 | sed 's/^/# /' | head -3
	[ "${PIPESTATUS[0]}" = 0 ] || ctl=1
fi
check "no control byte reaches stdout, -oN or -oG; -oJ parses, -oX validates" [ $ctl = 0 ]
check "the escape banner is named (ssh) with its control bytes escaped" \
	bash -c "grep -q '\"port\":7003,.*\"name\":\"ssh\",\"product\":\"Evil_' '$D/out.json' &&
		grep -Eq '^7003/tcp +open +ssh +Evil_' '$D/out'"
flood_unnamed() {
	grep -q '"port":7001,.*"service":{"name":"[a-z0-9-]*?"' "$D/out.json" && return 0
	grep '"port":7001,' "$D/out.json" | cut -c1-400 | sed 's/^/# /'
	return 1
}
check "the random flood is not named" flood_unnamed
check "--versiondb names the drip server (dripper, Dripper)" \
	grep -Eq '^7002/tcp +open +dripper +Dripper' "$D/out"
# The binary greeting (25 bytes) as the fingerprint's first line shows it, escaped.
fp_ok() {
	local f want='SF-Port7005-TCP:V=%r(NULL,19,"\0\x01\xfe\x7fZQ\x25\x22\x5c\x80\x81'
	for f in "$D/out" "$D/out.nmap"; do
		grep -Eq '^[0-9]+ services? unrecognized despite returning data' "$f" &&
			sed 's/V=[0-9.]*%/V=%/' "$f" | grep -qF "$want" || return 1
	done
}
check "the binary greeting gets a fingerprint block, escaped, in stdout and -oN" fp_ok
# -oX carries it in servicefp as nmap does (name "unknown" when the table has none), -oJ too.
check "the binary greeting's fingerprint in -oX's servicefp and -oJ's servicefp" \
	bash -c "grep -q 'portid=\"7005\">.*<service name=\"[a-z0-9-]*\" servicefp=\"SF-Port7005-TCP:V=' \
		'$D/out.xml' && grep -q '\"port\":7005,.*\"servicefp\":\"SF-Port7005-TCP:V=' '$D/out.json'"
# A malformed line in a --versiondb file: file:line: reason, exit 2, nothing scanned or written.
printf 'probe NULL\nmatch broken m|(| p|x|\n' >"$D/bad.probes"
ip netns exec "$NS" timeout 20 "$XDPMAP" -sT -sV -n --versiondb "$D/bad.probes" -p 7001 \
	-oN "$D/bad.nmap" 127.0.0.1 >"$D/bad.out" 2>"$D/bad.err" </dev/null
rc=$?
check "a malformed --versiondb line: exit 2 (rc=$rc), '$D/bad.probes:2: ...', no scan" \
	bash -c "[ $rc = 2 ] && grep -q '$D/bad.probes:2: pcre2_compile failed' '$D/bad.err' &&
		[ ! -e '$D/bad.nmap' ] && [ ! -s '$D/bad.out' ]"
diag <"$D/out"
finish
