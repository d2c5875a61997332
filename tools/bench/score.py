#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Scores one scanner's output against the simulated network's ground truth (open ports)."""
import json
import sys


def truth_open(path):
    """'ADDR PORT open|closed' lines from simnet-list -> set of open (addr, port)."""
    found = set()
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "open":
                found.add((parts[0], int(parts[1])))
    return found


def xdpmap_open(path):
    found = set()
    with open(path) as f:
        for line in f:
            obj = json.loads(line)
            if obj.get("state") == "open":
                found.add((obj["ip"], int(obj["port"])))
    return found


def masscan_open(path):
    """masscan -oL: 'open tcp PORT ADDR TIME'."""
    found = set()
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[0] == "open":
                found.add((parts[3], int(parts[2])))
    return found


def zmap_open(path):
    """zmap -O csv -f saddr,sport,classification: SYN-ACKs are 'synack'."""
    found = set()
    with open(path) as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) == 3 and parts[2] == "synack":
                found.add((parts[0], int(parts[1])))
    return found


def nmap_open(path):
    """nmap -oG: 'Host: ADDR ()\tPorts: 80/open/tcp//http///, ...'."""
    found = set()
    with open(path) as f:
        for line in f:
            if not line.startswith("Host:") or "Ports:" not in line:
                continue
            addr = line.split()[1]
            ports = line.split("Ports:", 1)[1].split("\t")[0]
            for entry in ports.split(","):
                fields = entry.strip().split("/")
                if len(fields) > 2 and fields[1] == "open":
                    found.add((addr, int(fields[0])))
    return found


def truth_hosts(path):
    """simnet-list --hosts: one live address per line."""
    with open(path) as f:
        return {line.strip() for line in f if line.strip()}


def xdpmap_hosts(path):
    found = set()
    with open(path) as f:
        for line in f:
            obj = json.loads(line)
            if obj.get("host") == "up":
                found.add(obj["ip"])
    return found


def nmap_hosts(path):
    """nmap -oG: 'Host: ADDR ()\tStatus: Up'."""
    found = set()
    with open(path) as f:
        for line in f:
            if line.startswith("Host:") and "Status: Up" in line:
                found.add(line.split()[1])
    return found


def masscan_hosts(path):
    """masscan --ping -oL: 'open icmp 0 ADDR TIME'."""
    found = set()
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[0] == "open" and parts[1] == "icmp":
                found.add(parts[3])
    return found


PARSERS = {"xdpmap": xdpmap_open, "masscan": masscan_open, "zmap": zmap_open,
           "nmap": nmap_open}
HOST_PARSERS = {"hosts-xdpmap": xdpmap_hosts, "hosts-nmap": nmap_hosts,
                "hosts-masscan": masscan_hosts}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in {**PARSERS, **HOST_PARSERS}:
        sys.exit("usage: score.py [hosts-]xdpmap|masscan|zmap|nmap TOOL_OUTPUT TRUTH")
    if sys.argv[1] in HOST_PARSERS:
        found = HOST_PARSERS[sys.argv[1]](sys.argv[2])
        truth = truth_hosts(sys.argv[3])
    else:
        found = PARSERS[sys.argv[1]](sys.argv[2])
        truth = truth_open(sys.argv[3])
    hits = len(found & truth)
    print(json.dumps({"true_open": len(truth), "found_open": len(found), "hits": hits,
                      "recall": hits / len(truth) if truth else 1.0,
                      "false_positives": len(found - truth)}))


if __name__ == "__main__":
    main()
