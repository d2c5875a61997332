#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: bad command lines fail cleanly with exactly one "xdpmap: ..." line on stderr.
set -u

cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
XDPMAP_ABS=$(readlink -f "$XDPMAP" 2>/dev/null || echo "$XDPMAP")
# shellcheck source=tools/netns-topo.sh
. tools/netns-topo.sh

# One case per line: EXPECTED-REGEX (ERE, matched case-insensitively) <TAB> ARGUMENTS.
# Arguments are split on spaces (none contains one). "@NOBODY" as the first argument runs the
# case as uid/gid 65534 with no capabilities and no groups. "@EXIT=N" before it: the exit status
# must be N (any failure status otherwise).
CASES=$(cat <<'EOF'
prefix	-p 80 198.18.0.0/33
70000	-p 70000 198.18.0.2
reversed	-p 100-10 198.18.0.2
invalid port ''	-p 1,,2 198.18.0.2
empty port list	-p  198.18.0.2
unknown service name 'nosuchservice'	-p nosuchservice 198.18.0.2
nosuchif0	-e nosuchif0 -p 80 198.18.0.2
/nonexistent/file	-p 80 -iL /nonexistent/file
/nonexistent/excludes	-p 80 --excludefile /nonexistent/excludes 198.18.0.2
'/dev/zero': line 1 is longer than	@EXIT=2 -p 80 --excludefile /dev/zero 198.18.0.2
'/dev/zero': line 1 is longer than	@EXIT=2 -p 80 -iL /dev/zero
no targets	-p 80 --exclude 198.18.0.0/24 198.18.0.0/24
198\.18\.0\.300	-p 80 198.18.0.300
reversed	-p 80 198.18.0.5-198.18.0.1
--max-rate.*abc	-p 80 --max-rate abc 198.18.0.2
--max-rate.*'0'	-p 80 --max-rate 0 198.18.0.2
--max-retries.*-1	-p 80 --max-retries -1 198.18.0.2
--wait.*forever	-p 80 --wait forever 198.18.0.2
--source-port.*5-1	-p 80 --source-port 5-1 198.18.0.2
--seed.*xyz	-p 80 --seed xyz 198.18.0.2
--shard.*3/2	-p 80 --shard 3/2 198.18.0.2
--shard.*0/2	-p 80 --shard 0/2 198.18.0.2
--router-mac.*zz:zz	-p 80 --router-mac zz:zz 198.18.0.2
-S.*1\.2\.3	-p 80 -S 1.2.3 198.18.0.2
--bogus-option	--bogus-option 198.18.0.2
needs a value	-p
no targets	-p 80
/nonexistent/dir/out\.json	-p 80 -oJ /nonexistent/dir/out.json 198.18.0.2
privilege	@NOBODY -sS -p 80 198.18.0.2
resume file '/nonexistent/resume'	--resume /nonexistent/resume
--resume takes a resume file	--resume /nonexistent/resume -p 80
-PS.*70000	-PS70000 198.18.0.2
-PA.*reversed	-PA90-80 198.18.0.2
-sn.*-p	-sn -p 80 198.18.0.2
-sn with -Pn	-sn -Pn 198.18.0.2
-Pn.*cannot be combined	-Pn -PE -p 80 198.18.0.2
more than a /8	-p 80 0.0.0.0/6
no such user 'nosuchuser0'	--user nosuchuser0 -Pn -p 80 198.18.0.2
--stats-every.*soon	--stats-every soon -p 80 198.18.0.2
/nonexistent/dir/x\.xml	-p 80 -oX /nonexistent/dir/x.xml 198.18.0.2
/nonexistent/dir/base	-p 80 -oA /nonexistent/dir/base 198.18.0.2
--version-intensity.*'10'.*0-9	-sV --version-intensity 10 -p 80 198.18.0.2
--version-intensity.*'-1'	-sV --version-intensity -1 -p 80 198.18.0.2
--version-intensity.*'x'	-sV --version-intensity x -p 80 198.18.0.2
needs a value	-sV -p 80 198.18.0.2 --version-intensity
--max-parallelism.*'0'	-sT --max-parallelism 0 -p 80 198.18.0.2
--max-parallelism.*'abc'	-sT --max-parallelism abc -p 80 198.18.0.2
--max-parallelism.*'100001'	--max-parallelism 100001 -p 80 198.18.0.2
-sS and -sT cannot be combined	-sS -sT -p 80 198.18.0.2
-sn.*cannot be combined with -sT	-sn -sT 198.18.0.2
-sn.*cannot be combined with -sS	-sn -sS 198.18.0.2
-sn.*cannot be combined with -sV	-sn -sV 198.18.0.2
-sT does no host discovery	-sT -PE -p 80 198.18.0.2
--send-rst needs the SYN scan	-sT --send-rst -p 80 198.18.0.2
-PE.*need root privileges.*-sn connects to ports 80 and 443	@NOBODY -sn -PE 198.18.0.2
empty port list after 'U:'	@EXIT=2 -sU -p U: 198.18.0.2
invalid port '70000'	@EXIT=2 -sU -p U:70000 198.18.0.2
has no TCP port	@EXIT=2 -p U:53 198.18.0.2
UDP scan \(-sU\) needs root	@EXIT=2 @NOBODY -sU -p 53 198.18.0.2
-sS and -sT cannot be combined	@EXIT=2 -sU -sT -sS -p 53 198.18.0.2
--data 'zz': not a hex byte	@EXIT=2 -sU --data zz -p 53 198.18.0.2
--data-length '2000'	@EXIT=2 -sU --data-length 2000 -p 53 198.18.0.2
a UDP payload is at most 1452	@EXIT=2 -6 -sU --data-length 1460 -p 53 fd00::2
-6 cannot be combined with -PP	@EXIT=2 -6 -sn -PP fd00::2
invalid port '70000'	@EXIT=2 -6 -sU -p U:70000 fd00::2
UDP scan \(-sU\) needs root	@EXIT=2 @NOBODY -6 -sU -p 53 fd00::2
-T.*'6'.*0-5	-T6 -p 80 198.18.0.2
-T.*'foo'	-Tfoo -p 80 198.18.0.2
-T.*'9'	-T 9 -p 80 198.18.0.2
--min-rate.*above --max-rate	--min-rate 2000 --max-rate 1000 -p 80 198.18.0.2
--min-rtt-timeout.*above --max-rtt-timeout	--min-rtt-timeout 2s --max-rtt-timeout 1s -p 80 198.18.0.2
--initial-rtt-timeout.*above --max-rtt-timeout	--max-rtt-timeout 1s --initial-rtt-timeout 5s -p 80 198.18.0.2
--host-timeout.*'5x'	--host-timeout 5x -p 80 198.18.0.2
--scan-delay.*'-1'	--scan-delay -1 -p 80 198.18.0.2
--max-scan-delay.*'1q'	--max-scan-delay 1q -p 80 198.18.0.2
--max-rtt-timeout.*'0'	--max-rtt-timeout 0 -p 80 198.18.0.2
--shard.*0/3	-p 80 --shard 0/3 198.18.0.2
--shard.*4/3	-p 80 --shard 4/3 198.18.0.2
--shards.*'0'	-p 80 --shards 0 198.18.0.2
--shard 3 is out of range for --shards 3	-p 80 --shards 3 --shard 3 198.18.0.2
--shard 2 needs --shards	-p 80 --shard 2 198.18.0.2
resume file 'old.resume' has no format line	--resume old.resume
resume file 'truncated.resume' is truncated	--resume truncated.resume
resume file 'future.resume' is of format 9	--resume future.resume
--shard.*5/4	@EXIT=2 -p 80 --shard 5/4 198.18.0.2
--shards.*'0'	@EXIT=2 -p 80 --shards 0 --shard 0 198.18.0.2
--merge needs the shards' -oJ files	@EXIT=2 --merge
--merge needs the shards' -oJ files	@EXIT=2 --merge -oX merged.xml
^xdpmap: /nonexistent/s\.json: cannot read	@EXIT=2 --merge /nonexistent/s.json
^xdpmap: cut\.json: line 2 is cut	@EXIT=2 --merge cut.json
^xdpmap: nosummary\.json: no summary line	@EXIT=2 --merge nosummary.json
^xdpmap: garbage\.json: line 1: column 1	@EXIT=2 --merge garbage.json
^xdpmap: empty\.json: no summary	@EXIT=2 --merge empty.json
^xdpmap: b2\.json: not a shard of the same scan as a1\.json	@EXIT=2 --merge a1.json b2.json
^xdpmap: a2s\.json: not a shard of the same scan as a1\.json \(the seed	@EXIT=2 --merge a1.json a2s.json
shard 2/2 is missing.*a1\.json	@EXIT=2 --merge a1.json
^xdpmap: a1\.json: shard 1/2 again	@EXIT=2 --merge a1.json a1.json a2.json
--merge takes shard files.*'-sS'	@EXIT=2 --merge a1.json a2.json -sS
--merge must be the first argument	@EXIT=2 -p 80 198.18.0.2 --merge a1.json
EOF
)

NTESTS=$(printf '%s\n' "$CASES" | grep -c .)
. tests/lib/tap.sh

if [ "$(id -u)" -ne 0 ] || [ ! -x "$XDPMAP" ]; then
	bail "needs root and a built $XDPMAP"
fi

# A fresh topology: -e, -S, routes and privileges are then judged against namespaces this test
# owns, and no invocation, however wrong, can touch the host's network.
P=xb$$
SNS=$(topo_scan_ns "$P")
WORK=$(mktemp -d /tmp/xdpmap-bad-inv.XXXXXX)
chmod 755 "$WORK"
# Resume files: one of an older layout, one cut short, one of a newer format.
printf 'seed 1\nindex 5\narg 78646d6170\narg 2d7038300a\n' >"$WORK/old.resume"
printf 'format 1\nseed 1\nindex 5\narg 78646d6170\n' >"$WORK/truncated.resume"
printf 'format 9\nseed 1\nindex 5\nend\n' >"$WORK/future.resume"
chmod 644 "$WORK"/*.resume
# -oJ shard files for --merge: two shards of one scan (a1, a2), one of another (b2), one of the
# same command line with another seed (a2s), and broken ones.
shard_summary() { # SHARD SCAN_ID SEED
	printf '{"summary":{"scanner":"xdpmap","start":1.0,"end":2.0,"probes":1,"lost_replies":0,'
	printf '"seed":%s,"shard":%s,"shards":2,"scan_id":"%s",' "$3" "$1" "$2"
	printf '"argv":["xdpmap","-p","80","198.18.0.2"],"exit":"success"}}\n'
}
shard_summary 0 aaaa 1 >"$WORK/a1.json"
shard_summary 1 aaaa 1 >"$WORK/a2.json"
shard_summary 1 bbbb 1 >"$WORK/b2.json"
shard_summary 1 aaaa 2 >"$WORK/a2s.json"
{ printf '{"ip":"198.18.0.2","host":"up","reason":"arp-response","ttl":0,"timestamp":1.5}\n'
  shard_summary 0 aaaa 1 | head -c 100; } >"$WORK/cut.json"
printf '{"ip":"198.18.0.2","host":"up","reason":"arp-response","ttl":0,"timestamp":1.5}\n' \
	>"$WORK/nosummary.json"
printf 'not json\n' >"$WORK/garbage.json"
: >"$WORK/empty.json"
chmod 644 "$WORK"/*.json
cleanup() {
	topo_down "$P"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
topo_up "$P" || bail "topology setup failed"

while IFS=$'\t' read -r expect args; do
	[ -n "$expect" ] || continue
	read -r -a argv <<<"$args"
	# "-p  198.18.0.2" means an empty port list: keep the empty argument.
	case $args in "-p  "*) argv=(-p "" "${argv[@]:1}") ;; esac
	runner=(ip netns exec "$SNS")
	want_rc=
	case ${argv[0]:-} in @EXIT=*)
		want_rc=${argv[0]#@EXIT=}
		argv=("${argv[@]:1}") ;;
	esac
	nobody=
	if [ "${argv[0]:-}" = "@NOBODY" ]; then
		nobody=1
		argv=("${argv[@]:1}")
		runner+=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all
			 --bounding-set=-all)
	fi
	# Bounded: a bad invocation that starts scanning anyway is killed after 10 s.
	(cd "$WORK" && timeout -s KILL 10 "${runner[@]}" "$XDPMAP_ABS" "${argv[@]}" \
		>"$WORK/out" 2>"$WORK/err" </dev/null)
	rc=$?
	nlines=$(wc -l <"$WORK/err")
	[ -s "$WORK/err" ] && [ -n "$(tail -c 1 "$WORK/err")" ] && nlines=$((nlines + 1))
	why=
	if [ $rc -eq 0 ]; then
		why="exit status 0"
	elif [ $rc -ge 128 ]; then
		why="exit status $rc (signal $((rc - 128)))"
	elif [ -n "$want_rc" ] && [ "$rc" -ne "$want_rc" ]; then
		why="exit status $rc, expected $want_rc"
	elif [ "$nlines" -ne 1 ]; then
		why="$nlines lines on stderr, expected 1"
	elif ! head -n 1 "$WORK/err" | grep -q '^xdpmap: '; then
		why="stderr does not start with 'xdpmap: '"
	elif ! grep -Eqi -- "$expect" "$WORK/err"; then
		why="stderr does not match /$expect/i"
	fi
	desc="xdpmap ${argv[*]}"
	[ -n "$nobody" ] && desc="(as nobody) $desc"
	if [ -z "$why" ]; then
		ok 0 "$desc -> exit $rc: $(head -c 200 "$WORK/err")"
	else
		ok 1 "$desc: $why"
		sed 's/^/#   stderr: /' "$WORK/err" | head -n 10
		[ -s "$WORK/out" ] && sed 's/^/#   stdout: /' "$WORK/out" | head -n 5
	fi
done <<<"$CASES"

finish
