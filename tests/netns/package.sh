#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of the Debian package: dpkg-buildpackage -us -uc -b in a copy of the source tree
# (never in this tree's build/), the .deb's files and declared dependencies, an install into a
# scratch root with dpkg -x whose binary runs, and lintian with no error or warning.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh
for tool in dpkg-buildpackage dh lintian dpkg-deb; do
	command -v "$tool" >/dev/null || skip_all "no $tool: run 'make test-deps' as root"
done
W=$(mktemp -d /tmp/xdpmap-package.XXXXXX)
chmod 755 "$W"
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM
SRC=$W/xdpmap-0.1.0

# The tracked and new files of the working tree, without build output.
mkdir "$SRC"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -co --exclude-standard | grep -v '^build/' | tar -cf - -T - | tar -xf - -C "$SRC"
else
	tar -cf - --exclude=./build . | tar -xf - -C "$SRC"
fi
(cd "$SRC" && timeout 900 dpkg-buildpackage -us -uc -b) >"$W/build.log" 2>&1
rc=$?
DEB=$(ls "$W"/xdpmap_*.deb 2>/dev/null | head -n 1)
ok $([ $rc -eq 0 ] && [ -n "$DEB" ] && echo 0 || echo 1) \
	"dpkg-buildpackage -us -uc -b builds $(basename "${DEB:-no .deb}") (exit $rc)"
[ -n "$DEB" ] || { tail -n 20 "$W/build.log" | diag; bail "no package"; }

dpkg-deb -c "$DEB" | awk '{ print $6 }' >"$W/files"
missing=
for f in ./usr/bin/xdpmap ./usr/share/man/man1/xdpmap.1.gz ./usr/share/xdpmap/service-probes \
	 ./usr/share/xdpmap/blocklist.conf ./usr/share/xdpmap/udp-payloads \
	 ./usr/share/man/man5/xdpmap-service-probes.5.gz \
	 ./usr/share/bash-completion/completions/xdpmap ./usr/share/doc/xdpmap/copyright; do
	grep -qxF "$f" "$W/files" || missing="$missing $f"
done
ok $([ -z "$missing" ] && echo 0 || echo 1) "binary, man pages, data, completion, copyright:${missing:- all there}"
# Every file 'make install' installs is in the package (man pages gzipped there), whatever
# data files later changes add to the install target.
make --no-print-directory -s -C "$SRC" install DESTDIR="$W/mi" PREFIX=/usr >"$W/mi.log" 2>&1
notin=$(cd "$W/mi" && find . -type f | sed -E 's|^(\./usr/share/man/.*)$|\1.gz|' | sort |
	while read -r f; do grep -qxF "$f" "$W/files" || echo "$f"; done)
n=$(find "$W/mi" -type f | wc -l)
ok $([ "$n" -ge 7 ] && [ -z "$notin" ] && echo 0 || echo 1) \
	"the .deb holds all $n files of 'make install'; missing: '$notin' $(tail -n 1 "$W/mi.log")"
deps=$(dpkg-deb -f "$DEB" Depends)
ok $(for lib in libbpf libxdp libmnl libpcre2-8 libssl libc6 iproute2; do
	echo "$deps" | grep -q "$lib" || exit 1; done && echo 0 || echo 1) "runtime dependencies declared: $deps"
ok $([ "$(dpkg-deb -f "$DEB" Recommends)" = ieee-data ] && echo 0 || echo 1) \
	"ieee-data (MAC vendors) recommended"

dpkg -x "$DEB" "$W/root"
ver=$("$W/root/usr/bin/xdpmap" --version 2>&1)
ok $([ "$ver" = "xdpmap version $(sed -n 's/^xdpmap (\(.*\)).*/\1/p' debian/changelog | head -n 1)" ] &&
	echo 0 || echo 1) "installed with dpkg -x into a scratch root, the binary runs: $ver"
# Its data files are found next to it (share/xdpmap), not in the source tree.
"$W/root/usr/bin/xdpmap" -sL -n --exclude 1.2.3.4 0.0.0.0/7 2>"$W/bl.err" | head -n 2 >/dev/null
ok $(grep -q "blocklist $W/root/usr/bin/../share/xdpmap/blocklist.conf: removed" "$W/bl.err" &&
	echo 0 || echo 1) "the installed binary finds its blocklist: $(head -n 1 "$W/bl.err")"
zcat "$W/root/usr/share/man/man1/xdpmap.1.gz" | grep -q -- 'top\\-ports'
ok $? "the man page documents --top-ports"

# lintian as an unprivileged user (it warns when run as root), on copies it can read.
chmod -R a+rX "$W"
runner=()
[ "$(id -u)" -eq 0 ] && runner=(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$W")
(cd "$W" && "${runner[@]}" lintian --tag-display-limit 0 ./*.changes) >"$W/lintian.log" 2>&1
ok $(! grep -q '^[EW]: ' "$W/lintian.log" && echo 0 || echo 1) \
	"lintian: no error or warning ($(grep -c '^[EWI]: ' "$W/lintian.log") tags)"
grep '^[EW]: ' "$W/lintian.log" | diag 20
finish
