package io.github.jcoro.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Bytes retained per suspended counter, for each row of {@link Alternatives} (issue #11): creates
 * many counters, takes the first value of each (so a coroutine is suspended at its first yield),
 * keeps them all, and divides the growth of the used heap (after full collections) by their
 * number. One line per row, {@code retained <row> <count> <bytes each>}, which {@code
 * report.py} reads; a row that cannot run here prints {@code not-measured <row> <reason>}.
 *
 * <p>1,000,000 counters per row, except the virtual-thread rows: 100,000, since each start hands its
 * first value to this (platform) thread, which takes microseconds. A platform thread's stack is
 * native memory, outside the heap, so a heap difference would not show its cost: that row is
 * listed as not measured, with the reason.
 *
 * <p>Run under the jcoro agent, and on JDK 21+ with {@code --add-exports
 * java.base/jdk.internal.vm=ALL-UNNAMED} for the Loom row ({@code benchmarks/run.sh} does): {@code
 * java -javaagent:agent/target/jcoro-agent.jar -cp benchmarks/target/benchmarks.jar
 * io.github.jcoro.benchmarks.AlternativesRetained [count]}.
 */
public final class AlternativesRetained {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private AlternativesRetained() {}

    /** A row: a name, and how to make one counter and take its first value. */
    private record Row(String name, int count, String unavailable, Supplier<Object> start) {}

    /**
     * Measures and prints the bytes per suspended counter of each row.
     *
     * @param args optionally, how many counters per row (default 1,000,000; a tenth for threads)
     * @throws InterruptedException if interrupted while letting the collector settle
     */
    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = Math.max(1, count / 10);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("floor", count, null, () -> first(new LongCounters.Floor(), LongCounters.Floor::next)));
        rows.add(new Row("jcoroDepth1", count, null, () -> firstOf(LongCounters.depth1())));
        rows.add(new Row("jcoroDepth3", count, null, () -> firstOf(LongCounters.depth3())));
        rows.add(new Row("jcoroDepth10", count, null, () -> firstOf(LongCounters.depth10())));
        rows.add(new Row("kotlinSequence", count, null, () -> firstOf(KotlinCounters.sequenceCounter())));
        rows.add(new Row("offbynull", count, null, () -> first(new OffbynullGenerator(), OffbynullGenerator::next)));
        rows.add(new Row(
                "loomContinuation",
                count,
                LoomGenerator.UNAVAILABLE,
                () -> first(new LoomGenerator(), LoomGenerator::next)));
        rows.add(new Row(
                "virtualThreadQueue",
                threads,
                ThreadGenerator.VIRTUAL_UNAVAILABLE,
                () -> first(new ThreadGenerator(true, ThreadGenerator.Handoff.QUEUE), ThreadGenerator::next)));
        rows.add(new Row(
                "virtualThreadPark",
                threads,
                ThreadGenerator.VIRTUAL_UNAVAILABLE,
                () -> first(new ThreadGenerator(true, ThreadGenerator.Handoff.PARK), ThreadGenerator::next)));
        String nativeStack =
                "a platform thread's stack is native memory, outside the heap: a heap difference does" + " not show it";
        rows.add(new Row("platformThreadQueue", 0, nativeStack, null));
        rows.add(new Row("platformThreadPark", 0, nativeStack, null));

        for (Row row : rows) {
            if (row.unavailable() != null) {
                System.out.printf(Locale.ROOT, "not-measured %s %s%n", row.name(), row.unavailable());
                continue;
            }
            measure(row, 1_000); // warm-up: class loading, the agent's rewrite, the JIT
            Object[] kept = measure(row, row.count());
            long before = usedHeap();
            kept = null; // let the counters go, to check that the growth was theirs
            long after = usedHeap();
            System.out.printf(
                    Locale.ROOT,
                    "retained %s %d %.1f (freed again, with the array slot that held each: %.1f)%n",
                    row.name(),
                    row.count(),
                    lastPerCounter,
                    (double) (before - after) / row.count());
        }
    }

    private static double lastPerCounter;

    private static Object[] measure(Row row, int count) throws InterruptedException {
        Object[] keep = new Object[count];
        long before = usedHeap();
        for (int i = 0; i < count; i++) {
            keep[i] = row.start().get();
        }
        long after = usedHeap();
        lastPerCounter = (double) (after - before) / count;
        return keep;
    }

    private static <T> T first(T counter, ToLongFunction<T> next) {
        if (next.applyAsLong(counter) != 0) {
            throw new AssertionError("the first value is not 0");
        }
        return counter;
    }

    private static Object firstOf(Iterator<Long> counter) {
        if (counter.next() != 0) {
            throw new AssertionError("the first value is not 0");
        }
        return counter;
    }

    private static long usedHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
