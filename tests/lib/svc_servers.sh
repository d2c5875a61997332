# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# More real servers for the -sV bench and tests, most on unusual ports (sourced by service_bench.sh).
#
# Each svb2_NAME starts the server NAME in the foreground in namespace $P-tgt on $TGT with a
# configuration under $SVB_DIR (svb_bg), or returns 1 when its package is missing. Each runs in
# a session of its own (setsid): some signal their whole process group when they stop.
# SVB2_EXPECT: NAME|PORT|service|product (ERE, '-' = none asserted)|version (ERE, '' = none)|
# PACKAGE|TIER, where TIER is "test" (quick to start: the namespace test runs it) or "bench".
# proftpd-core conflicts with vsftpd (tools/deps.sh installs vsftpd): it runs where installed.

SVB2_EXPECT=(
	"slapd|3890|ldap|OpenLDAP||slapd|test"
	"samba|4450|netbios-ssn|Samba smbd||samba|test"
	"samba|1390|netbios-ssn|Samba smbd||samba|test"
	"rpcbind|111|rpcbind|rpcbind||rpcbind|test"
	"xvnc|5999|vnc|VNC||tigervnc-standalone-server|test"
	"xvnc|6001|X11|X.Org||tigervnc-standalone-server|test"
	"ngircd|6999|irc|ngircd|[0-9]+|ngircd|test"
	"prosody|5333|jabber|Prosody XMPP server||prosody|test"
	"rabbitmq|5673|amqp|RabbitMQ|[0-9.]+|rabbitmq-server|bench"
	"epmd|4370|epmd|Erlang Port Mapper Daemon||erlang-base|test"
	"gitd|9419|git|git daemon||git|test"
	"rsyncd|8730|rsync|rsync||rsync|test"
	"svnserve|3691|svnserve|Subversion||subversion|test"
	"distccd|3634|distccd|distccd||distcc|test"
	"dictd|2629|dict|dictd|[0-9.]+|dictd|test"
	"mpd|6601|mpd|Music Player Daemon||mpd|test"
	"leafnode|1190|nntp|Leafnode||leafnode|test"
	"cupsd|6310|ipp|CUPS|[0-9.]+|cups-daemon|test"
	"lighttpd|8081|http|lighttpd|[0-9.]+|lighttpd|test"
	"apache2|8082|http|Apache httpd|2\.4\.[0-9]+|apache2|test"
	"proftpd|2121|ftp|ProFTPD||proftpd-core|bench"
	"squid|3129|http-proxy|Squid http proxy|[0-9.]+|squid|bench"
	"tinyproxy|8889|http-proxy|tinyproxy|[0-9.]+|tinyproxy|test"
	"named|5354|domain|ISC BIND|9\.[0-9.]+|bind9|test"
	"unbound|5355|domain|Unbound|[0-9.]+|unbound|test"
	"varnish|6082|http-proxy|Varnish http accelerator|[0-9.]+|varnish|bench"
	"haproxy|8090|http|HAProxy http proxy||haproxy|test"
	"nodeexp|9101|http|Prometheus Node Exporter||prometheus-node-exporter|test"
)

svb2_slapd() {
	[ -x /usr/sbin/slapd ] || return 1
	local d=$SVB_DIR/slapd
	mkdir -p "$d/db"
	cat >"$d/slapd.conf" <<EOF2
include /etc/ldap/schema/core.schema
pidfile $d/slapd.pid
argsfile $d/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
suffix "dc=bench,dc=test"
directory $d/db
maxsize 10485760
EOF2
	svb_bg slapd setsid /usr/sbin/slapd -d 0 -f "$d/slapd.conf" -h "ldap://$TGT:3890/"
}

svb2_samba() {
	[ -x /usr/sbin/smbd ] || return 1
	local d=$SVB_DIR/samba
	mkdir -p "$d/lock" "$d/state" "$d/cache" "$d/pid" "$d/priv" "$d/log"
	cat >"$d/smb.conf" <<EOF2
[global]
workgroup = BENCH
server role = standalone server
interfaces = $TGT
bind interfaces only = yes
smb ports = 4450 1390
lock directory = $d/lock
state directory = $d/state
cache directory = $d/cache
pid directory = $d/pid
private dir = $d/priv
ncalrpc dir = $d/lock/ncalrpc
log file = $d/log/%m
disable netbios = no
load printers = no
EOF2
	svb_bg samba setsid /usr/sbin/smbd -F --no-process-group --debug-stdout -s "$d/smb.conf"
}

