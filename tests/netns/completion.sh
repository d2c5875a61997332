#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of the bash completion (tools/completion/xdpmap.bash): sourced, it completes options
# from the binary's --list-options, interface names after -e (in a namespace of its own) and
# file names after options that take a file; 'make install' puts it where bash-completion looks.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
. tests/lib/tap.sh
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"
W=$(mktemp -d /tmp/xdpmap-completion.XXXXXX)
NS=xc$$-ns
cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# complete WORD...: COMPREPLY for the last word, in a fresh bash that sourced the script.
complete_words() {
	bash -c '. tools/completion/xdpmap.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _xdpmap
		printf "%s\n" "${COMPREPLY[@]}"' complete "$@"
}

got=$(complete_words "$XDPMAP" --top)
ok $([ "$got" = --top-ports ] && echo 0 || echo 1) "--top completes to --top-ports: '$got'"
got=$(complete_words "$XDPMAP" -o | sort | tr '\n' ' ')
ok $([ "$got" = "-oA -oC -oG -oJ -oN -oX " ] && echo 0 || echo 1) "-o offers the output formats: $got"
got=$(complete_words "$XDPMAP" --no-b)
ok $([ "$got" = --no-blocklist ] && echo 0 || echo 1) "an option of this issue: '$got'"
n=$("$XDPMAP" --list-options | wc -l)
h=$("$XDPMAP" --help | grep -c '^  -')
ok $([ "$n" -gt "$h" ] && ! "$XDPMAP" --help | grep -q -- --list-options && echo 0 || echo 1) \
	"--list-options lists every option ($n lines; --help has $h option lines) and is not in --help"
touch "$W/targets-a.txt" "$W/targets-b.txt"
# every option whose --help value is a file completes file names (those other issues added too)
lst=$("$XDPMAP" --list-options)
bad=$("$XDPMAP" --help | sed -nE 's/^  (-[^ ]+) <(file|path\/URL)>:.*/\1/p' | tr '/' '\n' |
	sed -E 's/^o([A-Z])$/-o\1/' | while read -r o; do
		grep -qx -- "$o file" <<<"$lst" || echo "$o"
	done)
n=$("$XDPMAP" --help | grep -cE '^  -[^ ]+ <(file|path/URL)>:')
ok $([ -z "$bad" ] && [ "$n" -ge 10 ] && echo 0 || echo 1) \
	"the $n --help options of a <file> are 'file' in --list-options; not: '$bad'"
got=$(complete_words "$XDPMAP" -s | sort | tr '\n' ' ')
ok $([ "$got" = "-sL -sS -sT -sU -sV -sn " ] && echo 0 || echo 1) "-s offers the scan types: $got"
got=$(complete_words "$XDPMAP" --versi | sort | tr '\n' ' ')
ok $([ "$got" = "--version --version-all --version-intensity --version-light --version-timeout --versiondb " ] &&
	[ "$(complete_words "$XDPMAP" --meta)" = --metadata-file ] &&
	[ "$(complete_words "$XDPMAP" -6)" = -6 ] && echo 0 || echo 1) \
	"options of other issues: --versi -> $got; --meta, -6"
got=$(complete_words "$XDPMAP" -iL "$W/targets-" | sort | tr '\n' ' ')
ok $([ "$got" = "$W/targets-a.txt $W/targets-b.txt " ] && echo 0 || echo 1) "-iL completes file names: $got"
got=$(complete_words "$XDPMAP" --versiondb "$W/targets-" | sort | tr '\n' ' ')
ok $([ "$got" = "$W/targets-a.txt $W/targets-b.txt " ] && echo 0 || echo 1) \
	"--versiondb completes file names: $got"
got=$(complete_words "$XDPMAP" --max-rate 1)
ok $([ -z "$got" ] && echo 0 || echo 1) "a number is not completed with file names: '$got'"
if [ "$(id -u)" -eq 0 ]; then
	ip netns add "$NS" && ip -n "$NS" link add xcveth$$ type veth peer name xcpeer$$
	got=$(ip netns exec "$NS" bash -c '. tools/completion/xdpmap.bash
		COMP_WORDS=("$1" -e xc); COMP_CWORD=2; _xdpmap; printf "%s\n" "${COMPREPLY[@]}"' \
		complete "$XDPMAP" | sort | tr '\n' ' ')
	ok $([ "$got" = "xcpeer$$ xcveth$$ " ] && echo 0 || echo 1) "-e completes interface names: $got"
	san=; [ "${BUILD:-build}" = build/san ] && san=SANITIZE=1
	make --no-print-directory -s install $san DESTDIR="$W/root" PREFIX=/usr >"$W/install.log" 2>&1
	ok $([ -f "$W/root/usr/share/bash-completion/completions/xdpmap" ] &&
		cmp -s "$W/root/usr/share/bash-completion/completions/xdpmap" tools/completion/xdpmap.bash &&
		[ -f "$W/root/usr/share/xdpmap/blocklist.conf" ] && echo 0 || echo 1) \
		"make install puts the completion in share/bash-completion/completions: $(tail -1 "$W/install.log")"
else
	skip "-e completes interface names" "needs root for a namespace"
	skip "make install" "needs root"
fi
finish
