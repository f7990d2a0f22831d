package io.github.jcoro.benchmarks;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

/**
 * Counters that yield from inside suspendable helpers, for {@link NestedYieldResume}: each
 * generator's body calls a chain of private static {@code @Coroutine} helpers (for {@link
 * #depth3()}: {@code three1} calls {@code three2}, which calls {@code three3}), and the last helper
 * of the chain loops forever on {@code Co.yield(i & 127)}, as {@link Counters#generator()} does in its body. Once a generator has suspended, all the
 * helpers of its chain stay suspended above its body, and each {@code next()} resumes only the
 * innermost one.
 *
 * <p>Each chain has its own methods (rather than one recursive helper), as a program's helpers
 * would. The values are {@code 0, 1, ..., 127, 0, ...}, so boxing allocates nothing.
 */
public final class NestedCounters {
    private NestedCounters() {}

    /**
     * A counter whose body calls one helper, which yields.
     *
     * @return a lazy generator of {@code i & 127}, yielded one helper frame deep
     */
    @Coroutine
    public static Generator<Integer> oneHelper() {
        one1();
        return Generator.empty();
    }

    /**
     * A counter whose body calls {@code three1}, which calls {@code three2}, which calls {@code
     * three3}, which yields.
     *
     * @return a lazy generator of {@code i & 127}, yielded three helper frames deep
     */
    @Coroutine
    public static Generator<Integer> depth3() {
        three1();
        return Generator.empty();
    }

    /**
     * A counter whose body calls {@code ten1}, which calls {@code ten2}, and so on down to {@code
     * ten10}, which yields.
     *
     * @return a lazy generator of {@code i & 127}, yielded ten helper frames deep
     */
    @Coroutine
    public static Generator<Integer> depth10() {
        ten1();
        return Generator.empty();
    }

    @Coroutine
    private static void one1() {
        for (int i = 0; ; i++) {
            Co.yield(i & 127);
        }
    }

    @Coroutine
    private static void three1() {
        three2();
    }

    @Coroutine
    private static void three2() {
        three3();
    }

    @Coroutine
    private static void three3() {
        for (int i = 0; ; i++) {
            Co.yield(i & 127);
        }
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
        ten10();
    }

    @Coroutine
    private static void ten10() {
        for (int i = 0; ; i++) {
            Co.yield(i & 127);
        }
    }
}
