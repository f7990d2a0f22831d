package io.github.jcoro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for the first of several channel operations, Go's {@code select} and Kotlin's {@code
 * select}: each clause is a receive from a channel, a send to a channel, or a timeout, with what to
 * make of it; exactly one clause fires, and the select's future completes with what that clause
 * made.
 *
 * <pre>{@code
 * String what = Co.await(Select.<String>builder()
 *         .onReceive(orders, order -> "order " + order)
 *         .onReceive(cancellations, id -> "cancelled " + id)
 *         .onSend(audit, entry, () -> "audited")
 *         .onTimeout(Duration.ofSeconds(1), () -> "idle")
 *         .select());
 * }</pre>
 *
 * <p>{@link Builder#select()} first looks at the clauses in the order they were added and fires the
 * first one that can complete at once (so clauses earlier in the list win when several are ready:
 * the choice is deterministic, not random as in Go); with {@link Builder#orElse} and none ready, it
 * fires that. Otherwise it registers every clause with its channel, atomically (it holds the locks
 * of all its channels meanwhile, taken in a global order), and the first operation to come fires its
 * clause; the other registrations are withdrawn, so the channels skip them: no item is taken by a
 * clause that did not fire, none is lost.
 *
 * <h2>Clauses</h2>
 *
 * <ul>
 *   <li>{@code onReceive(channel, f)}: fires when an item is received, with {@code f(item)}. On a
 *       channel that is closed and drained it fires too, and the select fails with that channel's
 *       {@link ChannelClosedException}.
 *   <li>{@code onSend(channel, item, f)}: fires when {@code item} is buffered or taken, with {@code
 *       f.get()}; on a closed channel the select fails with {@code ChannelClosedException}.
 *   <li>{@code onTimeout(duration, f)}: fires after {@code duration}, on the clock of the current
 *       {@link EventLoop} (virtual or real) when the select is made on a loop, else on {@link
 *       CompletableFuture#delayedExecutor}.
 *   <li>{@code orElse(f)}: fires when no other clause can complete at once: a select that never
 *       waits.
 * </ul>
 *
 * <p>The clause's function runs on the thread that fires the clause (a producer's thread, say),
 * outside every lock; keep it short. An exception it throws fails the select. A task awaiting the
 * select resumes on its own dispatcher.
 *
 * <h2>Cancellation</h2>
 *
 * Cancelling the select's future before a clause fired (as a task's driver does when the task stops
 * waiting for it) withdraws every clause and the timeout; after a clause fired, {@code cancel}
 * returns {@code false} and the future completes with that clause's result.
 *
 * <h2>Thread safety</h2>
 *
 * A builder is for one select, made by one thread. The select itself may be fired from any thread.
 */
public final class Select {
    private Select() {}

    /**
     * Starts describing a select.
     *
     * @param <R> what the select completes with
     * @return a builder, for one select
     */
    public static <R> Builder<R> builder() {
        return new Builder<>();
    }

    /**
     * The clauses of one select.
     *
     * @param <R> what the select completes with
     */
    public static final class Builder<R> {
        private final Selection<R> selection = new Selection<>();
        private boolean started;

        private Builder() {}

        /**
         * Adds a clause that receives from {@code channel}.
         *
         * @param channel the channel
         * @param then makes the select's result from the item
         * @param <T> the item type
         * @return this builder
         */
        public <T> Builder<R> onReceive(Channel<T> channel, Function<? super T, ? extends R> then) {
            check();
            selection.clauses.add(new ReceiveClause<>(
                    selection, Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(then, "then")));
            return this;
        }

        /**
         * Adds a clause that sends {@code item} to {@code channel}.
         *
         * @param channel the channel
         * @param item the item to send
         * @param then makes the select's result once the item is sent
         * @param <T> the item type
         * @return this builder
         */
        public <T> Builder<R> onSend(Channel<T> channel, T item, Supplier<? extends R> then) {
            check();
            selection.clauses.add(new SendClause<>(
                    selection,
                    Objects.requireNonNull(channel, "channel"),
                    Objects.requireNonNull(item, "a channel does not take null items"),
                    Objects.requireNonNull(then, "then")));
            return this;
        }

        /**
         * Adds a clause that fires after {@code duration}, if no other clause fired before.
         *
         * @param duration how long to wait
         * @param then makes the select's result
         * @return this builder
         * @throws IllegalStateException when a timeout or {@code orElse} was given already
         */
        public Builder<R> onTimeout(Duration duration, Supplier<? extends R> then) {
            check();
            if (selection.timeout != null || selection.orElse != null) {
                throw new IllegalStateException("a select takes one timeout, and not with orElse");
            }
            selection.timeout = Objects.requireNonNull(duration, "duration");
            selection.onTimeout = Objects.requireNonNull(then, "then");
            return this;
        }

        /**
         * Fires {@code then} when no other clause can complete at once: the select never waits.
         *
         * @param then makes the select's result
         * @return this builder
         * @throws IllegalStateException when a timeout or {@code orElse} was given already
         */
        public Builder<R> orElse(Supplier<? extends R> then) {
            check();
            if (selection.timeout != null || selection.orElse != null) {
                throw new IllegalStateException("a select takes one orElse, and not with a timeout");
            }
            selection.orElse = Objects.requireNonNull(then, "then");
            return this;
        }

        /**
         * Starts the select: fires a clause that is ready, or waits for the first.
         *
         * @return the future of the fired clause's result; await it
         * @throws IllegalStateException when called twice, or without any clause
         */
        public CompletableFuture<R> select() {
            check();
            started = true;
            if (selection.clauses.isEmpty() && selection.timeout == null && selection.orElse == null) {
                throw new IllegalStateException("a select needs at least one clause");
            }
            selection.start();
            return selection;
        }

        private void check() {
            if (started) {
                throw new IllegalStateException("this select has started: a builder makes one select");
            }
        }
    }

    /** A running select: the future of its result, and the token its clauses are claimed through. */
    private static final class Selection<R> extends ClaimableFuture<R> {
        final List<Clause<?, R>> clauses = new ArrayList<>(4);
        Duration timeout;
        Supplier<? extends R> onTimeout;
        Supplier<? extends R> orElse;
        private boolean registered;
        private volatile EventLoop.Timer timer;

        void start() {
            List<Channel<?>> channels = new ArrayList<>(clauses.size());
            for (Clause<?, R> clause : clauses) {
                if (!channels.contains(clause.channel)) {
                    channels.add(clause.channel);
                }
            }
            channels.sort((a, b) -> Long.compare(a.id, b.id));
            Runnable fired = null;
            for (Channel<?> channel : channels) {
                channel.lock.lock();
            }
            try {
                for (Clause<?, R> clause : clauses) {
                    fired = clause.tryNowLocked();
                    if (fired != null) {
                        break;
                    }
                }
                if (fired == null && orElse == null) {
                    for (Clause<?, R> clause : clauses) {
                        clause.registerLocked();
                    }
                    registered = true;
                }
            } finally {
                for (int i = channels.size() - 1; i >= 0; i--) {
                    channels.get(i).lock.unlock();
                }
            }
            if (fired != null) {
                claim(); // no clause was registered: only an outside cancel can race, as before
                fired.run();
            } else if (orElse != null) {
                claim();
                finish(orElse);
            } else if (timeout != null) {
                startTimer();
            }
        }

        private void startTimer() {
            Runnable expire = () -> {
                if (claim()) {
                    finish(onTimeout);
                }
            };
            EventLoop loop = EventLoop.current();
            if (loop != null) {
                timer = loop.schedule(timeout, expire);
                if (!isOpen()) {
                    timer.cancel();
                }
            } else {
                long nanos;
                try {
                    nanos = Math.max(0, timeout.toNanos());
                } catch (ArithmeticException e) {
                    nanos = timeout.isNegative() ? 0 : Long.MAX_VALUE;
                }
                CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(expire);
            }
        }

        /** After the claim: completes with what {@code then} makes, and withdraws the rest. */
        void finish(Supplier<? extends R> then) {
            withdraw();
            R result;
            try {
                result = then.get();
            } catch (Throwable t) {
                failClaimed(t);
                return;
            }
            completeClaimed(result);
        }

        /** After the claim: fails with {@code failure}, and withdraws the rest. */
        void fail(Throwable failure) {
            withdraw();
            failClaimed(failure);
        }

        private void withdraw() {
            EventLoop.Timer pending = timer;
            if (pending != null) {
                pending.cancel();
            }
            if (registered) {
                for (Clause<?, R> clause : clauses) {
                    clause.forget();
                }
            }
        }

        @Override
        void withdrawn() {
            withdraw();
        }

        @Override
        public String toString() {
            return "Select[" + clauses.size() + " channel clauses" + (timeout != null ? ", timeout " + timeout : "")
                    + "] " + super.toString();
        }
    }

    /** One channel clause of a select: also its waiter in the channel's queue. */
    abstract static class Clause<T, R> implements ChannelWaiter<T> {
        final Selection<R> selection;
        final Channel<T> channel;

        Clause(Selection<R> selection, Channel<T> channel) {
            this.selection = selection;
            this.channel = channel;
        }

        /**
         * Under the locks of every channel of the select, before any clause is registered: does the
         * operation if it can complete at once.
         *
         * @return what fires the clause, to run outside the locks; {@code null} if not ready
         */
        abstract Runnable tryNowLocked();

        abstract void registerLocked();

        @Override
        public boolean claim() {
            return selection.claim();
        }

        @Override
        public boolean isLive() {
            return selection.isOpen();
        }

        @Override
        public void closed(ChannelClosedException end) {
            selection.fail(end);
        }

        void forget() {
            channel.forget(this);
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
    }

    static final class ReceiveClause<T, R> extends Clause<T, R> {
        private final Function<? super T, ? extends R> then;

        ReceiveClause(Selection<R> selection, Channel<T> channel, Function<? super T, ? extends R> then) {
            super(selection, channel);
            this.then = then;
        }

        @Override
        Runnable tryNowLocked() {
            T item = channel.pollLocked();
            if (item != null) {
                ChannelWaiter<T> sender = channel.takeServed();
                return () -> {
                    if (sender != null) {
                        sender.sent();
                    }
                    received(item);
                };
            }
            if (channel.closedLocked()) {
                ChannelClosedException end = channel.end();
                return () -> closed(end);
            }
            return null;
        }

        @Override
        void registerLocked() {
            channel.enqueueReceiverLocked(this);
        }

        @Override
        public void received(T item) {
            selection.finish(() -> then.apply(item));
        }
    }

    static final class SendClause<T, R> extends Clause<T, R> {
        private final T item;
        private final Supplier<? extends R> then;

        SendClause(Selection<R> selection, Channel<T> channel, T item, Supplier<? extends R> then) {
            super(selection, channel);
            this.item = item;
            this.then = then;
        }

        @Override
        Runnable tryNowLocked() {
            if (channel.closedLocked()) {
                ChannelClosedException closed = channel.sendClosed();
                return () -> closed(closed);
            }
            ChannelWaiter<T> receiver = channel.offerLocked(item);
            if (receiver == null) {
                return null;
            }
            return () -> {
                if (receiver != Channel.BUFFERED) {
                    receiver.received(item);
                }
                sent();
            };
        }

        @Override
        void registerLocked() {
            channel.enqueueSenderLocked(this);
        }

        @Override
        public T item() {
            return item;
        }

        @Override
        public void sent() {
            selection.finish(then);
        }
    }
}
