package io.github.jcoro.benchmarks;

import io.github.jcoro.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Async task switch, for comparison (issue #11): two tasks on one thread take turns, each giving up
 * the thread {@value #SWITCHES_PER_TASK} times, and the time is reported per switch (JMH's {@code
 * @OperationsPerInvocation}: one operation is one switch, so the start and end of the two tasks are
 * spread over {@value #SWITCHES} switches).
 *
 * <ul>
 *   <li>{@code floor}: a plain run queue ({@link ArrayDeque}) of two {@link Runnable}s, each of
 *       which re-enqueues itself until its count is done;
 *   <li>{@code jcoroPause}: two jcoro async tasks calling {@code Co.pause()} on an {@link EventLoop};
 *   <li>{@code kotlinYield}: Kotlin's {@code runBlocking { launch { repeat(n) { yield() } } }} with
 *       two coroutines ({@link KotlinCounters#pingPong});
 *   <li>{@code virtualThreadsYield}: two virtual threads calling {@code Thread.yield()}, in a fork
 *       whose scheduler has one carrier thread ({@code -Djdk.virtualThreadScheduler.parallelism=1};
 *       JDK 21+).
 * </ul>
 *
 * <p>{@link AsyncSwitch} measures the floor and the jcoro row alone; this class has the
 * alternatives beside them, in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PingPong {
    /** How many times each of the two tasks gives up the thread per operation. */
    public static final int SWITCHES_PER_TASK = 10_000;

    /** The switches per operation: both tasks'. */
    public static final int SWITCHES = 2 * SWITCHES_PER_TASK;

    /** Creates the benchmark state. */
    public PingPong() {}

    /** A task of the run queue: counts down, re-enqueuing itself each time. */
    private static final class Task implements Runnable {
        private final ArrayDeque<Runnable> queue;
        private int left = SWITCHES_PER_TASK;

        Task(ArrayDeque<Runnable> queue) {
            this.queue = queue;
        }

        @Override
        public void run() {
            if (--left > 0) {
                queue.add(this);
            }
        }
    }

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

    /**
     * The floor: a run queue of two tasks.
     *
     * @return the tasks run, one per switch
     */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int floor() {
        queue.add(new Task(queue));
        queue.add(new Task(queue));
        int runs = 0;
        for (Runnable next; (next = queue.poll()) != null; ) {
            next.run();
            runs++;
        }
        return runs;
    }

    /**
     * jcoro: two async tasks passing the turn with {@code Co.pause()} on a fresh {@link EventLoop}
     * ({@link AsyncTasks#pingPong}, as {@link AsyncSwitch#jcoroPause()}).
     *
     * @return the rounds run
     */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int jcoroPause() {
        return EventLoop.run(() -> AsyncTasks.pingPong(SWITCHES_PER_TASK));
    }

    /**
     * Kotlin: two coroutines calling {@code yield()} in {@code runBlocking}'s event loop.
     *
     * @return the yields made
     */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public long kotlinYield() {
        return KotlinCounters.pingPong(SWITCHES_PER_TASK);
    }

    /**
     * Two virtual threads calling {@code Thread.yield()} on a single carrier.
     *
     * @return the yields made
     * @throws InterruptedException if interrupted while joining them
     */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    @Fork(jvmArgsPrepend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public long virtualThreadsYield() throws InterruptedException {
        if (!"1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism"))) {
            throw new IllegalStateException("run with -Djdk.virtualThreadScheduler.parallelism=1");
        }
        long[] yields = new long[2];
        Thread first = ThreadGenerator.startVirtual(() -> yields[0] = yieldRepeatedly());
        Thread second = ThreadGenerator.startVirtual(() -> yields[1] = yieldRepeatedly());
        first.join();
        second.join();
        return yields[0] + yields[1];
    }

    private static long yieldRepeatedly() {
        long yields = 0;
        for (int i = 0; i < SWITCHES_PER_TASK; i++) {
            Thread.yield();
            yields++;
        }
        return yields;
    }
}
