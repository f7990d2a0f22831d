#!/usr/bin/env python3
"""Turns the results of benchmarks/run.sh into Markdown: for each JDK run (benchmarks/target/jdkN/),
the side-by-side table of issue #11 (yield + resume, x floor, B/op, retained bytes, create + first
value), the async switch table, the channel hand-off table (issues #6 and #11) with its targets, the
debugging aids on / off (issue #12), the rows not measured with the reason, the targets, the agent's
start-up cost, and a bar chart (SVG, written by this script: docs/benchmarks-jdkN.svg) of yield +
resume as a multiple of the floor.

Usage: python3 benchmarks/report.py [benchmarks/target] [--readme README.md] [--svg-dir docs]
Prints the Markdown; with --readme, also replaces the README's text between the lines
<!-- benchmarks:begin --> and <!-- benchmarks:end --> with it. The charts go to --svg-dir (by default
docs/ beside the README given, else benchmarks/target/), and the Markdown links them by that path.
"""

import json
import math
import pathlib
import re
import sys

import readme_section

LABELS = {
    "floor": "hand-written iterator (floor)",
    "floorNotInlined": "floor behind a non-inlined call",
    "jcoroDepth1": "**jcoro** generator (agent)",
    "jcoroOneHelper": "**jcoro**, yield 1 helper deep",
    "jcoroDepth3": "**jcoro**, yield 3 helpers deep",
    "jcoroDepth10": "**jcoro**, yield 10 helpers deep",
    "jcoroProcessorDepth1": "**jcoro** generator (processor)",
    "kotlinSequence": "Kotlin `sequence { yield(i) }`",
    "offbynull": "offbynull coroutines 1.5.2",
    "loomContinuation": "Loom `jdk.internal.vm.Continuation`",
    "virtualThreadQueue": "virtual thread + `SynchronousQueue`",
    "virtualThreadPark": "virtual thread + park/unpark",
    "platformThreadQueue": "platform thread + `SynchronousQueue`",
    "platformThreadPark": "platform thread + park/unpark",
}
ROWS = list(LABELS)
CHART_LABELS = {
    "floor": "floor (hand-written)", "floorNotInlined": "floor, not inlined", "jcoroDepth1": "jcoro",
    "jcoroProcessorDepth1": "jcoro (processor)", "jcoroOneHelper": "jcoro, 1 helper deep",
    "jcoroDepth3": "jcoro, 3 helpers deep",
    "jcoroDepth10": "jcoro, 10 helpers deep", "kotlinSequence": "Kotlin sequence",
    "offbynull": "offbynull", "loomContinuation": "Loom Continuation",
    "virtualThreadQueue": "virtual thread, queue", "virtualThreadPark": "virtual thread, park",
    "platformThreadQueue": "platform thread, queue", "platformThreadPark": "platform thread, park",
}
PING = {
    "floor": "run queue of two `Runnable`s (floor)",
    "jcoroPause": "**jcoro** `Co.pause()` on its event loop",
    "kotlinYield": "Kotlin `yield()` in `runBlocking`",
    "virtualThreadsYield": "virtual threads, `Thread.yield()`, one carrier",
}
CHANNEL = {
    "jcoroChannel": "**jcoro** `Channel`, two tasks on one `EventLoop`",
    "kotlinChannel": "Kotlin `Channel` in `runBlocking`",
    "threadsBlockingQueue": "two threads, `ArrayBlockingQueue`",
}
CHANNEL_RENDEZVOUS = {"threadsBlockingQueue": "two threads, `SynchronousQueue`"}
DEBUG = {
    "off": "every aid off",
    "debug": "debug mode (`-Djcoro.debug=true`)",
    "jfr": "JFR events (`-Djcoro.jfr=true`, no recording)",
    "watchdog": "watchdog (`-Djcoro.watchdog=true`)",
}


