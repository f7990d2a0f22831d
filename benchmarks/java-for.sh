# Sourced by the benchmark scripts. java_for N prints the java of the JDK N found under
# /usr/lib/jvm (its `java -version` says "N" or "N.x"); with no N, $JAVA_HOME/bin/java when
# JAVA_HOME is set, else java. Returns 1, printing nothing, when no such JDK is there.
# require_built and feature_of, below, are the other first steps of run.sh and nested.sh.
java_for() {
    local wanted=${1:-} dir
    if [[ -z "$wanted" ]]; then
        if [[ -n "${JAVA_HOME:-}" ]]; then
            echo "$JAVA_HOME/bin/java"
        else
            echo java
        fi
        return 0
    fi
    for dir in /usr/lib/jvm/*; do
        [[ -x "$dir/bin/java" ]] || continue
        if [[ "$("$dir/bin/java" -version 2>&1 | head -n 1)" =~ version\ \"$wanted([.\"]) ]]; then
            echo "$dir/bin/java"
            return 0
        fi
    done
    return 1
}

# require_built SCRIPT FILE...: fails, naming SCRIPT, when a build output a benchmark script runs
# is missing.
require_built() {
    local script=$1 file
    shift
    for file in "$@"; do
        if [[ ! -f "$file" ]]; then
            echo "$script: $file is missing; build first, from the repository root: mvn -B -q install -DskipTests" >&2
            return 1
        fi
    done
}

# feature_of JAVA: the feature version of that java (17, 25, ...).
feature_of() {
    "$1" -version 2>&1 | head -n 1 | sed -E 's/.*version "([0-9]+).*/\1/'
}
