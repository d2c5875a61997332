#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: --sender-threads on a veth pair with two queues: exact results, both queues send.
#
# Topology: namespaces xm$$-scan and xm$$-tgt joined by a veth pair made with numtxqueues 2
# numrxqueues 2 (scanner 198.18.0.1, target 198.18.0.2), 198.18.0.0/15 routed via the target,
# where the simulated-network responder answers. The same /18 x 8 ports scan runs with one sender
# thread and with two; both must equal simnet-list's ground truth, and with two each queue's
# socket sent frames (the metadata file's sent_by_queue, summing to the probes sent).
set -u

cd "$(dirname "$0")/../.." || exit 1
RESPONDER=build/tools/simnet-responder
LISTER=build/tools/simnet-list
XDPMAP=${XDPMAP:-build/xdpmap}
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

NTESTS=10
. tests/lib/tap.sh

[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$RESPONDER" ] && [ -x "$LISTER" ] && [ -x "$XDPMAP" ] ||
	bail "tools or xdpmap not built (make)"

P=xm$$
WORK=$(mktemp -d /tmp/xdpmap-mq.XXXXXX)
. tests/lib/simnet_pair.sh

simnet_up numtxqueues 2 numrxqueues 2
ok $? "namespaces $SNS <-> $TNS, a veth pair with 2 TX and 2 RX queues"
[ $FAILED -eq 0 ] || bail "topology setup failed"
simnet_responder 5

PORTS=22,80,443,1-5
"$LISTER" --seed 5 --range 198.18.0.0/18 -p "$PORTS" >"$WORK/truth.txt"

# scan N: --sender-threads N (empty: the default) into $WORK/N.json and $WORK/N.meta
scan() {
	local tag=$1
	shift
	timeout -s KILL 60 ip netns exec "$SNS" "$XDPMAP" -n -Pn -p "$PORTS" --max-rate 100000 \
		--max-retries 1 --wait 1 --exclude 198.18.0.0/30 --seed 7 "$@" \
		-oJ "$WORK/$tag.json" --metadata-file "$WORK/$tag.meta" 198.18.0.0/18 \
		>"$WORK/$tag.out" 2>"$WORK/$tag.err"
}

cat >"$WORK/cmp.py" <<'PY'
import json, sys
want = {}
for line in open(sys.argv[2]):
    ip, port, state = line.split()
    want[(ip, int(port))] = state
got = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o.get("state") in ("open", "closed"):
        got[(o["ip"], o["port"])] = o["state"]
hit = sum(1 for k, v in want.items() if got.get(k) == v)
fp = sum(1 for k, v in got.items() if want.get(k) != v)
print("expected %d, found %d, recall %d/%d, false positives %d" % (len(want), len(got), hit,
      len(want), fp))
sys.exit(0 if want and hit == len(want) and fp == 0 else 1)
PY

# meta.py FILE N: the run had N senders, each queue's socket sent, the counts sum to the probes
cat >"$WORK/meta.py" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
x = m["xdp"]
q = x["sent_by_queue"]
print("senders %d, sent_by_queue %s, probes %d, ringbuf_full %d" % (x["senders"], q,
      m["probes_sent"], x["ringbuf_full"]))
sys.exit(0 if x["senders"] == n and len(q) == n and all(v > 0 for v in q) and
         sum(q) == m["probes_sent"] and x["ringbuf_full"] == 0 else 1)
PY

scan one --sender-threads 1
ok $? "the scan with --sender-threads 1 exits 0 ($(tail -c 200 "$WORK/one.err"))"
"$PY" "$WORK/cmp.py" "$WORK/one.json" "$WORK/truth.txt" >"$WORK/one.cmp" 2>&1
ok $? "one sender: every open and closed port of the ground truth, nothing else \
($(cat "$WORK/one.cmp"))"

scan two --sender-threads 2
ok $? "the scan with --sender-threads 2 exits 0 ($(tail -c 200 "$WORK/two.err"))"
"$PY" "$WORK/cmp.py" "$WORK/two.json" "$WORK/truth.txt" >"$WORK/two.cmp" 2>&1
ok $? "two senders: every open and closed port of the ground truth, nothing else \
($(cat "$WORK/two.cmp"))"
"$PY" "$WORK/meta.py" "$WORK/two.meta" 2 >"$WORK/two.q" 2>&1
ok $? "two senders: both queues' sockets sent, in sum the probes sent ($(cat "$WORK/two.q"))"
"$PY" - "$WORK/one.json" "$WORK/two.json" <<'PY' >"$WORK/same.txt" 2>&1
import json, sys
def ports(f):
    return sorted((o["ip"], o["port"], o["state"], o["reason"]) for o in map(json.loads, open(f))
                  if "port" in o)
a, b = ports(sys.argv[1]), ports(sys.argv[2])
print("%d and %d port lines" % (len(a), len(b)))
sys.exit(0 if a == b and a else 1)
PY
ok $? "one and two senders report the same port lines ($(cat "$WORK/same.txt"))"

# The default on a 2-queue veth: its channels (2), at most the CPUs.
want=2
[ "$(nproc)" -lt 2 ] && want=$(nproc)
scan dflt
ok $? "the scan without --sender-threads exits 0 ($(tail -c 200 "$WORK/dflt.err"))"
"$PY" "$WORK/meta.py" "$WORK/dflt.meta" "$want" >"$WORK/dflt.q" 2>&1
ok $? "without --sender-threads: $want sender(s), one per queue ($(cat "$WORK/dflt.q"))"

# Bad input: one line, exit 2, before anything is sent.
bad=0
for n in 0 3 x; do
	: >"$WORK/bad.err"
	timeout -s KILL 10 ip netns exec "$SNS" "$XDPMAP" -n -Pn -p 80 --sender-threads "$n" \
		198.18.1.0/24 >/dev/null 2>"$WORK/bad.err"
	rc=$?
	if [ $rc -ne 2 ] || [ "$(wc -l <"$WORK/bad.err")" -ne 1 ] ||
	   ! grep -q '^xdpmap: .*sender-threads' "$WORK/bad.err"; then
		echo "# --sender-threads $n: exit $rc: $(cat "$WORK/bad.err")"
		bad=1
	fi
	[ "$n" = 3 ] && ! grep -q "has 2 queues" "$WORK/bad.err" && bad=1
done
ok $bad "--sender-threads 0, 3 (more than the 2 queues), x: one line, exit 2"
finish
