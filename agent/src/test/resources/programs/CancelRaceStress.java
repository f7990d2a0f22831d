package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.TaskTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every way a wait can end, racing: 100,000 tasks on one real-clock loop, each awaiting its own
 * future, while one thread completes the futures, another cancels a third of the tasks, and a third
 * of the awaits have a time limit of a few microseconds. Whatever wins, each task must resume once,
 * on the loop, and end in exactly one way (its value, cancelled, timed out), its {@code finally}
 * must run once, and no awaited future may be cancelled by the task's cancellation.
 */
public class CancelRaceStress {
    static final int ROUNDS = 100;
    static final int PER_ROUND = 1_000;

    static final AtomicInteger VALUES = new AtomicInteger();
    static final AtomicInteger CANCELLED = new AtomicInteger();
    static final AtomicInteger TIMED_OUT = new AtomicInteger();
    static final AtomicInteger FINALLY = new AtomicInteger();
    static final AtomicInteger OFF_THE_LOOP = new AtomicInteger();
    static final AtomicInteger WRONG_VALUE = new AtomicInteger();

    static final LinkedBlockingQueue<CompletableFuture<Integer>> TO_COMPLETE = new LinkedBlockingQueue<>();
    static final LinkedBlockingQueue<CompletableFuture<?>> TO_CANCEL = new LinkedBlockingQueue<>();

    /** Tells the completing and cancelling threads to stop. */
    static final CompletableFuture<Integer> PILL = new CompletableFuture<>();

    @Coroutine
    static CompletableFuture<Integer> waiter(CompletableFuture<Integer> future, long limitNanos, Thread loop) {
        try {
            int value = limitNanos > 0 ? Co.await(future, Duration.ofNanos(limitNanos)) : Co.await(future);
            if (Thread.currentThread() != loop) {
                OFF_THE_LOOP.incrementAndGet();
            }
            if (value != 7) {
                WRONG_VALUE.incrementAndGet();
            }
            VALUES.incrementAndGet();
            return CompletableFuture.completedFuture(value);
        } catch (TaskTimeoutException e) { // a CancellationException too: caught first
            if (Thread.currentThread() != loop) {
                OFF_THE_LOOP.incrementAndGet();
            }
            TIMED_OUT.incrementAndGet();
            return CompletableFuture.completedFuture(-1);
        } catch (CancellationException e) {
            if (Thread.currentThread() != loop) {
                OFF_THE_LOOP.incrementAndGet();
            }
            CANCELLED.incrementAndGet();
            throw e;
        } finally {
            FINALLY.incrementAndGet();
        }
    }

    @Coroutine
    static CompletableFuture<String> rounds() {
        Thread loop = Thread.currentThread();
        SplittableRandom random = new SplittableRandom(42);
        int awaitedCancelled = 0;
        int outcomes = 0;
        int badOutcomes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<CompletableFuture<Integer>> awaited = new ArrayList<>();
            List<CompletableFuture<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < PER_ROUND; i++) {
                CompletableFuture<Integer> future = new CompletableFuture<>();
                int kind = random.nextInt(3);
                long limit = kind == 2 ? 1_000 + random.nextInt(50_000) : 0;
                CompletableFuture<Integer> task = waiter(future, limit, loop);
                awaited.add(future);
                tasks.add(task);
                TO_COMPLETE.add(future);
                if (kind == 1) {
                    TO_CANCEL.add(task);
                }
            }
            for (int i = 0; i < PER_ROUND; i++) {
                CompletableFuture<Integer> task = tasks.get(i);
                try {
                    int value = Co.await(task);
                    outcomes++;
                    if (value != 7 && value != -1) {
                        badOutcomes++;
                    }
                } catch (CancellationException e) {
                    outcomes++;
                    if (!task.isCancelled()) {
                        badOutcomes++;
                    }
                }
                if (awaited.get(i).isCancelled()) {
                    awaitedCancelled++;
                }
            }
        }
        return CompletableFuture.completedFuture("outcomes " + outcomes + " (bad " + badOutcomes + "), awaited futures"
                + " cancelled " + awaitedCancelled);
    }

    public static String run() throws InterruptedException {
        Thread completer = new Thread(() -> drain(TO_COMPLETE, f -> f.complete(7)), "completer");
        Thread canceller = new Thread(() -> drain(TO_CANCEL, f -> f.cancel(true)), "canceller");
        completer.start();
        canceller.start();
        String summary = EventLoop.create().runUntilComplete(() -> rounds());
        TO_COMPLETE.add(PILL);
        TO_CANCEL.add(PILL);
        completer.join();
        canceller.join();
        int total = ROUNDS * PER_ROUND;
        int ended = VALUES.get() + CANCELLED.get() + TIMED_OUT.get();
        return summary + "\n"
                + "tasks " + total + ": ended once each " + (ended == total) + ", finally once each "
                + (FINALLY.get() == total) + ", wrong values " + WRONG_VALUE.get() + ", resumed off the loop "
                + OFF_THE_LOOP.get() + "\n"
                + "every kind of ending seen: " + (VALUES.get() > 0 && CANCELLED.get() > 0 && TIMED_OUT.get() > 0);
    }

    private static <F extends CompletableFuture<?>> void drain(
            LinkedBlockingQueue<F> queue, java.util.function.Consumer<F> action) {
        try {
            while (true) {
                F future = queue.take();
                if (future == PILL) {
                    return;
                }
                action.accept(future);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
