#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# IPv6/IPv4 ratios of bench.sh's alternating pairs (rows p16x16 and p6x16, tool xdpmap_rN).
"""Usage: ratio6.py RESULTS_CSV

Prints CSV: one row per pair N found in both families (IPv4 and IPv6 probes per wall second,
their ratio, CPU seconds of each and their ratio, the lower recall and the larger false
positive count of the two), then a "median" row of the ratios. Exits 1 if no pair is
complete: a killed or missing run must not pass for a ratio.
"""
import csv
import statistics
import sys


def rows_by_pair(path):
    """{pair: {workload: row}} of the pair rows whose figures are numbers."""
    pairs = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            tool, w = row["tool"], row["workload"]
            if w not in ("p16x16", "p6x16") or not tool.startswith("xdpmap_r"):
                continue
            try:
                float(row["wall_s"])
            except ValueError:  # "killed after ...": no figures
                continue
            pairs.setdefault(int(tool[len("xdpmap_r"):]), {})[w] = row
    return {n: p for n, p in pairs.items() if len(p) == 2}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    pairs = rows_by_pair(sys.argv[1])
    if not pairs:
        print("ratio6: no complete IPv4/IPv6 pair in " + sys.argv[1], file=sys.stderr)
        return 1
    print("pair,ipv4_probes_per_s_wall,ipv6_probes_per_s_wall,ipv6_over_ipv4,"
          "ipv4_cpu_s,ipv6_cpu_s,cpu_ipv6_over_ipv4,min_recall,max_false_positives")
    rates, cpus = [], []
    for n in sorted(pairs):
        v4, v6 = pairs[n]["p16x16"], pairs[n]["p6x16"]
        r4, r6 = float(v4["probes_per_s_wall"]), float(v6["probes_per_s_wall"])
        c4, c6 = float(v4["cpu_s"]), float(v6["cpu_s"])
        rates.append(r6 / r4 if r4 else 0.0)
        cpus.append(c6 / c4 if c4 else 0.0)
        recall = min(float(v4["recall"]), float(v6["recall"]))
        fp = max(int(v4["false_positives"]), int(v6["false_positives"]))
        print(f"{n},{r4:.0f},{r6:.0f},{rates[-1]:.3f},{c4:.2f},{c6:.2f},{cpus[-1]:.3f},"
              f"{recall:.5f},{fp}")
    print(f"median,,,{statistics.median(rates):.3f},,,{statistics.median(cpus):.3f},,")
    return 0


if __name__ == "__main__":
    sys.exit(main())
