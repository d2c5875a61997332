#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Scores one UDP scan against the simulated network's UDP ground truth (open and closed)."""
import json
import sys


def truth(path):
    """simnet-list --udp: 'ADDR PORT open|closed' -> {(addr, port): state}."""
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out[(parts[0], int(parts[1]))] = parts[2]
    return out


def xdpmap(path, _port):
    """xdpmap -oJ: one finding per line; UDP ones say "proto": "udp"."""
    out = {}
    with open(path) as f:
        for line in f:
            obj = json.loads(line)
            if obj.get("proto", "udp") == "udp" and "port" in obj and "state" in obj:
                out[(obj["ip"], int(obj["port"]))] = obj["state"]
    return out


def masscan(path, _port):
    """masscan -oL --show closed: 'open|closed udp PORT ADDR TIME'."""
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[1] == "udp" and parts[0] in ("open", "closed"):
                out[(parts[3], int(parts[2]))] = parts[0]
    return out


def zmap(path, port):
    """zmap -M udp -f saddr,sport,classification,icmp_type,icmp_code (one port)."""
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) != 5 or parts[0] == "saddr":
                continue
            if parts[2] == "udp":
                out[(parts[0], port)] = "open"
            elif parts[2] == "icmp-unreach" and parts[3:] == ["3", "3"]:
                out[(parts[0], port)] = "closed"
    return out


def nmap(path, _port):
    """nmap -sU -oG: 'Host: ADDR ()\tPorts: 7/open/udp//echo///, 9/closed/udp//...'."""
    out = {}
    with open(path) as f:
        for line in f:
            if not line.startswith("Host:") or "Ports:" not in line:
                continue
            addr = line.split()[1]
            for entry in line.split("Ports:", 1)[1].split("\t")[0].split(","):
                fields = entry.strip().split("/")
                if len(fields) > 2 and fields[2] == "udp":
                    out[(addr, int(fields[0]))] = fields[1]
    return out


PARSERS = {"xdpmap": xdpmap, "masscan": masscan, "zmap": zmap, "nmap": nmap}


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[1] not in PARSERS:
        sys.exit("usage: score_udp.py xdpmap|masscan|zmap|nmap OUTPUT TRUTH [PORT (zmap)]")
    port = int(sys.argv[4]) if len(sys.argv) == 5 else 0
    found = PARSERS[sys.argv[1]](sys.argv[2], port)
    want = truth(sys.argv[3])
    res = {}
    for state in ("open", "closed"):
        t = {k for k, v in want.items() if v == state}
        g = {k for k, v in found.items() if v == state}
        res["true_" + state] = len(t)
        res["recall_" + state] = len(g & t) / len(t) if t else 1.0
        res["false_" + state] = len(g - t)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
