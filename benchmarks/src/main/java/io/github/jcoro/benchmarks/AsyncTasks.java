package io.github.jcoro.benchmarks;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The async tasks the benchmarks run; instrumented by the jcoro agent. */
final class AsyncTasks {
    private AsyncTasks() {}

    /** Passes the turn {@code rounds} times with {@code Co.pause()}. */
    @Coroutine
    static CompletableFuture<Integer> pinger(int rounds) {
        for (int i = 0; i < rounds; i++) {
            Co.pause();
        }
        return CompletableFuture.completedFuture(rounds);
    }

    /** Two pingers taking turns on the loop: {@code 2 * rounds} task switches. */
    @Coroutine
    static CompletableFuture<Integer> pingPong(int rounds) {
        CompletableFuture<Integer> a = pinger(rounds);
        CompletableFuture<Integer> b = pinger(rounds);
        return CompletableFuture.completedFuture(Co.await(a) + Co.await(b));
    }

    /** {@code count} awaits of a future that has completed: the fast path, no suspension. */
    @Coroutine
    static CompletableFuture<Long> sumAwaits(CompletableFuture<Long> done, int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Co.await(done);
        }
        return CompletableFuture.completedFuture(sum);
    }

    /** The same sum with {@code join()}: the floor of {@link #sumAwaits}. */
    static long sumJoins(CompletableFuture<Long> done, int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += done.join();
        }
        return sum;
    }

    /** A task that sleeps once, with a few locals live across the sleep. */
    @Coroutine
    static CompletableFuture<Long> sleeper(long id, Duration duration) {
        Co.sleep(duration);
        return CompletableFuture.completedFuture(id);
    }

    /** A task that awaits {@code future} once, with a few locals live across the await. */
    @Coroutine
    static CompletableFuture<Long> awaiter(long id, CompletableFuture<Long> future) {
        long got = Co.await(future);
        return CompletableFuture.completedFuture(id + got);
    }
}
