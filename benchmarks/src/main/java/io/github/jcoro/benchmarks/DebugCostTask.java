package io.github.jcoro.benchmarks;

import io.github.jcoro.Debug;
import io.github.jcoro.EventLoop;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the debugging aids cost on one task step through the event loop ({@link AsyncSwitch}'s
 * jcoro row: two tasks passing the turn with {@code Co.pause()}, {@value #ROUNDS} times each): with
 * everything off ({@link #off}, the reference), in debug mode ({@code -Djcoro.debug=true}), with the
 * JFR events on ({@code -Djcoro.jfr=true}, no recording running) and with the watchdog on ({@code
 * -Djcoro.watchdog=true}). Each row runs in its own fork with its own system property; run.sh prints
 * each row divided by {@code off}. Each operation is one switch, the loop's creation and the three
 * tasks' amortized over {@code 2 * ROUNDS} switches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DebugCostTask {
    static final int ROUNDS = 10_000;

    /** Creates the benchmark state. */
    public DebugCostTask() {}

    /**
     * Checks that the fork runs in the mode its row says.
     *
     * @param mode the fork's row
     */
    @Setup(Level.Trial)
    public void checkMode(org.openjdk.jmh.infra.BenchmarkParams mode) {
        String row = mode.getBenchmark().substring(mode.getBenchmark().lastIndexOf('.') + 1);
        boolean debug = row.equals("debug");
        boolean jfr = row.equals("jfr");
        boolean watchdog = row.equals("watchdog");
        if (Debug.isEnabled() != debug
                || Boolean.getBoolean("jcoro.jfr") != jfr
                || Boolean.getBoolean("jcoro.watchdog") != watchdog) {
            throw new AssertionError("row " + row + " runs with jcoro.debug=" + Debug.isEnabled() + ", jcoro.jfr="
                    + Boolean.getBoolean("jcoro.jfr") + ", jcoro.watchdog=" + Boolean.getBoolean("jcoro.watchdog"));
        }
    }

    private static int run() {
        int total = EventLoop.run(() -> AsyncTasks.pingPong(ROUNDS));
        if (total != 2 * ROUNDS) {
            throw new AssertionError("the tasks passed the turn " + total + " times, expected " + 2 * ROUNDS);
        }
        return total;
    }

    /**
     * The reference: every debugging aid off.
     *
     * @return the rounds run
     */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public int off() {
        return run();
    }

    /**
     * In debug mode: the tasks are registered, and their outcomes tracked.
     *
     * @return the rounds run
     */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    @Fork(jvmArgsPrepend = "-Djcoro.debug=true")
    public int debug() {
        return run();
    }

    /**
     * With the JFR events on and no recording.
     *
     * @return the rounds run
     */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    @Fork(jvmArgsPrepend = "-Djcoro.jfr=true")
    public int jfr() {
        return run();
    }

    /**
     * With the watchdog on (threshold 100 ms): each step of the loop is published to it.
     *
     * @return the rounds run
     */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    @Fork(jvmArgsPrepend = "-Djcoro.watchdog=true")
    public int watchdog() {
        return run();
    }
}
