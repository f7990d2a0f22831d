package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 1,000,000 awaits on futures completed by two other threads: 1,000 tasks on one loop, each awaiting
 * 1,000 futures in turn. Every resumption is counted per task and checked against the values.
 */
public class AwaitStress {
    static final int TASKS = 1_000;
    static final int AWAITS = 1_000;

    static final LinkedBlockingQueue<CompletableFuture<Integer>> PENDING = new LinkedBlockingQueue<>();
    static final AtomicLong COMPLETED = new AtomicLong();
    static final AtomicInteger RESUMED_ON_WRONG_THREAD = new AtomicInteger();

    @Coroutine
    static CompletableFuture<Long> worker(int id, Thread loopThread) {
        long sum = 0;
        int resumptions = 0;
        for (int i = 0; i < AWAITS; i++) {
            CompletableFuture<Integer> future = new CompletableFuture<>();
            PENDING.add(future);
            int value = Co.await(future);
            resumptions++;
            if (Thread.currentThread() != loopThread) {
                RESUMED_ON_WRONG_THREAD.incrementAndGet();
            }
            sum += value;
        }
        if (resumptions != AWAITS) {
            throw new AssertionError("task " + id + " resumed " + resumptions + " times");
        }
        return CompletableFuture.completedFuture(sum);
    }

    @Coroutine
    static CompletableFuture<Long> all() {
        Thread loopThread = Thread.currentThread();
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] workers = new CompletableFuture[TASKS];
        for (int i = 0; i < TASKS; i++) {
            workers[i] = worker(i, loopThread);
        }
        long total = 0;
        for (CompletableFuture<Long> worker : workers) {
            total += Co.await(worker);
        }
        return CompletableFuture.completedFuture(total);
    }

    public static String run() throws InterruptedException {
        Thread[] completers = new Thread[2];
        for (int t = 0; t < completers.length; t++) {
            completers[t] = new Thread(() -> {
                try {
                    while (true) {
                        CompletableFuture<Integer> future = PENDING.take();
                        if (future.isCancelled()) {
                            return; // the poison pill
                        }
                        future.complete(1);
                        COMPLETED.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "completer-" + t);
            completers[t].start();
        }
        long total = EventLoop.run(() -> all());
        for (Thread completer : completers) {
            CompletableFuture<Integer> pill = new CompletableFuture<>();
            pill.cancel(false);
            PENDING.add(pill);
        }
        for (Thread completer : completers) {
            completer.join();
        }
        return "awaits " + total + ", completed " + COMPLETED.get() + ", resumed off the loop "
                + RESUMED_ON_WRONG_THREAD.get();
    }
}
