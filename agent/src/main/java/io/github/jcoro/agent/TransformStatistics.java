package io.github.jcoro.agent;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link TransformSummary}, kept by {@link CoroutineTransformer} for every class
 * it is passed.
 *
 * <h2>Thread safety</h2>
 *
 * Counted from the threads that load classes, possibly several at once: each counter is a {@link
 * LongAdder}, so counting is cheap and never contended. A {@link #summary()} taken while classes load
 * may see a class counted as scanned but not yet as skipped, instrumented or failed.
 */
final class TransformStatistics {
    final LongAdder scanned = new LongAdder();
    final LongAdder skippedByName = new LongAdder();
    final LongAdder skippedByPrecheck = new LongAdder();
    final LongAdder unchanged = new LongAdder();
    final LongAdder instrumented = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder nanoseconds = new LongAdder();

    /** @return the counts so far */
    TransformSummary summary() {
        return new TransformSummary(
                scanned.sum(),
                skippedByName.sum(),
                skippedByPrecheck.sum(),
                unchanged.sum(),
                instrumented.sum(),
                failed.sum(),
                nanoseconds.sum());
    }
}
