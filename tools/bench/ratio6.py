#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# IPv6/IPv4 ratios of bench.sh's alternating pairs (tool xdpmap_rN, one workload per family).
"""Usage: ratio6.py [--v4 WORKLOAD] [--v6 WORKLOAD] [--recall COL[,COL...]] [--fp COL] CSV

Reads bench.sh's CSV (results.csv by default; udp.csv with the UDP options) and prints CSV:
one row per pair N found in both families (the rows of tool xdpmap_rN and workloads --v4,
default p16x16, and --v6, default p6x16): IPv4 and IPv6 probes per wall second, their ratio,
CPU seconds of each and their ratio, the lowest of the --recall columns (default recall) of
the two and the larger --fp count (default false_positives), then a "median" row of the
ratios. Exits 1 if no pair is complete: a killed or missing run must not pass for a ratio.
"""
import argparse
import csv
import statistics
import sys


def rows_by_pair(path, workloads):
    """{pair: {workload: row}} of the pair rows whose figures are numbers."""
    pairs = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            tool, w = row["tool"], row["workload"]
            if w not in workloads or not tool.startswith("xdpmap_r"):
                continue
            try:
                float(row["wall_s"])
            except ValueError:  # "killed after ...": no figures
                continue
            pairs.setdefault(int(tool[len("xdpmap_r"):]), {})[w] = row
    return {n: p for n, p in pairs.items() if len(p) == 2}


def parse_args():
    p = argparse.ArgumentParser(usage=__doc__.splitlines()[0][len("Usage: "):])
    p.add_argument("--v4", default="p16x16")
    p.add_argument("--v6", default="p6x16")
    p.add_argument("--recall", default="recall")
    p.add_argument("--fp", default="false_positives")
    p.add_argument("csv")
    return p.parse_args()


def main():
    a = parse_args()
    recall_cols = a.recall.split(",")
    pairs = rows_by_pair(a.csv, (a.v4, a.v6))
    if not pairs:
        print(f"ratio6: no complete {a.v4}/{a.v6} pair in {a.csv}", file=sys.stderr)
        return 1
    print("pair,ipv4_probes_per_s_wall,ipv6_probes_per_s_wall,ipv6_over_ipv4,"
          "ipv4_cpu_s,ipv6_cpu_s,cpu_ipv6_over_ipv4,min_recall,max_false_positives")
    rates, cpus = [], []
    for n in sorted(pairs):
        v4, v6 = pairs[n][a.v4], pairs[n][a.v6]
        r4, r6 = float(v4["probes_per_s_wall"]), float(v6["probes_per_s_wall"])
        c4, c6 = float(v4["cpu_s"]), float(v6["cpu_s"])
        rates.append(r6 / r4 if r4 else 0.0)
        cpus.append(c6 / c4 if c4 else 0.0)
        recall = min(float(v[c]) for v in (v4, v6) for c in recall_cols)
        fp = max(int(v4[a.fp]), int(v6[a.fp]))
        print(f"{n},{r4:.0f},{r6:.0f},{rates[-1]:.3f},{c4:.2f},{c6:.2f},{cpus[-1]:.3f},"
              f"{recall:.5f},{fp}")
    print(f"median,,,{statistics.median(rates):.3f},,,{statistics.median(cpus):.3f},,")
    return 0


if __name__ == "__main__":
    sys.exit(main())