svb2_rpcbind() {
	[ -x /usr/sbin/rpcbind ] || return 1
	# Its lock and socket are in /run: a /run of its own lets two benches run at once.
	svb_bg rpcbind setsid unshare -m sh -c 'mount -t tmpfs tmpfs /run && exec "$@"' sh \
		/usr/sbin/rpcbind -f -w -h $TGT
}

svb2_xvnc() {
	local x
	x=$(command -v Xtigervnc || command -v Xvnc) || return 1
	# Display :1's lock is in /tmp: a /tmp of its own lets two benches run at once.
	svb_bg xvnc setsid unshare -m sh -c 'mount -t tmpfs tmpfs /tmp && exec "$@"' sh \
		"$x" :1 -rfbport 5999 -listen tcp -interface $TGT -SecurityTypes None \
		-geometry 320x200 -ac -nolisten unix
}

svb2_ngircd() {
	[ -x /usr/sbin/ngircd ] || return 1
	cat >"$SVB_DIR/ngircd.conf" <<EOF2
[Global]
Name = irc.bench.test
Info = bench
Listen = $TGT
Ports = 6999
PidFile = $SVB_DIR/ngircd.pid
ServerUID = nobody
ServerGID = nogroup
[Options]
Ident = no
DNS = no
PAM = no
EOF2
	svb_bg ngircd setsid /usr/sbin/ngircd -n -f "$SVB_DIR/ngircd.conf"
}

svb2_prosody() {
	[ -x /usr/bin/prosody ] || return 1
	local d=$SVB_DIR/prosody
	mkdir -p "$d/data" && chown prosody "$d/data"
	cat >"$d/prosody.cfg.lua" <<EOF2
pidfile = "$d/data/prosody.pid"
data_path = "$d/data"
daemonize = false
log = { { levels = { min = "error" }, to = "console" } }
c2s_ports = { 5333 }
c2s_interfaces = { "$TGT" }
s2s_ports = { }
component_ports = { }
http_ports = { }
https_ports = { }
modules_enabled = { "disco" }
VirtualHost "localhost"
EOF2
	chmod 755 "$d"
	svb_bg prosody setsid env PROSODY_CONFIG="$d/prosody.cfg.lua" runuser -u prosody -- \
		/usr/bin/prosody --config "$d/prosody.cfg.lua" -F
}

svb2_epmd() {
	local e
	e=$(ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -1)
	[ -n "$e" ] || return 1
	svb_bg epmd setsid "$e" -port 4370 -address $TGT
}

