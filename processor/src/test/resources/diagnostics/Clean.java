// Every kind of coroutine used correctly: no jcoro diagnostic at all.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

public class Clean {
    private final Object lock = new Object();

    @Coroutine
    Generator<Integer> numbers(int n) {
        for (int i = 0; i < n; i++) {
            int value;
            synchronized (lock) {
                value = i * i;
            }
            Co.yield(value);
            twice(value);
        }
        return Generator.of(() -> Co.yield(-1));
    }

    @Coroutine
    private static void twice(int value) {
        Co.yield(value);
        Co.yield(value);
    }

    static int plainHelperCall() {
        int[] sum = {0};
        Runnable r = () -> sum[0]++;
        r.run();
        return sum[0];
    }
}
