#!/usr/bin/env python3
"""Issue #4's table and ratios from the JMH JSON files of one benchmarks/nested.sh run.

Usage: nested-ratios.py RESULTS.json...

Without rounds (nested.sh --forks F) each row is JMH's own score: the mean of every measured
iteration of its forks, with JMH's 99.9 % interval. With rounds (nested.sh --rounds R: each
result carries its round, in a "round" member or in its file's name, results-roundK-ROW.json)
the forks of a row are pooled the same way (the mean of all their iterations, a Student-t 99.9 %
interval over them), and the ratios of each round are printed as well, with their median: a
round measures every row within about two minutes, so its ratios compare rows that ran on the
same stretch of the machine's time.
"""

import json
import re
import statistics
import sys

# The 99.9 % two-sided quantile of Student's t for the degrees of freedom JMH's intervals use,
# as JMH computes it (Apache Commons Math); beyond the table the normal quantile.
T_999 = {4: 8.610, 9: 4.781, 14: 4.140, 19: 3.883, 24: 3.745, 29: 3.659, 34: 3.601, 39: 3.558,
         44: 3.526, 49: 3.500, 54: 3.480, 59: 3.463, 79: 3.416, 99: 3.390}

TARGETS = [
    ("Alternatives depth 1 / floor", "Alternatives.jcoroDepth1", "Alternatives.floor", 3),
    ("Alternatives depth 10 / depth 1", "Alternatives.jcoroDepth10", "Alternatives.jcoroDepth1", 1.5),
    ("Alternatives depth 3 / depth 1", "Alternatives.jcoroDepth3", "Alternatives.jcoroDepth1", 1.5),
    ("Alternatives one helper / floor", "Alternatives.jcoroOneHelper", "Alternatives.floor", 3),
    ("Alternatives depth 10 / one helper", "Alternatives.jcoroDepth10", "Alternatives.jcoroOneHelper", 1.5),
    ("NestedYieldResume depth1 / floor", "NestedYieldResume.depth1", "NestedYieldResume.floor", 3),
    ("NestedYieldResume depth10 / depth1", "NestedYieldResume.depth10", "NestedYieldResume.depth1", 1.5),
    ("NestedYieldResume depth10 / oneHelper", "NestedYieldResume.depth10", "NestedYieldResume.oneHelper", 1.5),
]


def t_quantile(degrees):
    """The table's quantile for the largest tabulated degrees of freedom not above DEGREES (so never
    narrower than the exact one), the normal quantile for large samples."""
    if degrees > max(T_999):
        return 3.291
    known = [d for d in T_999 if d <= degrees]
    if not known:
        raise SystemExit(f"nested-ratios.py: {degrees + 1} iterations are too few for an interval")
    return T_999[max(known)]


def row_name(result):
    return ".".join(result["benchmark"].split(".")[-2:])


def allocation(result):
    secondary = result.get("secondaryMetrics", {})
    norm = secondary.get("gc.alloc.rate.norm") or secondary.get("·gc.alloc.rate.norm") or {}
    return norm.get("score")


def load(paths):
    """{row: {"forks": [[iteration scores]], "alloc": [per-file B/op], "rounds": {round: mean}}}"""
    rows = {}
    for path in paths:
        match = re.search(r"results-round(\d+)-", path)
        file_round = int(match.group(1)) if match else None
        for result in json.load(open(path)):
            round_number = result.get("round", file_round)
            row = rows.setdefault(row_name(result), {"forks": [], "alloc": [], "rounds": {}, "jmh": None})
            forks = result["primaryMetric"]["rawData"]
            row["forks"].extend(forks)
            alloc = allocation(result)
            if alloc is not None:
                row["alloc"].append(alloc)
            if round_number is not None:
                row["rounds"][round_number] = statistics.fmean(v for fork in forks for v in fork)
            else:
                row["jmh"] = (result["primaryMetric"]["score"], result["primaryMetric"]["scoreError"])
    return rows


def summary(row):
    values = [v for fork in row["forks"] for v in fork]
    if row["jmh"] is not None:
        mean, error = row["jmh"]
    else:
        mean = statistics.fmean(values)
        error = t_quantile(len(values) - 1) * statistics.stdev(values) / len(values) ** 0.5 if len(values) > 1 else 0.0
    return mean, error, min(values), statistics.median(values), max(row["alloc"]) if row["alloc"] else None


def main(paths):
    rows = load(paths)
    stats = {name: summary(row) for name, row in rows.items()}
    pooled = any(row["rounds"] for row in rows.values())
    print(f"{'row':40} {'ns/op':>16} {'fastest':>8} {'median':>8} {'B/op':>6} {'forks':>5}")
    for name, (mean, error, fastest, median, alloc) in stats.items():
        b = "-" if alloc is None else f"{alloc:.2f}"
        print(f"{name:40} {mean:8.3f} ± {error:5.3f} {fastest:8.3f} {median:8.3f} {b:>6} {len(rows[name]['forks']):5d}")
    print()
    for label, top, bottom, target in TARGETS:
        if top not in stats or bottom not in stats:
            continue
        mean = stats[top][0] / stats[bottom][0]
        fast = stats[top][2] / stats[bottom][2]
        verdict = "met" if mean <= target else "missed"
        line = f"{label:40} {mean:5.2f}x (fastest iterations {fast:5.2f}x), target <= {target}x: {verdict}"
        if pooled:
            common = sorted(set(rows[top]["rounds"]) & set(rows[bottom]["rounds"]))
            per_round = [rows[top]["rounds"][r] / rows[bottom]["rounds"][r] for r in common]
            if per_round:
                line += (f"; rounds: median {statistics.median(per_round):.2f}x, "
                         + " ".join(f"{ratio:.2f}" for ratio in per_round))
        print(line)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: nested-ratios.py RESULTS.json...")
    main(sys.argv[1:])
