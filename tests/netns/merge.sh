#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of --merge: 4 shards (run through tools/slurm/xdpmap.sbatch) merged vs one scan.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
XDPMAP_ABS=$(readlink -f "$XDPMAP" 2>/dev/null || echo "$XDPMAP")
NMAP_DTD=/usr/share/nmap/nmap.dtd
. tools/netns-topo.sh

NTESTS=16
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"
command -v python3 >/dev/null || bail "python3 is needed"
command -v xmllint >/dev/null || bail "xmllint is needed (libxml2-utils)"
[ -f "$NMAP_DTD" ] || bail "$NMAP_DTD is needed (nmap-common)"

P=xg$$
SNS=$(topo_scan_ns "$P")
W=$(mktemp -d /tmp/xdpmap-merge.XXXXXX)
cleanup() {
	topo_down "$P"
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
topo_up "$P" || bail "topology"
# Open 2222 and 3001; 2224 and 2226 dropped (no-response); 2225 rejected (admin-prohibited);
# the rest closed, among them 100 of 3100-3199 ("Not shown").
topo_listen "$P" 2222 3001 || bail "listeners"
topo_drop_port "$P" 2224 && topo_drop_port "$P" 2226 && topo_reject_port "$P" 2225 ||
	bail "firewall rules"

# The target, our own address (the connect path) and 6 silent addresses.
ARGS=(-n --reason -p 2220-2230,3001,3100-3199 198.18.0.0/29)
SEED=4242
mkdir -p "$W/out" "$W/other"
# shard I: the sbatch script as Slurm runs array task I of 4 (array job id = the seed)
shard() {
	ip netns exec "$SNS" env SLURM_ARRAY_TASK_ID="$1" SLURM_ARRAY_TASK_COUNT=4 \
		SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=4 SLURM_ARRAY_JOB_ID="$SEED" \
		XDPMAP="$XDPMAP_ABS" timeout 60 tools/slurm/xdpmap.sbatch "$2" "${@:3}" \
		>"$W/shard-$1.out" 2>&1
}
merge() { ip netns exec "$SNS" timeout 60 "$XDPMAP" --merge "$@"; }

# ---- 1-2: four shards one after another, and one unsharded scan with the same seed ----
st=0
for i in 1 2 3 4; do shard "$i" "$W/out" "${ARGS[@]}" || st=1; done
ok $st "4 array tasks of tools/slurm/xdpmap.sbatch (exit 0): $(ls "$W/out" | tr '\n' ' ')"
ip netns exec "$SNS" timeout 60 "$XDPMAP" --seed "$SEED" "${ARGS[@]}" -oA "$W/one" \
	-oJ "$W/one.json" >"$W/one.out" 2>"$W/one.err"
ok $? "the unsharded scan (exit 0)"

# ---- 3-4: the merge, as nobody (no privilege), into every format ----
mkdir -p "$W/nb" && chown 65534:65534 "$W/nb" && chmod 755 "$W" "$W/out" &&
	chmod 644 "$W"/out/*.json
ip netns exec "$SNS" timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all "$XDPMAP_ABS" --merge "$W"/out/shard-*.json \
	-oA "$W/nb/m" -oJ "$W/nb/m.json" >"$W/m.out" 2>"$W/m.err"
ok $? "--merge of the 4 files as nobody with no capability (exit 0) $(head -c 200 "$W/m.err")"
grep -q '^Merged 4 of 4 shards' "$W/m.out" && grep -q '^# Merged 4 of 4 shards' "$W/nb/m.nmap"
ok $? "normal output and -oN say 4 of 4 shards were merged"

# ---- 5-9: the merged report equals the unsharded one apart from times ----
for f in xml gnmap nmap; do
	d="-o${f:0:1} merged equals the unsharded scan's apart from times:"
	python3 tests/lib/merge_cmp.py "$f" "$W/one.$f" "$W/nb/m.$f" >"$W/cmp.$f" 2>&1
	ok $? "$d $(head -c 300 "$W/cmp.$f")"
done
python3 tests/lib/merge_cmp.py json "$W/one.json" "$W/nb/m.json" >"$W/cmp.json" 2>&1
ok $? "-oJ merged: the same ports, hosts and counts: $(head -c 300 "$W/cmp.json")"
python3 tests/lib/merge_cmp.py normal "$W/one.out" "$W/m.out" >"$W/cmp.normal" 2>&1
ok $? "stdout merged equals the unsharded scan's apart from times: $(head -c 300 "$W/cmp.normal")"

# ---- 10: the merged XML is valid against nmap.dtd and has the ports it should ----
d="merged XML: valid against nmap.dtd; open, filtered and 'Not shown' closed ports"
xmllint --noout --dtdvalid "$NMAP_DTD" "$W/nb/m.xml" 2>"$W/dtd.err" &&
	grep -q 'portid="2222"><state state="open" reason="syn-ack"' "$W/nb/m.xml" &&
	grep -q 'portid="2225"><state state="filtered" reason="admin-prohibited"' "$W/nb/m.xml" &&
	grep -q 'extraports state="closed" count="' "$W/nb/m.xml"
ok $? "$d $(head -c 200 "$W/dtd.err")"

# ---- 11-12: a missing shard is refused; --merge-partial merges the 3 that are there ----
merge "$W"/out/shard-{1,2,3}.json -oX "$W/p.xml" >"$W/p.out" 2>"$W/p.err"
rc=$?
ok $([ $rc -eq 2 ] && [ "$(wc -l <"$W/p.err")" -eq 1 ] &&
	grep -q 'shard 4/4 is missing.*shard-1.json' "$W/p.err" && echo 0 || echo 1) \
	"a missing shard: exit 2, one line naming it: $(cat "$W/p.err")"
merge "$W"/out/shard-{1,2,3}.json --merge-partial -oX "$W/p.xml" -oN "$W/p.nmap" \
	>"$W/p.out" 2>"$W/p.err"
rc=$?
# Each host's listed ports and 'Not shown' counts add up to the pairs the 3 shards reported.
python3 - "$W/p.xml" "$W/one.xml" "$W"/out/shard-{1,2,3}.json >"$W/p.cmp" 2>&1 <<'EOF'
import json, sys
import xml.etree.ElementTree as ET
def ports(path):
    out = {}
    for h in ET.parse(path).getroot().findall('host'):
        ip = h.find('address').get('addr')
        ps = h.find('ports')
        out[ip] = ({p.get('portid'): p.find('state').get('state') for p in ps.findall('port')},
                   sum(int(e.get('count')) for e in ps.findall('extraports')))
    return out
part, one = ports(sys.argv[1]), ports(sys.argv[2])
sent = {}
for f in sys.argv[3:]:
    for l in open(f):
        o = json.loads(l)
        if 'port' in o:
            sent[o['ip']] = sent.get(o['ip'], 0) + 1
for ip, (listed, hidden) in part.items():
    assert all(one[ip][0].get(p, 'closed') == s for p, s in listed.items()), (ip, listed)
    assert len(listed) + hidden == sent[ip], (ip, len(listed), hidden, sent[ip])
print('hosts', sorted(part), 'ports', {ip: sent[ip] for ip in part})
EOF
pst=$?
ok $([ $rc -eq 0 ] && [ $pst -eq 0 ] && grep -q '^# Merged 3 of 4 shards' "$W/p.nmap" &&
	xmllint --noout --dtdvalid "$NMAP_DTD" "$W/p.xml" 2>/dev/null && echo 0 || echo 1) \
	"--merge-partial: exit $rc, 3 of 4 shards, DTD-valid, only their pairs: $(head -c 300 \
	"$W/p.cmp")"

# ---- 13-14: files of another scan are refused, naming the file ----
shard 4 "$W/other" -n --reason -p 2220-2231 198.18.0.0/29
merge "$W"/out/shard-{1,2,3}.json "$W/other/shard-4.json" >/dev/null 2>"$W/o.err"
rc=$?
ok $([ $rc -eq 2 ] && grep -q "other/shard-4.json: not a shard of the same scan.*scan_id" \
	"$W/o.err" && echo 0 || echo 1) "a shard of other ports: exit $rc: $(cat "$W/o.err")"
SEED=4343 shard 4 "$W/other" "${ARGS[@]}"
merge "$W"/out/shard-{1,2,3}.json "$W/other/shard-4.json" --merge-partial >/dev/null 2>"$W/s.err"
rc=$?
ok $([ $rc -eq 2 ] && grep -q "other/shard-4.json: not a shard of the same scan.*seed" \
	"$W/s.err" && echo 0 || echo 1) \
	"a shard of another seed (even partial): exit $rc: $(cat "$W/s.err")"

# ---- 15-16: duplicate shard; a truncated shard file ----
merge "$W"/out/shard-{1,2,3,4,2}.json >/dev/null 2>"$W/d.err"
rc=$?
ok $([ $rc -eq 2 ] && grep -q "shard 2/4 again" "$W/d.err" && echo 0 || echo 1) \
	"a shard given twice: exit $rc: $(cat "$W/d.err")"
head -c "$(($(stat -c %s "$W/out/shard-3.json") - 20))" "$W/out/shard-3.json" >"$W/cut.json"
merge "$W"/out/shard-{1,2,4}.json "$W/cut.json" >/dev/null 2>"$W/c.err"
rc=$?
ok $([ $rc -eq 2 ] && grep -q "cut.json: line [0-9]* is cut" "$W/c.err" && echo 0 || echo 1) \
	"a truncated shard file: exit $rc: $(cat "$W/c.err")"

finish
