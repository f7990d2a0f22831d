// A source file declaring two top-level classes: javac analyzes each on its own, and the calls of
// both, nested classes included, must be checked, each exactly once.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.concurrent.CompletableFuture;

public class TwoTopLevelClasses {
    @Coroutine
    static Generator<Integer> numbers() {
        Co.yield(1);
        return Generator.empty();
    }

    static void plain() {
        Co.yield(2); // ERROR [jcoro:suspend-outside-coroutine]
    }
}

class SecondTopLevelClass {
    @Coroutine
    static CompletableFuture<Integer> task() {
        Co.pause();
        return CompletableFuture.completedFuture(3);
    }

    static void plain() {
        Co.yield(4); // ERROR [jcoro:suspend-outside-coroutine]
        task(); // WARNING [jcoro:dropped-task]
    }

    static final class Nested {
        void plain() {
            Co.pause(); // ERROR [jcoro:suspend-outside-coroutine]
        }
    }
}
