package io.github.jcoro.stress;

import io.github.jcoro.ChannelClosedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** How the stress tests encode a future's state as one {@code int} of a jcstress result. */
final class Outcomes {
    /** The future has not completed. */
    static final int PENDING = 0;

    /** The future failed with {@link ChannelClosedException}. */
    static final int CLOSED = -1;

    /** The future was cancelled. */
    static final int CANCELLED = -2;

    /** The future failed with anything else: never expected. */
    static final int OTHER_FAILURE = -3;

    private Outcomes() {}

    /**
     * @param future a future of a positive {@code Integer}, or of {@code null} for a send
     * @return its value ({@code 1} for a completed send), or one of the negative codes, or {@link
     *     #PENDING}
     */
    static int of(CompletableFuture<?> future) {
        if (!future.isDone()) {
            return PENDING;
        }
        if (future.isCancelled()) {
            return CANCELLED;
        }
        try {
            Object value = future.join();
            return value == null ? 1 : (Integer) value;
        } catch (CompletionException e) {
            return e.getCause() instanceof ChannelClosedException ? CLOSED : OTHER_FAILURE;
        }
    }

    /**
     * @param item what {@code tryReceive} returned
     * @return the item, or {@code 0} for none
     */
    static int item(Integer item) {
        return item == null ? 0 : item;
    }
}
