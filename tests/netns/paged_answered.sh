#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: an index space over 2^32 pairs keeps its answered pairs in pages, and works as with
# the flat bitmap (de-duplication, retries' answered check, counted closed ports in -oX/-oN).
#
# Topology: namespaces xm$$-scan and xm$$-tgt joined by veth (scanner 198.18.0.1, target
# 198.18.0.2), 198.18.0.0/15 routed via the target, where the simulated-network responder answers.
# 198.18.0.0/15 (less the link's /30) x ports 1-32800 is 4.299e9 pairs, just over 2^32; one shard
# in 131072 sends about 32 800 probes.
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
WORK=$(mktemp -d /tmp/xdpmap-paged.XXXXXX)
. tests/lib/simnet_pair.sh

simnet_start
simnet_responder 5

# scan NAME RETRIES OUTPUTS...: the shard, bounded by a timeout; stdout in $WORK/NAME.stdout.
scan() {
	local name=$1 retries=$2
	shift 2
	timeout -s KILL 90 ip netns exec "$SNS" "$XDPMAP" -n -Pn -p 1-32800 --max-rate 100000 \
		--max-retries "$retries" --wait 1 --exclude 198.18.0.0/30 --seed 11 \
		--shard 1/131072 "$@" 198.18.0.0/15 >"$WORK/$name.stdout" 2>"$WORK/$name.stderr"
}

scan once 0 -v -oJ "$WORK/once.json"
rc=$?
grep -q '^xdpmap: 4299030400 (host, port) pairs: the answered ones are kept in pages' \
	"$WORK/once.stderr"
ok $((rc + $?)) "4.299e9 pairs, shard 1/131072, -oJ alone, no retry: the answered set is paged \
(exit $rc, $(grep -c 'kept in pages' "$WORK/once.stderr") line saying so)"
scan twice 1 -oJ "$WORK/twice.json" -oX "$WORK/twice.xml" -oN "$WORK/twice.nmap"
ok $? "the same with one retry and -oJ, -oX, -oN ($(tail -c 200 "$WORK/twice.stderr"))"

"$PY" - "$WORK" <<'PY' >"$WORK/checks.txt" 2>&1
import json, re, sys
import xml.etree.ElementTree as ET
w = sys.argv[1]
def check(name, cond, detail):
    print(("ok " if cond else "FAIL ") + name + ": " + detail)
def load(path):
    rep, summary = [], None
    for l in open(path):
        o = json.loads(l)
        if "summary" in o:
            summary = o["summary"]
        elif o.get("state") in ("open", "closed"):
            rep.append((o["ip"], o["port"], o["state"], o["reason"], o["ttl"]))
    return rep, summary
once, s1 = load(f"{w}/once.json")
twice, s2 = load(f"{w}/twice.json")
check("dedup", len(once) == len(set(once)) > 50 and len(twice) == len(set(twice))
      and s1["open"] + s1["closed"] == len(once) and s2["open"] + s2["closed"] == len(twice),
      f"{len(once)} and {len(twice)} replies, each pair once; summaries {s1['open']}+"
      f"{s1['closed']}, {s2['open']}+{s2['closed']}")
p1, p2 = s1["probes"], s2["probes"]
check("retry_skips_answered", p1 > 30000 and p2 <= 2 * p1 - len(once) // 2,
      f"{p1} probes without retry, {p2} with one (answered pairs are not sent again: "
      f"at most {2 * p1 - len(once) // 2})")
xml = set()
for h in ET.parse(f"{w}/twice.xml").getroot().iter("host"):
    ip = h.find("address").get("addr")
    for p in h.iter("port"):
        st = p.find("state")
        if st.get("state") in ("open", "closed"):
            xml.add((ip, int(p.get("portid")), st.get("state"), st.get("reason"),
                     int(st.get("reason_ttl"))))
check("xml_same_as_json", xml == set(twice),
      f"-oX lists {len(xml)} open and closed ports, -oJ {len(twice)}; differing "
      f"{sorted(xml ^ set(twice))[:3]}")
nmap = set()
for l in open(f"{w}/twice.nmap"):
    m = re.match(r"xdpmap scan report for (\S+)", l)
    if m:
        ip = m.group(1)
    m = re.match(r"(\d+)/tcp\s+(open|closed)\s", l)
    if m:
        nmap.add((ip, int(m.group(1)), m.group(2)))
check("nmap_same_as_json", nmap == {(i, p, s) for i, p, s, _, _ in twice},
      f"-oN lists {len(nmap)} open and closed ports, -oJ {len(twice)}")
PY
for name in dedup retry_skips_answered xml_same_as_json nmap_same_as_json; do
	line=$(grep -E "^(ok|FAIL) $name:" "$WORK/checks.txt")
	[ -n "$line" ] || line="FAIL $name: $(tail -3 "$WORK/checks.txt" | tr '\n' ' ')"
	case $line in ok*) ok 0 "${line#ok }" ;; *) ok 1 "${line#FAIL }" ;; esac
done
finish
