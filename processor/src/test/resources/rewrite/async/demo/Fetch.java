// An async task in another class than its caller.
package demo;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class Fetch {
    private Fetch() {}

    @Coroutine
    static CompletableFuture<Integer> twice(List<String> out, int value) {
        out.add("fetch " + value);
        Co.sleep(Duration.ofSeconds(1));
        out.add("fetched " + value);
        return CompletableFuture.completedFuture(value * 2);
    }
}
