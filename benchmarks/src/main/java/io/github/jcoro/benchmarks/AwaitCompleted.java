package io.github.jcoro.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of awaiting a future that has completed already: {@code Co.await} inside an async task
 * goes on without suspending. The floor is {@code join()} in a plain loop. Each operation is one
 * await (or join) of {@value #COUNT} in a loop; the task's creation is amortized over them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AwaitCompleted {
    static final int COUNT = 1_000;

    private final CompletableFuture<Long> done = CompletableFuture.completedFuture(3L);

    /** Creates the benchmark state. */
    public AwaitCompleted() {}

    /**
     * The floor.
     *
     * @return the sum of the joins
     */
    @Benchmark
    @OperationsPerInvocation(COUNT)
    public long join() {
        return AsyncTasks.sumJoins(done, COUNT);
    }

    /**
     * jcoro's fast path.
     *
     * @return the sum of the awaits
     */
    @Benchmark
    @OperationsPerInvocation(COUNT)
    public long jcoroAwait() {
        return AsyncTasks.sumAwaits(done, COUNT).join();
    }
}
