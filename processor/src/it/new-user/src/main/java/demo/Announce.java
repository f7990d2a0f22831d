package demo;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;

/** A suspendable helper, called from a generator of another class. */
final class Announce {
    private Announce() {}

    @Coroutine
    static void every(int i, int period) {
        if (i % period == 0) {
            Co.yield("(" + i + " done)");
        }
    }
}
