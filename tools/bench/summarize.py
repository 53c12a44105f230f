#!/usr/bin/env python3
"""Summarizes tools/bench/compare.sh output: median seq/s (or us/step) per implementation, the ratio, and the
range over rounds, as a Markdown table."""
import json, statistics, sys
from collections import defaultdict

runs = defaultdict(list)
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    d = json.loads(line)
    r = d["run"]
    impl = "gru4j" if r.get("impl", "").startswith("gru4j") else "torch"
    key = (r["cell"], d["workload"], r["mode"])
    value = r["step_us"] if r["mode"] == "stream" else r["seq_per_s"]
    runs[(key, impl)].append((value, r.get("gflops", 0.0)))

print("| cell | workload | mode | gru4j | PyTorch | ratio (gru4j / PyTorch speed) | gru4j GFLOP/s |")
print("|---|---|---|---|---|---|---|")
for key in sorted({k for k, _ in runs}):
    g = runs.get((key, "gru4j"), [])
    t = runs.get((key, "torch"), [])
    if not g or not t:
        continue
    gm = statistics.median(v for v, _ in g)
    tm = statistics.median(v for v, _ in t)
    gf = statistics.median(f for _, f in g)
    stream = key[2] == "stream"
    ratio = tm / gm if stream else gm / tm
    unit = "us/step" if stream else "seq/s"
    fmt = lambda vs: f"{statistics.median(vs):,.1f}" + (f" ({min(vs):,.1f}-{max(vs):,.1f})" if len(vs) > 1 else "")
    print(f"| {key[0]} | {key[1]} | {key[2]} | {fmt([v for v, _ in g])} {unit} | {fmt([v for v, _ in t])} {unit} | "
          f"{ratio:.2f}x | {gf:.1f} |")
