package io.github.jcoro.benchmarks;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The counters of the side-by-side benchmarks ({@link Alternatives}): each produces {@code i & 127}
 * for {@code i = 0, 1, 2, ...} as a {@code long}. The floor keeps a primitive {@code long}; the
 * jcoro generators yield a {@link Long}, always one of the cached {@code Long.valueOf} values, so
 * boxing allocates nothing, as for Kotlin's sequence. The other alternatives live in {@link
 * KotlinCounters}, {@link OffbynullCounter}, {@link LoomGenerator} and {@link ThreadGenerator}.
 */
public final class LongCounters {
    private LongCounters() {}

    /** The floor: the state machine a programmer would write by hand, one {@code long} of state. */
    public static final class Floor {
        private long i;

        /** Creates a counter at 0. */
        public Floor() {}

        /**
         * Returns the current value and advances.
         *
         * @return {@code i & 127}
         */
        public long next() {
            return i++ & 127;
        }

        /**
         * As {@link #next()}, but never inlined into its caller: the floor for a resume that costs
         * a real call, as a coroutine's resume does once its body is too large to inline.
         *
         * @return {@code i & 127}
         */
        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        public long nextNotInlined() {
            return i++ & 127;
        }
    }

    /**
     * The jcoro counter, yielding from its body.
     *
     * @return a lazy generator of {@code i & 127}
     */
    @Coroutine
    public static Generator<Long> depth1() {
        for (long i = 0; ; i++) {
            Co.yield(i & 127);
        }
    }

    /**
     * The jcoro counter yielding from the helper its body calls.
     *
     * @return a lazy generator of {@code i & 127}, yielded one helper frame deep
     */
    @Coroutine
    public static Generator<Long> oneHelper() {
        count();
        return Generator.empty();
    }

    /**
     * The jcoro counter yielding from the third of three nested helpers.
     *
     * @return a lazy generator of {@code i & 127}, yielded three helper frames deep
     */
    @Coroutine
    public static Generator<Long> depth3() {
        three1();
        return Generator.empty();
    }

    /**
     * The jcoro counter yielding from the tenth of ten nested helpers.
     *
     * @return a lazy generator of {@code i & 127}, yielded ten helper frames deep
     */
    @Coroutine
    public static Generator<Long> depth10() {
        ten1();
        return Generator.empty();
    }

    /**
     * The counter's loop: the helper of {@link #oneHelper()} and the innermost helper of both
     * chains ({@code three1 -> three2 -> count}, {@code ten1 -> ... -> ten9 -> count}).
     */
    @Coroutine
    private static void count() {
        for (long i = 0; ; i++) {
            Co.yield(i & 127);
        }
    }

    @Coroutine
    private static void three1() {
        three2();
    }

    @Coroutine
    private static void three2() {
        count();
    }

    @Coroutine
    private static void ten1() {
        ten2();
    }

    @Coroutine
    private static void ten2() {
        ten3();
    }

    @Coroutine
    private static void ten3() {
        ten4();
    }

    @Coroutine
    private static void ten4() {
        ten5();
    }

    @Coroutine
    private static void ten5() {
        ten6();
    }

    @Coroutine
    private static void ten6() {
        ten7();
    }

    @Coroutine
    private static void ten7() {
        ten8();
    }

    @Coroutine
    private static void ten8() {
        ten9();
    }

    @Coroutine
    private static void ten9() {
        count();
    }
}
