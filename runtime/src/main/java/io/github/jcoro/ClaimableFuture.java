package io.github.jcoro;

import io.github.jcoro.internal.Abandonable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * A future that one side claims before completing it (a channel handing over an item, a select's
 * first clause), and that the waiting side may abandon first: a waiter of a channel operation, or a
 * running select. Claiming and abandoning race through one compare-and-set, so exactly one of them
 * wins: once claimed, {@code cancel} and outside completions return {@code false} and the claimed
 * value is delivered (no item is lost); once abandoned, the claim fails and the owner looks for the
 * next waiter.
 *
 * @param <V> the value type
 */
abstract class ClaimableFuture<V> extends CompletableFuture<V> implements Abandonable {
    private static final int OPEN = 0;
    private static final int CLAIMED = 1;
    private static final int GONE = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ClaimableFuture.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    /**
     * @return whether this call claimed the future; {@code false} if it was claimed or abandoned
     */
    public final boolean claim() {
        return STATE.compareAndSet(this, OPEN, CLAIMED);
    }

    /**
     * @return whether the future is neither claimed nor abandoned
     */
    final boolean isOpen() {
        return state == OPEN;
    }

    /** The waiting side abandoned the future: withdraw it wherever it is registered. Called once. */
    abstract void withdrawn();

    private boolean abandon() {
        if (STATE.compareAndSet(this, OPEN, GONE)) {
            withdrawn();
            return true;
        }
        return false;
    }

    /**
     * Abandons the wait: the future is withdrawn, and what it would have had goes to the next
     * waiter. Returns {@code false}, leaving the future as it is, when it was claimed already: then
     * its value is decided and it completes with it at once (the value must be taken from it, or it
     * is lost).
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return abandon() && super.cancel(mayInterruptIfRunning);
    }

    /** Completing from outside abandons the wait first, as {@link #cancel} does. */
    @Override
    public boolean complete(V value) {
        return abandon() && super.complete(value);
    }

    /** Failing from outside abandons the wait first, as {@link #cancel} does. */
    @Override
    public boolean completeExceptionally(Throwable failure) {
        return abandon() && super.completeExceptionally(failure);
    }

    /** For the owner, after its claim. */
    final void completeClaimed(V value) {
        super.complete(value);
    }

    /** For the owner, after its claim (or to fail an open select). */
    final void failClaimed(Throwable failure) {
        super.completeExceptionally(failure);
    }
}
