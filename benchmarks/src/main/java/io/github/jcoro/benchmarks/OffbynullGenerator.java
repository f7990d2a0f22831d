package io.github.jcoro.benchmarks;

import com.offbynull.coroutines.user.CoroutineRunner;

/**
 * An {@link OffbynullCounter} driven as a generator: {@link #next()} resumes it with {@link
 * CoroutineRunner#execute()} up to its next {@code suspend()} and returns the value it left.
 */
public final class OffbynullGenerator {
    private final OffbynullCounter counter = new OffbynullCounter();
    private final CoroutineRunner runner = new CoroutineRunner(counter);

    /** Creates a counter, not yet started. */
    public OffbynullGenerator() {}

    /**
     * Runs the counter to its next suspension.
     *
     * @return the value it left
     */
    public long next() {
        if (!runner.execute()) {
            throw new IllegalStateException("the offbynull counter ended");
        }
        return counter.value;
    }
}
