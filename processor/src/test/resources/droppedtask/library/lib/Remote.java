// A library compiled before its caller: its @Coroutine task is known to the caller's compilation
// only through the class file (the annotation has CLASS retention).
package lib;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

public final class Remote {
    private Remote() {}

    @Coroutine
    public static CompletableFuture<String> fetch(String key) {
        Co.sleep(Duration.ofMillis(10));
        return CompletableFuture.completedFuture("value of " + key);
    }

    public static CompletableFuture<String> plain(String key) {
        return CompletableFuture.completedFuture(key);
    }
}
