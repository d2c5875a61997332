#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of how output files are opened as root: no symbolic link followed, no planted file used.
set -u

cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
XDPMAP_ABS=$(readlink -f "$XDPMAP" 2>/dev/null || echo "$XDPMAP")
# shellcheck source=tools/netns-topo.sh
. tools/netns-topo.sh
TGT=$TOPO_TGT_ADDR
NOBODY=65534
TAP_DIAG_MAX=10
. tests/lib/tap.sh

if [ "$(id -u)" -ne 0 ] || [ ! -x "$XDPMAP" ]; then
	bail "needs root and a built $XDPMAP"
fi

P=xs$$
SNS=$(topo_scan_ns "$P")
W=$(mktemp -d /tmp/xdpmap-security.XXXXXX)
cleanup() {
	topo_down "$P"
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
topo_up "$P" || bail "topology setup failed"

# $W/sticky is a /tmp of our own (mode 1777); $W/secret, root's 0600 file, is the prize.
chmod 755 "$W"
mkdir -m 1777 "$W/sticky"
S=$W/sticky
printf 'root only\n' >"$W/secret"
chmod 600 "$W/secret"
cp -p "$W/secret" "$W/secret.orig"
as_nobody() { setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups "$@"; }

# scan NAME ARGS...: xdpmap as root in the scanner namespace (at most 20 s); stdout and stderr
# to $W/NAME.out and $W/NAME.err; returns its exit status.
scan() {
	local name=$1
	shift
	timeout -s KILL 20 ip netns exec "$SNS" "$XDPMAP_ABS" "$@" \
		>"$W/$name.out" 2>"$W/$name.err" </dev/null
}

# refused NAME REGEX DESC: the scan NAME failed (1..127) with one stderr line matching REGEX.
refused() {
	local rc=$1 name=$2 re=$3 desc=$4 st=0

	[ "$rc" -ge 1 ] && [ "$rc" -lt 128 ] || st=1
	[ "$(wc -l <"$W/$name.err")" -eq 1 ] || st=1
	grep -Eq -- "^xdpmap: .*$re" "$W/$name.err" || st=1
	[ $st -eq 0 ] || { echo "# exit $rc"; diag <"$W/$name.err"; }
	ok $st "$desc: $(head -c 160 "$W/$name.err")"
}

# The prize must come out of every attempt as it went in: bytes, mode and owner.
secret_intact() {
	cmp -s "$W/secret" "$W/secret.orig" &&
		[ "$(stat -c '%a %u' "$W/secret")" = "600 0" ]
}

# ---- 1-5: a symbolic link planted by another user in a sticky directory ----------------------
for opt in -oN -oX -oG -oJ; do
	as_nobody ln -s "$W/secret" "$S/link$opt"
	scan "link$opt" -Pn -p 80 "$opt" "$S/link$opt" "$TGT"
	refused $? "link$opt" "'$S/link$opt'.*symbolic link" "$opt through nobody's symlink is refused"
done
as_nobody ln -s "$W/secret" "$S/base.xml"
scan linkA -Pn -p 80 -oA "$S/base" "$TGT"
refused $? linkA "'$S/base\.xml'.*symbolic link" "-oA with base.xml a symlink is refused"

# ---- 6: the prize is untouched ------------------------------------------------------------------
secret_intact
ok $? "root's 0600 file is unchanged (bytes, mode 600, owner root)"

# ---- 7: a symlink is refused anywhere, not only in sticky directories ---------------------------
ln -s "$W/secret" "$W/rootlink.nmap"
scan rootlink -Pn -p 80 -oN "$W/rootlink.nmap" "$TGT"
refused $? rootlink "symbolic link" "a symlink in a root-only directory is refused too"

# ---- 8-9: a regular file planted by another user in a sticky directory --------------------------
as_nobody sh -c "printf 'theirs\n' >'$S/planted.xml'"
scan planted -Pn -p 80 -oX "$S/planted.xml" "$TGT"
refused $? planted "'$S/planted\.xml'.*belongs to uid $NOBODY" \
	"nobody's file in a sticky directory is refused"
[ "$(cat "$S/planted.xml")" = theirs ] && [ "$(stat -c %u "$S/planted.xml")" = $NOBODY ]
ok $? "nobody's file is left as it was"

# ---- 10-11: root's own file in the sticky directory, and a new one, are written -----------------
printf 'stale report, longer than the new one would be if it were appended to........\n%.0s' \
	$(seq 1 200) >"$S/mine.nmap"
scan mine -Pn -p 80 --wait 0.2 -oN "$S/mine.nmap" -oJ "$S/new.json" "$TGT"
rc=$?
st=0
[ $rc -eq 0 ] && ! grep -q 'stale report' "$S/mine.nmap" && grep -q '^# xdpmap' "$S/mine.nmap" ||
	st=1
[ $st -eq 0 ] || { echo "# exit $rc"; diag <"$W/mine.err"; }
ok $st "root's own file in a sticky directory is truncated and rewritten"
[ $rc -eq 0 ] && [ -s "$S/new.json" ] && [ "$(stat -c %u "$S/new.json")" = 0 ]
ok $? "a new file in a sticky directory is created, owned by root"

finish
