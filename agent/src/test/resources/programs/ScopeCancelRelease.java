package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.TaskScope;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cancelling 100,000 suspended tasks in one scope releases all of them: half sleep for an hour, half
 * await a future of their own that never completes. The used heap after the scope has finished is
 * back to the baseline measured before the children were spawned. (A future that many tasks await
 * and that never completes is another matter: a JDK CompletableFuture keeps every registration
 * until it completes.)
 */
public class ScopeCancelRelease {
    static final int CHILDREN = 100_000;
    static final AtomicInteger FINALLY = new AtomicInteger();

    @Coroutine
    static CompletableFuture<Void> child(int i) {
        try {
            if (i % 2 == 0) {
                Co.sleep(Duration.ofHours(1));
            } else {
                Co.await(new CompletableFuture<Void>());
            }
            return CompletableFuture.completedFuture(null);
        } finally {
            FINALLY.incrementAndGet();
        }
    }

    /** Spawns the children in a scope, lets them suspend, measures, cancels the scope. */
    @Coroutine
    static CompletableFuture<Long> cycle() throws InterruptedException {
        long heldSuspended;
        try (TaskScope scope = TaskScope.open()) {
            for (int i = 0; i < CHILDREN; i++) {
                int n = i;
                scope.spawn(() -> child(n));
            }
            Co.pause(); // the children start, and suspend
            Co.pause();
            heldSuspended = usedHeap();
            scope.cancel();
        }
        return CompletableFuture.completedFuture(heldSuspended);
    }

    @Coroutine
    static CompletableFuture<String> main() throws InterruptedException {
        long baseline = usedHeap();
        long suspended = Co.await(cycle());
        long afterFirst = usedHeap();
        Co.await(cycle());
        long afterSecond = usedHeap();
        long grown = suspended - baseline;
        // The first cycle leaves the loop's ready queue grown to hold 100,000 tasks (its array does
        // not shrink); a second cycle must keep nothing more.
        boolean released = afterFirst - baseline < grown / 20;
        boolean noGrowth = afterSecond - afterFirst < grown / 100;
        return CompletableFuture.completedFuture("finally blocks run " + FINALLY.get()
                + ", suspended children held more than 10 MB: " + (grown > 10_000_000)
                + ", kept after the scope less than 5% of that: " + released
                + ", and nothing more after a second round: " + noGrowth
                + (released && noGrowth
                        ? ""
                        : " (baseline " + baseline + ", suspended " + suspended + ", after " + afterFirst + ", "
                                + afterSecond + ")"));
    }

    static long usedHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    public static String run() {
        return EventLoop.runVirtual(() -> main());
    }
}
