// Return types that look like a generator or a task but are not the ones jcoro drives; the three
// kinds (Generator, CompletableFuture/CompletionStage, any other type) are accepted.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Stream;

public class UnsupportedReturnType {
    @Coroutine
    static Iterator<Integer> iterator() { // ERROR [jcoro:unsupported-return-type]
        Co.yield(1);
        return null;
    }

    @Coroutine
    static Stream<Integer> stream() { // ERROR [jcoro:unsupported-return-type]
        return null;
    }

    @Coroutine
    static Iterable<Integer> iterable() { // ERROR [jcoro:unsupported-return-type]
        return null;
    }

    @Coroutine
    static Future<Integer> future() { // ERROR [jcoro:unsupported-return-type]
        return null;
    }

    static final class MyFuture extends CompletableFuture<Integer> {}

    @Coroutine
    static MyFuture subclass() { // ERROR [jcoro:unsupported-return-type]
        return null;
    }

    @Coroutine
    static Generator<Integer> generator() {
        return Generator.empty();
    }

    @Coroutine
    static CompletableFuture<Integer> task() {
        return CompletableFuture.completedFuture(1);
    }

    @Coroutine
    static CompletionStage<Integer> stage() {
        return CompletableFuture.completedFuture(1);
    }

    @Coroutine
    static Object helper() {
        return null;
    }
}
