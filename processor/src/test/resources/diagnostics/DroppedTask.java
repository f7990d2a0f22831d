// The future of an async task dropped un-awaited is a warning, unless suppressed with
// @SuppressWarnings("jcoro") or @SuppressWarnings("jcoro:dropped-task"); a kept or awaited future,
// and a plain method's dropped future, are not reported.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import java.util.concurrent.CompletableFuture;

public class DroppedTask {
    @Coroutine
    static CompletableFuture<String> fetch(String key) {
        return CompletableFuture.completedFuture(key);
    }

    static CompletableFuture<String> plainFuture() {
        return CompletableFuture.completedFuture("plain");
    }

    @Coroutine
    static CompletableFuture<Integer> caller() {
        fetch("dropped"); // WARNING [jcoro:dropped-task]
        CompletableFuture<String> kept = fetch("kept");
        String awaited = Co.await(fetch("awaited"));
        plainFuture();
        return CompletableFuture.completedFuture(kept.join().length() + awaited.length());
    }

    static void plainCaller() {
        fetch("dropped in plain code"); // WARNING [jcoro:dropped-task]
    }

    @SuppressWarnings("jcoro")
    static void suppressedAll() {
        fetch("fire and forget");
    }

    @SuppressWarnings("jcoro:dropped-task")
    static void suppressedTag() {
        fetch("fire and forget");
    }

    @SuppressWarnings("jcoro:dropped-task")
    static class Suppressed {
        void inside() {
            fetch("fire and forget");
        }
    }
}
