package io.github.jcoro.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of starting: create a counter and take its first value. For jcoro that is the call of
 * the {@code @Coroutine} method (which allocates the generator, its frame included) and the first
 * run of the body up to its {@code Co.yield}; for the floor, a new hand-written iterator and its
 * first {@code next()}.
 *
 * <p>With {@code -prof gc}, {@code gc.alloc.rate.norm} shows the bytes each start allocates (zero
 * where the JIT's escape analysis removed the allocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CreateAndFirst {
    /** Creates the benchmark state. */
    public CreateAndFirst() {}

    /**
     * The floor.
     *
     * @return the first value of a new hand-written counter
     */
    @Benchmark
    public Integer floor() {
        return Counters.iterator().next();
    }

    /**
     * A new jcoro generator, run to its first yield.
     *
     * @return the first value of a new generator
     */
    @Benchmark
    public Integer jcoro() {
        return Counters.generator().next();
    }
}
