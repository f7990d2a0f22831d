#!/usr/bin/env bash
# Runs jcoro's JMH benchmarks under the jcoro agent, beside the alternatives (issue #11), then the
# retained-size measurements, and prints each benchmark's time as a ratio to its class's floor.
#
# It builds nothing: build first, from the repository root (on JDK 17; the jar runs on 17 and 25):
#     mvn -B -q install -DskipTests
# which packages agent/target/jcoro-agent.jar and benchmarks/target/benchmarks.jar.
#
# Usage: benchmarks/run.sh [--short] [--jdk N] [more JMH options, e.g. a benchmark regex]
#   --short   1 fork, 2 warm-up and 3 measurement iterations of 1 s (a quick check, as for CI;
#             7 minutes on JDK 17 here)
#   default   2 forks, 3 warm-up and 5 measurement iterations of 1 s each (20 minutes on JDK 17,
#             19 on JDK 25, on this 2-core machine)
#   --jdk N   run on the JDK N found under /usr/lib/jvm (e.g. --jdk 25); else $JAVA_HOME/bin/java
#             when JAVA_HOME is set, else the java on the PATH
#
# Rows that need a newer JDK (Loom's continuation and virtual threads need 21+) are excluded on an
# older one and listed, with the reason, in not-measured.txt and in the table.
#
# Writes, in benchmarks/target/jdkN/ (N: the JDK's feature version): results.txt (everything
# printed), results.json (JMH's JSON), retained.txt (AlternativesRetained's lines), not-measured.txt,
# meta.txt (machine, JDK, date, command), startup.txt (agent-startup.sh's lines) and ratios.txt (the
# table of ratios to the floor); and
# copies results.txt to benchmarks/target/results.txt. Then, when python3 is there,
# benchmarks/report.py turns every benchmarks/target/jdk*/ into benchmarks/target/report.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
agent="$root/agent/target/jcoro-agent.jar"
jar="$here/target/benchmarks.jar"
command_line="benchmarks/run.sh $*"

mode=(-f 2 -wi 3 -w 1s -i 5 -r 1s)
mode_name=full
jdk=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --short)
            mode=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
            mode_name=short
            shift
            ;;
        --jdk)
            jdk="$2"
            shift 2
            ;;
        *)
            break
            ;;
    esac
done

# shellcheck source=java-for.sh
source "$here/java-for.sh"
if ! java=$(java_for "$jdk"); then
    echo "run.sh: no JDK $jdk found under /usr/lib/jvm" >&2
    exit 1
fi

require_built run.sh "$agent" "$jar" || exit 1

version_line=$("$java" -version 2>&1 | head -n 1)
feature=$(feature_of "$java")
out="$here/target/jdk$feature"
mkdir -p "$out"
results="$out/results.txt"
notrun="$out/not-measured.txt"

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "command: $command_line"
    echo "mode: $mode_name (JMH ${mode[*]})"
    echo "java: $version_line"
    echo "vm: $("$java" -version 2>&1 | tail -n 1)"
    echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
    echo "memory: $(free -g 2>/dev/null | awk '/^Mem:/ { print $2 " GiB" }')"
    echo "load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)"
} > "$out/meta.txt"
tee "$results" < "$out/meta.txt"
echo "agent: $agent" | tee -a "$results"

# Rows this JDK cannot run. Each line: benchmark-or-row, then the reason.
: > "$notrun"
exclude=()
if (( feature < 21 )); then
    exclude=(-e '\.(loom|virtualThread)[A-Za-z]*$')
    for row in Alternatives.loomContinuation AlternativesCreate.loomContinuation; do
        echo "$row jdk.internal.vm.Continuation needs JDK 21+ (this is JDK $feature)" >> "$notrun"
    done
    for row in Alternatives.virtualThreadQueue Alternatives.virtualThreadPark \
        AlternativesCreate.virtualThreadQueue AlternativesCreate.virtualThreadPark PingPong.virtualThreadsYield; do
        echo "$row virtual threads need JDK 21+ (this is JDK $feature)" >> "$notrun"
    done
fi

# The host JVM prints the table; an English locale keeps '.' as its decimal separator.
# -foe: a benchmark that fails (e.g. the generator's IllegalStateException without the agent)
# fails the whole run. The forked JVMs get the agent through -jvmArgsAppend, and a fixed, pre-touched
# heap: without it the allocating benchmarks mostly measure the kernel's page faults on fresh heap
# pages (bimodal 7 ns / 100 ns iterations were seen). Benchmarks that need more (Loom's export, a
# one-carrier virtual-thread scheduler) say so in their @Fork(jvmArgsPrepend).
"$java" -Duser.language=en -Duser.country=US -jar "$jar" \
    "${mode[@]}" -foe true -prof gc \
    -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch -javaagent:$agent=failfast" \
    -rf json -rff "$out/results.json" \
    "${exclude[@]}" "$@" 2>&1 | grep -v -E '^WARNING: (A terminally deprecated method in sun.misc.Unsafe|sun.misc.Unsafe::|Please consider reporting this to the maintainers of class org.openjdk.jmh)' | tee -a "$results"

# The JSON names the agent by this checkout's absolute path; keep it relative to the repository,
# so the results can be committed without naming a machine's directories.
if [[ -f "$out/results.json" ]]; then
    sed -i "s|$root/||g" "$out/results.json"
fi

loom_export=()
if (( feature >= 21 )); then
    loom_export=(--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED)
fi
for main in RetainedSize RetainedTask AlternativesRetained; do
    echo | tee -a "$results"
    echo "== $main ==" | tee -a "$results"
    "$java" -Duser.language=en -Duser.country=US "-javaagent:$agent=failfast" "${loom_export[@]}" \
        -Djdk.attach.allowAttachSelf=true -XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading \
        -cp "$jar" "io.github.jcoro.benchmarks.$main" 2>&1 | tee -a "$results"
