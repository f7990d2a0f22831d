// An abstract @Coroutine method has no body to rewrite: abstract class and interface methods.
package fixtures;

import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

public abstract class AbstractCoroutine {
    @Coroutine
    abstract Generator<String> lines(); // ERROR [jcoro:abstract-coroutine]

    interface Source {
        @Coroutine
        Generator<String> next(); // ERROR [jcoro:abstract-coroutine]

        @Coroutine
        default void skip() {}
    }
}
