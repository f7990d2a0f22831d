package io.github.jcoro.internal;

import io.github.jcoro.Generator;

/**
 * What a lambda passed to {@link Generator#of(Generator.Body)} becomes once instrumented: a {@link
 * Generator.Body} whose only real method makes a fresh generator running the lambda's code. Not for
 * users.
 */
@FunctionalInterface
public interface GeneratorSupplier extends Generator.Body {
    /**
     * @return a new generator running the lambda's code, not started
     */
    Generator<?> get();

    /** Never called: {@link Generator#of(Generator.Body)} uses {@link #get()}. */
    @Override
    default void run() {
        throw new IllegalStateException("a generator body runs through Generator.of(body), not body.run()");
    }
}