done
grep -E '^(retained|not-measured) ' "$results" > "$out/retained.txt" || true
echo "load average at the end of the JMH runs: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)" >> "$out/meta.txt"

# The agent's start-up cost on a jar set with no coroutine (Maven's own libraries, where installed).
if [[ -d /usr/share/maven/lib ]]; then
    echo | tee -a "$results"
    echo "== agent start-up ==" | tee -a "$results"
    rounds=10
    [[ "$mode_name" == short ]] && rounds=3
    JAVA_HOME="$(dirname "$(dirname "$(command -v "$java")")")" "$here/agent-startup.sh" --rounds "$rounds" \
        | tee "$out/startup.txt" | tee -a "$results"
else
    echo "agent-startup no jar set: /usr/share/maven/lib is missing" >> "$notrun"
fi

# The ratio table: for each benchmark class, each method's ns/op (± JMH's 99.9% error), its ratio to
# the class's 'floor' method, the fastest of its measurement iterations and that ratio again (on a
# shared machine the fastest iteration is the one least disturbed by other work), and its bytes
# allocated per operation. Then, for a class with a 'depth1' method (NestedYieldResume), 'oneHelper'
# and each 'depthN' method divided by 'depth1', and 'depthN' divided by 'oneHelper': how a resume's
# cost grows with the helper frames suspended above the generator's body. Then, for a class with an
# 'off' method (the DebugCost* classes), each other method divided by 'off': what a debugging aid
# costs when it is on. Then the rows not measured.
# Reads JMH's output: its "# Benchmark:", "# Parameters:" and "Iteration n:" lines, and its summary
# table (lines "Class.method[:secondary] [parameter] avgt cnt score [± error] unit").
echo | tee -a "$results"
awk '
    function number(s) { return (s ~ /^[0-9]+(\.[0-9]+)?$/) ? s : 0 }   # JMH writes "≈ 10⁻⁶" near 0
    function depthOf(m) { return (m ~ /^depth[0-9]+$/) ? substr(m, 6) + 0 : -1 }
    function shortName(full,    n, part) { n = split(full, part, "."); return part[n - 1] "." part[n] }
    /^# Benchmark: / { running = shortName($3); next }
    /^# Parameters: / && running != "" {   # "(capacity = 0)": the row is Class.method[0]
        p = substr($0, index($0, "(") + 1)
        sub(/\)$/, "", p)
        gsub(/[A-Za-z_][A-Za-z0-9_]* = /, "", p)
        gsub(/, /, ",", p)
        running = running "[" p "]"
        next
    }
    /^Iteration +[0-9]+:/ && running != "" {
        t = number($3)
        if (!(running in best) || t < best[running]) best[running] = t
        next
    }
    /^Benchmark +(\([^)]*\) +)*Mode/ { table = 1; next }
    # A parameterized benchmark has its parameter in a column before the mode (one parameter here:
    # ChannelHandoff capacity); its row is Class.method[value]. Once one benchmark of the run has
    # a parameter, every row has that column, with N/A in the rows of the others.
    table && ($2 == "avgt" || $3 == "avgt") {
        shift = ($3 == "avgt") ? 1 : 0
        name = $1
        gsub(/·/, ":", name)
        metric = ""
        colon = index(name, ":")
        if (colon > 0) {
            metric = substr(name, colon + 1)
            name = substr(name, 1, colon - 1)
        }
        if (shift && $2 != "N/A") name = name "[" $2 "]"   # N/A: a row without the parameter
        n = split(name, part, ".")
        key = part[n - 1] "." part[n]
        score = number($(4 + shift))
        if (metric == "") {
            if (!(key in ns)) order[++count] = key
            ns[key] = score
            error[key] = ($(5 + shift) == "±") ? number($(6 + shift)) : -1
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
        printf "%-38s %11s %9s %9s %11s %9s %8s\n", "benchmark", "ns/op", "error", "/ floor", "best", "/ floor", "B/op"
        for (i = 1; i <= count; i++) {
            key = sorted[i]
            floor = group[key] ".floor"
            e = (error[key] >= 0) ? sprintf("%.3f", error[key]) : "-"
            b = (key in best) ? sprintf("%.3f", best[key]) : "-"
            a = (key in bytes) ? sprintf("%.1f", bytes[key]) : "-"
            printf "%-38s %11.3f %9s %9s %11s %9s %8s\n", key, ns[key], e, ratio(key, floor), b, bestRatio(key, floor), a
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
        # For a class with an 'off' method (DebugCostYield, DebugCostTask): each other row divided by
        # it, the cost of a debugging aid that is on.
        m = 0
        for (i = 1; i <= count; i++) {
            key = sorted[i]
            if ((group[key] ".off") in ns && method[key] != "off") onRows[++m] = key
        }
        if (m > 0) printf "\n%-40s %8s %8s\n", "debugging aid on / off", "ratio", "best"
        for (j = 1; j <= m; j++) {
            key = onRows[j]
            base = group[key] ".off"
            printf "%-40s %8s %8s\n", key " / off", ratio(key, base), bestRatio(key, base)
        }
    }
' "$results" > "$out/ratios.txt"
{
    echo
    echo "not measured on this JDK:"
    sed 's/^/  /' "$notrun"
} >> "$out/ratios.txt"
tee -a "$results" < "$out/ratios.txt"
cp "$results" "$here/target/results.txt"

if command -v python3 > /dev/null; then
    python3 "$here/report.py" "$here/target" > "$here/target/report.md"
    echo
    echo "report: $here/target/report.md (all JDKs run so far; python3 benchmarks/report.py --readme README.md puts it in the README)"
fi
