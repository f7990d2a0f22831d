#!/usr/bin/env bash
# Runs jcoro's JMH benchmarks under the jcoro agent, then the retained-size measurement, and prints
# each benchmark's time as a ratio to the hand-written floor.
#
# It builds nothing: build first, from the repository root:
#     mvn -B -q install -DskipTests
# which packages agent/target/jcoro-agent.jar and benchmarks/target/benchmarks.jar.
#
# Usage: benchmarks/run.sh [--short] [more JMH options, e.g. a benchmark regex]
#   --short   1 fork, 2 warm-up and 3 measurement iterations of 1 s (a quick check, as for CI)
#   default   3 forks, 5 warm-up and 5 measurement iterations of 2 s
#
# Uses $JAVA_HOME/bin/java when JAVA_HOME is set, else the java on the PATH.
# Writes benchmarks/target/results.txt (everything printed), results.json (JMH's JSON) and
# ratios.txt (the table of ratios to the floor).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
agent="$root/agent/target/jcoro-agent.jar"
jar="$here/target/benchmarks.jar"
out="$here/target"
if [[ -n "${JAVA_HOME:-}" ]]; then
    java="$JAVA_HOME/bin/java"
else
    java=java
fi

mode=(-f 3 -wi 5 -w 2s -i 5 -r 2s)
if [[ "${1:-}" == "--short" ]]; then
    mode=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
    shift
fi

for file in "$agent" "$jar"; do
    if [[ ! -f "$file" ]]; then
        echo "run.sh: $file is missing; build first, from $root: mvn -B -q install -DskipTests" >&2
        exit 1
    fi
done

results="$out/results.txt"
echo "java: $("$java" -version 2>&1 | head -n 1)" | tee "$results"
echo "agent: $agent" | tee -a "$results"

# The host JVM prints the table; an English locale keeps '.' as its decimal separator.
# -foe: a benchmark that fails (e.g. the generator's IllegalStateException without the agent)
# fails the whole run. The forked JVMs get the agent through -jvmArgsAppend, and a fixed, pre-touched
# heap: without it the allocating benchmarks mostly measure the kernel's page faults on fresh heap
# pages (bimodal 7 ns / 100 ns iterations were seen).
"$java" -Duser.language=en -Duser.country=US -jar "$jar" \
    "${mode[@]}" -foe true -prof gc \
    -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch -javaagent:$agent=failfast" \
    -rf json -rff "$out/results.json" \
    "$@" 2>&1 | tee -a "$results"

echo | tee -a "$results"
echo "== Retained size of a suspended counter ==" | tee -a "$results"
"$java" -Duser.language=en -Duser.country=US "-javaagent:$agent=failfast" \
    -Djdk.attach.allowAttachSelf=true -XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading -cp "$jar" io.github.jcoro.benchmarks.RetainedSize 2>&1 | tee -a "$results"

# The ratio table: for each benchmark class, each method's ns/op (± JMH's 99.9% error), its ratio to
# the class's 'floor' method, the fastest of its measurement iterations and that ratio again (on a
# shared machine the fastest iteration is the one least disturbed by other work), and its bytes
# allocated per operation. Then, for a class with a 'depth1' method (NestedYieldResume), 'oneHelper'
# and each 'depthN' method divided by 'depth1', and 'depthN' divided by 'oneHelper': how a resume's
# cost grows with the helper frames suspended above the generator's body.
# Reads JMH's output: its "# Benchmark:" and "Iteration n:" lines, and its summary table (lines
# "Class.method[:secondary] avgt cnt score [± error] unit").
echo | tee -a "$results"
awk '
    function number(s) { return (s ~ /^[0-9]+(\.[0-9]+)?$/) ? s : 0 }   # JMH writes "≈ 10⁻⁶" near 0
    function depthOf(m) { return (m ~ /^depth[0-9]+$/) ? substr(m, 6) + 0 : -1 }
    function shortName(full,    n, part) { n = split(full, part, "."); return part[n - 1] "." part[n] }
    /^# Benchmark: / { running = shortName($3); next }
    /^Iteration +[0-9]+:/ && running != "" {
        t = number($3)
        if (!(running in best) || t < best[running]) best[running] = t
        next
    }
    /^Benchmark +Mode/ { table = 1; next }
    table && $2 == "avgt" {
        name = $1
        gsub(/·/, ":", name)
        metric = ""
        colon = index(name, ":")
        if (colon > 0) {
            metric = substr(name, colon + 1)
            name = substr(name, 1, colon - 1)
        }
        n = split(name, part, ".")
        key = part[n - 1] "." part[n]
        score = number($4)
        if (metric == "") {
            if (!(key in ns)) order[++count] = key
            ns[key] = score
            error[key] = ($5 == "±") ? number($6) : -1
            group[key] = part[n - 1]
            method[key] = part[n]
        } else if (metric == "gc.alloc.rate.norm") {
            bytes[key] = score
        }
    }
    function ratio(a, b) { return (a in ns && b in ns && ns[b] > 0) ? sprintf("%.2f", ns[a] / ns[b]) : "-" }
    function bestRatio(a, b) { return (a in best && b in best && best[b] > 0) ? sprintf("%.2f", best[a] / best[b]) : "-" }
    END {
        if (count == 0) { print "no JMH results found"; exit 1 }
        # Each class together, in the order JMH ran them; in a class, the floor first, then depthN by N.
        for (i = 1; i <= count; i++) {
            key = order[i]
            if (!(group[key] in groupRank)) groupRank[group[key]] = ++groups
            d = (method[key] == "floor") ? 0 : (method[key] == "oneHelper") ? 1.5 : depthOf(method[key])
            r = groupRank[group[key]] * 100000 + (d >= 0 ? d : 1000 + i)
            for (j = i; j > 1 && sortRank[j - 1] > r; j--) { sorted[j] = sorted[j - 1]; sortRank[j] = sortRank[j - 1] }
            sorted[j] = key
            sortRank[j] = r
        }
        printf "%-28s %9s %9s %8s %9s %8s %8s\n", "benchmark", "ns/op", "error", "/ floor", "best", "/ floor", "B/op"
        for (i = 1; i <= count; i++) {
            key = sorted[i]
            floor = group[key] ".floor"
            e = (error[key] >= 0) ? sprintf("%.3f", error[key]) : "-"
            b = (key in best) ? sprintf("%.3f", best[key]) : "-"
            a = (key in bytes) ? sprintf("%.1f", bytes[key]) : "-"
            printf "%-28s %9.3f %9s %8s %9s %8s %8s\n", key, ns[key], e, ratio(key, floor), b, bestRatio(key, floor), a
        }
        # oneHelper first, then depthN by N
        m = 0
        for (i = 1; i <= count; i++) {
            key = sorted[i]
            d = (method[key] == "oneHelper") ? 1.5 : depthOf(method[key])
            if (!((group[key] ".depth1") in ns) || d <= 1) continue
            nested[++m] = key
            rank[m] = d
        }
        if (m > 0) printf "\n%-40s %8s %8s\n", "nested resume", "ratio", "best"
        for (j = 1; j <= m; j++) {
            key = nested[j]
            base = group[key] ".depth1"
            helper = group[key] ".oneHelper"
            printf "%-40s %8s %8s\n", key " / depth1", ratio(key, base), bestRatio(key, base)
            if (rank[j] > 1.5 && helper in ns) {
                printf "%-40s %8s %8s\n", key " / oneHelper", ratio(key, helper), bestRatio(key, helper)
            }
        }
    }
' "$results" > "$out/ratios.txt"
tee -a "$results" < "$out/ratios.txt"
