package io.github.jcoro;

import io.github.jcoro.internal.Abandonable;
import io.github.jcoro.internal.DebugRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link Selector} of one {@link EventLoop}: channel readiness as futures completed on the
 * loop's own thread ({@link EventLoop#ready}).
 *
 * <p>Each registered channel's key carries a {@link Waiters} attachment with one slot per operation.
 * A key's interest stays armed after its wait completes, as a connection usually waits for the same
 * operation next (re-arming costs an {@code epoll_ctl}); an operation that fires with nobody waiting
 * is disarmed then. Keys with a pending wait are kept on a list, so a channel closed under a waiting
 * task (its key cancelled, which the selector never reports) is found by a sweep, at most once per
 * {@link #SWEEP_NANOS}, and fails the wait with {@link ClosedChannelException}.
 *
 * <p>Touched only by the loop's thread, but for {@link #wakeup}.
 */
final class ReadinessPoller implements Consumer<SelectionKey> {
    /** How often, at most, waits on closed channels are looked for; also the longest idle select. */
    static final long SWEEP_NANOS = 1_000_000_000L;

    private static final int[] OPERATIONS = {
        SelectionKey.OP_READ, SelectionKey.OP_WRITE, SelectionKey.OP_ACCEPT, SelectionKey.OP_CONNECT
    };

    private final Selector selector;

    /** Keys with at least one pending wait, as a doubly-linked list through {@link Waiters}. */
    private Waiters pending;

    /** How many waits are pending (some may have been abandoned since). */
    private int waits;

    private long lastSweep;

    ReadinessPoller(long now) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("EventLoop.ready: could not open the loop's Selector", e);
        }
        lastSweep = now;
    }

    /** @return whether a wait is pending, so the loop should poll each round */
    boolean hasWaits() {
        return waits > 0;
    }

    /** A future for one wait; abandoned (cancelled) when its task stops waiting for it. */
    static class ReadinessFuture extends CompletableFuture<Void> implements Abandonable {}

    /**
     * In debug mode, a wait that names its channel and operation, for the live dump: its {@code
     * toString()} is {@code EventLoop.ready(<channel>, OP_READ)}. Without debug mode a wait holds
     * neither.
     */
    static final class DescribedReadinessFuture extends ReadinessFuture {
        private final SelectableChannel channel;
        private final int operation;

        DescribedReadinessFuture(SelectableChannel channel, int operation) {
            this.channel = channel;
            this.operation = operation;
        }

        @Override
        public String toString() {
            return "EventLoop.ready(" + channel + ", " + name(operation) + ")";
        }
    }

    /** The waits on one channel, one slot per operation; the key's attachment. */
    static final class Waiters {
        final SelectionKey key;
        ReadinessFuture read;
        ReadinessFuture write;
        ReadinessFuture accept;
        ReadinessFuture connect;
        Waiters previous;
        Waiters next;
        boolean listed;

        Waiters(SelectionKey key) {
            this.key = key;
        }

        boolean any() {
            return read != null || write != null || accept != null || connect != null;
        }
    }

    CompletableFuture<Void> ready(SelectableChannel channel, int operation) {
        if (!channel.isOpen()) {
            return closed(channel, operation);
        }
        if ((channel.validOps() & operation) == 0) {
            throw new IllegalArgumentException("EventLoop.ready(" + channel + ", " + name(operation) + "): "
                    + channel.getClass().getSimpleName() + " does not support " + name(operation)
                    + "; its operations are " + names(channel.validOps()));
        }
        SelectionKey key = channel.keyFor(selector);
        Waiters waiters;
        try {
            if (key == null) {
                key = channel.register(selector, operation);
                waiters = new Waiters(key);
                key.attach(waiters);
            } else {
                waiters = (Waiters) key.attachment();
                int interest = key.interestOps();
                if ((interest & operation) == 0) {
                    key.interestOps(interest | operation);
                }
            }
        } catch (IllegalBlockingModeException e) {
            throw new IllegalArgumentException(
                    "EventLoop.ready(" + channel + ", " + name(operation)
                            + "): expected a channel in non-blocking mode, found one in blocking mode; call"
                            + " configureBlocking(false) first",
                    e);
        } catch (ClosedChannelException | CancelledKeyException e) {
            return closed(channel, operation);
        }
        ReadinessFuture waiter =
                DebugRegistry.ENABLED ? new DescribedReadinessFuture(channel, operation) : new ReadinessFuture();
        ReadinessFuture previous = swap(waiters, operation, waiter);
        if (previous != null && !previous.isDone()) {
            swap(waiters, operation, previous);
            throw new IllegalStateException("EventLoop.ready(" + channel + ", " + name(operation)
                    + "): another task is waiting for " + name(operation) + " on this channel already;"
                    + " one task at a time may wait for one operation of a channel");
        }
        if (previous == null) {
            waits++;
        }
        if (!waiters.listed) {
            waiters.listed = true;
            waiters.next = pending;
            if (pending != null) {
                pending.previous = waiters;
            }
            pending = waiters;
        }
        return waiter;
    }

    /** Completes the waits whose channels are ready now, without blocking. */
    void poll(long now) throws IOException {
        selector.selectNow(this);
        sweepIfDue(now);
    }

    /**
     * Blocks until a channel is ready, {@link #wakeup} is called, or {@code timeoutNanos} pass ({@code
     * < 0}: no limit), then completes the ready waits.
     */
    void select(long timeoutNanos, long now) throws IOException {
        long limit = waits > 0 ? SWEEP_NANOS : Long.MAX_VALUE;
        if (timeoutNanos >= 0 && timeoutNanos < limit) {
            limit = timeoutNanos;
        }
        long millis = limit / 1_000_000;
        if (limit == Long.MAX_VALUE) {
            selector.select(this, 0);
        } else if (millis > 0) {
            selector.select(this, millis);
        } else {
            selector.selectNow(this);
        }
        sweepIfDue(now);
    }

    void wakeup() {
        selector.wakeup();
    }

    /** Closes the selector as the loop finishes; what still waits stays waiting, as for any future. */
    void close() {
        try {
            selector.close();
        } catch (IOException | ClosedSelectorException e) {
            // closing anyway
        }
    }

    /** For each selected key: completes the waits for its ready operations, disarms the others. */
    @Override
    public void accept(SelectionKey key) {
        Waiters waiters = (Waiters) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            fail(waiters);
            return;
        }
        int idle = 0;
        for (int operation : OPERATIONS) {
            if ((ready & operation) != 0) {
                // Cleared before it completes: what the completion runs may wait on the channel again.
                ReadinessFuture waiter = swap(waiters, operation, null);
                if (waiter != null) {
                    waits--;
                }
                if (waiter == null || !waiter.complete(null)) {
                    idle |= operation;
                }
            }
        }
        if (idle != 0 && key.isValid()) {
            for (int operation : OPERATIONS) {
                if ((idle & operation) != 0 && slot(waiters, operation) != null) {
                    idle &= ~operation; // waited for again meanwhile
                }
            }
            // Level-triggered: an operation nobody waits for would fire at every select.
            key.interestOps(key.interestOps() & ~idle);
        }
        if (!waiters.any()) {
            unlist(waiters);
        }
    }

    private void clear(Waiters waiters, int operation) {
        if (swap(waiters, operation, null) != null) {
            waits--;
        }
    }

    private void sweepIfDue(long now) {
        if (now - lastSweep < SWEEP_NANOS) {
            return;
        }
        lastSweep = now;
        for (Waiters w = pending; w != null; ) {
            Waiters next = w.next;
            if (!w.key.isValid()) {
                fail(w);
            } else {
                // Drop waits their tasks abandoned (cancelled), so an idle loop stops polling for them.
                dropAbandoned(w, SelectionKey.OP_READ);
                dropAbandoned(w, SelectionKey.OP_WRITE);
                dropAbandoned(w, SelectionKey.OP_ACCEPT);
                dropAbandoned(w, SelectionKey.OP_CONNECT);
                if (!w.any()) {
                    unlist(w);
                }
            }
            w = next;
        }
    }

    private void dropAbandoned(Waiters waiters, int operation) {
        ReadinessFuture waiter = slot(waiters, operation);
        if (waiter != null && waiter.isDone()) {
            clear(waiters, operation);
        }
    }

    /** The key was cancelled (its channel closed, most often): every wait on it fails. */
    private void fail(Waiters waiters) {
        SelectableChannel channel = waiters.key.channel();
        for (int operation : OPERATIONS) {
            ReadinessFuture waiter = slot(waiters, operation);
            if (waiter != null) {
                clear(waiters, operation);
                waiter.completeExceptionally(
                        channel.isOpen() ? new CancelledKeyException() : closedException(channel, operation));
            }
        }
        unlist(waiters);
    }

    private void unlist(Waiters waiters) {
        if (!waiters.listed) {
            return;
        }
        waiters.listed = false;
        if (waiters.previous != null) {
            waiters.previous.next = waiters.next;
        } else {
            pending = waiters.next;
        }
        if (waiters.next != null) {
            waiters.next.previous = waiters.previous;
        }
        waiters.previous = null;
        waiters.next = null;
    }

    private static ReadinessFuture slot(Waiters waiters, int operation) {
        switch (operation) {
            case SelectionKey.OP_READ:
                return waiters.read;
            case SelectionKey.OP_WRITE:
                return waiters.write;
            case SelectionKey.OP_ACCEPT:
                return waiters.accept;
            default:
                return waiters.connect;
        }
    }

    private static ReadinessFuture swap(Waiters waiters, int operation, ReadinessFuture waiter) {
        ReadinessFuture previous;
        switch (operation) {
            case SelectionKey.OP_READ:
                previous = waiters.read;
                waiters.read = waiter;
                break;
            case SelectionKey.OP_WRITE:
                previous = waiters.write;
                waiters.write = waiter;
                break;
            case SelectionKey.OP_ACCEPT:
                previous = waiters.accept;
                waiters.accept = waiter;
                break;
            default:
                previous = waiters.connect;
                waiters.connect = waiter;
                break;
        }
        return previous;
    }

    private static CompletableFuture<Void> closed(SelectableChannel channel, int operation) {
        CompletableFuture<Void> failed = new CompletableFuture<>();
        failed.completeExceptionally(closedException(channel, operation));
        return failed;
    }

    private static ClosedChannelException closedException(SelectableChannel channel, int operation) {
        ClosedChannelException e = new ClosedChannelException();
        e.initCause(new IllegalStateException(
                "EventLoop.ready(" + channel + ", " + name(operation) + "): the channel was closed"));
        return e;
    }

    /**
     * Checks that {@code operation} is exactly one of the four {@link SelectionKey} operations.
     *
     * @return the operation
     */
    static int checkOperation(int operation) {
        if (operation != SelectionKey.OP_READ
                && operation != SelectionKey.OP_WRITE
                && operation != SelectionKey.OP_ACCEPT
                && operation != SelectionKey.OP_CONNECT) {
            throw new IllegalArgumentException("EventLoop.ready: expected one operation, SelectionKey.OP_READ,"
                    + " OP_WRITE, OP_ACCEPT or OP_CONNECT, found " + operation + " (" + names(operation) + ")");
        }
        return operation;
    }

    static String name(int operation) {
        switch (operation) {
            case SelectionKey.OP_READ:
                return "OP_READ";
            case SelectionKey.OP_WRITE:
                return "OP_WRITE";
            case SelectionKey.OP_ACCEPT:
                return "OP_ACCEPT";
            case SelectionKey.OP_CONNECT:
                return "OP_CONNECT";
            default:
                return Integer.toString(operation);
        }
    }

    private static String names(int operations) {
        StringBuilder names = new StringBuilder();
        for (int operation : OPERATIONS) {
            if ((operations & operation) != 0) {
                names.append(names.length() == 0 ? "" : "|").append(name(operation));
            }
        }
        int unknown = operations
                & ~(SelectionKey.OP_READ | SelectionKey.OP_WRITE | SelectionKey.OP_ACCEPT | SelectionKey.OP_CONNECT);
        if (unknown != 0) {
            names.append(names.length() == 0 ? "" : "|")
                    .append("unknown bits 0x")
                    .append(Integer.toHexString(unknown));
        }
        return names.length() == 0 ? "none" : names.toString();
    }
}
