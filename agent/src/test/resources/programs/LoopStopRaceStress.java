package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A loop that stops while its tasks are being woken: 2,000 loops, each with 20 tasks awaiting futures
 * that another thread completes while the main task returns. A task woken before the loop stopped
 * runs to its end; one whose wake-up comes after, or was queued but not yet run when the loop
 * stopped, is refused: its future fails with {@code RejectedExecutionException}. None may be lost
 * (left pending although its future completed), none may end twice.
 */
public class LoopStopRaceStress {
    static final int LOOPS = 2_000;
    static final int TASKS = 20;

    static final LinkedBlockingQueue<CompletableFuture<Integer>> TO_COMPLETE = new LinkedBlockingQueue<>();

    /** Tells the completing thread to stop. */
    static final CompletableFuture<Integer> PILL = new CompletableFuture<>();

    @Coroutine
    static CompletableFuture<Integer> waiter(CompletableFuture<Integer> future) {
        int value = Co.await(future);
        Co.pause(); // a second resumption, queued on the loop itself
        return CompletableFuture.completedFuture(value);
    }

    @Coroutine
    static CompletableFuture<Void> main(List<CompletableFuture<Integer>> tasks) {
        List<CompletableFuture<Integer>> awaited = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            CompletableFuture<Integer> future = new CompletableFuture<>();
            awaited.add(future);
            tasks.add(waiter(future));
        }
        TO_COMPLETE.addAll(awaited);
        Co.await(awaited.get(TASKS / 2)); // stop while the others are being woken
        return CompletableFuture.completedFuture(null);
    }

    public static String run() throws Exception {
        Thread completer = new Thread(
                () -> {
                    try {
                        while (true) {
                            CompletableFuture<Integer> future = TO_COMPLETE.take();
                            if (future == PILL) {
                                return;
                            }
                            future.complete(1);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "completer");
        completer.start();
        List<CompletableFuture<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < LOOPS; i++) {
            List<CompletableFuture<Integer>> mine = new ArrayList<>();
            EventLoop.create().runUntilComplete(() -> main(mine));
            tasks.addAll(mine);
        }
        TO_COMPLETE.add(PILL);
        completer.join();
        int ran = 0;
        int refused = 0;
        int lost = 0;
        int other = 0;
        for (CompletableFuture<Integer> task : tasks) {
            try {
                task.get(10, TimeUnit.SECONDS);
                ran++;
            } catch (TimeoutException e) {
                lost++;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RejectedExecutionException) {
                    refused++;
                } else {
                    other++;
                }
            } catch (CompletionException e) {
                other++;
            }
            if (lost > 0) {
                break; // one is enough to fail; do not wait 10 s for each
            }
        }
        return "tasks " + tasks.size() + ": lost " + lost + ", other failures " + other + ", ran or refused "
                + (ran + refused == tasks.size()) + "; some ran: " + (ran > 0) + ", some refused: " + (refused > 0);
    }
}
