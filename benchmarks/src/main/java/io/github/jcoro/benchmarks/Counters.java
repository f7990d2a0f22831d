package io.github.jcoro.benchmarks;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.Iterator;

/**
 * The two counters the benchmarks compare: a hand-written iterator (the floor) and a jcoro
 * generator of the same shape. Both produce {@code 0, 1, ..., 127, 0, 1, ...}, so every value comes
 * from the {@link Integer} cache and boxing allocates nothing.
 */
public final class Counters {
    private Counters() {}

    /**
     * The jcoro counter: an infinite {@code @Coroutine} generator.
     *
     * @return a lazy generator of {@code i & 127} for {@code i = 0, 1, 2, ...}
     */
    @Coroutine
    public static Generator<Integer> generator() {
        for (int i = 0; ; i++) {
            Co.yield(i & 127);
        }
    }

    /**
     * The floor: the state machine a programmer would write by hand for the same counter.
     *
     * @return a new iterator of {@code i & 127} for {@code i = 0, 1, 2, ...}
     */
    public static Iterator<Integer> iterator() {
        return new CounterIterator();
    }

    /** The hand-written counter: one {@code int} of state, {@code next()} returns and advances it. */
    public static final class CounterIterator implements Iterator<Integer> {
        private int i;

        /** Creates a counter at 0. */
        public CounterIterator() {}

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Integer next() {
            return i++ & 127;
        }
    }
}
