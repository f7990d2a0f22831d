package io.github.jcoro.benchmarks;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * As {@link CreateAndFirst}, but the new counter escapes into a {@link Blackhole}, so that neither
 * allocation can be removed by escape analysis: the cost of starting a counter that is kept, as one
 * is when it is handed on to be pulled later.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CreateAndFirstKept {
    /** Creates the benchmark state. */
    public CreateAndFirstKept() {}

    /**
     * The floor.
     *
     * @param keep where the new iterator escapes to
     * @return the first value of a new hand-written counter
     */
    @Benchmark
    public Integer floor(Blackhole keep) {
        Iterator<Integer> counter = Counters.iterator();
        keep.consume(counter);
        return counter.next();
    }

    /**
     * A new jcoro generator, run to its first yield.
     *
     * @param keep where the new generator escapes to
     * @return the first value of a new generator
     */
    @Benchmark
    public Integer jcoro(Blackhole keep) {
        Iterator<Integer> counter = Counters.generator();
        keep.consume(counter);
        return counter.next();
    }
}
