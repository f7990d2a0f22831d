package io.github.jcoro;

import io.github.jcoro.internal.AsyncTask;
import io.github.jcoro.internal.Watchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-threaded, deterministic event loop: the reactor that runs many async tasks on one
 * thread, resuming whichever is ready.
 *
 * <pre>{@code
 * String greeting = EventLoop.run(() -> greetAll());   // blocks until greetAll() completes
 * }</pre>
 *
 * <p>An async task is a {@link Coroutine @Coroutine} method returning {@code CompletableFuture} or
 * {@code CompletionStage}. Called on the loop's thread it starts at once, runs up to its first
 * suspension ({@link Co#await}, {@link Co#sleep}, {@link Co#pause}) and from then on is resumed by
 * the loop. The loop keeps a FIFO <em>ready queue</em> of tasks to resume, <em>timers</em> for
 * {@code Co.sleep} and {@link #schedule}, and an <em>inbox</em> through which other threads hand
 * work to it (a future completed on another thread queues its waiting task there).
 *
 * <h2>Lifecycle</h2>
 *
 * A loop runs once: {@link #runUntilComplete} (or the static {@link #run}, which makes a fresh loop)
 * binds it to the calling thread, starts the main task and returns when the main task completes.
 * Running it again, or from a thread that is running a loop already, throws {@link
 * IllegalStateException}. Work handed to a loop that has finished is refused with {@link
 * RejectedExecutionException}; a task whose resumption is refused completes with that exception.
 * When the main task completes, the loop stops at once: a task woken but not yet resumed, or woken
 * later, is refused the same way; a task still waiting (on a future nobody completes, or asleep on
 * the loop's clock) stays suspended; plain actions queued by {@link #execute} and not yet run are
 * dropped.
 *
 * <h2>Clock</h2>
 *
 * {@link #nanoTime()} is the loop's clock, 0 when it was created. A loop made by {@link
 * #createVirtual()} has a <em>virtual</em> clock: when no task is ready, the clock jumps to the next
 * timer at once, so ten hours of timers run in milliseconds, in the same order as on the real clock
 * (by deadline, then by scheduling order). The virtual clock never waits for time to pass: it
 * waits (in real time) for futures completed by other threads only when no timer is pending. With
 * a timer pending, the clock jumps to it as soon as no task is ready, even if another thread is
 * about to complete a future: on a virtual clock, work done by other threads takes no virtual time
 * only if nothing is scheduled meanwhile. Simulations should model their I/O with the loop's own
 * timers.
 *
 * <h2>Exceptions</h2>
 *
 * An exception that escapes a task completes that task's future. {@code run} returns the main
 * task's value or rethrows its exception as it is (unwrapped, checked exceptions included). An
 * exception thrown by a plain {@code Runnable} given to {@link #execute} goes to the loop thread's
 * uncaught-exception handler, and the loop goes on.
 *
 * <h2>Blocking</h2>
 *
 * Tasks share the loop's thread: a task that blocks (a {@code join()}, a blocking read) stops every
 * other task of the loop until it returns, and a {@code join()} on a future that only the loop can
 * complete never returns. Await futures with {@link Co#await} instead.
 *
 * <p>The {@linkplain #watchdog(Duration) watchdog} reports a step that holds the loop's thread too
 * long: which task, and where its thread was while it was blocked.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #execute}, {@link #schedule} and {@link #spawn} may be called from any thread; everything
 * else the loop does happens on its own thread. What a thread did before handing work to the loop
 * (through {@code execute}, or by completing a future a task awaits) happens before that work runs
 * on the loop.
 */
public final class EventLoop implements Executor {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int FINISHED = 2;

    private final boolean virtual;
    private final long origin = System.nanoTime();
    private long virtualNow;

    /** Work queued on the loop's own thread; touched only by it. */
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

    /** Work handed over by other threads. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();

    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    /** How many timers in {@link #timers} were cancelled (approximately, as cancel races the loop). */
    private final AtomicInteger cancelledTimers = new AtomicInteger();

    private int timerSequence;

    private volatile int state = NEW;
    private volatile Thread owner;
    /** {@link #AWAKE}, or how the loop's thread waits: {@link #PARKED} or {@link #SELECTING}. */
    private volatile int parked;

    private static final int AWAKE = 0;
    private static final int PARKED = 1;
    private static final int SELECTING = 2;

    /** The loop's selector, made by the first {@link #ready}; written only by the loop's thread. */
    private volatile ReadinessPoller poller;

    /** The watchdog's threshold for this loop; 0 when it is not watched. */
    private long watchdogNanos = Watchdog.DEFAULT_THRESHOLD_NANOS;

    /** Where the loop publishes its steps to the watchdog while it runs; {@code null} when not watched. */
    private Watchdog.Step watched;

    private EventLoop(boolean virtual) {
        this.virtual = virtual;
    }

    /**
     * @return a new loop on the real clock ({@link System#nanoTime()})
     */
    public static EventLoop create() {
        return new EventLoop(false);
    }

    /**
     * @return a new loop on a virtual clock, which jumps to the next timer whenever no task is ready
     */
    public static EventLoop createVirtual() {
        return new EventLoop(true);
    }

    /**
     * Watches this loop for a step that holds its thread longer than {@code threshold}: one
     * resumption of a task up to its next suspension (or any other action the loop runs) that
     * computes, or blocks in a {@code join()}, a lock or blocking I/O, while every other task of the
     * loop waits. Such a step is reported once, while it still runs, to {@link
     * Debug#setReporter(java.util.function.Consumer) debug mode's reporter} (standard error by
     * default), as
     *
     * <pre>
     * [jcoro] watchdog: task #7 programs.Busy.spin has held the event loop 'main' for at least 112 ms (threshold 100 ms); loop thread stack:
     *     at programs.Busy.compute(Busy.java:12)
     *     ...</pre>
     *
     * <p>naming the task's method (with its id in {@link Debug debug mode}) and the loop thread's
     * stack, sampled while the step was still running. A loop waiting for a timer or for another
     * thread runs no step and is never reported. The time is real time, on a virtual clock too.
     *
     * <p>Every loop is watched when the JVM runs with {@code -Djcoro.watchdog=true} (threshold 100
     * ms) or {@code -Djcoro.watchdog=<millis>}; this method overrides that for one loop. One daemon
     * thread, {@code jcoro-watchdog}, samples every watched loop every quarter of its threshold, so
     * a step is reported between one threshold and one and a half after it began, with the time the
     * watchdog has seen it run (a lower bound). A watched loop pays three stores per step (two of
     * them ordered), a loop not watched nothing.
     *
     * @param threshold how long a step may hold the loop; {@code null} or zero for no watchdog on
     *     this loop
     * @return this loop
     * @throws IllegalArgumentException when {@code threshold} is negative
     * @throws IllegalStateException when the loop has started running
     */
    public EventLoop watchdog(Duration threshold) {
        if (threshold != null && threshold.isNegative()) {
            throw new IllegalArgumentException("EventLoop.watchdog(" + threshold + "): expected a positive"
                    + " threshold, or zero (or null) for no watchdog");
        }
        long nanos;
        try {
            nanos = threshold == null ? 0 : threshold.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        synchronized (this) {
            if (state != NEW) {
                throw new IllegalStateException("EventLoop.watchdog(" + threshold + ") on a loop that has"
                        + " started running; set the watchdog before runUntilComplete");
            }
            watchdogNanos = nanos;
        }
        return this;
    }

    /**
     * Runs {@code main} on a fresh loop on the real clock, on the calling thread, and returns its
     * result once it completes: Python's {@code asyncio.run}.
     *
     * @param main makes the main task, typically {@code () -> mainTask()}; called on the loop
     * @param <T> the result type
     * @return the main task's value
     * @throws IllegalStateException when called on the thread of a running loop
     */
    public static <T> T run(Callable<? extends CompletionStage<T>> main) {
        return create().runUntilComplete(main);
    }

    /**
     * As {@link #run}, on a fresh loop with a virtual clock.
     *
     * @param main makes the main task
     * @param <T> the result type
     * @return the main task's value
     */
    public static <T> T runVirtual(Callable<? extends CompletionStage<T>> main) {
        return createVirtual().runUntilComplete(main);
    }

    /**
     * The loop running on the calling thread, or running the calling task.
     *
     * @return the current loop, or {@code null} when there is none
     */
    public static EventLoop current() {
        Executor dispatcher = AsyncTask.currentDispatcher();
        return dispatcher instanceof EventLoop ? (EventLoop) dispatcher : null;
    }

    /**
     * Binds this loop to the calling thread, starts {@code main} on it, and runs tasks until the main
     * task completes.
     *
     * @param main makes the main task; called on the loop
     * @param <T> the result type
     * @return the main task's value
     * @throws IllegalStateException when this loop has run already, or the calling thread runs a loop
     */
    public <T> T runUntilComplete(Callable<? extends CompletionStage<T>> main) {
        Objects.requireNonNull(main, "main");
        EventLoop outer = current();
        if (outer != null && outer.owner == Thread.currentThread()) {
            throw new IllegalStateException("EventLoop.run called on the thread of a running event loop: the"
                    + " loop would wait for itself; await the task with Co.await instead, or spawn it");
        }
        synchronized (this) {
            if (state != NEW) {
                throw new IllegalStateException("this EventLoop has "
                        + (state == RUNNING ? "been running since an earlier call" : "finished")
                        + "; a loop runs once: create a new one (or use EventLoop.run)");
            }
            owner = Thread.currentThread();
            state = RUNNING;
            if (watchdogNanos > 0) {
                watched = Watchdog.watch(owner, watchdogNanos);
            }
        }
        Executor previous = AsyncTask.enter(this);
        CompletableFuture<T> outcome = new CompletableFuture<>();
        try {
            Watchdog.Step step = watched;
            if (step != null) {
                step.begin(main); // the main task's start is a step too
            }
            CompletionStage<T> stage;
            try {
                stage = main.call();
            } finally {
                if (step != null) {
                    step.end();
                }
            }
            if (stage == null) {
                throw new NullPointerException("the main task's supplier returned null instead of a future");
            }
            stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    outcome.completeExceptionally(failure);
                } else {
                    outcome.complete(value);
                }
                wakeUp();
            });
            loop(outcome);
        } catch (Exception e) {
            throw EventLoop.<RuntimeException>sneaky(e);
        } finally {
            state = FINISHED;
            Watchdog.unwatch(watched);
            watched = null;
            AsyncTask.enter(previous);
            owner = null;
            timers.clear();
            ReadinessPoller io = poller;
            if (io != null) {
                io.close();
            }
            refuseQueued();
        }
        try {
            return outcome.join();
        } catch (CompletionException | CancellationException e) {
            throw EventLoop.<RuntimeException>sneaky(AsyncTask.unwrap(e));
        }
    }

    /**
     * Spawns a task on this loop: {@code task} is called on the loop's thread after the work queued
     * before it, and the returned future completes as the task does.
     *
     * @param task makes the task, typically {@code () -> child()}
     * @param <T> the result type
     * @return the task's outcome
     * @throws RejectedExecutionException when the loop has finished
     */
    public <T> CompletableFuture<T> spawn(Callable<? extends CompletionStage<T>> task) {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> AsyncTask.startInto(task, result));
        return result;
    }

    /**
     * Queues {@code action} to run on the loop's thread, after everything queued before it.
     *
     * @param action what to run
     * @throws RejectedExecutionException when the loop has finished
     */
    @Override
    public void execute(Runnable action) {
        if (Thread.currentThread() == owner) {
            ready.add(action);
            return;
        }
        Objects.requireNonNull(action, "action");
        if (state == FINISHED) {
            throw finished();
        }
        inbox.add(action);
        if (state == FINISHED && inbox.remove(action)) {
            // The loop finished meanwhile, and its last sweep of the inbox did not take the action.
            throw finished();
        }
        wakeUp();
    }

    /**
     * Waits, without blocking the loop, until {@code channel} is ready for {@code operation}: the
     * loop's own {@link java.nio.channels.Selector} watches it, and the returned future completes on
     * the loop's thread when the channel can be read, written, accepted on or finish connecting. An
     * async task awaits it:
     *
     * <pre>{@code
     * while ((n = channel.read(buffer)) == 0) {
     *     Co.await(loop.ready(channel, SelectionKey.OP_READ));
     * }
     * }</pre>
     *
     * <p>Readiness is a hint, as with any selector: after the future completes, the operation may
     * still find nothing to do (another reader took the bytes), so loop as above.
     *
     * <h3>Lifecycle</h3>
     *
     * The loop opens its selector at the first call, registers each channel at its first wait, and
     * closes the selector when the loop finishes; a channel stays registered until it is closed.
     * While a wait is pending the loop polls its selector without blocking once per round of its
     * ready queue, so busy tasks never starve the channels, and blocks in the selector (rather than
     * parking) when nothing is ready, until a channel or a timer is due or another thread hands the
     * loop work. An operation's interest stays armed after its wait completes, because a channel
     * usually waits for the same operation again; one that fires while nobody waits is disarmed.
     *
     * <h3>Cancellation</h3>
     *
     * A task cancelled while it waits stops waiting at once (the future is cancelled); the channel
     * is left open and registered. Closing the channel while a task waits on it fails the wait with
     * {@link java.nio.channels.ClosedChannelException}, within about a second (the selector never
     * reports a closed channel, so the loop looks for them at most once per second).
     *
     * <h3>Exceptions</h3>
     *
     * The future fails with {@link java.nio.channels.ClosedChannelException} when the channel is
     * closed, now or while waiting.
     *
     * <h3>Thread safety</h3>
     *
     * Call it on the loop's thread (from a task of the loop); the future completes there too. One
     * task at a time may wait for one operation of a channel; a reader and a writer may wait on the
     * same channel at once.
     *
     * @param channel a channel in non-blocking mode
     * @param operation one of {@link SelectionKey#OP_READ}, {@link SelectionKey#OP_WRITE}, {@link
     *     SelectionKey#OP_ACCEPT}, {@link SelectionKey#OP_CONNECT}
     * @return completes, on the loop's thread, once the channel is ready for {@code operation}
     * @throws IllegalArgumentException when {@code operation} is not exactly one of the four, the
     *     channel does not support it, or the channel is in blocking mode
     * @throws IllegalStateException when called on another thread than the running loop's, or while
     *     another task waits for the same operation of the same channel
     */
    public CompletableFuture<Void> ready(SelectableChannel channel, int operation) {
        Objects.requireNonNull(channel, "channel");
        ReadinessPoller.checkOperation(operation);
        if (Thread.currentThread() != owner || state != RUNNING) {
            throw new IllegalStateException("EventLoop.ready(" + channel + ", " + ReadinessPoller.name(operation)
                    + ") called on thread '" + Thread.currentThread().getName() + "', expected the thread of the"
                    + " running loop (" + this + "): wait for channels from the loop's own tasks");
        }
        ReadinessPoller io = poller;
        if (io == null) {
            io = new ReadinessPoller(System.nanoTime());
            poller = io;
        }
        return io.ready(channel, operation);
    }

    /**
     * Runs {@code action} on the loop's thread once {@code delay} has passed on the loop's clock.
     *
     * @param delay how long to wait; zero or negative means as soon as possible
     * @param action what to run
     * @return the timer, which may be cancelled
     * @throws RejectedExecutionException when the loop has finished
     */
    public Timer schedule(Duration delay, Runnable action) {
        long nanos;
        try {
            nanos = Math.max(0, delay.toNanos());
        } catch (ArithmeticException e) {
            nanos = delay.isNegative() ? 0 : Long.MAX_VALUE;
        }
        return schedule(action, nanos);
    }

    private Timer schedule(Runnable action, long delayNanos) {
        Timer timer = timer(Objects.requireNonNull(action, "action"), delayNanos);
        add(timer);
        return timer;
    }

    /**
     * For {@code Co.sleep}: a timer that runs {@code action} after {@code delayNanos}, not yet added.
     *
     * @param action what to run
     * @param delayNanos how long to wait, at least 0
     * @return the timer
     */
    public Timer timer(Runnable action, long delayNanos) {
        return new Timer(this, action, delayNanos);
    }

    /**
     * For {@code Co.sleep}: adds a timer made by {@link #timer}.
     *
     * @param timer the timer
     * @throws RejectedExecutionException when the loop has finished
     */
    public void add(Timer timer) {
        if (Thread.currentThread() == owner) {
            addTimer(timer);
        } else {
            execute(() -> addTimer(timer));
        }
    }

    /** Adds a timer whose {@code deadline} holds its delay until now. */
    private void addTimer(Timer timer) {
        long now = nanoTime();
        long deadline = now + timer.deadline;
        timer.deadline = deadline < now ? Long.MAX_VALUE : deadline; // saturate
        timer.sequence = timerSequence++;
        timers.add(timer);
    }

    /**
     * The loop's clock: nanoseconds since the loop was created, real or virtual.
     *
     * @return the loop's time
     */
    public long nanoTime() {
        return virtual ? virtualNow : System.nanoTime() - origin;
    }

    /**
     * @return whether this loop runs on a virtual clock
     */
    public boolean isVirtual() {
        return virtual;
    }

    private void loop(CompletableFuture<?> outcome) {
        while (!outcome.isDone()) {
            drainInbox();
            fireDueTimers();
            ReadinessPoller io = poller;
            if (io != null && io.hasWaits()) {
                poll(io);
            }
            if (!ready.isEmpty()) {
                runReady();
                continue;
            }
            Timer next = nextTimer();
            if (virtual && next != null) {
                virtualNow = Math.max(virtualNow, next.deadline);
                continue;
            }
            if (io != null) {
                select(io, next, outcome);
                continue;
            }
            parked = PARKED;
            if (inbox.isEmpty() && !outcome.isDone()) {
                if (next == null) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, next.deadline - nanoTime());
                }
            }
            parked = AWAKE;
        }
    }

    private void poll(ReadinessPoller io) {
        try {
            io.poll(System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException("the EventLoop's selector failed", e);
        }
    }

    /** Waits for a channel, another thread or the next timer, as {@code park} does without a selector. */
    private void select(ReadinessPoller io, Timer next, CompletableFuture<?> outcome) {
        long timeout = next == null ? -1 : Math.max(0, next.deadline - nanoTime());
        if (timeout >= 0 && timeout < 1_000_000) {
            // Closer than the selector's millisecond: look at the channels, then park to the deadline.
            poll(io);
            if (!ready.isEmpty()) {
                return;
            }
            parked = PARKED;
            if (inbox.isEmpty() && !outcome.isDone()) {
                LockSupport.parkNanos(this, next.deadline - nanoTime());
            }
            parked = AWAKE;
            return;
        }
        parked = SELECTING;
        try {
            if (inbox.isEmpty() && !outcome.isDone()) {
                io.select(timeout, System.nanoTime());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the EventLoop's selector failed", e);
        } finally {
            parked = AWAKE;
        }
    }

    /**
     * After the loop finished: what was queued and will not run now. A task woken but not yet
     * resumed is refused (its future fails, as when {@link #execute} refuses its wake-up); a plain
     * action is dropped. Goes on until both queues are empty, as failing a task may run code that
     * queues more; a wake-up that {@link #execute} queued as the loop finished is either taken here
     * or taken back by {@code execute}, which then throws, never left behind.
     */
    private void refuseQueued() {
        RejectedExecutionException refusal = null;
        Runnable action;
        while ((action = ready.poll()) != null || (action = inbox.poll()) != null) {
            if (action instanceof AsyncTask) {
                if (refusal == null) {
                    refusal = finished();
                }
                ((AsyncTask<?>) action).refused(refusal);
            }
        }
    }

    private void drainInbox() {
        Runnable action;
        while ((action = inbox.poll()) != null) {
            ready.add(action);
        }
    }

    private void fireDueTimers() {
        Timer next = nextTimer();
        if (next == null) {
            return;
        }
        long now = nanoTime();
        while (next != null && next.deadline <= now) {
            timers.poll();
            Runnable action = next.action;
            if (action != null) {
                ready.add(action);
            } else {
                cancelledTimers.decrementAndGet();
            }
            next = nextTimer();
        }
    }

    /** The first timer not cancelled, dropping the cancelled ones before it; {@code null} if none. */
    private Timer nextTimer() {
        int cancelled = cancelledTimers.get();
        if (cancelled > 64 && cancelled > timers.size() / 2) {
            // Most timers were cancelled (a scope cancelled its sleeping children, say): drop them
            // all now rather than when their deadlines come, so they keep no memory.
            cancelledTimers.addAndGet(-cancelled);
            timers.removeIf(timer -> timer.action == null);
        }
        Timer next = timers.peek();
        while (next != null && next.action == null) {
            timers.poll();
            cancelledTimers.decrementAndGet();
            next = timers.peek();
        }
        return next;
    }

    /** Runs what is ready now; what it queues runs in the next round, after timers and the inbox. */
    private void runReady() {
        Watchdog.Step step = watched;
        for (int n = ready.size(); n > 0; n--) {
            Runnable action = ready.poll();
            if (step != null) {
                step.begin(action);
            }
            try {
                action.run();
            } catch (Throwable t) {
                Thread thread = Thread.currentThread();
                thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
            }
            if (step != null) {
                step.end();
            }
        }
    }

    private void wakeUp() {
        int how = parked;
        if (how == PARKED) {
            Thread thread = owner;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        } else if (how == SELECTING) {
            poller.wakeup(); // if the select has not begun yet, it returns at once
        }
    }

    private static RejectedExecutionException finished() {
        return new RejectedExecutionException("the EventLoop has finished: its main task completed, and it"
                + " runs nothing more; run further work on a new loop");
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable throwable) throws X {
        throw (X) throwable;
    }

    @Override
    public String toString() {
        return "EventLoop[" + (virtual ? "virtual" : "real") + " clock, "
                + (state == NEW ? "new" : state == RUNNING ? "running on " + owner.getName() : "finished") + "]";
    }

    /** A pending action of {@link #schedule}; cancel it to drop the action. */
    public static final class Timer implements Comparable<Timer> {
        /** What to run; {@code null} once cancelled, so a cancelled timer keeps nothing alive. */
        private volatile Runnable action;

        /** The delay until the loop adds the timer, then the deadline on the loop's clock. */
        private long deadline;

        /** Orders timers with equal deadlines; compared with wrap-around, as it may overflow. */
        private int sequence;

        private final EventLoop loop;

        private Timer(EventLoop loop, Runnable action, long delay) {
            this.loop = loop;
            this.action = action;
            this.deadline = delay;
        }

        /** Drops the action if it has not run yet; it then never runs. */
        public void cancel() {
            if (action != null) {
                action = null;
                loop.cancelledTimers.incrementAndGet();
            }
        }

        /**
         * @return the deadline on the loop's clock ({@link EventLoop#nanoTime()}), once the loop has
         *     added the timer
         */
        public long deadline() {
            return deadline;
        }

        @Override
        public int compareTo(Timer other) {
            int byDeadline = Long.compare(deadline, other.deadline);
            return byDeadline != 0 ? byDeadline : Integer.signum(sequence - other.sequence);
        }
    }
}
