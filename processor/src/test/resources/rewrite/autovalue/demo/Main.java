// Coroutines that use the class AutoValue generates (AutoValue_Point, through Point.of): a
// generator, and an async task awaiting another on an event loop.
package demo;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public class Main {
    @Coroutine
    static Generator<Point> diagonal(int n) {
        for (int i = 0; i < n; i++) {
            Co.yield(Point.of(i, i));
        }
        return Generator.empty();
    }

    @Coroutine
    static CompletableFuture<Point> later(int x, int y) {
        Co.pause();
        return CompletableFuture.completedFuture(Point.of(x, y));
    }

    @Coroutine
    static CompletableFuture<Boolean> equalAfterAwait() {
        Point first = Co.await(later(7, 8));
        Point second = Co.await(later(7, 8));
        return CompletableFuture.completedFuture(first.equals(second) && first != second);
    }

    public static List<String> run() {
        List<String> out = new ArrayList<>();
        diagonal(2).forEachRemaining(p -> out.add(p.toString()));
        Point.of(10, 0).walkRight(2).forEachRemaining(p -> out.add(p.toString()));
        out.add("equal " + EventLoop.run(Main::equalAfterAwait));
        return out;
    }
}
