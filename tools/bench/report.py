#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Turns tools/bench.sh's CSV files into a table (stdout, Markdown), a JSON file and a PNG plot."""
import csv
import json
import os
import subprocess
import sys


def load(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def table(rows, tx):
    out = ["| workload | tool | probes | wall s | probes/s (wall) | send pps | CPU s |"
           " peak RSS MiB | recall | false pos. |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "killed" in r["wall_s"]:
            out.append(f"| {r['workload']} | {r['tool']} | {r['probes']} | {r['wall_s']} |"
                       f" - | {r['send_pps']} | - | - | - | - |")
            continue
        out.append("| {workload} | {tool} | {probes} | {wall_s} | {probes_per_s_wall} | "
                   "{send_pps} | {cpu_s} | {rss:.1f} | {recall:.4%} | {false_positives} |"
                   .format(rss=int(r["peak_rss_kb"]) / 1024, recall=float(r["recall"]), **{
                       k: v for k, v in r.items() if k not in ("recall",)}))
    out += ["", "| TX only | probes | send pps |", "|---|---:|---:|"]
    out += ["| {tool} | {probes} | {send_pps} |".format(**t) for t in tx]
    return "\n".join(out)


def small_table(outdir):
    """Everyday scans: median wall time per tool and the xdpmap/nmap ratio."""
    path = os.path.join(outdir, "small.csv")
    if not os.path.exists(path):
        return ""
    runs = {}
    for r in load(path):
        runs.setdefault(r["workload"], {}).setdefault(r["tool"], []).append(r["wall_s"])
    out = ["", "| everyday scan | xdpmap median s | nmap -sS median s | xdpmap / nmap |",
           "|---|---:|---:|---:|"]
    for w, tools in runs.items():
        med = {}
        for t, vals in tools.items():
            nums = sorted(float(v) for v in vals if v != "missed")
            med[t] = nums[len(nums) // 2] if len(nums) == len(vals) and nums else None
        x, n = med.get("xdpmap"), med.get("nmap")
        ratio = f"{x / n:.2f}" if x is not None and n else "-"
        fmt = lambda v: f"{v:.2f}" if v is not None else "missed"
        out.append(f"| {w} | {fmt(x)} | {fmt(n)} | {ratio} |")
    return "\n".join(out)


def plot(rows, outdir):
    """Two clustered histograms: wall probes/s (log scale) and recall, per workload and tool."""
    tools = sorted({r["tool"] for r in rows})
    workloads = list(dict.fromkeys(r["workload"] for r in rows))
    data = os.path.join(outdir, "plot.dat")
    with open(data, "w") as f:
        f.write("workload " + " ".join(f"{t}_pps {t}_recall" for t in tools) + "\n")
        for w in workloads:
            vals = []
            for t in tools:
                r = next((r for r in rows if r["workload"] == w and r["tool"] == t), None)
                if r and "killed" not in r["wall_s"]:
                    vals += [r["probes_per_s_wall"], str(float(r["recall"]) * 100)]
                else:
                    vals += ["NaN", "NaN"]
            f.write(w + " " + " ".join(vals) + "\n")
    cols_pps = ", ".join(f"'{data}' using {2 + 2 * i}:xtic(1) title '{t}'" for i, t in enumerate(tools))
    cols_rec = ", ".join(f"'{data}' using {3 + 2 * i}:xtic(1) title '{t}'" for i, t in enumerate(tools))
    script = f"""
set terminal png size 1200,900 noenhanced
set output '{os.path.join(outdir, "bench.png")}'
set multiplot layout 2,1
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key outside right
set grid ytics
set title 'Probes per second (wall clock, log scale), simulated network on a veth pair'
set logscale y
plot {cols_pps}
unset logscale y
set title 'Recall of open ports (%)'
set yrange [0:105]
plot {cols_rec}
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


def main():
    outdir = sys.argv[1]
    rows = load(os.path.join(outdir, "results.csv"))
    tx = load(os.path.join(outdir, "tx.csv"))
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump({"runs": rows, "tx_only": tx}, f, indent=1)
    text = table(rows, tx) + small_table(outdir)
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write(text + "\n")
    print(text)
    if rows:
        plot(rows, outdir)
    print(f"\nwrote {outdir}/results.csv, results.json, results.md, bench.png")


if __name__ == "__main__":
    main()
