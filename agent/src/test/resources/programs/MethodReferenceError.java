package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

/** A method reference as Generator.of's body: refused with a message saying to write a lambda. */
public class MethodReferenceError {
    @Coroutine
    static void produce() {
        Co.yield(1);
    }

    static Generator<Object> make() {
        return Generator.of(MethodReferenceError::produce);
    }
}