def load(run):
    """The results of one JDK's run: {(class, method): (score, error, B/op, fastest)}, retained, not
    measured, meta. A parameterized benchmark's method carries its parameters' values: jcoroChannel[64]."""
    scores = {}
    for entry in json.loads((run / "results.json").read_text()):
        cls, method = entry["benchmark"].split(".")[-2:]
        if entry.get("params"):
            method += "[" + ",".join(str(v) for v in entry["params"].values()) + "]"
        primary = entry["primaryMetric"]
        alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        fastest = min(x for fork in primary.get("rawData", [[primary["score"]]]) for x in fork)
        scores[(cls, method)] = (primary["score"], primary["scoreError"], alloc, fastest)
    retained, missing = {}, {}
    path = run / "retained.txt"
    for line in path.read_text().splitlines() if path.exists() else []:
        parts = line.split(" ", 3)
        if parts[0] == "retained":
            retained[parts[1]] = (int(parts[2]), float(parts[3].split()[0]))
        elif parts[0] == "not-measured":
            missing[("retained", parts[1])] = line.split(" ", 2)[2]
    path = run / "not-measured.txt"
    for line in path.read_text().splitlines() if path.exists() else []:
        name, reason = line.split(" ", 1)
        cls, method = name.split(".")
        missing[(cls, method)] = reason
    meta = {}
    for line in (run / "meta.txt").read_text().splitlines():
        key, _, value = line.partition(": ")
        meta[key] = value
    return scores, retained, missing, meta


def fmt(score, error):
    """Mean ± error, with as many decimals as the error supports."""
    if error is None or math.isnan(error) or error <= 0:
        digits = max(0, 2 - int(math.floor(math.log10(abs(score))))) if score > 0 else 2
        return f"{score:,.{digits}f}"
    digits = min(3, max(0, 1 - int(math.floor(math.log10(error)))))
    return f"{score:,.{digits}f} ± {error:,.{digits}f}"


def times(value, floor):
    if not floor:
        return "–"
    ratio = value / floor
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:,.0f}×"


def side_by_side(jdk, scores, retained, missing, meta):
    out = []
    floor = scores.get(("Alternatives", "floor"), (None,))[0]
    create_floor = scores.get(("AlternativesCreate", "floor"), (None,))[0]
    out.append(f"#### JDK {jdk}: `{meta.get('java', '?')}`")
    out.append("")
    load = f"load average at start: {meta.get('load average at start', '?')}"
    if "load average at the end of the JMH runs" in meta:
        load += f", at the end of the JMH runs: {meta['load average at the end of the JMH runs']}"
    out.append(f"{meta.get('date', '?')}, {meta.get('cpu', '?')}, {meta.get('memory', '?')} ({load}); "
               f"`{meta.get('command', '?').strip()}` ({meta.get('mode', '?')}). ± is JMH's 99.9% confidence interval.")
    out.append("")
    fastest_floor = scores.get(("Alternatives", "floor"), (None, None, None, None))[3]
    out.append("| row | yield + resume, ns | × floor | fastest iteration × floor's | B/op | retained B per suspended "
               "| create + first value, ns | × floor |")
    out.append("|---|---|---|---|---|---|---|---|")
    notes = []
    for row in ROWS:
        label = LABELS[row]
        if ("Alternatives", row) not in scores:
            reason = missing.get(("Alternatives", row))
            if reason:
                notes.append(f"- {label}: not measured: {reason}.")
            continue
        score, error, alloc, fastest = scores[("Alternatives", row)]
        cells = [label, fmt(score, error), times(score, floor), times(fastest, fastest_floor),
                 "–" if alloc is None else f"{alloc:.0f}"]
        if row in retained:
            count, each = retained[row]
            cells.append(f"{each:.0f}" + ("" if count == 1_000_000 else f" (of {count:,})"))
        elif ("retained", row) in missing:
            cells.append("n/a¹" if row.startswith("platform") else "–")
        else:
            cells.append("–")
        if ("AlternativesCreate", row) in scores:
            c_score, c_error = scores[("AlternativesCreate", row)][:2]
            cells += [fmt(c_score, c_error) + ("²" if "Thread" in row else ""), times(c_score, create_floor)]
        else:
            cells += ["–", "–"]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out.append("¹ A platform thread's stack is native memory, outside the heap, so a heap difference cannot show it. "
               "² Includes starting the thread and stopping it again. Retained bytes: the heap's growth over "
               "1,000,000 suspended counters (100,000 virtual threads); B/op: JMH's `gc.alloc.rate.norm`. "
               "Create + first value lets the counter escape (so escape analysis cannot remove it). "
               "The fastest-iteration column divides the row's fastest measurement iteration by the floor's: "
               "on a busy machine it is the least disturbed.")
    if notes:
        out.append("")
        out += notes
    out.append("")
    return out


