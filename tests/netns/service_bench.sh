#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# -sV bench (TAP): real Debian servers started in the foreground in a target namespace, each named.
#
# Every server runs with a configuration under a temporary directory, in namespace $P-tgt
# (198.18.0.2); the scanner runs in $P-scan. Servers whose package is missing are SKIPPED.
# Sourced with SVB_LIB=1 (tools/bench-sv.sh), only the functions are defined.
# The packages come from tools/deps.sh; their init scripts never start on the host because
# policy-rc.d denies it during installation (see README, "Service bench").
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tools/netns-topo.sh
. tests/lib/svc_servers.sh
BUILD=${BUILD:-build}
# -sV's database: the tree's (a build under build/san/ finds no data/ next to it).
export XDPMAP_SERVICE_PROBES=${XDPMAP_SERVICE_PROBES:-$PWD/data/service-probes}
TGT=198.18.0.2

# name|port|expected service|expected product (ERE)|expected version (ERE, '' = none asserted)
SVB_EXPECT=(
	"sshd|22|ssh|OpenSSH|[0-9]+\.[0-9]+p[0-9]"
	"sshd|2222|ssh|OpenSSH|[0-9]+\.[0-9]+p[0-9]"
	"nginx|80|http|nginx|1\.[0-9]+\.[0-9]+"
	"nginx|32566|http|nginx|1\.[0-9]+\.[0-9]+"
	"nginx|443|ssl/http|nginx|1\.[0-9]+\.[0-9]+"
	"nginx|8443|ssl/http|nginx|1\.[0-9]+\.[0-9]+"
	"redis|6379|redis|Redis key-value store|7\.[0-9.]+"
	"redis|7777|redis|Redis key-value store|7\.[0-9.]+"
	"memcached|11211|memcached|Memcached|1\.[0-9.]+"
	"postgresql|5432|postgresql|PostgreSQL DB|"
	"mariadb|3306|mysql|MariaDB|"
	"exim4|25|smtp|Exim smtpd|4\.[0-9]+"
	"vsftpd|21|ftp|vsftpd|3\.[0-9.]+"
	"dovecot|143|imap|Dovecot imapd|"
	"dovecot|110|pop3|Dovecot pop3d|"
	"mosquitto|1883|mqtt|Mosquitto|2\.[0-9.]+"
	"kamailio|5060|sip|Kamailio SIP Server|5\.[0-9.]+"
	"dnsmasq|53|domain|dnsmasq|2\.[0-9]+"
	"silent|4444|unknown?|-|"
	"closer|4445|tcpwrapped|-|"
)
# The servers of tests/lib/svc_servers.sh: those of tier "test" always, all of them when
# SVB_TIER=bench (tools/bench-sv.sh).
SVB2_NAMES=" "
for e in "${SVB2_EXPECT[@]}"; do
	IFS='|' read -r name port svc prod ver _ tier <<<"$e"
	[ "$tier" = test ] || [ "${SVB_TIER:-test}" = bench ] || continue
	SVB_EXPECT+=("$name|$port|$svc|$prod|$ver")
	[[ "$SVB2_NAMES" == *" $name "* ]] || SVB2_NAMES+="$name "
done

svb_bg() { # NAME CMD...: run CMD in the target namespace, log to $SVB_DIR/NAME.log
	local name=$1; shift
	ip netns exec "$P-tgt" "$@" >>"$SVB_DIR/$name.log" 2>&1 </dev/null &
	TOPO_PIDS+=($!)
}

svb_sshd() {
	[ -x /usr/sbin/sshd ] || return 1
	mkdir -p /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$SVB_DIR/ssh_host_key" || return 1
	printf 'Port 22\nPort 2222\nListenAddress %s\nHostKey %s\nPidFile %s\nUsePAM no\n' \
		"$TGT" "$SVB_DIR/ssh_host_key" "$SVB_DIR/sshd.pid" >"$SVB_DIR/sshd_config"
	svb_bg sshd /usr/sbin/sshd -D -e -f "$SVB_DIR/sshd_config"
}

svb_nginx() {
	[ -x /usr/sbin/nginx ] || return 1
	local d=$SVB_DIR/nginx
	mkdir -p "$d"
	openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=bench.xdpmap.test \
		-keyout "$d/key.pem" -out "$d/cert.pem" >/dev/null 2>&1 || return 1
	cat >"$d/nginx.conf" <<EOF2
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $d; proxy_temp_path $d; fastcgi_temp_path $d;
	uwsgi_temp_path $d; scgi_temp_path $d;
	server {
		listen $TGT:80; listen $TGT:32566;
		listen $TGT:443 ssl; listen $TGT:8443 ssl;
		ssl_certificate $d/cert.pem; ssl_certificate_key $d/key.pem;
		location / { return 200 "bench\n"; }
	}
}
EOF2
	svb_bg nginx /usr/sbin/nginx -c "$d/nginx.conf" -g 'daemon off;'
}

