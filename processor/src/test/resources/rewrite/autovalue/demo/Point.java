// An @AutoValue class, compiled in the same javac run as jcoro's processor: AutoValue generates
// AutoValue_Point in its first round, and this class's own coroutine (a generator in the abstract
// class AutoValue reads) is rewritten beside it.
package demo;

import com.google.auto.value.AutoValue;
import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

@AutoValue
public abstract class Point {
    public abstract int x();

    public abstract int y();

    public static Point of(int x, int y) {
        return new AutoValue_Point(x, y);
    }

    /** The next {@code steps} points to the right of this one. */
    @Coroutine
    public final Generator<Point> walkRight(int steps) {
        for (int i = 1; i <= steps; i++) {
            Co.yield(of(x() + i, y()));
        }
        return Generator.empty();
    }
}
