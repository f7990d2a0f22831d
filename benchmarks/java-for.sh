# Sourced by the benchmark scripts: java_for N prints the java of the JDK N found under
# /usr/lib/jvm (its `java -version` says "N" or "N.x"); with no N, $JAVA_HOME/bin/java when
# JAVA_HOME is set, else java. Returns 1, printing nothing, when no such JDK is there.
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