svb_redis() {
	[ -x /usr/bin/redis-server ] || return 1
	local port
	for port in 6379 7777; do
		mkdir -p "$SVB_DIR/redis$port"
		svb_bg redis /usr/bin/redis-server --port $port --bind $TGT --protected-mode no \
			--save '' --appendonly no --dir "$SVB_DIR/redis$port" --daemonize no
	done
}

svb_memcached() {
	[ -x /usr/bin/memcached ] || return 1
	svb_bg memcached /usr/bin/memcached -u nobody -l $TGT -p 11211 -U 0
}

svb_postgresql() {
	local bin
	bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	[ -n "$bin" ] && [ -x "$bin/initdb" ] && id postgres >/dev/null 2>&1 || return 1
	mkdir -p "$SVB_DIR/pg" && chown postgres "$SVB_DIR/pg" && chmod 700 "$SVB_DIR/pg"
	chmod 755 "$SVB_DIR"
	runuser -u postgres -- "$bin/initdb" -A trust -D "$SVB_DIR/pg/data" >"$SVB_DIR/initdb.log" 2>&1 ||
		return 1
	svb_bg postgresql runuser -u postgres -- "$bin/postgres" -D "$SVB_DIR/pg/data" \
		-k "$SVB_DIR/pg" -c listen_addresses=$TGT -p 5432
}

svb_mariadb() {
	command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null || return 1
	local d=$SVB_DIR/mysql
	mkdir -p "$d"
	mariadb-install-db --no-defaults --datadir="$d/data" --user=root \
		--auth-root-authentication-method=normal --skip-test-db >"$SVB_DIR/mysql-install.log" 2>&1 ||
		return 1
	svb_bg mariadb mariadbd --no-defaults --datadir="$d/data" --user=root --port=3306 \
		--bind-address=$TGT --socket="$d/mysql.sock" --pid-file="$d/mysql.pid" \
		--skip-log-bin --innodb-buffer-pool-size=16M
}

svb_exim4() {
	[ -x /usr/sbin/exim4 ] || return 1
	svb_bg exim4 /usr/sbin/exim4 -bdf -oX "$TGT.25" -oP "$SVB_DIR/exim.pid"
}

svb_vsftpd() {
	[ -x /usr/sbin/vsftpd ] || return 1
	mkdir -p /var/run/vsftpd/empty
	printf 'listen=YES\nlisten_ipv6=NO\nbackground=NO\nlisten_address=%s\nlisten_port=21\nanonymous_enable=NO\nlocal_enable=YES\npam_service_name=vsftpd\nsecure_chroot_dir=/var/run/vsftpd/empty\nxferlog_enable=NO\n' \
		"$TGT" >"$SVB_DIR/vsftpd.conf"
	svb_bg vsftpd /usr/sbin/vsftpd "$SVB_DIR/vsftpd.conf"
}

svb_dovecot() {
	[ -x /usr/sbin/dovecot ] && [ -e /usr/lib/dovecot/imap ] && [ -e /usr/lib/dovecot/pop3 ] ||
		return 1
	mkdir -p "$SVB_DIR/dovecot"
	cat >"$SVB_DIR/dovecot.conf" <<EOF2
base_dir = $SVB_DIR/dovecot
state_dir = $SVB_DIR/dovecot
protocols = imap pop3
listen = $TGT
ssl = no
log_path = $SVB_DIR/dovecot.log
login_greeting = Dovecot (Debian) ready.
mail_location = maildir:$SVB_DIR/dovecot/mail
passdb {
  driver = static
  args = password=never-used
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$SVB_DIR/dovecot/home
}
EOF2
	svb_bg dovecot /usr/sbin/dovecot -F -c "$SVB_DIR/dovecot.conf"
}

svb_mosquitto() {
	[ -x /usr/sbin/mosquitto ] || return 1
	printf 'listener 1883 %s\nallow_anonymous true\npersistence false\nlog_dest stderr\n' \
		"$TGT" >"$SVB_DIR/mosquitto.conf"
	svb_bg mosquitto /usr/sbin/mosquitto -c "$SVB_DIR/mosquitto.conf"
}

