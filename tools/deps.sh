#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Installs the Debian packages xdpmap needs to build and test; skips what is present.
set -euo pipefail
PKGS=(make gcc clang llvm pkg-config bpftool libbpf-dev libxdp-dev libelf-dev zlib1g-dev
      libmnl-dev libpcre2-dev libssl-dev libcmocka-dev linux-libc-dev netbase perl
      iproute2 nftables iptables ethtool python3 procps iputils-ping util-linux tcpdump time
      # test and benchmark peers
      nmap masscan zmap gnuplot-nox libxml2-utils xsltproc ndiff)
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
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
