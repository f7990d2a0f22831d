package io.github.jcoro.benchmarks;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import org.openjdk.jol.info.ClassLayout;

/**
 * Bytes retained per suspended async task: inside a running {@link EventLoop}, starts a million
 * tasks that each suspend once, and divides the growth of the used heap by their number. Two ways
 * to be suspended: on {@code Co.sleep} (the task, its frame and its timer), and on {@code Co.await}
 * of one shared future that never completes (the task, its frame, its wake-up and the dependent
 * stage {@code whenComplete} registers on the future). Then prints JOL's layout of one task and of
 * its frame.
 *
 * <p>Run under the jcoro agent: {@code java -javaagent:agent/target/jcoro-agent.jar -cp
 * benchmarks/target/benchmarks.jar io.github.jcoro.benchmarks.RetainedTask [count]}.
 */
public final class RetainedTask {
    private RetainedTask() {}

    /**
     * Measures and prints the bytes per suspended task.
     *
     * @param args optionally, how many tasks to start (default 1,000,000)
     */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        EventLoop.runVirtual(() -> measureAll(count));
    }

    @Coroutine
    static CompletableFuture<Void> measureAll(int count) throws InterruptedException {
        Duration hour = Duration.ofHours(1);
        CompletableFuture<Long> never = new CompletableFuture<>();
        measure("warm-up", 1_000, id -> AsyncTasks.sleeper(id, hour));
        measure("warm-up", 1_000, id -> AsyncTasks.awaiter(id, never));
        measure("task suspended in Co.sleep", count, id -> AsyncTasks.sleeper(id, hour));
        measure("task suspended in Co.await", count, id -> AsyncTasks.awaiter(id, never));
        CompletableFuture<Long> one = AsyncTasks.sleeper(7, hour);
        System.out.println();
        System.out.println("JOL layout of one suspended task (the future its method returned):");
        System.out.print(ClassLayout.parseInstance(one).toPrintable());
        Co.pause();
        return CompletableFuture.completedFuture(null);
    }

    private static void measure(String name, int count, LongFunction<CompletableFuture<Long>> start)
            throws InterruptedException {
        Object[] keep = new Object[count];
        long before = Heap.used();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Long> task = start.apply(i);
            if (task.isDone()) {
                throw new AssertionError(name + ": the task did not suspend");
            }
            keep[i] = task;
        }
        long after = Heap.used();
        if (!name.equals("warm-up")) {
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %,d suspended: %,d bytes retained, %.1f bytes each%n",
                    name,
                    count,
                    after - before,
                    (double) (after - before) / count);
        }
        if (keep[count - 1] == null) {
            throw new AssertionError();
        }
    }
}
