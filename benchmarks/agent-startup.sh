#!/usr/bin/env bash
# The agent's start-up cost (issue #11): loads and initializes every class of a real jar set with
# no coroutine (by default Maven's own libraries, /usr/share/maven/lib) through Class.forName, in a
# fresh JVM, with and without -javaagent:agent/target/jcoro-agent.jar, alternating, and prints the
# medians of the loading time (measured inside the JVM, from the first Class.forName to the last)
# and of the whole process's wall time, with the overhead of the agent on each.
#
# Build first (mvn -B -q install -DskipTests). Usage:
#     benchmarks/agent-startup.sh [--rounds N] [--jdk N] [jar-or-directory...]
# The ns per class of the pre-check alone is the JMH benchmark AgentPrecheck (run by run.sh).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
agent="$root/agent/target/jcoro-agent.jar"
jar="$here/target/benchmarks.jar"
rounds=10
jdk=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --jdk) jdk="$2"; shift 2 ;;
        *) break ;;
    esac
done
# shellcheck source=java-for.sh
source "$here/java-for.sh"
java=$(java_for "$jdk") || { echo "agent-startup.sh: no JDK $jdk under /usr/lib/jvm" >&2; exit 1; }
for file in "$agent" "$jar"; do
    [[ -f "$file" ]] || { echo "agent-startup.sh: $file is missing; build first: mvn -B -q install -DskipTests" >&2; exit 1; }
done

echo "java: $("$java" -version 2>&1 | head -n 1)"
echo "jars: ${*:-/usr/share/maven/lib}"
echo "load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg)"
plain_load=(); agent_load=(); plain_wall=(); agent_wall=()
run() { # run <array-prefix> [java options...]
    local prefix=$1; shift
    local start end line
    start=$(date +%s%N)
    line=$("$java" "$@" -cp "$jar" io.github.jcoro.benchmarks.AgentStartup "${jars[@]}" | grep '^startup ')
    end=$(date +%s%N)
    echo "  $prefix: $line wall-ms=$(( (end - start) / 1000000 ))"
    eval "${prefix}_load+=(\"$(sed -E 's/.*load-ms=([0-9.]+).*/\1/' <<< "$line")\")"
    eval "${prefix}_wall+=(\"$(( (end - start) / 1000000 ))\")"
}
jars=("$@")
for ((i = 1; i <= rounds; i++)); do
    echo "round $i"
    run plain
    run agent "-javaagent:$agent"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
pl=$(median "${plain_load[@]}"); al=$(median "${agent_load[@]}")
pw=$(median "${plain_wall[@]}"); aw=$(median "${agent_wall[@]}")
echo "load average at end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
awk -v pl="$pl" -v al="$al" -v pw="$pw" -v aw="$aw" -v n="$rounds" 'BEGIN {
    printf "medians of %d runs each: loading %.1f ms plain, %.1f ms with the agent (%+.1f %%); process %d ms plain, %d ms with the agent (%+.1f %%)\n", n, pl, al, (al / pl - 1) * 100, pw, aw, (aw / pw - 1) * 100
}'
