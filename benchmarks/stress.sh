#!/usr/bin/env bash
# Runs the jcstress tests of the runtime's lock-free hand-offs (benchmarks/stress, issue #8): a
# waiting receive, send or select racing with what can end its wait. Each test lists the outcomes
# it accepts; any other outcome fails the run.
#
# It builds nothing: build first, from the repository root (`mvn -B -q install -DskipTests`),
# which packages benchmarks/stress/target/jcstress.jar.
#
# Usage: benchmarks/stress.sh [--short] [--jdk N] [more jcstress options, e.g. a test regex]
#   --short   jcstress's quick mode in one JVM configuration (a few minutes; as CI runs it)
#   default   jcstress's default mode: every JVM configuration it detects (about an hour here)
#   --jdk N   run on the JDK N found under /usr/lib/jvm; else $JAVA_HOME/bin/java, else java
#
# Writes the report to benchmarks/stress/target/report/ (index.html, one page per test) and prints
# jcstress's summary. Exits 1 when a test failed or errored, or produced no result.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar="$here/stress/target/jcstress.jar"
mode=(-m default)
jdk=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --short)
            mode=(-m quick -jvmArgs "-Xmx512m")
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
    echo "stress.sh: no JDK $jdk under /usr/lib/jvm" >&2
    exit 1
fi

if [[ ! -f "$jar" ]]; then
    echo "stress.sh: $jar is missing; build first: mvn -B -q install -DskipTests" >&2
    exit 1
fi

work="$here/stress/target"
log="$work/stress.txt"
cd "$work"
rm -rf report jcstress-results-*.bin.gz
set +e
"$java" -jar "$jar" "${mode[@]}" -r report "$@" 2>&1 | grep -v '^(' | tee "$log"
status=${PIPESTATUS[0]}
set -e
# jcstress prints a summary line such as "(Results: 9 planned; 9 passed, 0 failed, 0 soft errs,
# 0 hard errs)" on its progress lines, filtered above; the final summary is in the report.
if [[ $status -ne 0 ]]; then
    echo "stress.sh: jcstress exited with $status" >&2
    exit 1
fi
if ! grep -q "Failed tests: No matches" "$log" || ! grep -q "Error tests: No matches" "$log"; then
    echo "stress.sh: a stress test failed or errored; see $log and $work/report/index.html" >&2
    exit 1
fi
if grep -q "All remaining tests: No matches" "$log"; then
    echo "stress.sh: no stress test ran" >&2
    exit 1
fi
echo "stress.sh: every stress test passed; report in $work/report/index.html"