svb_kamailio() {
	[ -x /usr/sbin/kamailio ] || return 1
	local mp
	mp=$(dirname "$(find /usr/lib -name sl.so -path '*kamailio*' 2>/dev/null | head -1)")
	[ -n "$mp" ] || return 1
	cat >"$SVB_DIR/kamailio.cfg" <<EOF2
#!KAMAILIO
listen=tcp:$TGT:5060
children=1
tcp_children=1
mpath="$mp/"
loadmodule "sl.so"
request_route {
	if (method == "OPTIONS") { sl_send_reply("200", "OK"); exit; }
	sl_send_reply("404", "Not here");
}
EOF2
	svb_bg kamailio /usr/sbin/kamailio -DD -E -f "$SVB_DIR/kamailio.cfg" -P "$SVB_DIR/kam.pid" \
		-Y "$SVB_DIR"
}

svb_dnsmasq() {
	[ -x /usr/sbin/dnsmasq ] || return 1
	svb_bg dnsmasq /usr/sbin/dnsmasq -k --conf-file=/dev/null --port=53 --listen-address=$TGT \
		--bind-interfaces --no-resolv --no-hosts --pid-file="$SVB_DIR/dnsmasq.pid" --user=root
}

# A listener that never says anything, and one that closes every connection at once.
svb_silent() {
	cat >"$SVB_DIR/odd.py" <<'PY'
import socket, sys, threading, time
def serve(port, close):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[1], port)); s.listen(64); held = []
    while True:
        c, _ = s.accept()
        if close: c.close()
        else: held = held[-200:] + [c]
threading.Thread(target=serve, args=(4444, False), daemon=True).start()
threading.Thread(target=serve, args=(4445, True), daemon=True).start()
time.sleep(900)
PY
	svb_bg odd python3 "$SVB_DIR/odd.py" $TGT
}
svb_closer() { return 0; }

