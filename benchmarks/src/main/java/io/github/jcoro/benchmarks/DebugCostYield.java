package io.github.jcoro.benchmarks;

import io.github.jcoro.Debug;
import io.github.jcoro.Generator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the debugging aids cost on one yield + resume of a generator ({@link YieldResume}'s jcoro
 * row): with everything off ({@link #off}, the reference), in debug mode ({@code -Djcoro.debug=true})
 * and with the JFR events on ({@code -Djcoro.jfr=true}, no recording running). Each row runs in its
 * own fork with its own system property (through {@code @Fork(jvmArgsPrepend)}, which run.sh's
 * {@code -jvmArgsAppend} leaves in place), so one run shows them side by side; run.sh prints each
 * row divided by {@code off}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DebugCostYield {
    private Generator<Integer> counter;

    /** Creates the benchmark state; JMH calls {@link #setUp()} before each iteration. */
    public DebugCostYield() {}

    /**
     * Creates the counter and checks that it counts, and that the fork runs in the mode its row says.
     *
     * @param mode the fork's row, to check the system properties against
     */
    @Setup(Level.Iteration)
    public void setUp(org.openjdk.jmh.infra.BenchmarkParams mode) {
        String row = mode.getBenchmark().substring(mode.getBenchmark().lastIndexOf('.') + 1);
        boolean debug = row.equals("debug");
        boolean jfr = row.equals("jfr");
        if (Debug.isEnabled() != debug || Boolean.getBoolean("jcoro.jfr") != jfr) {
            throw new AssertionError("row " + row + " runs with jcoro.debug=" + Debug.isEnabled() + ", jcoro.jfr="
                    + Boolean.getBoolean("jcoro.jfr"));
        }
        counter = Counters.generator();
        for (int expected = 0; expected < 3; expected++) {
            int value = counter.next();
            if (value != expected) {
                throw new AssertionError("the counter gave " + value + ", expected " + expected);
            }
        }
    }

    /** Closes the generator (it is suspended at its yield). */
    @TearDown(Level.Iteration)
    public void tearDown() {
        counter.close();
    }

    /**
     * The reference: every debugging aid off.
     *
     * @return the next value
     */
    @Benchmark
    public Integer off() {
        return counter.next();
    }

    /**
     * In debug mode: the generator is registered (at its creation, not per yield).
     *
     * @return the next value
     */
    @Benchmark
    @Fork(jvmArgsPrepend = "-Djcoro.debug=true")
    public Integer debug() {
        return counter.next();
    }

    /**
     * With the JFR events on and no recording: each step looks the generator up and begins its
     * next {@code Resumed} event.
     *
     * @return the next value
     */
    @Benchmark
    @Fork(jvmArgsPrepend = "-Djcoro.jfr=true")
    public Integer jfr() {
        return counter.next();
    }
}
