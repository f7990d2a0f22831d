// A synchronized @Coroutine method would suspend holding its monitor.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

public class SynchronizedCoroutine {
    @Coroutine
    synchronized Generator<Integer> numbers() { // ERROR [jcoro:synchronized-coroutine]
        Co.yield(1);
        return Generator.empty();
    }
}
