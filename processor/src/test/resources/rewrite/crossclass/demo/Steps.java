// Suspendable helpers, in another class than their caller.
package demo;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;

public final class Steps {
    private Steps() {}

    @Coroutine
    static int twice(String what) {
        Co.yield(what + " a");
        Co.yield(what + " b");
        return what.length() * 2;
    }

    static final class Nested {
        @Coroutine
        static void once(String what) {
            Co.yield(what + " once");
        }
    }
}