def ping_pong(jdk, scores, missing):
    out = []
    floor = scores.get(("PingPong", "floor"), (None,))[0]
    out.append(f"| async task switch, JDK {jdk} | ns per switch | × run queue | B per switch |")
    out.append("|---|---|---|---|")
    notes = []
    for row, label in PING.items():
        if ("PingPong", row) not in scores:
            reason = missing.get(("PingPong", row))
            if reason:
                notes.append(f"- {label}: not measured: {reason}.")
            continue
        score, error, alloc, _ = scores[("PingPong", row)]
        out.append(f"| {label} | {fmt(score, error)} | {times(score, floor)} | "
                   + ("–" if alloc is None else f"{alloc:.2f}") + " |")
    out.append("")
    out += notes
    if notes:
        out.append("")
    return out


def capacities(scores):
    """The capacities ChannelHandoff ran at, from its rows' names (jcoroChannel[64]), in order."""
    found = {int(m[m.index("[") + 1:-1]) for c, m in scores if c == "ChannelHandoff" and "[" in m}
    return sorted(found)


def channel(jdk, scores):
    """The channel hand-off rows, one line per row and capacity: ns and B per item, and jcoro's
    speed-up over it (the row's time divided by jcoro's at the same capacity)."""
    out = []
    for capacity in capacities(scores):
        jcoro = scores.get(("ChannelHandoff", f"jcoroChannel[{capacity}]"), (None,))[0]
        kind = "rendezvous" if capacity == 0 else f"capacity {capacity}"
        if not out:
            out.append(f"| channel hand-off, JDK {jdk} | ns per item | B per item | time ÷ jcoro's |")
            out.append("|---|---|---|---|")
        for row, label in CHANNEL.items():
            key = ("ChannelHandoff", f"{row}[{capacity}]")
            if key not in scores:
                continue
            score, error, alloc, _ = scores[key]
            if capacity == 0:
                label = CHANNEL_RENDEZVOUS.get(row, label)
            out.append(f"| {kind}: {label} | {fmt(score, error)} | "
                       + ("–" if alloc is None else f"{alloc:.0f}") + f" | {times(score, jcoro)} |")
    if out:
        out.append("")
    return out


def debug_cost(jdk, scores):
    """The debugging aids on / off (DebugCostYield, DebugCostTask): each row's time and its ratio to
    the class's 'off' row; '–' where a class has no such row (the watchdog watches loops only)."""
    classes = ("DebugCostYield", "DebugCostTask")
    if not any((cls, "off") in scores for cls in classes):
        return []
    out = [f"| debugging aid, JDK {jdk} | yield + resume, ns | × off | B/op | task step, ns | × off | B/op |",
           "|---|---|---|---|---|---|---|"]
    for row, label in DEBUG.items():
        cells = [label]
        for cls in classes:
            if (cls, row) not in scores:
                cells += ["–", "–", "–"]
                continue
            score, error, alloc, _ = scores[(cls, row)]
            off = scores.get((cls, "off"), (None,))[0]
            cells += [fmt(score, error), times(score, off), "–" if alloc is None else f"{alloc:.1f}"]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out


def channel_targets(jdk, scores):
    """Issue #6: jcoro's hand-off at least Kotlin's throughput and 10× the threads'; issue #11: 4× Kotlin's."""
    out = []
    for capacity in capacities(scores):
        def ns(row):
            return scores.get(("ChannelHandoff", f"{row}[{capacity}]"), (None,))[0]

        jcoro, kotlin, threads = ns("jcoroChannel"), ns("kotlinChannel"), ns("threadsBlockingQueue")
        if not jcoro:
            continue
        if not out:
            out += [f"Channel hand-off targets on JDK {jdk} (throughput ratio: the other row's time ÷ jcoro's):", ""]
        kind = "rendezvous" if capacity == 0 else f"capacity {capacity}"
        parts = []
        if kotlin:
            ratio = kotlin / jcoro
            parts.append(f"≥ Kotlin's throughput (issue #6): {ratio:.2f}× — {'met' if ratio >= 1 else 'missed'}")
            parts.append(f"≥ 4× Kotlin's (issue #11): {ratio:.2f}× — {'met' if ratio >= 4 else 'missed'}")
        if threads:
            ratio = threads / jcoro
            parts.append(f"≥ 10× the threads' (issue #6): {ratio:,.1f}× — {'met' if ratio >= 10 else 'missed'}")
        out.append(f"- {kind}: " + "; ".join(parts))
    if out:
        out.append("")
    return out


