package io.github.jcoro.benchmarks;

import io.github.jcoro.EventLoop;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Hand-off of {@value #ITEMS} items from a producer to a consumer through a bounded buffer of
 * {@link #capacity} items, or a rendezvous (capacity 0), for issues #6 and #11. The rows, each run
 * at every capacity:
 *
 * <ul>
 *   <li>{@code jcoroChannel}: two jcoro async tasks on one {@link EventLoop} and a {@link
 *       io.github.jcoro.Channel} ({@link ChannelTasks#handoff});
 *   <li>{@code kotlinChannel}: two Kotlin coroutines in one {@code runBlocking} and a {@code
 *       kotlinx.coroutines.channels.Channel} of the same capacity ({@link KotlinChannels#handoff});
 *   <li>{@code threadsBlockingQueue}: two platform threads and an {@link ArrayBlockingQueue} of the
 *       same capacity, or a {@link SynchronousQueue} for capacity 0 (an {@code ArrayBlockingQueue}
 *       needs a capacity of at least 1).
 * </ul>
 *
 * <p>Each operation is one item handed over; the set-up (loop, channel, threads) is amortized over
 * {@value #ITEMS} items. Run with {@code -javaagent:agent/target/jcoro-agent.jar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelHandoff {
    static final int ITEMS = 100_000;

    /** The capacity of the buffer; 0 is a rendezvous. */
    @Param({"0", "64"})
    public int capacity;

    /** Creates the benchmark state. */
    public ChannelHandoff() {}

    /**
     * jcoro: a producer task and a consumer task on one event loop, through a channel.
     *
     * @return the sum of the items
     */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long jcoroChannel() {
        return EventLoop.run(() -> ChannelTasks.handoff(ITEMS, capacity));
    }

    /**
     * Kotlin: a producer and a consumer coroutine in {@code runBlocking}, through a Kotlin {@code
     * Channel(capacity)}.
     *
     * @return the sum of the items
     */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long kotlinChannel() {
        return KotlinChannels.handoff(ITEMS, capacity);
    }

    /**
     * Two threads through an {@code ArrayBlockingQueue} of the capacity, or a {@code
     * SynchronousQueue} for capacity 0.
     *
     * @return the sum of the items
     * @throws InterruptedException never
     */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long threadsBlockingQueue() throws InterruptedException {
        BlockingQueue<Integer> queue = capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
        long[] sum = {0};
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    sum[0] += queue.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        for (int i = 0; i < ITEMS; i++) {
            queue.put(i);
        }
        consumer.join();
        return sum[0];
    }
}
