package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.TaskScope;
import io.github.jcoro.Tasks;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Tasks bound to a thread pool resume on its threads, never on the thread that completed their future. */
public class ExecutorDispatch {
    static final TreeSet<String> RESUMED_ON = new TreeSet<>();

    static synchronized void record(String where) {
        RESUMED_ON.add(where);
    }

    @Coroutine
    static CompletableFuture<Integer> child(int i, ExecutorService completer) {
        int total = 0;
        for (int k = 0; k < 20; k++) {
            int got = Co.await(CompletableFuture.supplyAsync(() -> 1, completer));
            record(Thread.currentThread().getName().replaceAll("-\\d+$", ""));
            total += got;
        }
        Co.sleep(Duration.ofMillis(1));
        record(Thread.currentThread().getName().replaceAll("-\\d+$", ""));
        Co.pause();
        return CompletableFuture.completedFuture(total + i);
    }

    @Coroutine
    static CompletableFuture<Integer> parent(ExecutorService completer) {
        int sum = 0;
        CompletableFuture<?>[] children = new CompletableFuture[10];
        for (int i = 0; i < children.length; i++) {
            children[i] = child(i, completer);
        }
        for (CompletableFuture<?> c : children) {
            sum += (Integer) Co.await(c);
        }
        // A scope's children run on the scope's dispatcher, the pool, too.
        sum += Co.await(TaskScope.run(scope -> scope.spawn(() -> child(100, completer))));
        return CompletableFuture.completedFuture(sum);
    }

    public static String run() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "pool-" + System.nanoTime()));
        ExecutorService completer = Executors.newFixedThreadPool(2, r -> new Thread(r, "completer-" + System.nanoTime()));
        try {
            int sum = Tasks.start(pool, () -> parent(completer)).get(30, TimeUnit.SECONDS);
            return "sum " + sum + " resumed on " + RESUMED_ON;
        } finally {
            pool.shutdownNow();
            completer.shutdownNow();
        }
    }
}
