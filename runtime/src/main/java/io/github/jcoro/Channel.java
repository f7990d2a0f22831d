package io.github.jcoro;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel: a queue that connects async tasks (Kotlin's {@code Channel}, Go's {@code chan},
 * Python's {@code asyncio.Queue}), with back-pressure. Its operations return futures that a task
 * awaits:
 *
 * <pre>{@code
 * Channel<String> lines = new Channel<>(16, "lines");
 *
 * @Coroutine CompletableFuture<Void> produce() {
 *     for (String line : source) {
 *         Co.await(lines.send(line));      // waits while 16 lines are buffered
 *     }
 *     lines.close();                        // the consumers drain what is left, then see the end
 *     return CompletableFuture.completedFuture(null);
 * }
 *
 * @Coroutine CompletableFuture<Integer> consume() {
 *     int count = 0;
 *     ChannelIterator<String> it = lines.iterator();
 *     while (Co.await(it.hasNext())) {      // false once closed and drained
 *         count += it.next().length();
 *     }
 *     return CompletableFuture.completedFuture(count);
 * }
 * }</pre>
 *
 * <p>A channel of capacity {@code n > 0} buffers up to {@code n} items: {@link #send} completes as
 * soon as its item is buffered (or handed to a waiting receiver), and waits while the buffer is
 * full. A channel of capacity 0 is a <em>rendezvous</em>: {@code send} completes only when a
 * receiver has taken the item. {@link #receive} completes when an item is there.
 *
 * <p>Items may not be {@code null}. Nothing here blocks a thread: a full or empty channel returns a
 * pending future, which an async task awaits with {@link Co#await} (plain code may {@code join()}
 * it, on a thread of its own). When an operation can complete at once, its future is completed
 * already, so {@code Co.await} goes on without suspending: {@code send} then returns one shared
 * future and allocates nothing; {@code receive} allocates the completed future of the item, and
 * {@link ChannelIterator#hasNext()} allocates nothing.
 *
 * <h2>Ordering and fairness</h2>
 *
 * Items leave the channel in the order they entered it. Waiting senders and waiting receivers are
 * each served first come, first served: the receiver that has waited longest gets the next item,
 * and the sender that has waited longest is the next to get a buffer slot (or, on a rendezvous, a
 * receiver). A waiting sender's item enters the buffer when its slot frees up, so items of
 * concurrent senders keep the order in which their sends reached the channel. Which task runs first
 * once woken is up to the dispatchers (on one {@link EventLoop}: in wake-up order).
 *
 * <h2>Lifecycle</h2>
 *
 * A channel is open until {@link #close()}. After the close, {@code send} fails at once with a
 * {@link ChannelClosedException} naming the channel; everything sent before the close is still
 * delivered: the buffered items, <em>and the items of senders that were waiting when the channel
 * was closed</em> (their sends complete normally when their items are taken). Receivers drain all
 * of that; then {@code receive} fails with {@code ChannelClosedException}, and {@link
 * ChannelIterator#hasNext()} returns {@code false}. Receivers waiting at the close (the channel was
 * empty then) see the end at once. {@link #close(Throwable)} closes with a cause: once drained,
 * {@code receive} and {@code hasNext} fail with a {@code ChannelClosedException} whose cause it is,
 * so a failure travels down a pipeline of channels.
 *
 * <h2>Cancellation</h2>
 *
 * The future of a waiting operation may be cancelled ({@code cancel(false)}), as a task's driver does
 * when the task stops waiting for it, or completed from outside: the operation is then withdrawn.
 * A withdrawn receive gets no item (the next receiver has it); a withdrawn send does not enter the
 * channel. No item is lost or delivered twice. Only a wait that has not been served yet can be
 * withdrawn: once the channel has chosen the waiter for an item (an instant before completing its
 * future, outside its lock), {@code cancel} returns {@code false} and the future completes with the
 * item, which then belongs to whoever holds the future. Withdrawn waiters are dropped from the
 * channel's queues promptly, so cancelled tasks are not retained.
 *
 * <h2>Exceptions</h2>
 *
 * {@code send(null)} throws {@link NullPointerException}. The futures fail only with {@link
 * ChannelClosedException}, or with the {@code CancellationException} of their own cancellation.
 *
 * <h2>Thread safety</h2>
 *
 * A channel may be used by any number of producers and consumers on any threads and dispatchers.
 * Its state is guarded by a lock that is held for a few field updates only: the futures of waiting
 * tasks are completed after the lock is released, on the thread whose operation served them. A
 * task resumes on its own dispatcher, never on that thread (unless it is one of its dispatcher's).
 * What a producer did before sending an item happens before the consumer that receives it goes on.
 *
 * @param <T> the item type
 */
public final class Channel<T> {
    private static final AtomicLong IDS = new AtomicLong();

    /** The future of a send that completed at once. */
    static final CompletableFuture<Void> SENT = new Done<>(null);

    /** The future of a {@code hasNext} that found an item. */
    static final CompletableFuture<Boolean> HAS_NEXT = new Done<>(Boolean.TRUE);

    /** The future of a {@code hasNext} at the end of a channel closed without a cause. */
    static final CompletableFuture<Boolean> AT_END = new Done<>(Boolean.FALSE);

    /** What {@link #offerLocked} returns when it buffered the item. */
    static final ChannelWaiter<Object> BUFFERED = new ChannelWaiter.Receive<>(null);

    /** Orders the locks of the channels of one {@link Select}. */
    final long id = IDS.incrementAndGet();

    final ReentrantLock lock = new ReentrantLock();

    private final String name;
    private final int capacity;
    private final ArrayDeque<T> buffer;
    private final ArrayDeque<ChannelWaiter<T>> senders = new ArrayDeque<>();
    private final ArrayDeque<ChannelWaiter<T>> receivers = new ArrayDeque<>();
    private int deadSenders;
    private int deadReceivers;
    private boolean closed;
    private Throwable closeCause;

    /** A sender served by {@link #pollLocked}, to be told outside the lock; under the lock only. */
    private ChannelWaiter<T> served;

    /**
     * Creates an unnamed channel.
     *
     * @param capacity how many items it buffers; 0 for a rendezvous channel
     * @throws IllegalArgumentException when {@code capacity} is negative
     */
    public Channel(int capacity) {
        this(capacity, null);
    }

    /**
     * Creates a channel with a name, which its errors and {@link #toString()} show.
     *
     * @param capacity how many items it buffers; 0 for a rendezvous channel
     * @param name the channel's name, or {@code null} for a generated one
     * @throws IllegalArgumentException when {@code capacity} is negative
     */
    public Channel(int capacity, String name) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a channel's capacity is 0 (rendezvous) or more, not " + capacity
                    + (name != null ? " (" + name + ")" : ""));
        }
        this.capacity = capacity;
        this.name = name != null ? name : "channel#" + id;
        this.buffer = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /**
     * Sends {@code item}: the future completes when the item is buffered, or taken by a receiver.
     *
     * @param item the item
     * @return a future that completes when the item is in the channel (at once when there is room),
     *     or fails with {@link ChannelClosedException} when the channel is closed
     * @throws NullPointerException when {@code item} is {@code null}
     */
    public CompletableFuture<Void> send(T item) {
        Objects.requireNonNull(item, "a channel does not take null items");
        ChannelWaiter<T> receiver;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(sendClosed());
            }
            receiver = offerLocked(item);
            if (receiver == null) {
                ChannelWaiter.Send<T> waiter = new ChannelWaiter.Send<>(this, item);
                senders.add(waiter);
                return waiter;
            }
        } finally {
            lock.unlock();
        }
        if (receiver != BUFFERED) {
            receiver.received(item);
        }
        return SENT;
    }

    /**
     * Sends {@code item} if that can be done at once.
     *
     * @param item the item
     * @return whether the item was buffered or handed to a waiting receiver; {@code false} when the
     *     channel is full
     * @throws ChannelClosedException when the channel is closed
     * @throws NullPointerException when {@code item} is {@code null}
     */
    public boolean trySend(T item) {
        Objects.requireNonNull(item, "a channel does not take null items");
        ChannelWaiter<T> receiver;
        lock.lock();
        try {
            if (closed) {
                throw sendClosed();
            }
            receiver = offerLocked(item);
        } finally {
            lock.unlock();
        }
        if (receiver == null) {
            return false;
        }
        if (receiver != BUFFERED) {
            receiver.received(item);
        }
        return true;
    }

    /**
     * Receives the next item.
     *
     * @return a future of the item (completed already when one is there), which fails with {@link
     *     ChannelClosedException} once the channel is closed and drained
     */
    public CompletableFuture<T> receive() {
        T item;
        ChannelWaiter<T> sender;
        lock.lock();
        try {
            item = pollLocked();
            if (item == null) {
                if (closed) {
                    return CompletableFuture.failedFuture(end());
                }
                ChannelWaiter.Receive<T> waiter = new ChannelWaiter.Receive<>(this);
                receivers.add(waiter);
                return waiter;
            }
            sender = served;
            served = null;
        } finally {
            lock.unlock();
        }
        if (sender != null) {
            sender.sent();
        }
        return CompletableFuture.completedFuture(item);
    }

    /**
     * Receives the next item if there is one at once.
     *
     * @return the item, or {@code null} when the channel is empty (or closed and drained)
     */
    public T tryReceive() {
        T item;
        ChannelWaiter<T> sender;
        lock.lock();
        try {
            item = pollLocked();
            sender = served;
            served = null;
        } finally {
            lock.unlock();
        }
        if (sender != null) {
            sender.sent();
        }
        return item;
    }

    /**
     * An iterator that receives this channel's items until it is closed and drained: see {@link
     * ChannelIterator}.
     *
     * @return a new iterator, for one consumer
     */
    public ChannelIterator<T> iterator() {
        return new ChannelIterator<>(this);
    }

    /** For {@link ChannelIterator#hasNext()}. */
    CompletableFuture<Boolean> hasNext(ChannelIterator<T> iterator) {
        T item;
        ChannelWaiter<T> sender;
        lock.lock();
        try {
            item = pollLocked();
            if (item == null) {
                if (closed) {
                    return closeCause == null ? AT_END : CompletableFuture.failedFuture(end());
                }
                ChannelWaiter.Next<T> waiter = new ChannelWaiter.Next<>(this, iterator);
                receivers.add(waiter);
                return waiter;
            }
            sender = served;
            served = null;
        } finally {
            lock.unlock();
        }
        iterator.park(item);
        if (sender != null) {
            sender.sent();
        }
        return HAS_NEXT;
    }

    /**
     * Closes the channel for sending: see the class comment's lifecycle. Closing a closed channel
     * does nothing.
     *
     * @return whether this call closed the channel
     */
    public boolean close() {
        return close(null);
    }

    /**
     * Closes the channel for sending, with a cause: once drained, receivers fail with a {@link
     * ChannelClosedException} whose cause is {@code cause}. Closing a closed channel does nothing.
     *
     * @param cause why the channel was closed, or {@code null} for a normal end
     * @return whether this call closed the channel
     */
    public boolean close(Throwable cause) {
        List<ChannelWaiter<T>> ended = null;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            closeCause = cause;
            // Receivers wait only on an empty channel with no sender waiting: the end is theirs now.
            ChannelWaiter<T> receiver;
            while ((receiver = receivers.poll()) != null) {
                if (receiver.claim()) {
                    if (ended == null) {
                        ended = new ArrayList<>();
                    }
                    ended.add(receiver);
                }
            }
            deadReceivers = 0;
        } finally {
            lock.unlock();
        }
        if (ended != null) {
            for (ChannelWaiter<T> receiver : ended) {
                receiver.closed(end());
            }
        }
        return true;
    }

    /**
     * @return whether the channel was closed for sending (it may still hold items to receive)
     */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return the number of items buffered now
     */
    public int size() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return how many items the channel buffers; 0 for a rendezvous channel
     */
    public int capacity() {
        return capacity;
    }

    /**
     * @return the channel's name, given or generated
     */
    public String name() {
        return name;
    }

    /** For tests: the length of the senders' queue, withdrawn waiters not dropped yet included. */
    int queuedSenders() {
        lock.lock();
        try {
            return senders.size();
        } finally {
            lock.unlock();
        }
    }

    /** For tests: the length of the receivers' queue, withdrawn waiters not dropped yet included. */
    int queuedReceivers() {
        lock.lock();
        try {
            return receivers.size();
        } finally {
            lock.unlock();
        }
    }

    // ---- The operations under the lock, shared with Select. ----

    boolean closedLocked() {
        return closed;
    }

    /**
     * Under the lock: takes the next item, or returns {@code null}. A waiting sender whose item was
     * taken, or moved into the freed buffer slot, is left in {@link #served} (claimed), for the
     * caller to tell outside the lock.
     */
    T pollLocked() {
        T item = buffer.poll();
        if (item != null) {
            if (!senders.isEmpty()) {
                ChannelWaiter<T> sender = pollLive(senders, true);
                if (sender != null) {
                    buffer.add(sender.item());
                    served = sender;
                }
            }
            return item;
        }
        if (senders.isEmpty()) {
            return null;
        }
        ChannelWaiter<T> sender = pollLive(senders, true);
        if (sender == null) {
            return null;
        }
        served = sender;
        return sender.item();
    }

    /** Under the lock, after {@link #pollLocked}: the sender to tell, or {@code null}. */
    ChannelWaiter<T> takeServed() {
        ChannelWaiter<T> sender = served;
        served = null;
        return sender;
    }

    /**
     * Under the lock, on an open channel: hands {@code item} to the first live waiting receiver
     * (claimed; returned, to be given the item outside the lock), or buffers it ({@link #BUFFERED}).
     *
     * @return the receiver, {@code BUFFERED}, or {@code null} when the channel is full
     */
    @SuppressWarnings("unchecked")
    ChannelWaiter<T> offerLocked(T item) {
        if (!receivers.isEmpty()) {
            ChannelWaiter<T> receiver = pollLive(receivers, false);
            if (receiver != null) {
                return receiver;
            }
        }
        if (buffer.size() < capacity) {
            buffer.add(item);
            return (ChannelWaiter<T>) (ChannelWaiter<?>) BUFFERED;
        }
        return null;
    }

    void enqueueSenderLocked(ChannelWaiter<T> sender) {
        senders.add(sender);
    }

    void enqueueReceiverLocked(ChannelWaiter<T> receiver) {
        receivers.add(receiver);
    }

    /** Claims the first live waiter of {@code queue}, dropping the withdrawn ones before it. */
    private ChannelWaiter<T> pollLive(ArrayDeque<ChannelWaiter<T>> queue, boolean sending) {
        ChannelWaiter<T> waiter;
        while ((waiter = queue.poll()) != null) {
            if (waiter.claim()) {
                return waiter;
            }
            if (sending) {
                deadSenders = Math.max(0, deadSenders - 1);
            } else {
                deadReceivers = Math.max(0, deadReceivers - 1);
            }
        }
        return null;
    }

    /**
     * A waiter of this channel was withdrawn: drops the withdrawn waiters once they are half of a
     * queue, so that abandoned waits (cancelled tasks, selects that took another clause) are not
     * retained, at an amortized constant cost.
     */
    void forget(ChannelWaiter<T> waiter) {
        lock.lock();
        try {
            if (senders.isEmpty() && receivers.isEmpty()) {
                return;
            }
            if (waiter instanceof ChannelWaiter.Send || waiter instanceof Select.SendClause) {
                if (++deadSenders * 2 >= senders.size()) {
                    senders.removeIf(w -> !w.isLive());
                    deadSenders = 0;
                }
            } else if (++deadReceivers * 2 >= receivers.size()) {
                receivers.removeIf(w -> !w.isLive());
                deadReceivers = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The exception of a send on the closed channel. */
    ChannelClosedException sendClosed() {
        return new ChannelClosedException(
                name, "cannot send to " + name + ": the channel was closed" + causeSuffix(), closeCause);
    }

    /** The exception of a receive on the closed, drained channel. */
    ChannelClosedException end() {
        return new ChannelClosedException(
                name, name + " was closed" + causeSuffix() + " and every item in it has been received", closeCause);
    }

    private String causeSuffix() {
        return closeCause == null ? "" : " (cause: " + closeCause + ")";
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Channel[" + name + ", capacity " + capacity + ", " + buffer.size() + " buffered, "
                    + senders.size() + " senders and " + receivers.size() + " receivers queued, "
                    + (closed ? "closed" : "open") + "]";
        } finally {
            lock.unlock();
        }
    }

    /** A completed future that cannot be overwritten, shared by the operations that complete at once. */
    private static final class Done<V> extends CompletableFuture<V> {
        Done(V value) {
            super.complete(value);
        }

        @Override
        public void obtrudeValue(V value) {
            throw new UnsupportedOperationException("a shared, completed future of a channel");
        }

        @Override
        public void obtrudeException(Throwable failure) {
            throw new UnsupportedOperationException("a shared, completed future of a channel");
        }
    }
}
