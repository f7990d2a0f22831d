package io.github.jcoro;

import io.github.jcoro.internal.Abandonable;

/**
 * A party waiting in one of a {@link Channel}'s queues: a suspended {@code send}, {@code receive}
 * or {@link ChannelIterator#hasNext()}, or one clause of a {@link Select}.
 *
 * <p>Handing an item to a waiter takes two steps. Under the channel's lock, {@link #claim()} takes
 * the waiter for this one operation: a compare-and-set that runs no foreign code, and fails when the
 * waiter has gone (its future was cancelled, or its select completed by another clause), in which
 * case the channel drops it and tries the next one. After the lock is released, the channel calls
 * {@link #sent()}, {@link #received} or {@link #closed}, which complete the waiter's future and so
 * run whatever depends on it (the wake-up of the waiting task). A claimed waiter can no longer be
 * cancelled: its outcome is decided, and only its delivery is pending.
 */
interface ChannelWaiter<T> {
    /**
     * Under the channel's lock: takes this waiter for one operation.
     *
     * @return whether it was still waiting; {@code false} if it was abandoned or taken elsewhere
     */
    boolean claim();

    /**
     * @return whether the waiter still waits (not claimed, not abandoned); for compaction only
     */
    boolean isLive();

    /**
     * For a waiting sender: the item it offers.
     *
     * @return the item
     */
    T item();

    /** After a claim, outside the lock: the sender's item was taken or buffered. */
    void sent();

    /**
     * After a claim, outside the lock: the receiver's item.
     *
     * @param item the item, never {@code null}
     */
    void received(T item);

    /**
     * After a claim, outside the lock: the channel was closed (and, for a receiver, drained).
     *
     * @param end the exception that says so
     */
    void closed(ChannelClosedException end);

    /**
     * The waiter of one plain {@code send}, {@code receive} or {@code hasNext}: a future of its own,
     * which the awaiting task's driver may cancel ({@link Abandonable}). Completing or cancelling it
     * from outside withdraws it from the channel, as abandoning it does.
     */
    abstract class Plain<V, T> extends ClaimableFuture<V> implements ChannelWaiter<T> {
        final Channel<T> channel;

        Plain(Channel<T> channel) {
            this.channel = channel;
        }

        @Override
        public final boolean isLive() {
            return isOpen();
        }

        /** Completed or cancelled from outside: the channel skips this waiter from now on. */
        @Override
        final void withdrawn() {
            channel.forget(this);
        }

        /** For the channel, after a claim. */
        final void deliver(V value) {
            completeClaimed(value);
        }

        /** For the channel, after a claim. */
        final void fail(Throwable failure) {
            failClaimed(failure);
        }

        @Override
        public T item() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sent() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void received(T item) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void closed(ChannelClosedException end) {
            fail(end);
        }
    }

    /** A suspended {@code receive()}: completes with the item. */
    final class Receive<T> extends Plain<T, T> {
        Receive(Channel<T> channel) {
            super(channel);
        }

        @Override
        public void received(T item) {
            deliver(item);
        }

        @Override
        public String toString() {
            return "receive from " + channel.name() + " " + super.toString();
        }
    }

    /** A suspended {@code send(item)}: completes when the item is buffered or taken. */
    final class Send<T> extends Plain<Void, T> {
        private final T item;

        Send(Channel<T> channel, T item) {
            super(channel);
            this.item = item;
        }

        @Override
        public T item() {
            return item;
        }

        @Override
        public void sent() {
            deliver(null);
        }

        @Override
        public String toString() {
            return "send to " + channel.name() + " " + super.toString();
        }
    }

    /** A suspended {@link ChannelIterator#hasNext()}: parks the item in the iterator, then says true. */
    final class Next<T> extends Plain<Boolean, T> {
        private final ChannelIterator<T> iterator;

        Next(Channel<T> channel, ChannelIterator<T> iterator) {
            super(channel);
            this.iterator = iterator;
        }

        @Override
        public void received(T item) {
            iterator.park(item);
            deliver(Boolean.TRUE);
        }

        @Override
        public void closed(ChannelClosedException end) {
            if (end.getCause() == null) {
                deliver(Boolean.FALSE);
            } else {
                fail(end);
            }
        }

        @Override
        public String toString() {
            return "hasNext on " + channel.name() + " " + super.toString();
        }
    }
}
