// A class the processor's own checks accept but the instrumenter refuses (a coroutine calls an
// overridable helper): one error at the call's line, and the class file is deleted.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

public class CannotInstrument {
    @Coroutine
    void step(int i) {
        Co.yield(i);
    }

    @Coroutine
    Generator<Integer> run() {
        step(1); // ERROR [jcoro:cannot-instrument]
        return Generator.empty();
    }
}
