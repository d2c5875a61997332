#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: --pcap-replies writes each reply the XDP program recorded, as a pcap file.
#
# Topology: namespaces xm$$-scan and xm$$-tgt joined by veth (scanner 198.18.0.1, target
# 198.18.0.2), 198.18.0.0/15 routed via the target, where the simulated-network responder answers.
# A /22 x 4 ports scan writes -oJ and --pcap-replies (with --send-rst, which rewrites each
# SYN-ACK into our RST in place: the file must still hold the SYN-ACK as it arrived).
set -u

cd "$(dirname "$0")/../.." || exit 1
RESPONDER=build/tools/simnet-responder
XDPMAP=${XDPMAP:-build/xdpmap}
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

NTESTS=7
. tests/lib/tap.sh

[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$RESPONDER" ] && [ -x "$XDPMAP" ] || bail "$RESPONDER or $XDPMAP not built (make)"

P=xm$$
WORK=$(mktemp -d /tmp/xdpmap-pcap.XXXXXX)
. tests/lib/simnet_pair.sh

simnet_start
simnet_responder 9

start=$(date +%s)
timeout -s KILL 60 ip netns exec "$SNS" "$XDPMAP" -n -Pn -p 22,80,443,8080 --max-rate 50000 \
	--max-retries 0 --wait 1 --exclude 198.18.0.0/30 --seed 3 --send-rst -oJ "$WORK/scan.json" \
	--pcap-replies "$WORK/replies.pcap" 198.18.0.0/22 >"$WORK/stdout" 2>"$WORK/stderr"
ok $? "the scan with --pcap-replies exits 0 ($(tail -c 200 "$WORK/stderr"))"
end=$(($(date +%s) + 1))

# The pcap file, parsed here: header, one record per -oJ reply, each the reply as it arrived.
"$PY" - "$WORK" "$start" "$end" <<'PY' >"$WORK/checks.txt" 2>&1
import json, socket, struct, sys
w, t0, t1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def check(name, cond, detail):
    print(("ok " if cond else "FAIL ") + name + ": " + detail)
data = open(f"{w}/replies.pcap", "rb").read()
magic, vmaj, vmin, zone, sigfigs, snap, link = struct.unpack("<IHHiIII", data[:24])
check("header", (magic, vmaj, vmin, snap, link) == (0xa1b23c4d, 2, 4, 128, 1),
      f"magic {magic:#x} version {vmaj}.{vmin} snaplen {snap} linktype {link}")
want = {}
for l in open(f"{w}/scan.json"):
    o = json.loads(l)
    if o.get("state") in ("open", "closed"):
        want[(o["ip"], o["port"])] = o["state"]
got, bad, off = {}, [], 24
while off + 16 <= len(data):
    sec, nsec, caplen, length = struct.unpack("<IIII", data[off:off + 16])
    frame = data[off + 16:off + 16 + caplen]
    off += 16 + caplen
    ok = caplen == min(length, 128) and len(frame) == caplen and t0 <= sec <= t1 and nsec < 10**9
    ok = ok and frame[12:14] == b"\x08\x00" and frame[23] == 6
    ihl = (frame[14] & 15) * 4
    src, dst = socket.inet_ntoa(frame[26:30]), socket.inet_ntoa(frame[30:34])
    sport, = struct.unpack("!H", frame[14 + ihl:16 + ihl])
    flags = frame[14 + ihl + 13]
    state = "open" if flags & 0x12 == 0x12 else "closed" if flags & 0x04 else "?"
    if not ok or dst != "198.18.0.1" or (src, sport) in got:
        bad.append((src, sport, caplen, length, sec))
    got[(src, sport)] = state
check("records", off == len(data) and not bad and len(got) > 100,
      f"{len(got)} records, {len(data)} bytes, malformed {bad[:3]}")
check("same_as_json", got == want and len(want) > 100,
      f"{len(got)} pcap replies ({sum(v == 'open' for v in got.values())} SYN-ACK), "
      f"{len(want)} -oJ replies, differing {[k for k in set(got) ^ set(want)][:3]}")
PY
for name in header records same_as_json; do
	line=$(grep -E "^(ok|FAIL) $name:" "$WORK/checks.txt")
	[ -n "$line" ] || line="FAIL $name: $(tail -3 "$WORK/checks.txt" | tr '\n' ' ')"
	case $line in ok*) ok 0 "${line#ok }" ;; *) ok 1 "${line#FAIL }" ;; esac
done

# tcpdump reads the same frames back.
if command -v tcpdump >/dev/null; then
	n=$(tcpdump -nn -r "$WORK/replies.pcap" 2>/dev/null | grep -c ' > 198\.18\.0\.1\.')
	want=$(grep -c '"state":"\(open\|closed\)"' "$WORK/scan.json")
	[ "$n" -eq "$want" ] && [ "$n" -gt 100 ]
	ok $? "tcpdump -r reads $n frames to 198.18.0.1 (-oJ: $want replies)"
else
	skip "tcpdump -r reads the file" "tcpdump not installed"
fi

# An unwritable file: one line, exit 2, before the XDP set-up.
timeout -s KILL 10 ip netns exec "$SNS" "$XDPMAP" -n -Pn -p 80 \
	--pcap-replies /nonexistent/dir/r.pcap 198.18.1.0/24 >/dev/null 2>"$WORK/bad.err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$WORK/bad.err")" -eq 1 ] &&
	grep -q '^xdpmap: .*pcap-replies.*/nonexistent/dir/r.pcap' "$WORK/bad.err"
ok $? "an unwritable --pcap-replies file: one line, exit 2 (exit $rc: $(cat "$WORK/bad.err"))"
finish
