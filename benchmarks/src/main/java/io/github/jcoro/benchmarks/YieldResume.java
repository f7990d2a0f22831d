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
 * The cost of one value taken from a running counter: {@code next()} on a hand-written iterator
 * (the floor), and {@code next()} on a suspended jcoro generator, which resumes the body after its
 * {@code Co.yield} and runs it to the next one.
 *
 * <p>The generator is created once per iteration and is infinite, so every operation is one
 * yield + resume. Without the jcoro agent the generator's {@code next()} throws {@link
 * IllegalStateException}, already in {@link #setUp()}: the benchmark fails instead of measuring
 * something else.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class YieldResume {
    private Iterator<Integer> floor;
    private Generator<Integer> jcoro;

    /** Creates the benchmark state; JMH calls {@link #setUp()} before each iteration. */
    public YieldResume() {}

    /** Creates both counters and checks that they count. */
    @Setup(Level.Iteration)
    public void setUp() {
        floor = Counters.iterator();
        jcoro = Counters.generator();
        for (int expected = 0; expected < 3; expected++) {
            int fromFloor = floor.next();
            int fromJcoro = jcoro.next();
            if (fromFloor != expected || fromJcoro != expected) {
                throw new AssertionError("counters disagree: " + fromFloor + " / " + fromJcoro);
            }
        }
    }

    /** Closes the generator (it is suspended at its yield). */
    @TearDown(Level.Iteration)
    public void tearDown() {
        jcoro.close();
    }

    /**
     * The floor.
     *
     * @return the next value of the hand-written counter
     */
    @Benchmark
    public Integer floor() {
        return floor.next();
    }

    /**
     * One yield + resume of a jcoro generator.
     *
     * @return the next value of the generator
     */
    @Benchmark
    public Integer jcoro() {
        return jcoro.next();
    }
}
