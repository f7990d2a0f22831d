#!/usr/bin/env python3
"""Turns the results of benchmarks/http-load.sh (DIR/results.tsv and DIR/meta.txt) into Markdown: the
HTTP load test's table of issue #10 (req/s, latency, server CPU per request, /slow with 1,000
connections, heap per idle connection) with the ratios the issue sets targets for, the targets
marked met or missed, the rows that could not run with the reason, and a bar chart (SVG, written by
this script: http-load.svg) of req/s and server CPU per request.

Usage: python3 benchmarks/http-report.py [DIR] [--readme README.md] [--svg-dir docs]
DIR defaults to benchmarks/target/http-load. Prints the Markdown; with --readme, also replaces the
README's text between the lines <!-- http-load:begin --> and <!-- http-load:end --> with it. The
chart goes to --svg-dir (by default docs/ beside the README given, else DIR), and the Markdown links
it by its path relative to the README (else to DIR, where http-load.sh writes report.md).
"""

import csv
import os
import pathlib
import sys

import readme_section

ORDER = ["jcoro-1", "jcoro-2", "reactor", "virtual", "netty-1", "netty-2"]
LABELS = {
    "jcoro-1": "**jcoro**, 1 loop",
    "jcoro-2": "**jcoro**, 2 loops",
    "reactor": "hand-written reactor, 1 thread (floor)",
    "virtual": "virtual thread per connection",
    "netty-1": "Netty 4.2, 1 event-loop thread",
    "netty-2": "Netty 4.2, 2 event-loop threads",
}
CHART_LABELS = {
    "jcoro-1": "jcoro, 1 loop", "jcoro-2": "jcoro, 2 loops", "reactor": "reactor (floor)",
    "virtual": "virtual threads", "netty-1": "Netty, 1 thread", "netty-2": "Netty, 2 threads",
}
SAME_THREADS = {"jcoro-1": "netty-1", "jcoro-2": "netty-2"}
KB = 1024


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def load(run):
    """The rows {id: {column: value}} in the order the script ran them, and the meta lines."""
    rows = {}
    with open(run / "results.tsv", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rows[row["id"]] = row
    meta = {}
    for line in (run / "meta.txt").read_text().splitlines():
        key, _, value = line.partition(": ")
        meta[key] = value
    return rows, meta


def ok(rows, key):
    return key in rows and rows[key]["status"] == "ok"


def value(rows, key, column):
    return number(rows[key][column]) if ok(rows, key) else None


def cell(v, spec):
    return "–" if v is None else format(v, spec)


def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "–"


def kb(rows, key):
    per = value(rows, key, "bytes_per_conn")
    return None if per is None else per / KB


def table(rows, meta):
    out = []
    out.append(f"{meta.get('date', '?')}; `{meta.get('java', '?')}`; {meta.get('cpu', '?')}, {meta.get('memory', '?')}; "
               f"load average at start {meta.get('load average at start', '?')}; wrk and the server share the cores. "
               f"`{meta.get('command', '?').strip()}` ({meta.get('mode', '?')}; {meta.get('wall time', '?')}); "
               f"servers started with `{meta.get('server jvm options', '')}`, jcoro as "
               f"`{meta.get('jcoro started as', '?')}`.")
    out.append("")
    out.append("| server | /hello req/s | p50 ms | p99 ms | server CPU µs/req | CPU ÷ reactor's | req/s ÷ virtual "
               "threads' | req/s ÷ Netty's, same threads | /slow req/s, 1,000 conns | /slow p99 ms "
               "| /slow ÷ virtual threads' | KB per idle conn |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    reactor_cpu = value(rows, "reactor", "cpu_us_per_req")
    virtual_rps = value(rows, "virtual", "hello_rps")
    virtual_slow = value(rows, "virtual", "slow_rps")
    notes = []
    for key in ORDER + [k for k in rows if k not in ORDER]:
        if key not in rows:
            continue
        label = LABELS.get(key, rows[key]["label"])
        if not ok(rows, key):
            out.append(f"| {label} | not run | | | | | | | | | | |")
            notes.append(f"- {label}: not run: {rows[key]['reason']}.")
            continue
        rps, cpu = value(rows, key, "hello_rps"), value(rows, key, "cpu_us_per_req")
        slow = value(rows, key, "slow_rps")
        netty = SAME_THREADS.get(key)
        per = kb(rows, key)
        cells = [label, cell(rps, ",.0f"), cell(value(rows, key, "hello_p50_ms"), ".2f"),
                 cell(value(rows, key, "hello_p99_ms"), ".2f"), cell(cpu, ".1f"),
                 "1 (floor)" if key == "reactor" else ratio(cpu, reactor_cpu),
                 "1" if key == "virtual" else ratio(rps, virtual_rps),
                 ratio(rps, value(rows, netty, "hello_rps")) if netty else "",
                 cell(slow, ",.0f"), cell(value(rows, key, "slow_p99_ms"), ".1f"),
                 "1" if key == "virtual" else ratio(slow, virtual_slow),
                 "–" if per is None else f"{per:.2f}"]
        out.append("| " + " | ".join(cells) + " |")
        errors = [f"{int(number(rows[key][c]))} {what}" for c, what in
                  (("hello_errors", "on /hello"), ("slow_errors", "on /slow"))
                  if number(rows[key][c])]
        if errors:
            notes.append(f"- {label}: wrk counted errors (socket errors and non-2xx): {', '.join(errors)}.")
        note = rows[key]["idle_note"]
        if per is None:
            notes.append(f"- {label}: heap per idle connection not measured: {note}.")
        elif note not in ("all still open", "-"):
            notes.append(f"- {label}: idle connections: {note}.")
    out.append("")
    count = next((f"{int(rows[k]['idle_count']):,}" for k in rows if ok(rows, k)), "?")
    out.append(f"req/s and latency: `wrk -t1 -c100 --latency` on `GET /hello` (keep-alive); /slow: `wrk -t1 -c1000` on "
               f"`GET /slow` (10 ms simulated back end). Server CPU: the server process's utime + stime from "
               f"`/proc/<pid>/stat` over the /hello run, divided by the requests wrk counted. KB per idle connection "
               f"(1 KB = 1,024 B): the live heap (`jcmd GC.class_histogram`, after a full GC) while {count} keep-alive "
               f"connections, each answered once, are held open, minus the live heap before, divided by {count}. "
               f"Ratios are between rows of this one run.")
    out.append("")
    out += notes
    if notes:
        out.append("")
    return out


def targets(rows):
    out = ["Targets of issue #10, from this run:", ""]
    reactor_cpu = value(rows, "reactor", "cpu_us_per_req")
    virtual_rps = value(rows, "virtual", "hello_rps")
    virtual_slow = value(rows, "virtual", "slow_rps")

    def check(text, got, limit, at_least):
        if got is None:
            return f"{text}: not measured"
        met = got >= limit if at_least else got <= limit
        return f"{text}: {got:.2f}{'×' if 'KB' not in text else ' KB'} — {'met' if met else 'missed'}"

    def missing(*keys):
        why = [f"{CHART_LABELS.get(k, k)} not run: {rows[k]['reason']}" if k in rows else f"no {k} row in this run"
               for k in keys if not ok(rows, k)]
        return f" ({'; '.join(why)})" if why else ""

    for key in ("jcoro-1", "jcoro-2"):
        if not ok(rows, key):
            reason = rows[key]["reason"] if key in rows else "not in this run"
            out.append(f"- {LABELS[key]}: not measured: {reason}.")
            continue
        cpu, rps, slow = (value(rows, key, c) for c in ("cpu_us_per_req", "hello_rps", "slow_rps"))
        netty = SAME_THREADS[key]
        netty_rps = value(rows, netty, "hello_rps")
        per = kb(rows, key)
        parts = [
            check("CPU per request ≤ 1.2× the reactor's", cpu / reactor_cpu if cpu and reactor_cpu else None, 1.2, False)
            + missing("reactor"),
            check("req/s ≥ 1.0× virtual threads'", rps / virtual_rps if rps and virtual_rps else None, 1.0, True)
            + missing("virtual"),
            check(f"req/s ≥ 0.8× Netty's on {netty[-1]} thread{'' if netty.endswith('-1') else 's'}", rps / netty_rps if rps and netty_rps else None, 0.8, True)
            + missing(netty),
            check("/slow ≥ 1.5× virtual threads'", slow / virtual_slow if slow and virtual_slow else None, 1.5, True)
            + missing("virtual"),
            check("≤ 1.5 KB per idle connection", per, 1.5, False),
        ]
        out.append(f"- {LABELS[key]}: " + "; ".join(parts) + ".")
    out.append("")
    return out


def svg_chart(rows, meta):
    """Two panels of horizontal bars, one row per server: req/s (/hello, and /slow with 1,000
    connections) and server CPU µs per /hello request; rows that did not run are named, with no bar."""
    keys = [k for k in ORDER if k in rows] + [k for k in rows if k not in ORDER]
    if not keys:
        return None
    rps = {k: value(rows, k, "hello_rps") or 0 for k in keys}
    slow = {k: value(rows, k, "slow_rps") or 0 for k in keys}
    cpu = {k: value(rows, k, "cpu_us_per_req") or 0 for k in keys}
    left, panel, gap_x, bar, gap, top = 130, 330, 150, 11, 10, 58
    row_h = 2 * bar + gap
    width = left + panel + gap_x + panel * 0.6 + 70
    height = top + len(keys) * row_h + 90
    max_rps = max(max(rps.values()), max(slow.values()), 1)
    max_cpu = max(max(cpu.values()), 1)
    esc = lambda text: str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="20" font-size="14" font-weight="bold">HTTP load test: requests per second '
           '(higher is better) and server CPU per request (lower is better)</text>',
           f'<text x="{left}" y="{top - 14}" fill="#555">req/s: GET /hello, 100 conns (dark); GET /slow, 1,000 '
           f'conns (light)</text>']
    cpu_left = left + panel + gap_x
    out.append(f'<text x="{cpu_left}" y="{top - 14}" fill="#555">server CPU µs per /hello request</text>')
    for n, key in enumerate(keys):
        y = top + n * row_h
        jcoro = key.startswith("jcoro")
        dark = "#2b6cb0" if jcoro else "#444" if key == "reactor" else "#888"
        light = "#90b4e0" if jcoro else "#aaa" if key == "reactor" else "#ccc"
        out.append(f'<text x="{left - 8}" y="{y + bar + 4}" text-anchor="end">'
                   f'{esc(CHART_LABELS.get(key, rows[key]["label"]))}</text>')
        if not ok(rows, key):
            out.append(f'<text x="{left + 4}" y="{y + bar + 4}" fill="#a00">not run</text>')
            continue
        for i, (figure, color) in enumerate(((rps[key], dark), (slow[key], light))):
            length = max(1.0, panel * figure / max_rps)
            yy = y + i * bar
            out.append(f'<rect x="{left}" y="{yy}" width="{length:.1f}" height="{bar - 1}" fill="{color}"/>')
            out.append(f'<text x="{left + length + 4:.1f}" y="{yy + bar - 2}" font-size="10">{figure:,.0f}</text>')
        length = max(1.0, panel * 0.6 * cpu[key] / max_cpu)
        out.append(f'<rect x="{cpu_left}" y="{y + bar / 2}" width="{length:.1f}" height="{bar}" fill="{dark}"/>')
        out.append(f'<text x="{cpu_left + length + 4:.1f}" y="{y + bar * 1.5 - 1}" font-size="10">{cpu[key]:.1f}</text>')
    y = top + len(keys) * row_h + 20
    for line in (f"{meta.get('java', '')}; {meta.get('cpu', '')}, {meta.get('memory', '')}",
                 f"{meta.get('date', '')}; {meta.get('command', '')} ({meta.get('mode', '')}); "
                 f"load average at start {meta.get('load average at start', '?')}",
                 "wrk -t1 on loopback, sharing the cores with the server; "
                 "generated by benchmarks/http-report.py from results.tsv"):
        out.append(f'<text x="10" y="{y}" fill="#555" font-size="11">{esc(line)}</text>')
        y += 16
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv):
    readme = None
    if "--readme" in argv:
        i = argv.index("--readme")
        readme = pathlib.Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    svg_dir = None
    if "--svg-dir" in argv:
        i = argv.index("--svg-dir")
        svg_dir = pathlib.Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    run = pathlib.Path(argv[0] if argv else pathlib.Path(__file__).parent / "target" / "http-load")
    if not (run / "results.tsv").exists():
        sys.exit(f"http-report.py: no benchmarks/http-load.sh results in {run}")
    if svg_dir is None:
        svg_dir = readme.parent / "docs" if readme else run
    # The link is relative to the README, else to DIR (where http-load.sh writes report.md).
    base = readme.parent if readme else run
    link_dir = pathlib.Path(os.path.relpath(svg_dir.resolve(), base.resolve())).as_posix()
    rows, meta = load(run)
    out = ["#### HTTP load test (`benchmarks/http-load.sh`, issue #10)", ""]
    out += table(rows, meta)
    svg = svg_chart(rows, meta)
    if svg:
        svg_dir.mkdir(parents=True, exist_ok=True)
        (svg_dir / "http-load.svg").write_text(svg)
        link = "http-load.svg" if link_dir == "." else f"{link_dir}/http-load.svg"
        out += [f"![HTTP load test: req/s and server CPU per request]({link})", ""]
    out += targets(rows)
    text = "\n".join(out).rstrip() + "\n"
    print(text, end="")
    if readme:
        readme_section.replace(readme, "http-load", "benchmarks/http-report.py", text)


if __name__ == "__main__":
    main(sys.argv[1:])
