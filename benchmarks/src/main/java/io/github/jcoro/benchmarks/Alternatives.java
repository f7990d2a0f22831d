package io.github.jcoro.benchmarks;

import io.github.jcoro.Generator;
import java.util.Iterator;
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
 * One yield + resume in each way a Java user can write a generator, side by side (issue #11). Every
 * row is the same infinite counter of {@code i & 127} as a {@code long}, already started, and each
 * operation takes its next value:
 *
 * <ul>
 *   <li>{@code floor}: a hand-written state-machine iterator over a primitive {@code long} ({@link
 *       LongCounters.Floor}); {@code floorNotInlined}: the same behind a call the JIT may not
 *       inline;
 *   <li>{@code jcoroDepth1}, {@code jcoroOneHelper}, {@code jcoroDepth3}, {@code jcoroDepth10}: a
 *       jcoro generator (through the agent) yielding from its body, or from one helper, or from the
 *       innermost of 3 or 10 nested helpers;
 *   <li>{@code kotlinSequence}: Kotlin's {@code sequence { yield(i) }}, iterated from Java;
 *   <li>{@code offbynull}: an offbynull coroutine, instrumented at build time;
 *   <li>{@code loomContinuation}: Loom's {@code jdk.internal.vm.Continuation} run/yield (JDK 21+);
 *   <li>{@code virtualThreadQueue}, {@code virtualThreadPark}: a producer virtual thread (JDK 21+)
 *       handing each value over through a {@code SynchronousQueue}, or by park/unpark;
 *   <li>{@code platformThreadQueue}, {@code platformThreadPark}: the same with a platform thread.
 * </ul>
 *
 * <p>{@code jcoroProcessorDepth1} is {@code jcoroDepth1}'s counter rewritten at build time by the
 * processor instead of the agent ({@link ProcessorCounters}). Each row has its own state, so a fork creates and runs only the
 * counter it measures. Every state checks, in its set-up, that its counter counts 0, 1, 2: a jcoro
 * generator without the agent, or Loom without its export, fails the benchmark instead of measuring
 * something else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Alternatives {
    /** Creates the benchmark. */
    public Alternatives() {}

    /** The start of every state: checks the first three values. */
    abstract static class Counter {
        abstract long pull();

        void check() {
            for (long expected = 0; expected < 3; expected++) {
                long value = pull();
                if (value != expected) {
                    throw new AssertionError(getClass().getSimpleName() + ": " + value + ", expected " + expected);
                }
            }
        }
    }

    /** The hand-written counter. */
    @State(Scope.Thread)
    public static class FloorState extends Counter {
        LongCounters.Floor counter;

        /** Creates the state. */
        public FloorState() {}

        /** Creates the counter and checks it. */
        @Setup(Level.Iteration)
        public void setUp() {
            counter = new LongCounters.Floor();
            check();
        }

        @Override
        long pull() {
            return counter.next();
        }
    }

    /** A jcoro generator. */
    abstract static class JcoroState extends Counter {
        Iterator<Long> counter;

        abstract Generator<Long> create();

        /** Creates the generator and checks it. */
        @Setup(Level.Iteration)
        public void setUp() {
            counter = create();
            check();
        }

        /** Closes the generator, suspended at its yield. */
        @TearDown(Level.Iteration)
        public void tearDown() {
            ((Generator<Long>) counter).close();
        }

        @Override
        long pull() {
            return counter.next();
        }
    }

    /** The jcoro counter yielding from its body. */
    @State(Scope.Thread)
    public static class JcoroDepth1 extends JcoroState {
        /** Creates the state. */
        public JcoroDepth1() {}

        @Override
        Generator<Long> create() {
            return LongCounters.depth1();
        }
    }

    /** {@link JcoroDepth1}'s counter, rewritten by the processor ({@link ProcessorCounters}). */
    @State(Scope.Thread)
    public static class JcoroProcessorDepth1 extends JcoroState {
        /** Creates the state. */
        public JcoroProcessorDepth1() {}

        @Override
        @SuppressWarnings("unchecked")
        Generator<Long> create() {
            try {
                // By name: a compile-time reference would make the main javac run compile the
                // class too, without the processor (see ProcessorCounters).
                return (Generator<Long>) Class.forName("io.github.jcoro.benchmarks.ProcessorCounters")
                        .getMethod("depth1")
                        .invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("ProcessorCounters is missing from the benchmarks jar", e);
            }
        }
    }

    /** The jcoro counter yielding from one helper its body calls. */
    @State(Scope.Thread)
    public static class JcoroOneHelper extends JcoroState {
        /** Creates the state. */
        public JcoroOneHelper() {}

        @Override
        Generator<Long> create() {
            return LongCounters.oneHelper();
        }
    }

    /** The jcoro counter yielding from the innermost of 3 nested helpers. */
    @State(Scope.Thread)
    public static class JcoroDepth3 extends JcoroState {
        /** Creates the state. */
        public JcoroDepth3() {}

        @Override
        Generator<Long> create() {
            return LongCounters.depth3();
        }
    }

    /** The jcoro counter yielding from the innermost of 10 nested helpers. */
    @State(Scope.Thread)
    public static class JcoroDepth10 extends JcoroState {
        /** Creates the state. */
        public JcoroDepth10() {}

        @Override
        Generator<Long> create() {
            return LongCounters.depth10();
        }
    }

    /** Kotlin's sequence. */
    @State(Scope.Thread)
    public static class KotlinState extends Counter {
        Iterator<Long> counter;

        /** Creates the state. */
        public KotlinState() {}

        /** Creates the sequence's iterator and checks it. */
        @Setup(Level.Iteration)
        public void setUp() {
            counter = KotlinCounters.sequenceCounter();
            check();
        }

        @Override
        long pull() {
            return counter.next();
        }
    }

    /** The offbynull coroutine. */
    @State(Scope.Thread)
    public static class OffbynullState extends Counter {
        OffbynullGenerator counter;

        /** Creates the state. */
        public OffbynullState() {}

        /** Creates the coroutine and checks it. */
        @Setup(Level.Iteration)
        public void setUp() {
            counter = new OffbynullGenerator();
            check();
        }

        @Override
        long pull() {
            return counter.next();
        }
    }

    /** Loom's continuation. */
    @State(Scope.Thread)
    public static class LoomState extends Counter {
        LoomGenerator counter;

        /** Creates the state. */
        public LoomState() {}

        /** Creates the continuation and checks it. */
        @Setup(Level.Iteration)
        public void setUp() {
            counter = new LoomGenerator();
            check();
        }

        @Override
        long pull() {
            return counter.next();
        }
    }

    /** A generator backed by a thread. */
    abstract static class ThreadState extends Counter {
        ThreadGenerator counter;

        abstract ThreadGenerator create();

        /** Starts the producer and checks it. */
        @Setup(Level.Iteration)
        public void setUp() {
            counter = create();
            check();
        }

        /** Stops the producer. */
        @TearDown(Level.Iteration)
        public void tearDown() {
            counter.close();
        }

        @Override
        long pull() {
            return counter.next();
        }
    }

    /** A virtual thread, through a {@code SynchronousQueue}. */
    @State(Scope.Thread)
    public static class VirtualQueue extends ThreadState {
        /** Creates the state. */
        public VirtualQueue() {}

        @Override
        ThreadGenerator create() {
            return new ThreadGenerator(true, ThreadGenerator.Handoff.QUEUE);
        }
    }

    /** A virtual thread, by park/unpark. */
    @State(Scope.Thread)
    public static class VirtualPark extends ThreadState {
        /** Creates the state. */
        public VirtualPark() {}

        @Override
        ThreadGenerator create() {
            return new ThreadGenerator(true, ThreadGenerator.Handoff.PARK);
        }
    }

    /** A platform thread, through a {@code SynchronousQueue}. */
    @State(Scope.Thread)
    public static class PlatformQueue extends ThreadState {
        /** Creates the state. */
        public PlatformQueue() {}

        @Override
        ThreadGenerator create() {
            return new ThreadGenerator(false, ThreadGenerator.Handoff.QUEUE);
        }
    }

    /** A platform thread, by park/unpark. */
    @State(Scope.Thread)
    public static class PlatformPark extends ThreadState {
        /** Creates the state. */
        public PlatformPark() {}

        @Override
        ThreadGenerator create() {
            return new ThreadGenerator(false, ThreadGenerator.Handoff.PARK);
        }
    }

    /**
     * The floor.
     *
     * @param state the hand-written counter
     * @return its next value
     */
    @Benchmark
    public long floor(FloorState state) {
        return state.counter.next();
    }

    /**
     * The floor behind a call that is never inlined.
     *
     * @param state the hand-written counter
     * @return its next value
     */
    @Benchmark
    public long floorNotInlined(FloorState state) {
        return state.counter.nextNotInlined();
    }

    /**
     * jcoro, yielding from the generator's body.
     *
     * @param state the generator
     * @return its next value
     */
    @Benchmark
    public long jcoroDepth1(JcoroDepth1 state) {
        return state.counter.next();
    }

    /**
     * jcoro, yielding from one helper.
     *
     * @param state the generator
     * @return its next value
     */
    @Benchmark
    public long jcoroOneHelper(JcoroOneHelper state) {
        return state.counter.next();
    }

    /**
     * jcoro, yielding from 3 nested helpers.
     *
     * @param state the generator
     * @return its next value
     */
    @Benchmark
    public long jcoroDepth3(JcoroDepth3 state) {
        return state.counter.next();
    }

    /**
     * jcoro, yielding from 10 nested helpers.
     *
     * @param state the generator
     * @return its next value
     */
    @Benchmark
    public long jcoroDepth10(JcoroDepth10 state) {
        return state.counter.next();
    }

    /**
     * jcoro, yielding from its body, rewritten at build time by the processor.
     *
     * @param state the generator
     * @return its next value
     */
    @Benchmark
    public long jcoroProcessorDepth1(JcoroProcessorDepth1 state) {
        return state.counter.next();
    }

    /**
     * Kotlin's {@code sequence { yield(i) }}.
     *
     * @param state the sequence's iterator
     * @return its next value
     */
    @Benchmark
    public long kotlinSequence(KotlinState state) {
        return state.counter.next();
    }

    /**
     * offbynull coroutines.
     *
     * @param state the coroutine
     * @return its next value
     */
    @Benchmark
    public long offbynull(OffbynullState state) {
        return state.counter.next();
    }

    /**
     * Loom's {@code jdk.internal.vm.Continuation}: one run and one yield.
     *
     * @param state the continuation
     * @return its next value
     */
    @Benchmark
    @Fork(jvmArgsPrepend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
    public long loomContinuation(LoomState state) {
        return state.counter.next();
    }

    /**
     * A virtual thread, through a {@code SynchronousQueue}.
     *
     * @param state the generator
     * @return its next value
     */
    @Benchmark
    public long virtualThreadQueue(VirtualQueue state) {
        return state.counter.next();
    }

    /**
     * A virtual thread, by park/unpark.
     *
     * @param state the generator
     * @return its next value
     */
    @Benchmark
    public long virtualThreadPark(VirtualPark state) {
        return state.counter.next();
    }

    /**
     * A platform thread, through a {@code SynchronousQueue}.
     *
     * @param state the generator
     * @return its next value
     */
    @Benchmark
    public long platformThreadQueue(PlatformQueue state) {
        return state.counter.next();
    }

    /**
     * A platform thread, by park/unpark.
     *
     * @param state the generator
     * @return its next value
     */
    @Benchmark
    public long platformThreadPark(PlatformPark state) {
        return state.counter.next();
    }
}
