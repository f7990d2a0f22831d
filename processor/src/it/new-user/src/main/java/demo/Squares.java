package demo;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

/** A generator and a helper in another class, as a new user writes them. */
public class Squares {
    @Coroutine
    public static Generator<String> upTo(int n) {
        for (int i = 1; i <= n; i++) {
            Co.yield(i + "^2 = " + i * i);
            Announce.every(i, 2);
        }
        return Generator.empty();
    }
}
