#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: research measurements (--metadata-file, --status-updates-file, -oC) agree with -oJ.
#
# Topology: namespaces xm$$-scan and xm$$-tgt joined by veth (scanner 198.18.0.1, target
# 198.18.0.2), 198.18.0.0/15 routed via the target, where the simulated-network responder answers
# for it. One scan of 198.18.0.0/20 x 4 ports (about 16 k probes) writes every file at once.
set -u

cd "$(dirname "$0")/../.." || exit 1
RESPONDER=build/tools/simnet-responder
XDPMAP=${XDPMAP:-build/xdpmap}
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

NTESTS=10
. tests/lib/tap.sh

[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$RESPONDER" ] && [ -x "$XDPMAP" ] || bail "$RESPONDER or $XDPMAP not built (make)"

P=xm$$
WORK=$(mktemp -d /tmp/xdpmap-measure.XXXXXX)
. tests/lib/simnet_pair.sh

simnet_start
simnet_responder 3

# --max-rate keeps the scan over two seconds: the status file has lines of its own.
timeout -s KILL 60 ip netns exec "$SNS" "$XDPMAP" -n -Pn -p 22,80,443,8080 --max-rate 6000 \
	--max-retries 0 --wait 1 --exclude 198.18.0.0/30 --seed 11 -oJ "$WORK/scan.json" \
	-oC "$WORK/scan.csv" --output-fields ip,port,state,reason,ttl,rtt \
	--metadata-file "$WORK/meta.json" --status-updates-file "$WORK/status.csv" \
	198.18.0.0/20 >"$WORK/stdout" 2>"$WORK/stderr"
rc=$?
ok $rc "the scan with -oJ, -oC, --metadata-file and --status-updates-file exits 0 \
($(tail -c 200 "$WORK/stderr"))"

"$PY" - "$WORK" <<'PY' >"$WORK/checks.txt" 2>&1
import csv, json, sys
w = sys.argv[1]
lines = [json.loads(l) for l in open(f"{w}/scan.json")]
summary = next(l["summary"] for l in lines if "summary" in l)
replies = [l for l in lines if "port" in l and l.get("reason") != "no-response"]
meta = json.load(open(f"{w}/meta.json"))
rows = list(csv.DictReader(open(f"{w}/scan.csv")))
status = list(csv.reader(open(f"{w}/status.csv")))

def check(name, cond, detail):
    print(("ok " if cond else "FAIL ") + name + ": " + detail)

by = lambda st: sum(1 for r in replies if r["state"] == st)
check("meta_counts", meta["replies"]["open"] == by("open") == summary["open"] and
      meta["replies"]["closed"] == by("closed") == summary["closed"] and
      meta["probes_sent"] == summary["probes"] and meta["seed"] == 11 and
      meta["shards"] == 1 and meta["exit"] == "success",
      f"meta {meta['replies']} probes {meta['probes_sent']}; -oJ open {by('open')} "
      f"closed {by('closed')} probes {summary['probes']}")
x = meta["xdp"]
c = x["counters"]
check("meta_xdp", x["xdp_mode"] in ("native", "generic") and x["af_xdp"] in ("copy", "zero-copy")
      and x["queues"] >= 1 and c["open"] == by("open") and c["closed"] == by("closed") and
      x["duplicates"] == c["duplicate"] and c["ringbuf_full"] == 0 and meta["kernel"] and
      abs(meta["hit_rate"] - by("open") / meta["probes_sent"]) < 1e-6,
      f"{x['xdp_mode']} {x['af_xdp']} queues {x['queues']} counters {c}")
want = sorted((r["ip"], str(r["port"]), r["state"], r["reason"], str(r["ttl"])) for r in replies)
got = sorted((r["ip"], r["port"], r["state"], r["reason"], r["ttl"]) for r in rows)
check("csv_rows", want == got and list(rows[0].keys()) == ["ip", "port", "state", "reason",
      "ttl", "rtt"], f"{len(got)} CSV rows, {len(want)} -oJ replies")
rtts = [float(r["rtt"]) for r in rows if r["rtt"]]
check("csv_rtt", len(rtts) > len(rows) // 2 and all(0 < v < 5 for v in rtts),
      f"{len(rtts)} of {len(rows)} rows with an rtt, max {max(rtts or [0]):.6f} s")
head, body = status[0], status[1:]
ok_lines = len(body) >= 2 and all(len(l) == len(head) for l in body)
sent = [int(l[2]) for l in body]
recv = [int(l[3]) for l in body]
check("status_lines", head ==
      "time,elapsed_s,sent,received,open,drops,send_rate_pps,hit_rate".split(",")
      and ok_lines and sent == sorted(sent) and recv == sorted(recv),
      f"{len(body)} lines, sent {sent}")
check("status_last", body and sent[-1] == summary["probes"] and
      recv[-1] == len(replies) and int(body[-1][4]) == by("open") and int(body[-1][5]) == 0
      and abs(float(body[-1][7]) - by("open") / sent[-1]) < 1e-5,
      f"last line {body[-1] if body else None}, -oJ {len(replies)} replies")
PY
for name in meta_counts meta_xdp csv_rows csv_rtt status_lines status_last; do
	line=$(grep -E "^(ok|FAIL) $name:" "$WORK/checks.txt")
	[ -n "$line" ] || line="FAIL $name: $(tail -3 "$WORK/checks.txt" | tr '\n' ' ')"
	case $line in ok*) ok 0 "${line#ok }" ;; *) ok 1 "${line#FAIL }" ;; esac
done

# -oJ streams without a write() per line: the engine flushes once per read of replies.
if command -v strace >/dev/null; then
	timeout -s KILL 60 ip netns exec "$SNS" strace -f -qq -y -e trace=write -o "$WORK/trace" \
		"$XDPMAP" -n -Pn -p 22,80,443,8080 --max-retries 0 --wait 1 --seed 12 \
		--exclude 198.18.0.0/30 -oJ "$WORK/fast.json" 198.18.0.0/20 >/dev/null 2>&1
	lines=$(grep -c '"port"' "$WORK/fast.json")
	writes=$(grep -c '^[0-9]* *write([0-9]*<[^>]*fast.json>' "$WORK/trace")
	ok $([ "$lines" -ge 500 ] && [ $((writes * 4)) -lt "$lines" ] && echo 0 || echo 1) \
		"-oJ: $lines findings in $writes write() calls (under a quarter)"
else
	skip "-oJ: fewer write() calls than findings" "needs strace"
fi

# Bad input: one line, exit 2, nothing sent (the responder's counters would say; the message is
# given before the XDP set-up).
bad=0
for args in "--output-fields ip,bogus" "--metadata-file /nonexistent/dir/m.json" \
	    "--status-updates-file /nonexistent/dir/s.csv" "-oC /nonexistent/dir/c.csv"; do
	# shellcheck disable=SC2086
	timeout -s KILL 10 ip netns exec "$SNS" "$XDPMAP" -n -Pn -p 80 $args 198.18.1.0/24 \
		>/dev/null 2>"$WORK/bad.err"
	rc=$?
	if [ $rc -ne 2 ] || [ "$(wc -l <"$WORK/bad.err")" -ne 1 ] ||
	   ! grep -q '^xdpmap: ' "$WORK/bad.err"; then
		echo "# $args: exit $rc: $(cat "$WORK/bad.err")"
		bad=1
	fi
done
ok $bad "unknown --output-fields name, unwritable metadata, status and CSV files: one line, exit 2"
finish
