package io.github.jcoro.benchmarks;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

/**
 * The counter of {@link LongCounters#depth1()}, rewritten at build time by jcoro's processor rather
 * than by the agent: the pom compiles this file alone, in a javac run of its own with {@code
 * jcoro-processor} on the processor path, and the agent then leaves the marked class alone. Nothing
 * refers to this class at compile time ({@link Alternatives} loads it by name), so the main javac
 * run never compiles it un-rewritten.
 */
public final class ProcessorCounters {
    private ProcessorCounters() {}

    /**
     * Counts {@code i & 127} for ever.
     *
     * @return the counter
     */
    @Coroutine
    public static Generator<Long> depth1() {
        for (long i = 0; ; i++) {
            Co.yield(i & 127);
        }
    }
}
