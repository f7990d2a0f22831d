package io.github.jcoro.benchmarks;

import io.github.jcoro.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one task switch through a single-threaded loop: two tasks that take turns, each
 * passing the turn {@value #ROUNDS} times. The floor is a plain run queue of two {@code Runnable}s
 * that re-queue themselves; jcoro's row is two async tasks calling {@code Co.pause()} on an {@link
 * EventLoop}. Each operation is one switch; the loop's creation is amortized over {@code 2 *
 * ROUNDS} switches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AsyncSwitch {
    static final int ROUNDS = 10_000;

    /** Creates the benchmark state. */
    public AsyncSwitch() {}

    /**
     * The floor: two runnables taking turns on an {@code ArrayDeque}.
     *
     * @return the number of switches
     */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public int runQueueFloor() {
        ArrayDeque<Runnable> queue = new ArrayDeque<>();
        int[] left = {ROUNDS, ROUNDS};
        Runnable[] tasks = new Runnable[2];
        for (int t = 0; t < 2; t++) {
            int me = t;
            tasks[t] = () -> {
                if (--left[me] > 0) {
                    queue.add(tasks[me]);
                }
            };
            queue.add(tasks[t]);
        }
        int switches = 0;
        Runnable next;
        while ((next = queue.poll()) != null) {
            next.run();
            switches++;
        }
        return switches;
    }

    /**
     * jcoro: two async tasks passing the turn with {@code Co.pause()} on an event loop.
     *
     * @return the rounds run
     */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public int jcoroPause() {
        return EventLoop.run(() -> AsyncTasks.pingPong(ROUNDS));
    }
}
