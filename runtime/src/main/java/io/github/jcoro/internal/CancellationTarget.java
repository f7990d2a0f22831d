package io.github.jcoro.internal;

/**
 * A future that a cancelled task goes on waiting for, after passing the cancellation to it: the
 * future of a task scope, which completes only once the scope's children have finished. Implemented
 * by {@code CompletableFuture}s only. Not for users.
 */
public interface CancellationTarget {
    /** The task waiting for this future was cancelled. */
    void cancelFromWaiter();
}