svb2_rabbitmq() {
	[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || return 1
	local d=$SVB_DIR/rabbitmq
	mkdir -p "$d" && chown rabbitmq "$d" 2>/dev/null
	printf 'listeners.tcp.1 = %s:5673\nloopback_users = none\n' $TGT >"$d/rabbitmq.conf"
	svb_bg rabbitmq setsid env HOME="$d" RABBITMQ_CONFIG_FILE="$d/rabbitmq.conf" \
		RABBITMQ_MNESIA_BASE="$d/mnesia" RABBITMQ_LOG_BASE="$d/log" RABBITMQ_NODENAME=bench@localhost \
		RABBITMQ_DIST_PORT=25673 ERL_EPMD_PORT=4370 RABBITMQ_ENABLED_PLUGINS_FILE="$d/plugins" \
		RABBITMQ_PID_FILE="$d/pid" /usr/lib/rabbitmq/bin/rabbitmq-server
}

svb2_gitd() {
	command -v git >/dev/null || return 1
	mkdir -p "$SVB_DIR/git"
	git init -q --bare "$SVB_DIR/git/bench.git" || return 1
	svb_bg gitd setsid git daemon --listen=$TGT --port=9419 --base-path="$SVB_DIR/git" \
		--reuseaddr "$SVB_DIR/git"
}

svb2_rsyncd() {
	command -v rsync >/dev/null || return 1
	mkdir -p "$SVB_DIR/rsync"
	printf 'pid file = %s/rsyncd.pid\nuse chroot = no\n[bench]\npath = %s/rsync\n' \
		"$SVB_DIR" "$SVB_DIR" >"$SVB_DIR/rsyncd.conf"
	svb_bg rsyncd setsid rsync --daemon --no-detach --address=$TGT --port=8730 \
		--config="$SVB_DIR/rsyncd.conf"
}

svb2_svnserve() {
	command -v svnserve >/dev/null || return 1
	mkdir -p "$SVB_DIR/svn"
	svb_bg svnserve setsid svnserve -d --foreground --listen-host $TGT --listen-port 3691 \
		-r "$SVB_DIR/svn"
}

svb2_distccd() {
	command -v distccd >/dev/null || return 1
	svb_bg distccd setsid distccd --daemon --no-detach --listen $TGT --port 3634 \
		--allow 198.18.0.0/15 --user nobody --log-stderr
}

svb2_dictd() {
	[ -x /usr/sbin/dictd ] && [ -r /usr/share/dictd/gcide.index ] || return 1
	printf 'database gcide { data /usr/share/dictd/gcide.dict.dz\n index /usr/share/dictd/gcide.index }\n' \
		>"$SVB_DIR/dictd.conf"
	# dictd names each client (getnameinfo) or hangs up: a hosts file of its own knows it.
	printf '127.0.0.1 localhost\n198.18.0.1 scanner.bench.test\n198.18.0.2 target.bench.test\n' \
		>"$SVB_DIR/hosts"
	svb_bg dictd setsid unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh \
		"$SVB_DIR/hosts" /usr/sbin/dictd -d nodetach --listen-to $TGT -p 2629 \
		-c "$SVB_DIR/dictd.conf" --pid-file "$SVB_DIR/dictd.pid"
}

svb2_mpd() {
	[ -x /usr/bin/mpd ] || return 1
	local d=$SVB_DIR/mpd
	mkdir -p "$d/music" "$d/playlists"
	cat >"$d/mpd.conf" <<EOF2
music_directory "$d/music"
playlist_directory "$d/playlists"
db_file "$d/db"
pid_file "$d/pid"
state_file "$d/state"
bind_to_address "$TGT"
port "6601"
audio_output {
	type "null"
	name "none"
}
EOF2
	svb_bg mpd setsid /usr/bin/mpd --no-daemon --stderr "$d/mpd.conf"
}

# leafnode is started per connection by an inetd; a small one (accept, fork leafnode on it).
svb2_leafnode() {
	[ -x /usr/sbin/leafnode ] || return 1
	cat >"$SVB_DIR/inetd.py" <<'PY'
import os, socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(64)
while True:
    c, _ = s.accept()
    if os.fork() == 0:
        os.dup2(c.fileno(), 0); os.dup2(c.fileno(), 1)
        os.execv(sys.argv[3], sys.argv[3:])
    c.close()
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0: pass
    except ChildProcessError:
        pass
PY
	svb_bg leafnode setsid python3 "$SVB_DIR/inetd.py" $TGT 1190 /usr/sbin/leafnode
}

svb2_cupsd() {
	[ -x /usr/sbin/cupsd ] || return 1
	local d=$SVB_DIR/cups
	mkdir -p "$d/spool" "$d/cache" "$d/state" "$d/log"
	# cupsd wants a listener on localhost too (the namespace's own loopback).
	printf 'Listen %s:6310\nListen 127.0.0.1:6310\nLogLevel warn\nBrowsing No\nWebInterface Yes\n<Location />\nOrder allow,deny\nAllow all\n</Location>\n' \
		$TGT >"$d/cupsd.conf"
	printf 'ServerRoot %s\nRequestRoot %s/spool\nCacheDir %s/cache\nStateDir %s/state\nErrorLog %s/log/error_log\nAccessLog %s/log/access_log\nPageLog %s/log/page_log\nUser lp\nGroup lp\n' \
		"$d" "$d" "$d" "$d" "$d" "$d" "$d" >"$d/cups-files.conf"
	svb_bg cupsd setsid /usr/sbin/cupsd -f -c "$d/cupsd.conf" -s "$d/cups-files.conf"
}

svb2_lighttpd() {
	[ -x /usr/sbin/lighttpd ] || return 1
	mkdir -p "$SVB_DIR/www" && echo bench >"$SVB_DIR/www/index.html"
	printf 'server.document-root = "%s/www"\nserver.bind = "%s"\nserver.port = 8081\nserver.pid-file = "%s/lighttpd.pid"\n' \
		"$SVB_DIR" $TGT "$SVB_DIR" >"$SVB_DIR/lighttpd.conf"
	svb_bg lighttpd setsid /usr/sbin/lighttpd -D -f "$SVB_DIR/lighttpd.conf"
}

svb2_apache2() {
	[ -x /usr/sbin/apache2 ] || return 1
	local d=$SVB_DIR/apache2
	mkdir -p "$d/run" "$d/lock" "$d/log"
	cat >"$d/apache2.conf" <<EOF2
ServerRoot /etc/apache2
ServerName bench.test
PidFile $d/run/apache2.pid
Mutex file:$d/lock default
ErrorLog $d/log/error.log
Include mods-enabled/*.load
Include mods-enabled/*.conf
Listen $TGT:8082
DocumentRoot $SVB_DIR/www
User www-data
Group www-data
EOF2
	mkdir -p "$SVB_DIR/www"
	svb_bg apache2 setsid env APACHE_RUN_DIR="$d/run" APACHE_LOCK_DIR="$d/lock" \
		APACHE_LOG_DIR="$d/log" APACHE_RUN_USER=www-data APACHE_RUN_GROUP=www-data \
		/usr/sbin/apache2 -DFOREGROUND -f "$d/apache2.conf"
}

svb2_proftpd() {
	[ -x /usr/sbin/proftpd ] || return 1
	cat >"$SVB_DIR/proftpd.conf" <<EOF2
ServerName "Debian"
ServerType standalone
DefaultServer on
Port 2121
DefaultAddress $TGT
SocketBindTight on
PidFile $SVB_DIR/proftpd.pid
ScoreboardFile $SVB_DIR/proftpd.scoreboard
User nobody
Group nogroup
UseIPv6 off
WtmpLog off
EOF2
	svb_bg proftpd setsid /usr/sbin/proftpd -n -c "$SVB_DIR/proftpd.conf"
}

svb2_squid() {
	[ -x /usr/sbin/squid ] || return 1
	local d=$SVB_DIR/squid
	mkdir -p "$d" && chown proxy "$d"
	printf 'http_port %s:3129\nhttp_access allow all\npid_filename %s/squid.pid\naccess_log none\ncache_log %s/cache.log\ncache deny all\ncoredump_dir %s\nshutdown_lifetime 1 seconds\n' \
		$TGT "$d" "$d" "$d" >"$d/squid.conf"
	svb_bg squid setsid /usr/sbin/squid -N -f "$d/squid.conf"
}

svb2_tinyproxy() {
	command -v tinyproxy >/dev/null || return 1
	printf 'Port 8889\nListen %s\nTimeout 60\nMaxClients 20\nAllow 198.18.0.0/15\nPidFile "%s/tinyproxy.pid"\n' \
		$TGT "$SVB_DIR" >"$SVB_DIR/tinyproxy.conf"
	svb_bg tinyproxy setsid tinyproxy -d -c "$SVB_DIR/tinyproxy.conf"
}

svb2_named() {
	[ -x /usr/sbin/named ] || return 1
	mkdir -p "$SVB_DIR/named"
	printf 'options { directory "%s/named"; listen-on port 5354 { %s; }; listen-on-v6 { none; }; pid-file "%s/named/pid"; recursion no; };\n' \
		"$SVB_DIR" $TGT "$SVB_DIR" >"$SVB_DIR/named.conf"
	svb_bg named setsid /usr/sbin/named -g -4 -c "$SVB_DIR/named.conf"
}

svb2_unbound() {
	[ -x /usr/sbin/unbound ] || return 1
	printf 'server:\n interface: %s@5355\n do-daemonize: no\n chroot: ""\n username: ""\n pidfile: "%s/unbound.pid"\n use-syslog: no\n do-ip6: no\n access-control: 198.18.0.0/15 allow\n' \
		$TGT "$SVB_DIR" >"$SVB_DIR/unbound.conf"
	svb_bg unbound setsid /usr/sbin/unbound -d -c "$SVB_DIR/unbound.conf"
}

svb2_varnish() {
	[ -x /usr/sbin/varnishd ] || return 1
	mkdir -p "$SVB_DIR/varnish"
	svb_bg varnish setsid /usr/sbin/varnishd -F -a $TGT:6082 -b 127.0.0.1:9 -n "$SVB_DIR/varnish" \
		-s malloc,16m -T none
}

svb2_haproxy() {
	[ -x /usr/sbin/haproxy ] || return 1
	printf 'defaults\n mode http\n timeout connect 1s\n timeout client 5s\n timeout server 5s\nfrontend bench\n bind %s:8090\n default_backend none\nbackend none\n' \
		$TGT >"$SVB_DIR/haproxy.cfg"
	svb_bg haproxy setsid /usr/sbin/haproxy -db -f "$SVB_DIR/haproxy.cfg"
}

svb2_nodeexp() {
	[ -x /usr/bin/prometheus-node-exporter ] || return 1
	svb_bg nodeexp setsid /usr/bin/prometheus-node-exporter --web.listen-address=$TGT:9101 \
		--no-collector.systemd
}
