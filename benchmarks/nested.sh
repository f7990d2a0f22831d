#!/usr/bin/env bash
# Issue #4's targets in one run: a yield + resume 10 helper frames deep against one at the body
# (depth 10 <= 1.5x depth 1), and depth 1 against the hand-written floor (<= 3x); also with "depth
# 1" read as one helper frame (jcoroOneHelper). Runs only the rows those ratios need, with more
# forks than run.sh's full mode (on a 2-core Intel Xeon the nested rows moved by 10 to 60 % between
# iterations and between forks):
#   Alternatives.floor, jcoroDepth1, jcoroOneHelper, jcoroDepth3, jcoroDepth10, jcoroProcessorDepth1
#   NestedYieldResume.* (floor, depth1, oneHelper, depth3, depth10)
# with JMH's gc profiler (bytes allocated per operation), then prints the ratios.
#
# It builds nothing: build first, from the repository root: mvn -B -q install -DskipTests
#
# Usage: benchmarks/nested.sh [--jdk N] [--forks F]   (default: the java of java-for.sh, 3 forks;
#        JMH -wi 3 -w 1s -i 5 -r 1s, about 7 minutes per JDK on a 2-core machine)
# Writes benchmarks/target/nested-jdkN/: meta.txt (machine, JDK, date, command), results.txt
# (everything printed), results.json and ratios.txt (the table and the ratios), with the
# repository's path taken out so that they can be committed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
agent="$root/agent/target/jcoro-agent.jar"
jar="$here/target/benchmarks.jar"

jdk=""
forks=3
while [[ $# -gt 0 ]]; do
    case "$1" in
        --jdk)
            jdk="${2:?nested.sh: --jdk needs a version, e.g. --jdk 25}"
            shift 2
            ;;
        --forks)
            forks="${2:?nested.sh: --forks needs a count, e.g. --forks 3}"
            shift 2
            ;;
        *)
            echo "nested.sh: unknown argument $1 (usage: nested.sh [--jdk N] [--forks F])" >&2
            exit 2
            ;;
    esac
done

# shellcheck source=java-for.sh
source "$here/java-for.sh"
if ! java=$(java_for "$jdk"); then
    echo "nested.sh: no JDK $jdk found under /usr/lib/jvm" >&2
    exit 1
fi
require_built nested.sh "$agent" "$jar" || exit 1

version_line=$("$java" -version 2>&1 | head -n 1)
feature=$(feature_of "$java")
out="$here/target/nested-jdk$feature"
mkdir -p "$out"
results="$out/results.txt"
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "command: benchmarks/nested.sh --jdk $feature --forks $forks"
    echo "java: $version_line"
    echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
    echo "load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)"
} > "$out/meta.txt"
tee "$results" < "$out/meta.txt"

"$java" -Duser.language=en -Duser.country=US -jar "$jar" \
    -f "$forks" -wi 3 -w 1s -i 5 -r 1s -foe true -prof gc \
    -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch -javaagent:$agent=failfast" \
    -rf json -rff "$out/results.json" \
    'Alternatives\.(floor|jcoroDepth1|jcoroOneHelper|jcoroDepth3|jcoroDepth10|jcoroProcessorDepth1)$' \
    'NestedYieldResume\.' 2>&1 | tee -a "$results"
sed -i "s|$root/||g" "$out/results.json" "$results"

# Each row's mean (ns/op) and fastest iteration from JMH's JSON, then the issue's ratios.
python3 - "$out/results.json" <<'EOF' | tee "$out/ratios.txt" | tee -a "$results"
import json, sys
rows = {}
for result in json.load(open(sys.argv[1])):
    name = ".".join(result["benchmark"].split(".")[-2:])
    primary = result["primaryMetric"]
    fastest = min(value for fork in primary["rawData"] for value in fork)
    secondary = result.get("secondaryMetrics", {})
    norm = secondary.get("gc.alloc.rate.norm") or secondary.get("·gc.alloc.rate.norm") or {}
    alloc = norm.get("score")
    rows[name] = (primary["score"], primary["scoreError"], fastest, alloc)
print(f"{'row':40} {'ns/op':>16} {'fastest':>8} {'B/op':>6}")
for name, (score, error, fastest, alloc) in rows.items():
    b = "-" if alloc is None else f"{alloc:.2f}"
    print(f"{name:40} {score:8.3f} ± {error:5.3f} {fastest:8.3f} {b:>6}")
def ratio(label, top, bottom, target):
    if top in rows and bottom in rows:
        mean = rows[top][0] / rows[bottom][0]
        fast = rows[top][2] / rows[bottom][2]
        verdict = "met" if mean <= target else "missed"
        print(f"{label:40} {mean:5.2f}x (fastest iterations {fast:5.2f}x), target <= {target}x: {verdict}")
print()
ratio("Alternatives depth 1 / floor", "Alternatives.jcoroDepth1", "Alternatives.floor", 3)
ratio("Alternatives depth 10 / depth 1", "Alternatives.jcoroDepth10", "Alternatives.jcoroDepth1", 1.5)
ratio("Alternatives depth 3 / depth 1", "Alternatives.jcoroDepth3", "Alternatives.jcoroDepth1", 1.5)
ratio("Alternatives one helper / floor", "Alternatives.jcoroOneHelper", "Alternatives.floor", 3)
ratio("Alternatives depth 10 / one helper", "Alternatives.jcoroDepth10", "Alternatives.jcoroOneHelper", 1.5)
ratio("NestedYieldResume depth1 / floor", "NestedYieldResume.depth1", "NestedYieldResume.floor", 3)
ratio("NestedYieldResume depth10 / depth1", "NestedYieldResume.depth10", "NestedYieldResume.depth1", 1.5)
ratio("NestedYieldResume depth10 / oneHelper", "NestedYieldResume.depth10", "NestedYieldResume.oneHelper", 1.5)
EOF
echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)" >> "$out/meta.txt"
