#!/usr/bin/env bash
# Compile-time overhead of jcoro's processor over plain javac (issue #7), in the javac of $JAVA_HOME
# (or the one on the PATH): the samples module, and a generated project of 500 classes of which 50
# hold a coroutine (25 generators, each calling one of 25 helpers in another class; 450 plain
# classes). Each compilation runs RUNS times (default 7) in a fresh javac; plain (-proc:none),
# empty-processor and jcoro runs alternate, so that load drifts hit all three; the medians of wall
# time and of CPU time (user + system, all javac threads) are printed for each project, with those of
# an empty processor: the part of the cost that javac pays for running any processor. Run after
# `mvn -pl processor -am package` from the root: bash processor/perf/compile-overhead.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${RUNS:-7}
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
RUNTIME=$(ls runtime/target/jcoro-runtime-*.jar)
PROCESSOR_PATH=$(ls processor/target/jcoro-processor-*.jar):agent/target/jcoro-agent.jar
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The generated project.
GEN=$WORK/gen/src/gen
mkdir -p "$GEN"
for i in $(seq 0 499); do
    if (( i % 20 == 0 )); then
        cat > "$GEN/C$i.java" <<JAVA
package gen;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;

public class C$i {
    private final List<String> names = new ArrayList<>();

    @Coroutine
    public static Generator<Integer> values(int n) {
        int total = 0;
        for (int k = 0; k < n; k++) {
            total += k;
            Co.yield(k * $i);
            C$((i + 10)).step(total);
        }
        return Generator.empty();
    }

    public int size() {
        return names.size() + $i;
    }
}
JAVA
    else
        if (( i % 20 == 10 )); then
            HELPER="    @Coroutine
    static void step(int value) {
        if (value % 3 == 0) {
            Co.yield(value);
        }
    }
"
        else
            HELPER=""
        fi
        cat > "$GEN/C$i.java" <<JAVA
package gen;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class C$i {
    private final Map<String, Integer> counts = new TreeMap<>();

$HELPER
    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getKey().startsWith(prefix) && entry.getValue() > $i) {
                keys.add(entry.getKey().toUpperCase());
            }
        }
        return keys;
    }

    public int add(String key) {
        return counts.merge(key, 1, Integer::sum);
    }
}
JAVA
    fi
done

# An empty processor (supports @Coroutine, does nothing): what javac itself pays for running annotation
# processing at all, which any processor pays; printed beside the samples' figures.
EMPTY=$WORK/empty
mkdir -p "$EMPTY/src/empty" "$EMPTY/classes/META-INF/services"
cat > "$EMPTY/src/empty/EmptyProcessor.java" <<'JAVA'
package empty;

import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

public class EmptyProcessor extends AbstractProcessor {
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("io.github.jcoro.Coroutine");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return false;
    }
}
JAVA
"$JAVAC" -d "$EMPTY/classes" "$EMPTY/src/empty/EmptyProcessor.java"
echo empty.EmptyProcessor > "$EMPTY/classes/META-INF/services/javax.annotation.processing.Processor"
EMPTY_PATH=$EMPTY/classes

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

one_javac() { # processor options, sources... ; prints "wall-ms cpu-ms"
    local options=$1
    shift
    rm -rf "$WORK/out" && mkdir -p "$WORK/out"
    local start end cpu
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    cpu=$( { TIMEFORMAT='%U %S'; time "$JAVAC" -d "$WORK/out" -cp "$RUNTIME" --release 17 $options "$@" >/dev/null; } 2>&1 )
    end=$(date +%s%N)
    awk -v w=$(( (end - start) / 1000000 )) -v c="$cpu" 'BEGIN {split(c, t, " "); printf "%d %d\n", w, (t[1] + t[2]) * 1000}'
}

report() { # name, with-empty (yes/no), sources... ; plain and processor runs alternate, so that load drifts hit both
    local name=$1 with_empty=$2
    shift 2
    local plain=() processor=() empty=()
    for _ in $(seq "$RUNS"); do
        plain+=("$(one_javac "-proc:none" "$@")")
        if [[ $with_empty == yes ]]; then
            empty+=("$(one_javac "-processorpath $EMPTY_PATH" "$@")")
        fi
        processor+=("$(one_javac "-processorpath $PROCESSOR_PATH" "$@")")
    done
    local pw pc qw qc
    pw=$(printf '%s\n' "${plain[@]}" | cut -d' ' -f1 | median)
    pc=$(printf '%s\n' "${plain[@]}" | cut -d' ' -f2 | median)
    qw=$(printf '%s\n' "${processor[@]}" | cut -d' ' -f1 | median)
    qc=$(printf '%s\n' "${processor[@]}" | cut -d' ' -f2 | median)
    awk -v n="$name" -v pw="$pw" -v pc="$pc" -v qw="$qw" -v qc="$qc" 'BEGIN {
        printf "%-24s wall: plain %6d ms, processor %6d ms (%+.1f %%)   cpu: plain %6d ms, processor %6d ms (%+.1f %%)\n",
            n, pw, qw, (qw - pw) * 100 / pw, pc, qc, (qc - pc) * 100 / pc}'
    if [[ $with_empty == yes ]]; then
        local ew ec
        ew=$(printf '%s\n' "${empty[@]}" | cut -d' ' -f1 | median)
        ec=$(printf '%s\n' "${empty[@]}" | cut -d' ' -f2 | median)
        awk -v pw="$pw" -v pc="$pc" -v ew="$ew" -v ec="$ec" 'BEGIN {
            printf "  an empty processor      wall: plain %6d ms, empty     %6d ms (%+.1f %%)   cpu: plain %6d ms, empty     %6d ms (%+.1f %%)\n",
                pw, ew, (ew - pw) * 100 / pw, pc, ec, (ec - pc) * 100 / pc}'
    fi
}

"$JAVAC" -version
echo "median of $RUNS runs each"
mapfile -t SAMPLES < <(find samples/src/main/java -name '*.java' | sort)
report "samples (${#SAMPLES[@]} files)" yes "${SAMPLES[@]}"
mapfile -t GENERATED < <(find "$WORK/gen/src" -name '*.java' | sort)
report "generated (${#GENERATED[@]} classes)" yes "${GENERATED[@]}"
