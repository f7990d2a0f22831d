// A class the processor's own checks accept but the instrumenter refuses (a generator awaits a
// future; only an async task may): one error at the call's line, and the class file is deleted.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.concurrent.CompletableFuture;

public class CannotInstrument {
    @Coroutine
    Generator<Integer> run() {
        Co.yield(1);
        CompletableFuture<Integer> two = CompletableFuture.completedFuture(2);
        Co.yield(two.join());
        // a generator cannot wait: only an async task awaits a future
        Co.yield(Co.await(two)); // ERROR [jcoro:cannot-instrument]
        return Generator.empty();
    }
}
