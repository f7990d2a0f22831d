package io.github.jcoro;

import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * Iteration over a {@link Channel} in an async task: receives until the channel is closed and
 * drained.
 *
 * <pre>{@code
 * ChannelIterator<Job> jobs = channel.iterator();
 * while (Co.await(jobs.hasNext())) {
 *     Job job = jobs.next();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #hasNext()} receives the next item and keeps it here until {@link #next()} takes it; its
 * future completes with {@code true} when there is one, {@code false} when the channel was closed
 * and drained. When an item is ready it returns a shared, completed future: iterating over buffered
 * items allocates nothing. A channel closed with a cause ({@link Channel#close(Throwable)}) makes
 * {@code hasNext()} fail with a {@link ChannelClosedException} carrying that cause, once drained.
 *
 * <h2>Thread safety</h2>
 *
 * An iterator belongs to one consumer: take one per task. Several iterators (and plain {@code
 * receive} calls) may consume the same channel concurrently; each item goes to exactly one of them.
 *
 * <h2>Cancellation</h2>
 *
 * If the task awaiting {@code hasNext()} is cancelled, the item it would have had goes to the next
 * consumer; an item already parked here (received, not yet taken by {@code next()}) stays here.
 *
 * @param <T> the item type
 */
public final class ChannelIterator<T> {
    private final Channel<T> channel;
    private T parked;

    ChannelIterator(Channel<T> channel) {
        this.channel = channel;
    }

    /**
     * Receives the next item, to be taken by {@link #next()}; does nothing while one is held.
     *
     * @return a future of {@code true} when an item is ready, {@code false} when the channel is closed
     *     and drained
     */
    public CompletableFuture<Boolean> hasNext() {
        if (parked != null) {
            return Channel.HAS_NEXT;
        }
        return channel.hasNext(this);
    }

    /**
     * Takes the item {@link #hasNext()} received.
     *
     * @return the item
     * @throws NoSuchElementException when no item was received: await {@code hasNext()} first
     */
    public T next() {
        T item = parked;
        if (item == null) {
            throw new NoSuchElementException("no item received from " + channel.name()
                    + ": call next() after Co.await(iterator.hasNext()) returned true");
        }
        parked = null;
        return item;
    }

    /** For the channel: the item {@code hasNext()} received. */
    void park(T item) {
        parked = item;
    }

    /**
     * @return the channel iterated over
     */
    public Channel<T> channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "ChannelIterator[" + channel.name() + (parked != null ? ", holding an item]" : "]");
    }
}
