#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Checks or installs the Debian packages of one or more sets: build, demo, test, bench.
#
#   tools/deps.sh --check SET...   list what is missing on one line and exit 1; never installs
#   tools/deps.sh SET...           install what is missing (as root); skips what is present
#
# build: compile xdpmap and run it ('make deps'); demo: the extra tools of 'make demo';
# test: what the test tiers use ('make test-deps'), among them unit (cmocka, for the test
# binaries) and fuzz (libFuzzer); bench: the benchmark peers ('make bench-deps').
set -euo pipefail

# The libFuzzer runtime matches the clang major version (Debian: libclang-rt-N-dev).
clang_rt() {
	local v
	v=$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
	echo "libclang-rt-${v:-14}-dev"
}

# The servers of the -sV tests and bench (tests/netns/service_bench.sh): the tests start them
# in a namespace, never as host services.
SERVERS=(openssh-server openssh-client openssl nginx-light redis-server memcached postgresql
	 mariadb-server exim4-daemon-light vsftpd dovecot-imapd dovecot-pop3d mosquitto kamailio
	 dnsmasq-base slapd samba rpcbind tigervnc-standalone-server ngircd prosody lua-unbound
	 erlang-base git rsync subversion distcc dictd dict-gcide mpd leafnode cups-daemon lighttpd
	 apache2 tinyproxy bind9 unbound haproxy prometheus-node-exporter)

# pkgs SET: the packages of SET, one per line.
pkgs() {
	case $1 in
	build)
		printf '%s\n' make gcc libc6-dev clang llvm pkg-config bpftool libbpf-dev libxdp-dev \
			libelf-dev zlib1g-dev libmnl-dev libpcre2-dev libssl-dev linux-libc-dev \
			iproute2 netbase ieee-data ;;
	demo)
		printf '%s\n' python3 nftables procps ;;
	unit)
		printf '%s\n' libcmocka-dev ;;
	fuzz)
		clang_rt ;;
	test)
		# cmocka builds tests/unit and tests/bpf; prove (perl) runs every tier; the rest
		# is what tests/netns uses: nmap, ndiff, xmllint, xsltproc and python3-libnmap
		# for the output checks, and the servers of the -sV tests.
		pkgs unit
		pkgs fuzz
		# tests/netns/slurm.sh starts a single-node Slurm of its own (slurm-wlm's daemons
		# and client, munge), by PID, never as host services.
		# tests/netns/package.sh builds the .deb (debhelper, dpkg-dev) and checks it (lintian);
		# tests/netns/measure.sh counts -oJ's write() calls with strace.
		printf '%s\n' perl python3 python3-libnmap nftables debhelper dpkg-dev lintian \
			iptables ethtool procps iputils-ping util-linux bsdutils tcpdump time bc jq \
			groff-base nmap ndiff libxml2-utils xsltproc slurmctld slurmd slurm-client munge \
			snmpd chrony strace \
			"${SERVERS[@]}" ;;
	bench)
		printf '%s\n' nmap masscan zmap gnuplot-nox python3 bc time iptables ethtool \
			rabbitmq-server squid varnish "${SERVERS[@]}" ;;
	*)
		echo "deps: unknown package set '$1' (build, demo, test, bench, unit, fuzz)" >&2
		exit 2 ;;
	esac
}

# target SET: the make target that installs SET.
target() {
	case $1 in
	build) echo deps ;;
	unit | fuzz | test) echo test-deps ;;
	*) echo "$1-deps" ;;
	esac
}

check=0
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
[ $# -gt 0 ] || { echo "usage: $0 [--check] build|demo|test|bench|unit|fuzz..." >&2; exit 2; }

# Without dpkg (not Debian) the names mean nothing: a build goes ahead, an install cannot.
if ! command -v dpkg-query >/dev/null 2>&1; then
	[ $check -eq 1 ] && exit 0
	echo "deps: no dpkg-query: install the equivalents of the Debian packages of '$*' by hand" >&2
	exit 1
fi

# installed PKG: whether dpkg has PKG installed.
installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# missing: each package once; targets: the make targets of the sets that miss some.
missing=()
targets=()
for set in "$@"; do
	pkgs "$set" >/dev/null
	for p in $(pkgs "$set"); do
		installed "$p" && continue
		[[ " ${missing[*]} " == *" $p "* ]] || missing+=("$p")
		t=$(target "$set")
		[[ " ${targets[*]} " == *" $t "* ]] || targets+=("$t")
	done
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ $check -eq 1 ] || [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}: run 'make ${targets[*]}' as root" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
apt-get update -qq
# The servers must not start on the host: while installing, policy-rc.d denies every init
# script (exit 101), as Debian's invoke-rc.d documents; an existing policy is kept.
policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