# svb_up PREFIX: topology and every server that can run; fills SVB_SKIP with what cannot.
svb_up() {
	P=$1
	topo_up "$P" || return 1
	SVB_DIR=$(topo_dir "$P")
	SVB_SKIP=" "
	local s
	for s in sshd nginx redis memcached postgresql mariadb exim4 vsftpd dovecot mosquitto \
		kamailio dnsmasq silent closer; do
		"svb_$s" || SVB_SKIP+="$s "
	done
	for s in $SVB2_NAMES; do
		"svb2_$s" || SVB_SKIP+="$s "
	done
	SVB_PORTS=()
	local e name port
	for e in "${SVB_EXPECT[@]}"; do
		IFS='|' read -r name port _ <<<"$e"
		[[ "$SVB_SKIP" == *" $name "* ]] || SVB_PORTS+=("$port")
	done
	# Wait (bounded) for the listeners; a server that did not come up is reported as such.
	for _ in $(seq 1 ${SVB_WAIT_TENTHS:-150}); do
		local missing=0 up
		up=" $(ip netns exec "$P-tgt" ss -Hltn | awk '{sub(/.*:/, "", $4); print $4}' |
			tr '\n' ' ')"
		for port in "${SVB_PORTS[@]}"; do
			[[ "$up" == *" $port "* ]] || missing=1
		done
		[ $missing = 0 ] && break
		sleep 0.1
	done
}
# svb_probe OUT: `xdpmap -sV` on every bench port from the scanner namespace (at most 120 s),
# writing OUT.json, OUT.xml, OUT.gnmap, OUT.nmap, OUT.stdout, OUT.err; then OUT itself, one line
# per port: "ADDR:PORT<TAB>service<TAB>product<TAB>version" ('-' when empty), from the JSON
# service lines. While it probes, the CapEff of each of its threads goes to OUT.caps.
svb_probe() {
	local list pid bg t
	list=$(IFS=,; echo "${SVB_PORTS[*]}")
	ip netns exec "$P-scan" "$BUILD/xdpmap" -sV -Pn -n -p "$list" -oJ "$1.json" -oX "$1.xml" \
		-oG "$1.gnmap" -oN "$1.nmap" "$TGT" >"$1.stdout" 2>"$1.err" </dev/null &
	bg=$!
	: >"$1.caps"
	for t in $(seq 1 1200); do
		kill -0 "$bg" 2>/dev/null || break
		if [ "$t" = 20 ]; then # 2 s in: the port scan is over, -sV is probing
			pid=$(pgrep -P "$bg" -x xdpmap || echo "$bg")
			awk '/^CapEff/ {print $2}' /proc/"$pid"/task/*/status >"$1.caps" 2>/dev/null
		fi
		sleep 0.1
	done
	kill "$bg" 2>/dev/null
	wait "$bg"
	python3 - "$1.json" >"$1" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "service" not in o: continue
    v = o["service"]
    name = (v["tunnel"] + "/" if v["tunnel"] else "") + v["name"]
    print("%s:%d\t%s\t%s\t%s" % (o["ip"], o["port"], name, v["product"] or "-", v["version"] or "-"))
PY
}

[ "${SVB_LIB:-0}" = 1 ] && return 0

P=xmsvb$$
trap 'topo_down "$P"' EXIT
NTESTS=$(( ${#SVB_EXPECT[@]} + 4 ))
. tests/lib/tap.sh
if [ "$(id -u)" -ne 0 ] || [ ! -x "$BUILD/xdpmap" ]; then
	skip_all "needs root and a build"
fi
svb_up "$P" || bail "topology failed"
OUT=$SVB_DIR/sv.out
start=$(date +%s.%N)
svb_probe "$OUT"
el=$(echo "$(date +%s.%N) - $start" | bc)
for e in "${SVB_EXPECT[@]}"; do
	IFS='|' read -r name port svc prod ver <<<"$e"
	if [[ "$SVB_SKIP" == *" $name "* ]]; then
		skip "$name on $port" "$name cannot run here (package missing)"
		continue
	fi
	line=$(grep -P "^$TGT:$port\t" "$OUT" | head -1)
	IFS=$'\t' read -r _ gsvc gprod gver <<<"$line"
	why=""
	[ "$gsvc" = "$svc" ] || why+=" service '$gsvc' != '$svc'"
	[ "$prod" = "-" ] || [[ "$gprod" =~ ^($prod)$ ]] || why+=" product '$gprod' !~ '$prod'"
	[ -z "$ver" ] || [[ "$gver" =~ ^($ver) ]] || why+=" version '$gver' !~ '$ver'"
	if [ -z "$why" ]; then
		ok 0 "$name on $port: $gsvc $gprod $gver"
	else
		ok 1 "$name on $port:$why"
	fi
done
if [ "$(echo "$el < 60" | bc)" = 1 ] && [ "$(wc -l <"$OUT")" = ${#SVB_PORTS[@]} ]; then
	ok 0 "xdpmap -sV named all ${#SVB_PORTS[@]} ports in ${el}s (< 60 s)"
else
	ok 1 "xdpmap -sV took ${el}s for $(wc -l <"$OUT") of ${#SVB_PORTS[@]} ports"
	sed 's/^/#   stderr: /' "$OUT.err" | head -5
fi
caps=$(sort -u "$OUT.caps" | tr '\n' ' ')
if [ "$(wc -l <"$OUT.caps")" -ge 2 ] && [ "${caps% }" = 0000000000000000 ]; then
	ok 0 "CapEff of all $(wc -l <"$OUT.caps") threads of the scanner during -sV: 0"
else
	ok 1 "CapEff of the scanner's threads during -sV: '${caps% }' ($(wc -l <"$OUT.caps") threads)"
fi
# The same answers in the other formats: VERSION column, grepable version field, valid XML.
why=""
grep -Eq '^PORT +STATE +SERVICE +VERSION$' "$OUT.nmap" || why+=" no VERSION header in -oN;"
grep -Eq '^PORT +STATE +SERVICE +VERSION$' "$OUT.stdout" || why+=" no VERSION header on stdout;"
if [[ "$SVB_SKIP" != *" sshd "* ]]; then
	grep -Eq '^22/tcp +open +ssh +OpenSSH [0-9]' "$OUT.nmap" || why+=" no OpenSSH row in -oN;"
	grep -Eq '22/open/tcp//ssh//OpenSSH [0-9][^/]*/' "$OUT.gnmap" || why+=" no OpenSSH in -oG;"
	grep -q '<service name="ssh" product="OpenSSH" version="' "$OUT.xml" || why+=" no ssh service in -oX;"
fi
if [[ "$SVB_SKIP" != *" nginx "* ]]; then
	grep -Eq '^443/tcp +open +ssl/http +nginx' "$OUT.nmap" || why+=" no ssl/http row in -oN;"
	grep -q 'tunnel="ssl"' "$OUT.xml" || why+=" no tunnel=ssl in -oX;"
fi
[ "$(LC_ALL=C tr -d '\t\n\040-\176' <"$OUT.nmap" | wc -c)" = 0 ] || why+=" control bytes in -oN;"
if [ -z "$why" ]; then
	ok 0 "-oN and stdout have the VERSION column, -oG the version field, -oX the service elements"
else
	ok 1 "-oN, stdout, -oG or -oX lack the version:$why"
fi
if command -v xmllint >/dev/null && [ -r /usr/share/nmap/nmap.dtd ]; then
	if xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$OUT.xml" 2>"$OUT.xmllint"; then
		ok 0 "the -sV XML is valid against nmap.dtd"
	else
		ok 1 "the -sV XML is not valid against nmap.dtd"
		sed 's/^/#   /' "$OUT.xmllint" | head -5
	fi
else
	skip "the -sV XML is valid against nmap.dtd" "xmllint or nmap.dtd missing"
fi
diag <"$OUT"
finish
