// One class with one generator: the smallest compilation with a class file to rewrite, for the
// tests that break the rewriting (RewriteFailureTest).
package demo;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;

public class Countdown {
    @Coroutine
    public static Generator<Integer> from(int n) {
        for (int i = n; i > 0; i--) {
            Co.yield(i);
        }
        return Generator.empty();
    }

    public static List<String> run() {
        List<String> out = new ArrayList<>();
        from(3).forEachRemaining(i -> out.add(String.valueOf(i)));
        return out;
    }
}
