// Suspension inside synchronized: a Co call and a helper call in a synchronized block of a coroutine
// are errors; a synchronized block without suspension, and a helper called in synchronized from plain
// code, are not.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

public class SuspendInSynchronized {
    private final Object lock = new Object();
    private int count;

    @Coroutine
    Generator<Integer> generator() {
        synchronized (lock) {
            count++;
        }
        synchronized (lock) {
            Co.yield(count); // ERROR [jcoro:suspend-in-synchronized]
        }
        synchronized (lock) {
            if (count > 0) {
                step(count); // ERROR [jcoro:suspend-in-synchronized]
            }
        }
        return Generator.empty();
    }

    @Coroutine
    private static void step(int value) {
        Co.yield(value);
    }

    void plain() {
        synchronized (lock) {
            step(1);
        }
    }
}
