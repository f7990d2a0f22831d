#!/usr/bin/env bash
# Issue #4's targets in one run: a yield + resume 10 helper frames deep against one at the body
# (depth 10 <= 1.5x depth 1), and depth 1 against the hand-written floor (<= 3x); also with "depth
# 1" read as one helper frame (jcoroOneHelper). Runs only the rows those ratios need:
#   Alternatives.floor, jcoroDepth1, jcoroOneHelper, jcoroDepth3, jcoroDepth10, jcoroProcessorDepth1
#   NestedYieldResume.* (floor, depth1, oneHelper, depth3, depth10)
# with JMH's gc profiler (bytes allocated per operation), then prints the ratios (nested-ratios.py).
#
# Two ways to spend the forks:
# - --forks F (default 3): one JMH run, F forks of each row in turn (JMH runs all forks of a row
#   before the next row);
# - --rounds R: R rounds, each running every row once (one JMH run of one fork per row, rows in
#   an order rotated from round to round), pooled per row. On a shared 2-core machine the speed
#   drifts for seconds at a time (the floor alone moved between 1.2 and 2.1 ns from one 300 ms
#   iteration to the next, in runs of several iterations, not tied to where objects were
#   allocated), so rows run minutes apart see different machines; interleaved, every row samples
#   the same stretch of time, and a ratio compares like with like. The ratios of each round
#   (rows measured within the same two minutes) are printed too.
# Each fork: JMH -wi 3 -w 1s -i 5 -r 1s; about 2 minutes per round, 7 minutes per 3 forks.
#
# It builds nothing: build first, from the repository root: mvn -B -q install -DskipTests
#
# Usage: benchmarks/nested.sh [--jdk N] [--forks F | --rounds R]
#        (default: the java of java-for.sh, 3 forks)
# Writes benchmarks/target/nested-jdkN/: meta.txt (machine, JDK, date, command), results.txt
# (everything printed), results.json (JMH's results; with --rounds, each marked with its round)
# and ratios.txt
# (the table and the ratios), with the repository's path taken out so that they can be committed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
agent="$root/agent/target/jcoro-agent.jar"
jar="$here/target/benchmarks.jar"

jdk=""
forks=3
rounds=""
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
        --rounds)
            rounds="${2:?nested.sh: --rounds needs a count, e.g. --rounds 6}"
            shift 2
            ;;
        *)
            echo "nested.sh: unknown argument $1 (usage: nested.sh [--jdk N] [--forks F | --rounds R])" >&2
            exit 2
            ;;
    esac
done

for count in "$forks" ${rounds:+"$rounds"}; do
    if ! [[ "$count" =~ ^[1-9][0-9]*$ ]]; then
        echo "nested.sh: a count of forks or rounds must be a positive whole number, got '$count'" >&2
        exit 2
    fi
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
    if [[ -n "$rounds" ]]; then
        echo "command: benchmarks/nested.sh --jdk $feature --rounds $rounds"
    else
        echo "command: benchmarks/nested.sh --jdk $feature --forks $forks"
    fi
    echo "java: $version_line"
    echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
    echo "load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)"
} > "$out/meta.txt"
tee "$results" < "$out/meta.txt"

rows=(
    'Alternatives.floor' 'Alternatives.jcoroDepth1' 'Alternatives.jcoroOneHelper' 'Alternatives.jcoroDepth3'
    'Alternatives.jcoroDepth10' 'Alternatives.jcoroProcessorDepth1' 'NestedYieldResume.floor'
    'NestedYieldResume.depth1' 'NestedYieldResume.oneHelper' 'NestedYieldResume.depth3'
    'NestedYieldResume.depth10'
)

# One JMH run: nested.sh's settings, FORKS forks, results to JSON, then the rows given as patterns.
jmh() {
    local forks=$1 json=$2
    shift 2
    "$java" -Duser.language=en -Duser.country=US -jar "$jar" \
        -f "$forks" -wi 3 -w 1s -i 5 -r 1s -foe true -prof gc \
        -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch -javaagent:$agent=failfast" \
        -rf json -rff "$json" "$@" 2>&1 | tee -a "$results"
}

rm -f "$out"/results*.json
if [[ -n "$rounds" ]]; then
    for ((round = 1; round <= rounds; round++)); do
        for ((k = 0; k < ${#rows[@]}; k++)); do
            row=${rows[$(((k + round - 1) % ${#rows[@]}))]}
            echo "== round $round of $rounds: $row" | tee -a "$results"
            jmh 1 "$out/results-round$round-$row.json" "\\.${row//./\\.}\$"
        done
    done
    # One file for the run, as JMH writes with --forks: every round's results, each marked with its
    # round.
    python3 - "$out" <<'EOF'
import glob, json, os, re, sys
merged = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "results-round*.json"))):
    for result in json.load(open(path)):
        result["round"] = int(re.search(r"results-round(\d+)-", path).group(1))
        merged.append(result)
json.dump(merged, open(os.path.join(sys.argv[1], "results.json"), "w"), indent=2)
for path in glob.glob(os.path.join(sys.argv[1], "results-round*.json")):
    os.remove(path)
EOF
else
    patterns=()
    for row in "${rows[@]}"; do
        patterns+=("\\.${row//./\\.}\$")
    done
    jmh "$forks" "$out/results.json" "${patterns[@]}"
fi
sed -i "s|$root/||g" "$out/results.json" "$results"

# Each row's mean (ns/op) and fastest iteration, then the issue's ratios.
python3 "$here/nested-ratios.py" "$out/results.json" | tee "$out/ratios.txt" | tee -a "$results"
echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)" >> "$out/meta.txt"
