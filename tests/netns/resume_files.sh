#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of resume files as a trust boundary: made before the drop, private, checked on load, removed.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
. tools/netns-topo.sh

NTESTS=9
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"
XDPMAP_ABS=$(readlink -f "$XDPMAP")

P=xq$$
SNS=$(topo_scan_ns "$P")
W=$(mktemp -d /tmp/xdpmap-rfiles.XXXXXX)
chmod 1777 "$W" # a sticky, world-writable TMPDIR, as /tmp
cleanup() {
	topo_down "$P"
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
topo_up "$P" || bail "topology"
topo_listen "$P" 22 || bail "listener"

scan() { ip netns exec "$SNS" env TMPDIR="$W" timeout 60 "$XDPMAP_ABS" "$@"; }
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
resume_dirs() { find "$W" -maxdepth 1 -name 'xdpmap-resume.*' | wc -l; }

# ---- 1: a scan that ends normally leaves no resume file behind ----
scan -n -Pn -p 20-30 198.18.0.2 >/dev/null 2>&1
ok $([ "$(resume_dirs)" -eq 0 ] && echo 0 || echo 1) "a finished scan leaves no resume file"

# ---- 2-3: an interrupted scan's file: root's, 0600, in a private directory ----
ip netns exec "$SNS" env TMPDIR="$W" timeout 60 "$XDPMAP_ABS" -n -Pn --max-rate 2000 -p 1-20000 \
	198.18.0.2 >/dev/null 2>"$W/int.err" &
pid=$!
sleep 1.5
kill -INT "$pid"
wait "$pid"
rfile=$(grep -o "$W/xdpmap-resume\.[^ ]*" "$W/int.err" | head -1)
read -r mode owner < <(stat -c '%a %u' "$rfile" 2>/dev/null)
ok $([ -n "$rfile" ] && [ "$mode" = 600 ] && [ "$owner" = 0 ] && echo 0 || echo 1) \
	"the resume file is root's, mode 600: ${rfile:-none} ($mode, uid $owner)"
dmode=$(stat -c '%a' "$(dirname "$rfile")" 2>/dev/null)
ok $([ "$dmode" = 700 ] && echo 0 || echo 1) "its directory is private (mode $dmode)"

# ---- 4: nobody cannot rewrite it ----
nobody sh -c "echo 'arg 2d6f4e' >> '$rfile'" 2>/dev/null
ok $([ $? -ne 0 ] && grep -q '^end$' "$rfile" && echo 0 || echo 1) "nobody cannot write into it"

# ---- 5-6: a file nobody planted is refused, and names no output that gets written ----
victim=$W/victim
echo "root's file" >"$victim"
chmod 600 "$victim"
planted=$W/planted
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
nobody sh -c "umask 077; { echo 'format 1'; echo 'seed 1'; echo 'index 0';
	for a in xdpmap -n -Pn -p 22 -oN '$victim' 198.18.0.2; do
		printf 'arg %s\n' \"\$(printf '%s' \"\$a\" | od -An -tx1 | tr -d ' \n')\"; done
	echo end; } > '$planted'"
scan --resume "$planted" >/dev/null 2>"$W/planted.err"
rc=$?
ok $([ $rc -eq 2 ] && grep -q 'refused' "$W/planted.err" && echo 0 || echo 1) \
	"a resume file owned by nobody is refused (exit $rc): $(head -1 "$W/planted.err")"
ok $([ "$(cat "$victim")" = "root's file" ] && echo 0 || echo 1) "the file it named is unchanged"

# ---- 7: a symbolic link is refused ----
ln -s "$rfile" "$W/link"
scan --resume "$W/link" >/dev/null 2>"$W/link.err"
rc=$?
ok $([ $rc -eq 2 ] && grep -q 'symbolic link' "$W/link.err" && echo 0 || echo 1) \
	"a symlinked resume file is refused (exit $rc)"

# ---- 8-9: the real file resumes, and the finished scan removes it ----
scan --resume "$rfile" >"$W/resumed.out" 2>"$W/resumed.err"
ok $? "the interrupted scan resumes (exit 0)"
ok $([ ! -e "$rfile" ] && [ "$(resume_dirs)" -eq 0 ] && echo 0 || echo 1) \
	"the finished resumed scan removed the file it consumed ($(resume_dirs) left)"
exit $((FAILED > 0))
