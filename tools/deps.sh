#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Installs the Debian packages xdpmap needs to build and test; skips what is present.
set -euo pipefail
PKGS=(make gcc clang llvm pkg-config bpftool libbpf-dev libxdp-dev libelf-dev zlib1g-dev
      libmnl-dev libpcre2-dev libssl-dev libcmocka-dev linux-libc-dev netbase perl
      libclang-rt-14-dev
      iproute2 nftables iptables ethtool python3 procps iputils-ping util-linux tcpdump time
      # test and benchmark peers
      nmap masscan zmap gnuplot-nox libxml2-utils xsltproc ndiff
      # the -sV service bench (tests/service_bench.sh): started by the tests, never as services
      openssh-server openssh-client openssl nginx-light redis-server memcached postgresql
      mariadb-server exim4-daemon-light vsftpd dovecot-imapd dovecot-pop3d mosquitto kamailio
      dnsmasq-base bc)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages (${missing[*]}) and not root: run 'make deps' as root" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
apt-get update -qq
# The bench's servers must not start on the host: while installing, policy-rc.d denies every
# init script (exit 101), as Debian's invoke-rc.d documents; an existing policy is kept.
policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
