package io.github.jcoro.benchmarks;

import io.github.jcoro.Generator;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One yield + resume with helper frames suspended between the generator and its {@code Co.yield}
 * (issue #4: the cost of a resume must not grow with the depth). Each operation is one {@code
 * next()} on an infinite counter that is already suspended:
 *
 * <ul>
 *   <li>{@code floor}: the hand-written iterator, as in {@link YieldResume};
 *   <li>{@code depth1}: the counter generator, whose body yields itself ({@link
 *       Counters#generator()}, as {@link YieldResume#jcoro()});
 *   <li>{@code oneHelper}: the body calls one helper, which yields;
 *   <li>{@code depth3}, {@code depth10}: the body calls a chain of 3 or 10 helpers, the last of
 *       which yields ({@link NestedCounters}).
 * </ul>
 *
 * <p>Each benchmark has its own state, so a fork creates and runs only the counter it measures
 * (the others would otherwise add their classes to the profiles of the driver's calls). Without
 * the jcoro agent the generators' {@code next()} throws {@link IllegalStateException}, already in
 * the set-up: the benchmark fails instead of measuring something else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NestedYieldResume {
    /** Creates the benchmark. */
    public NestedYieldResume() {}

    /** A suspended counter, created for each iteration and closed after it. */
    abstract static class Counter {
        Iterator<Integer> counter;

        abstract Iterator<Integer> create();

        /** Creates the counter and checks that it counts 0, 1, 2. */
        @Setup(Level.Iteration)
        public void setUp() {
            counter = create();
            for (int expected = 0; expected < 3; expected++) {
                int value = counter.next();
                if (value != expected) {
                    throw new AssertionError(getClass().getSimpleName() + ": " + value + ", expected " + expected);
                }
            }
        }

        /** Closes the counter if it is a generator (suspended at its yield, helpers included). */
        @TearDown(Level.Iteration)
        public void tearDown() {
            if (counter instanceof Generator) {
                ((Generator<Integer>) counter).close();
            }
        }
    }

    /** The hand-written iterator. */
    @State(Scope.Thread)
    public static class Floor extends Counter {
        /** Creates the state. */
        public Floor() {}

        @Override
        Iterator<Integer> create() {
            return Counters.iterator();
        }
    }

    /** The counter generator, yielding from its body. */
    @State(Scope.Thread)
    public static class Depth1 extends Counter {
        /** Creates the state. */
        public Depth1() {}

        @Override
        Iterator<Integer> create() {
            return Counters.generator();
        }
    }

    /** The counter yielding from one helper. */
    @State(Scope.Thread)
    public static class OneHelper extends Counter {
        /** Creates the state. */
        public OneHelper() {}

        @Override
        Iterator<Integer> create() {
            return NestedCounters.oneHelper();
        }
    }

    /** The counter yielding from the third of three nested helpers. */
    @State(Scope.Thread)
    public static class Depth3 extends Counter {
        /** Creates the state. */
        public Depth3() {}

        @Override
        Iterator<Integer> create() {
            return NestedCounters.depth3();
        }
    }

    /** The counter yielding from the tenth of ten nested helpers. */
    @State(Scope.Thread)
    public static class Depth10 extends Counter {
        /** Creates the state. */
        public Depth10() {}

        @Override
        Iterator<Integer> create() {
            return NestedCounters.depth10();
        }
    }

    /**
     * The floor.
     *
     * @param state the hand-written counter
     * @return its next value
     */
    @Benchmark
    public Integer floor(Floor state) {
        return state.counter.next();
    }

    /**
     * Resumes the generator's body, which yields.
     *
     * @param state the counter generator
     * @return its next value
     */
    @Benchmark
    public Integer depth1(Depth1 state) {
        return state.counter.next();
    }

    /**
     * Resumes the one helper, which yields.
     *
     * @param state the counter with one helper
     * @return its next value
     */
    @Benchmark
    public Integer oneHelper(OneHelper state) {
        return state.counter.next();
    }

    /**
     * Resumes the innermost of three helpers, which yields.
     *
     * @param state the counter with three helpers
     * @return its next value
     */
    @Benchmark
    public Integer depth3(Depth3 state) {
        return state.counter.next();
    }

    /**
     * Resumes the innermost of ten helpers, which yields.
     *
     * @param state the counter with ten helpers
     * @return its next value
     */
    @Benchmark
    public Integer depth10(Depth10 state) {
        return state.counter.next();
    }
}
