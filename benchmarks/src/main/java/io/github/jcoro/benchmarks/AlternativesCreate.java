package io.github.jcoro.benchmarks;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Create + first yield, side by side (issue #11): each operation creates the counter of {@link
 * Alternatives} in one way, lets it escape into a {@link Blackhole} (so escape analysis cannot
 * remove it, as for a generator handed on to be pulled later, like {@link CreateAndFirstKept}), and
 * takes its first value.
 *
 * <p>The thread-backed rows also stop their producer thread in each operation ({@code close()}),
 * since a benchmark that left a thread behind per operation would run out of threads: their time
 * is create + first value + stop. The others are dropped suspended, for the collector.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AlternativesCreate {
    /** Creates the benchmark state. */
    public AlternativesCreate() {}

    /**
     * The floor: a new hand-written counter and its first value.
     *
     * @param keep where the counter escapes to
     * @return its first value
     */
    @Benchmark
    public long floor(Blackhole keep) {
        LongCounters.Floor counter = new LongCounters.Floor();
        keep.consume(counter);
        return counter.next();
    }

    /**
     * A new jcoro generator, run to its first yield.
     *
     * @param keep where the generator escapes to
     * @return its first value
     */
    @Benchmark
    public long jcoroDepth1(Blackhole keep) {
        Iterator<Long> counter = LongCounters.depth1();
        keep.consume(counter);
        return counter.next();
    }

    /**
     * A new jcoro generator run to its first yield, 10 helpers deep (each helper frame is allocated
     * at the first suspension).
     *
     * @param keep where the generator escapes to
     * @return its first value
     */
    @Benchmark
    public long jcoroDepth10(Blackhole keep) {
        Iterator<Long> counter = LongCounters.depth10();
        keep.consume(counter);
        return counter.next();
    }

    /**
     * A new Kotlin sequence's iterator, run to its first yield.
     *
     * @param keep where the iterator escapes to
     * @return its first value
     */
    @Benchmark
    public long kotlinSequence(Blackhole keep) {
        Iterator<Long> counter = KotlinCounters.sequenceCounter();
        keep.consume(counter);
        return counter.next();
    }

    /**
     * A new offbynull coroutine and runner, run to the first suspend.
     *
     * @param keep where the coroutine escapes to
     * @return its first value
     */
    @Benchmark
    public long offbynull(Blackhole keep) {
        OffbynullGenerator counter = new OffbynullGenerator();
        keep.consume(counter);
        return counter.next();
    }

    /**
     * A new Loom continuation, run to its first yield.
     *
     * @param keep where the continuation escapes to
     * @return its first value
     */
    @Benchmark
    @Fork(jvmArgsPrepend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
    public long loomContinuation(Blackhole keep) {
        LoomGenerator counter = new LoomGenerator();
        keep.consume(counter);
        return counter.next();
    }

    /**
     * A new virtual thread, its first value through a {@code SynchronousQueue}, and its stop.
     *
     * @return its first value
     */
    @Benchmark
    public long virtualThreadQueue() {
        try (ThreadGenerator counter = new ThreadGenerator(true, ThreadGenerator.Handoff.QUEUE)) {
            return counter.next();
        }
    }

    /**
     * A new virtual thread, its first value by park/unpark, and its stop.
     *
     * @return its first value
     */
    @Benchmark
    public long virtualThreadPark() {
        try (ThreadGenerator counter = new ThreadGenerator(true, ThreadGenerator.Handoff.PARK)) {
            return counter.next();
        }
    }

    /**
     * A new platform thread, its first value through a {@code SynchronousQueue}, and its stop.
     *
     * @return its first value
     */
    @Benchmark
    public long platformThreadQueue() {
        try (ThreadGenerator counter = new ThreadGenerator(false, ThreadGenerator.Handoff.QUEUE)) {
            return counter.next();
        }
    }

    /**
     * A new platform thread, its first value by park/unpark, and its stop.
     *
     * @return its first value
     */
    @Benchmark
    public long platformThreadPark() {
        try (ThreadGenerator counter = new ThreadGenerator(false, ThreadGenerator.Handoff.PARK)) {
            return counter.next();
        }
    }
}
