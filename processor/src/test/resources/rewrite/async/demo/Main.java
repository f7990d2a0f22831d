// Async tasks (issue #5) through the build-time route: a task awaiting another task of another
// class, a virtual-clock sleep, and an async lambda given to EventLoop.runVirtual.
package demo;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public class Main {
    public static List<String> run() {
        List<String> out = new ArrayList<>();
        int total = EventLoop.runVirtual(() -> {
            int a = Co.await(Fetch.twice(out, 3));
            Co.pause();
            int b = Co.await(sum(out, a));
            return CompletableFuture.completedFuture(a + b);
        });
        out.add("total " + total);
        return out;
    }

    @Coroutine
    static CompletableFuture<Integer> sum(List<String> out, int from) {
        int sum = 0;
        for (int i = from; i < from + 3; i++) {
            Co.sleep(Duration.ofMillis(10));
            sum += i;
            out.add("sum step " + i);
        }
        return CompletableFuture.completedFuture(sum);
    }
}
