// Calls the library's task from another compilation: dropping its future is reported; awaiting or
// keeping it, and dropping the future of a plain method, are not.
package app;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import java.util.concurrent.CompletableFuture;
import lib.Remote;

public class Caller {
    @Coroutine
    static CompletableFuture<String> both() {
        Remote.fetch("dropped"); // WARNING [jcoro:dropped-task]
        Remote.plain("a plain method's future");
        CompletableFuture<String> kept = Remote.fetch("kept");
        return CompletableFuture.completedFuture(Co.await(Remote.fetch("awaited")) + Co.await(kept));
    }

    void plainCode(Runnable later) {
        later = () -> Remote.fetch("dropped by a Runnable"); // WARNING [jcoro:dropped-task]
        later.run();
    }
}