def svg_chart(jdk, scores, meta):
    """A horizontal bar chart, on a log scale (the rows span 1x to 10,000x), of yield + resume as a
    multiple of the floor, with the machine, JDK, date and command under it."""
    floor = scores.get(("Alternatives", "floor"), (None,))[0]
    rows = [r for r in CHART_LABELS if ("Alternatives", r) in scores]
    if not floor or not rows:
        return None
    ratios = [scores[("Alternatives", r)][0] / floor for r in rows]
    decades = max(1, math.ceil(math.log10(max(ratios))))
    left, width, bar, gap, top = 190, 470, 18, 8, 48
    height = top + len(rows) * (bar + gap) + 70

    def x(ratio):
        return left + width * math.log10(max(ratio, 1)) / decades

    esc = lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="20" font-size="14" font-weight="bold">yield + resume, multiple of the hand-written '
           f'floor (JDK {esc(jdk)}; lower is better; log scale)</text>']
    for k in range(decades + 1):
        gx = left + width * k / decades
        out.append(f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{top + len(rows) * (bar + gap)}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{gx:.1f}" y="{top - 10}" text-anchor="middle" fill="#555">{10 ** k:,}×</text>')
    for n, (row, ratio) in enumerate(zip(rows, ratios)):
        y = top + n * (bar + gap)
        color = "#2b6cb0" if row.startswith("jcoro") else "#444" if row.startswith("floor") else "#999"
        length = max(2.0, x(ratio) - left)
        out.append(f'<text x="{left - 8}" y="{y + bar - 5}" text-anchor="end">{esc(CHART_LABELS[row])}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="{color}"/>')
        label = f"{ratio:,.2f}×" if ratio < 100 else f"{ratio:,.0f}×"
        out.append(f'<text x="{left + length + 5:.1f}" y="{y + bar - 5}">{esc(label)}</text>')
    y = top + len(rows) * (bar + gap) + 20
    for line in (f"{meta.get('java', '')}; {meta.get('cpu', '')}, {meta.get('memory', '')}",
                 f"{meta.get('date', '')}; {meta.get('command', '')} ({meta.get('mode', '')}); "
                 f"load average at start {meta.get('load average at start', '?')}",
                 "generated by benchmarks/report.py from JMH's JSON"):
        out.append(f'<text x="10" y="{y}" fill="#555" font-size="11">{esc(line)}</text>')
        y += 16
    out.append("</svg>")
    return "\n".join(out) + "\n"


def chart(jdk, scores, meta, svg_dir, link_dir):
    """Writes the SVG chart and returns the Markdown that shows it."""
    svg = svg_chart(jdk, scores, meta)
    if svg is None:
        return []
    svg_dir.mkdir(parents=True, exist_ok=True)
    name = f"benchmarks-jdk{jdk}.svg"
    (svg_dir / name).write_text(svg)
    return [f"![yield + resume as a multiple of the floor, JDK {jdk}]({link_dir}/{name})", ""]


def startup(jdk, run):
    """The agent's start-up cost (agent-startup.sh, run by run.sh), when measured."""
    path = run / "startup.txt"
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    medians = [l for l in lines if l.startswith("medians of")]
    jars = [l for l in lines if l.startswith("jars:")]
    if not medians:
        return []
    return [f"Agent start-up on JDK {jdk} (`benchmarks/agent-startup.sh`, every class of "
            f"{jars[0][5:].strip() if jars else 'the jar set'} loaded and initialized by `Class.forName`): "
            f"{medians[0][0].lower() + medians[0][1:]}.", ""]


def targets(jdk, scores, retained):
    def ns(cls, row):
        return scores.get((cls, row), (None,))[0]

    out = [f"Targets of issue #11 on JDK {jdk}, from this run:", ""]
    floor, d1, d10 = ns("Alternatives", "floor"), ns("Alternatives", "jcoroDepth1"), ns("Alternatives", "jcoroDepth10")
    if floor and d1:
        out.append(f"- depth 1 ≤ 3× floor: {d1 / floor:.2f}× — {'met' if d1 / floor <= 3 else 'missed'}")
    if d1 and d10:
        out.append(f"- depth 10 ≤ 1.5× depth 1: {d10 / d1:.2f}× — {'met' if d10 / d1 <= 1.5 else 'missed'}")
    allocs = [scores[("Alternatives", r)][2] for r in ("jcoroDepth1", "jcoroOneHelper", "jcoroDepth3", "jcoroDepth10")
              if ("Alternatives", r) in scores and scores[("Alternatives", r)][2] is not None]
    if allocs:
        out.append(f"- 0 B per yield + resume: at most {max(allocs):.2f} B/op at depths 1, 3, 10 and 1 helper — "
                   f"{'met' if max(allocs) < 0.5 else 'missed'}")
    if "jcoroDepth1" in retained:
        each = retained["jcoroDepth1"][1]
        out.append(f"- ≤ 56 B per suspended small generator: {each:.0f} B — {'met' if each <= 56 else 'missed'}")
    cf, cj = ns("AlternativesCreate", "floor"), ns("AlternativesCreate", "jcoroDepth1")
    if cf and cj:
        out.append(f"- create + first yield ≤ 2× floor: {cj / cf:.2f}× — {'met' if cj / cf <= 2 else 'missed'}")
    out.append("")
    return out


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
    target = pathlib.Path(argv[0] if argv else pathlib.Path(__file__).parent / "target")
    if svg_dir is None:
        svg_dir = readme.parent / "docs" if readme else target
    link_dir = (svg_dir.resolve().relative_to(readme.parent.resolve()).as_posix() if readme
                else svg_dir.as_posix())
    runs = sorted((p for p in target.glob("jdk*") if (p / "results.json").exists()),
                  key=lambda p: int(re.sub(r"\D", "", p.name) or 0))
    if not runs:
        sys.exit(f"report.py: no benchmarks/run.sh results under {target}")
    out = []
    loaded = []
    for run in runs:
        try:
            loaded.append((run.name[3:], *load(run), run))
        except (ValueError, OSError) as e:  # a run still going, or cut short
            print(f"report.py: skipping {run}: {e}", file=sys.stderr)
    for jdk, scores, retained, missing, meta, run in loaded:
        out += side_by_side(jdk, scores, retained, missing, meta)
        out += chart(jdk, scores, meta, svg_dir, link_dir)
        out += targets(jdk, scores, retained)
        out += startup(jdk, run)
    out.append("#### Async task switch (`PingPong`)")
    out.append("")
    out.append(f"Two tasks on one thread take turns, each giving up the thread 10,000 times; per switch.")
    out.append("")
    for jdk, scores, retained, missing, meta, run in loaded:
        out += ping_pong(jdk, scores, missing)
    channels = [(jdk, scores) for jdk, scores, _, _, _, _ in loaded if capacities(scores)]
    if channels:
        out.append("#### Channel hand-off (`ChannelHandoff`)")
        out.append("")
        out.append(f"A producer and a consumer hand 100,000 items over through a buffer of the capacity (0: a "
                   f"rendezvous); per item.")
        out.append("")
        for jdk, scores in channels:
            out += channel(jdk, scores)
            out += channel_targets(jdk, scores)
    debugging = [(jdk, scores) for jdk, scores, _, _, _, _ in loaded if ("DebugCostYield", "off") in scores]
    if debugging:
        out.append("#### Debugging aids on / off (`DebugCostYield`, `DebugCostTask`)")
        out.append("")
        out.append("One yield + resume of a generator, and one task step through the event loop (two tasks "
                   "passing the turn with `Co.pause()`), each row in its own fork with its system property.")
        out.append("")
        for jdk, scores in debugging:
            out += debug_cost(jdk, scores)
    text = "\n".join(out).rstrip() + "\n"
    print(text, end="")
    if readme:
        readme_section.replace(readme, "benchmarks", "benchmarks/report.py", text)


if __name__ == "__main__":
    main(sys.argv[1:])
