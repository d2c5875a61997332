#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Record a server's answers to probes of data/service-probes as fixture lines (tests/unit/service-fixtures).
#
#   tools/svc-record.py [--db FILE] HOST PORT PROBE...   (run it where HOST is reachable: a namespace)
# Prints, per probe, "PROBE<TAB>?<TAB>?<TAB>?<TAB>ANSWER" with the answer's first 600 bytes
# escaped as the database's payloads are (\r \n \t \\ \xHH); fill in service, product, version.
import socket, sys, time

LIMIT = 600

def unescape(s):
    table = {"r": 13, "n": 10, "t": 9, "0": 0, "\\": 92, '"': 34, "'": 39, "|": 124, "/": 47,
             "a": 7, "b": 8, "f": 12, "v": 11}
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\":
            if s[i + 1] == "x":
                out.append(int(s[i + 2:i + 4], 16)); i += 4; continue
            out.append(table[s[i + 1]]); i += 2; continue
        out.append(ord(s[i])); i += 1
    return bytes(out)

def escape(b):
    out = []
    for c in b:
        if c == 13: out.append("\\r")
        elif c == 10: out.append("\\n")
        elif c == 9: out.append("\\t")
        elif c == 92: out.append("\\\\")
        elif 32 <= c < 127: out.append(chr(c))
        else: out.append("\\x%02x" % c)
    return "".join(out)

def payloads(db):
    out = {}
    for line in open(db):
        w = line.split(None, 2)
        if len(w) == 3 and w[0] == "probe" and w[2].startswith("q"):
            body = w[2].rstrip("\n")[1:]
            out[w[1]] = unescape(body[1:body.index(body[0], 1)])
    return out

def record(host, port, payload, wait=2.0):
    s = socket.create_connection((host, port), timeout=wait)
    if payload:
        s.sendall(payload)
    data, end = b"", time.time() + wait
    try:
        while time.time() < end and len(data) < LIMIT:
            s.settimeout(max(0.05, min(0.5, end - time.time())))
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, OSError):
        pass
    s.close()
    return data[:LIMIT]

def main():
    args = sys.argv[1:]
    db = "data/service-probes"
    if args[:1] == ["--db"]:
        db, args = args[1], args[2:]
    host, port, probes = args[0], int(args[1]), args[2:]
    table = payloads(db)
    for name in probes:
        print("%s\t?\t?\t?\t%s" % (name, escape(record(host, port, table.get(name, b"")))))

if __name__ == "__main__":
    main()
