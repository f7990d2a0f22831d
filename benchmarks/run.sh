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

# The ratio table: for each benchmark class, each method's ns/op divided by its 'floor' method's.
# Reads JMH's summary table (lines "Class.method[:secondary] avgt cnt score [± error] unit").
echo | tee -a "$results"
awk '
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
        score = ($4 ~ /^[0-9]+(\.[0-9]+)?$/) ? $4 : 0   # JMH writes "≈ 10⁻⁶" for a score near 0
        if (metric == "") {
            if (!(key in ns)) order[++count] = key
            ns[key] = score
            group[key] = part[n - 1]
            method[key] = part[n]
        } else if (metric == "gc.alloc.rate.norm") {
            bytes[key] = score
        }
    }
    END {
        if (count == 0) { print "no JMH results found"; exit 1 }
        printf "%-24s %12s %16s %10s\n", "benchmark", "ns/op", "ratio to floor", "B/op"
        for (i = 1; i <= count; i++) {
            key = order[i]
            floor = group[key] ".floor"
            ratio = (floor in ns && ns[floor] > 0) ? sprintf("%.2f", ns[key] / ns[floor]) : "-"
            b = (key in bytes) ? sprintf("%.1f", bytes[key]) : "-"
            printf "%-24s %12.3f %16s %10s\n", key, ns[key], ratio, b
        }
    }
' "$results" > "$out/ratios.txt"
tee -a "$results" < "$out/ratios.txt"
