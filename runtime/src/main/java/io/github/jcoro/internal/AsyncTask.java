package io.github.jcoro.internal;

import io.github.jcoro.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The driver of an async task: the future a {@code @Coroutine} method returning {@code
 * CompletableFuture} or {@code CompletionStage} hands to its caller. It steps the method's frame
 * (a {@link GeneratorFrame} in task mode) until the body suspends on something to wait for, and
 * resumes it on its dispatcher when that is ready.
 *
 * <p>What a suspended body waits for is the value it handed out: a {@link CompletionStage} ({@code
 * Co.await}), a {@link Duration} ({@code Co.sleep}) or {@link #PAUSE} ({@code Co.pause}).
 *
 * <h2>Threads</h2>
 *
 * A task runs on one thread at a time: it starts on the caller's thread, and every later step runs
 * on its dispatcher (the {@link EventLoop} or executor current when it was started). Each
 * suspension registers exactly one wake-up; a wake-up takes the task's {@link #waiting} token (the
 * awaited future) by compare-and-set, so a task is resumed at most once per suspension, and the
 * state it saved happens before its resumption (the token's CAS, then the executor's own hand-off).
 * Between the wake-up and the step, the frame's {@code link} (unused by a task's frame while it
 * runs) holds the future whose outcome the task resumes with.
 *
 * <p>Not for users.
 */
public final class AsyncTask<T> extends CompletableFuture<T> implements Runnable, BiConsumer<Object, Throwable> {
    /** What {@link #poll} returns when the future has not completed yet. */
    public static final Object PENDING = new Object();

    /** What a body waits for at a {@code Co.pause()}: its turn in the dispatcher's queue. */
    public static final Object PAUSE = new Object();

    /** In the frame's {@code link}: the task is resumed to raise its cancellation. */
    private static final Object CANCELLED = new Object();

    private static final VarHandle WAITING;

    /** The dispatcher of tasks started on this thread, outside a running task; {@code null} if none. */
    private static final ThreadLocal<Executor> DISPATCHER = new ThreadLocal<>();

    static {
        try {
            WAITING = MethodHandles.lookup().findVarHandle(AsyncTask.class, "waiting", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    GeneratorFrame<?> frame;
    final Executor dispatcher;

    /**
     * What the suspended task waits for, and the token of its one wake-up, taken (set to {@code
     * null}) by compare-and-set by whoever resumes it: the awaited future, the loop's timer of a
     * {@code Co.sleep}, {@link #PAUSE}, or a {@link Wakeup}. {@code null} while it runs or is queued.
     */
    @SuppressWarnings("unused") // through WAITING
    volatile Object waiting;

    private AsyncTask(GeneratorFrame<?> frame, Executor dispatcher) {
        this.frame = frame;
        this.dispatcher = dispatcher;
    }

    /**
     * For the factory of an async method: starts the task on the calling thread and runs it up to
     * its first suspension.
     *
     * @param frame the method's frame, with the arguments saved
     * @param <T> the task's result type
     * @return the task's future
     */
    public static <T> CompletableFuture<T> start(GeneratorFrame<?> frame) {
        AsyncTask<T> task = new AsyncTask<>(frame, currentDispatcher());
        frame.task = true;
        if (DebugRegistry.ENABLED) {
            DebugRegistry.taskStarted(task, frame);
        }
        task.step(null, null);
        return task;
    }

    /**
     * For woven code at a {@code Co.await(future)}: the future's value if it has completed, without
     * suspending; else {@link #PENDING}.
     *
     * @param future the future awaited
     * @return its value, or {@link #PENDING}
     * @throws NullPointerException when {@code future} is {@code null}
     */
    public static Object poll(CompletionStage<?> future) {
        if (future instanceof CompletableFuture) {
            CompletableFuture<?> completable = (CompletableFuture<?>) future;
            if (completable.isDone()) {
                try {
                    return completable.join();
                } catch (CompletionException | CancellationException e) {
                    Throwable failure = unwrap(e);
                    if (StackTraceRecovery.ENABLED) {
                        StackTraceRecovery.awaitedFailed(failure, future);
                    }
                    throw AsyncTask.<RuntimeException>sneaky(failure);
                }
            }
            return PENDING;
        }
        if (future == null) {
            throw new NullPointerException("Co.await(null): expected a CompletionStage to wait for");
        }
        return PENDING;
    }

    /**
     * For woven code at a {@code Co.sleep(duration)}: checks the duration, which is what the body
     * then waits for.
     *
     * @param duration the duration to sleep
     * @return {@code duration}
     */
    public static Object sleep(Duration duration) {
        if (duration == null) {
            throw new NullPointerException("Co.sleep(null): expected a Duration");
        }
        return duration;
    }

    /**
     * The dispatcher a task started now on this thread gets: the one of the task running here, the
     * event loop running here, or else {@link ForkJoinPool#commonPool()}.
     *
     * @return the current dispatcher
     */
    public static Executor currentDispatcher() {
        Executor current = DISPATCHER.get();
        return current != null ? current : ForkJoinPool.commonPool();
    }

    /**
     * Makes {@code dispatcher} the current one of this thread, for an event loop or an executor
     * running tasks here.
     *
     * @param dispatcher the dispatcher, or {@code null} for none
     * @return the previous one, to restore
     */
    public static Executor enter(Executor dispatcher) {
        Executor previous = DISPATCHER.get();
        DISPATCHER.set(dispatcher);
        return previous;
    }

    /**
     * Resumes the task on its dispatcher's thread: after a pause or a sleep, or with the outcome of
     * the future that woke it.
     */
    @Override
    public void run() {
        GeneratorFrame<?> body = frame;
        if (body == null) {
            return; // completed
        }
        Object woken = body.link;
        if (woken == null) {
            // A pause or a sleep: resume only if that is still what the task waits for, and is due.
            Object awaited = waiting;
            if ((awaited == PAUSE || isDueTimer(awaited)) && WAITING.compareAndSet(this, awaited, null)) {
                resume(null, body.cancelRequested ? cancellation() : null);
            }
            return;
        }
        body.link = null;
        if (woken == CANCELLED) {
            resume(null, cancellation());
            return;
        }
        Object value;
        try {
            value = ((CompletableFuture<?>) woken).join();
        } catch (Throwable t) {
            Throwable failure = unwrap(t);
            if (StackTraceRecovery.ENABLED) {
                StackTraceRecovery.awaitedBy(failure, this, body, woken);
            }
            resume(null, failure);
            return;
        }
        resume(value, null);
    }

    /**
     * For the watchdog: the task an action of a dispatcher resumes, if it is a task or a task's
     * wake-up.
     *
     * @param action what a dispatcher runs, or {@code null}
     * @return the task, or {@code null}
     */
    static AsyncTask<?> taskOf(Object action) {
        if (action instanceof AsyncTask) {
            return (AsyncTask<?>) action;
        }
        return action instanceof Wakeup ? ((Wakeup) action).task : null;
    }

    /**
     * The wake-up of a task suspended on a {@code CompletableFuture}: called when any future the task
     * registered on completes. It resumes the task only if the future the task waits on now has
     * completed, and then with that future's own outcome; so a late call from a future the task no
     * longer waits on never resumes it twice, or with the wrong value.
     *
     * @param ignoredValue not used: the outcome is read from the awaited future
     * @param ignoredFailure not used
     */
    @Override
    public void accept(Object ignoredValue, Throwable ignoredFailure) {
        Object awaited = waiting;
        if (awaited instanceof CompletableFuture
                && ((CompletableFuture<?>) awaited).isDone()
                && WAITING.compareAndSet(this, awaited, null)) {
            frame.link = awaited; // read by run(), after the dispatcher's hand-off
            dispatch(this);
        }
    }

    /** Resumes the task on its dispatcher's thread with {@code value}, or raising {@code failure}. */
    private void resume(Object value, Throwable failure) {
        if (dispatcher instanceof EventLoop) {
            step(value, failure); // the loop's thread has it as its dispatcher already
            return;
        }
        Executor previous = enter(dispatcher);
        try {
            step(value, failure);
        } finally {
            DISPATCHER.set(previous);
        }
    }

    /** Runs the body up to its next suspension, or to its end. */
    private void step(Object value, Throwable failure) {
        GeneratorFrame<?> body = frame;
        if (body == null) {
            return; // completed already
        }
        Object awaited;
        try {
            awaited = body.resumeTask(value, failure);
        } catch (Throwable t) {
            if (StackTraceRecovery.ENABLED) {
                StackTraceRecovery.taskFailed(t, this, body);
            }
            frame = null;
            completeExceptionally(t);
            return;
        }
        if (body.label == GeneratorFrame.DONE) {
            frame = null;
            completeWith(body.result());
            return;
        }
        suspendOn(awaited);
    }

    private void suspendOn(Object awaited) {
        if (frame.cancelRequested && awaited instanceof CancellationTarget) {
            // A cancelled task waiting for a scope cancels it, and waits for its children.
            ((CancellationTarget) awaited).cancelFromWaiter();
            waiting = awaited;
            ((CompletableFuture<?>) awaited).whenComplete(this);
        } else if (frame.cancelRequested && abandon(awaited)) {
            // Cancelled already: every suspension raises the cancellation, at once (through the queue).
            frame.link = CANCELLED;
            dispatch(this);
        } else if (awaited == PAUSE) {
            waiting = PAUSE;
            dispatch(this);
        } else if (awaited instanceof Duration) {
            sleepFor((Duration) awaited);
        } else if (awaited instanceof CompletableFuture) {
            waiting = awaited;
            ((CompletableFuture<?>) awaited).whenComplete(this);
        } else {
            Wakeup wakeup = new Wakeup(this);
            waiting = wakeup;
            ((CompletionStage<?>) awaited).whenComplete(wakeup);
        }
    }

    private void sleepFor(Duration duration) {
        long nanos = duration.isNegative() || duration.isZero() ? 0 : saturatedNanos(duration);
        if (nanos == 0) {
            waiting = PAUSE;
            dispatch(this);
        } else if (dispatcher instanceof EventLoop) {
            EventLoop loop = (EventLoop) dispatcher;
            // The timer is the wake-up's token; the loop runs this task when it fires.
            EventLoop.Timer timer = loop.timer(this, nanos);
            waiting = timer;
            loop.add(timer);
        } else {
            // Elsewhere, a sleep is an await of a future completed by the JDK's delayed executor.
            CompletableFuture<Void> alarm = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(() -> alarm.complete(null));
            waiting = alarm;
            alarm.whenComplete(this);
        }
    }

    /**
     * Calls {@code body}, which makes a task, and completes {@code result} as that task completes,
     * or with what {@code body} threw; for the ways of starting a task later ({@code spawn}, {@code
     * Tasks.start}).
     *
     * @param body makes the task
     * @param result completed with the task's outcome
     * @param <T> the value type
     */
    public static <T> void startInto(Callable<? extends CompletionStage<T>> body, CompletableFuture<T> result) {
        CompletionStage<T> stage;
        try {
            stage = body.call();
        } catch (Throwable t) {
            result.completeExceptionally(t);
            return;
        }
        if (stage == null) {
            result.completeExceptionally(new NullPointerException(
                    "the body that makes the task returned null instead of a future (" + body + ")"));
            return;
        }
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
    }

    /**
     * Runs {@code action} after {@code delay}: on the current event loop's timer (its clock), else on
     * the JDK's delayed executor.
     *
     * @param delay how long to wait
     * @param action what to run
     * @return cancels the timer (harmless after it fired)
     */
    public static Runnable afterDelay(Duration delay, Runnable action) {
        Executor current = DISPATCHER.get();
        if (current instanceof EventLoop) {
            EventLoop.Timer timer = ((EventLoop) current).schedule(delay, action);
            return timer::cancel;
        }
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(saturatedNanos(delay), TimeUnit.NANOSECONDS)
                .execute(() -> {
                    if (!cancelled.isDone()) {
                        action.run();
                    }
                });
        return () -> cancelled.complete(null);
    }

    private boolean isDueTimer(Object awaited) {
        return awaited instanceof EventLoop.Timer
                && ((EventLoop.Timer) awaited).deadline() <= ((EventLoop) dispatcher).nanoTime();
    }

    /**
     * Requests the cooperative cancellation of the task: if it is suspended, it is resumed (on its
     * dispatcher) with a {@link CancellationException} raised at its suspension point, so its
     * {@code finally} blocks run; if it is running or queued, the exception is raised at its next
     * suspension. Every later suspension raises it again, so a task that catches it and suspends
     * again is cancelled again. The task's future completes when the body ends: normally with that
     * {@code CancellationException} (then {@link #isCancelled()} is {@code true}), or with whatever
     * the body returned or threw instead.
     *
     * <p>The future the task waits for is not cancelled, unless it exists only for this task (a
     * channel operation's, marked {@link Abandonable}); a task scope the task waits for is
     * cancelled, and the task goes on waiting for it, so that the scope's children finish first.
     *
     * @param mayInterruptIfRunning ignored: a running task is never interrupted
     * @return {@code false} if the task had completed already, else {@code true}
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        GeneratorFrame<?> body = frame;
        if (body == null || isDone()) {
            return false;
        }
        body.cancelRequested = true;
        Object awaited = waiting;
        if (awaited instanceof CancellationTarget) {
            ((CancellationTarget) awaited).cancelFromWaiter();
            return true;
        }
        if (awaited instanceof Abandonable) {
            // Cancelling it completes it, which wakes the task with the CancellationException; if it
            // cannot be cancelled, its value is on its way and is delivered (no item is lost), and
            // the cancellation is raised at the next suspension.
            ((CompletableFuture<?>) awaited).cancel(false);
            return true;
        }
        if (awaited != null && awaited != PAUSE && WAITING.compareAndSet(this, awaited, null)) {
            abandon(awaited);
            body.link = CANCELLED;
            dispatch(this);
        }
        return true;
    }

    /**
     * The task stops waiting for {@code awaited}: drops it if it exists only for this task.
     *
     * @return {@code false} if it could not be dropped because its value is on its way to the task
     */
    private static boolean abandon(Object awaited) {
        if (awaited instanceof Abandonable) {
            return ((CompletableFuture<?>) awaited).cancel(false);
        }
        if (awaited instanceof EventLoop.Timer) {
            ((EventLoop.Timer) awaited).cancel();
        }
        return true;
    }

    private static CancellationException cancellation() {
        return new CancellationException("the task was cancelled");
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Queues the task's resumption on its dispatcher; a dispatcher that refuses finishes it with the
     * refusal.
     */
    private void dispatch(Runnable resumption) {
        try {
            dispatcher.execute(resumption);
        } catch (RejectedExecutionException e) {
            refused(e);
        }
    }

    /**
     * The dispatcher will not run the task's queued resumption (an event loop that finished with the
     * task woken but not yet resumed): the task is abandoned at its suspension point, and its future
     * fails with a {@code RejectedExecutionException} caused by {@code refusal}. Called on the
     * dispatcher's thread, for a resumption taken out of its queue, so it races with nothing.
     *
     * @param refusal why
     */
    public void refused(RejectedExecutionException refusal) {
        frame = null;
        completeExceptionally(new RejectedExecutionException(
                "the dispatcher " + dispatcher + " refused to resume an async task; the task is abandoned at its"
                        + " suspension point (its finally blocks do not run)",
                refusal));
    }

    /** The body returned {@code returned}: complete with it, or with what it completes with. */
    private void completeWith(Object returned) {
        if (returned == null) {
            completeExceptionally(new NullPointerException("the async task's method returned null; return"
                    + " CompletableFuture.completedFuture(value) to complete the task with a value"));
            return;
        }
        CompletionStage<?> stage = (CompletionStage<?>) returned;
        if (stage instanceof CompletableFuture && ((CompletableFuture<?>) stage).isDone()) {
            Object value;
            try {
                value = ((CompletableFuture<?>) stage).join();
            } catch (Throwable t) {
                completeExceptionally(unwrap(t));
                return;
            }
            complete(cast(value));
            return;
        }
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                completeExceptionally(unwrap(failure));
            } else {
                complete(cast(value));
            }
        });
    }

    /**
     * Completes the task's future with {@code value}, as {@link CompletableFuture#complete}; in debug
     * mode, notes that the task has completed.
     *
     * @param value the result
     * @return whether this call completed the future
     */
    @Override
    public boolean complete(T value) {
        if (DebugRegistry.ENABLED && !isDone()) {
            DebugRegistry.taskCompleting(this, null, getNumberOfDependents() > 0);
        }
        return super.complete(value);
    }

    /**
     * Completes the task's future with {@code failure}, as {@link
     * CompletableFuture#completeExceptionally}; in debug mode, notes the failure, to report it if
     * nobody retrieves it.
     *
     * @param failure the exception
     * @return whether this call completed the future
     */
    @Override
    public boolean completeExceptionally(Throwable failure) {
        if (DebugRegistry.ENABLED && !isDone()) {
            DebugRegistry.taskCompleting(this, failure, getNumberOfDependents() > 0);
        }
        return super.completeExceptionally(failure);
    }

    /**
     * As {@link CompletableFuture#join}; in debug mode, the outcome counts as retrieved.
     *
     * @return the result
     */
    @Override
    public T join() {
        if (DebugRegistry.ENABLED) {
            DebugRegistry.observed(this);
        }
        return super.join();
    }

    /**
     * As {@link CompletableFuture#get()}; in debug mode, the outcome counts as retrieved.
     *
     * @return the result
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException if the task failed
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (DebugRegistry.ENABLED) {
            DebugRegistry.observed(this);
        }
        return super.get();
    }

    /**
     * As {@link CompletableFuture#get(long, TimeUnit)}; in debug mode, the outcome counts as
     * retrieved.
     *
     * @param timeout how long to wait
     * @param unit the unit of {@code timeout}
     * @return the result
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException if the task failed
     * @throws java.util.concurrent.TimeoutException if the wait timed out
     */
    @Override
    public T get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        if (DebugRegistry.ENABLED) {
            DebugRegistry.observed(this);
        }
        return super.get(timeout, unit);
    }

    /**
     * As {@link CompletableFuture#getNow}; in debug mode, the outcome counts as retrieved.
     *
     * @param valueIfAbsent what to return if not completed
     * @return the result, or {@code valueIfAbsent}
     */
    @Override
    public T getNow(T valueIfAbsent) {
        if (DebugRegistry.ENABLED) {
            DebugRegistry.observed(this);
        }
        return super.getNow(valueIfAbsent);
    }

    /**
     * As {@link CompletableFuture#newIncompleteFuture}, which every dependent stage ({@code
     * thenApply}, {@code whenComplete}, {@code exceptionally}...) of this future is made by; in debug
     * mode, the outcome then counts as observed.
     *
     * @param <U> the new future's type
     * @return a new incomplete {@code CompletableFuture}
     */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        if (DebugRegistry.ENABLED) {
            DebugRegistry.observed(this);
        }
        return new CompletableFuture<>();
    }

    @SuppressWarnings("unchecked")
    private T cast(Object value) {
        return (T) value;
    }

    /**
     * The failure a future reports, without the wrapper the future API adds: the cause of a {@code
     * CompletionException} or {@code ExecutionException}, and the original of a {@code
     * CancellationException} that {@code join()}/{@code get()} made afresh (JDK 23 and later wrap
     * the future's own cancellation exception, whatever its subclass, in a new one).
     *
     * @param failure what a future's callback got, or what {@code join()}/{@code get()} threw
     * @return the failure the future was completed with
     */
    public static Throwable unwrap(Throwable failure) {
        if ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            return failure.getCause();
        }
        if (failure instanceof CancellationException && failure.getCause() instanceof CancellationException) {
            return failure.getCause();
        }
        return failure;
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable throwable) throws X {
        throw (X) throwable;
    }

    /**
     * The one wake-up of one suspension on a {@link CompletionStage} that is not a {@code
     * CompletableFuture}: takes the stage's outcome, and is then queued on the task's dispatcher to
     * resume the task with it.
     */
    private static final class Wakeup implements BiConsumer<Object, Throwable>, Runnable {
        private final AsyncTask<?> task;
        private Object value;
        private Throwable failure;

        Wakeup(AsyncTask<?> task) {
            this.task = task;
        }

        @Override
        public void accept(Object value, Throwable failure) {
            AsyncTask<?> owner = task;
            if (WAITING.compareAndSet(owner, this, null)) {
                if (failure != null) {
                    this.failure = unwrap(failure);
                    if (StackTraceRecovery.ENABLED) {
                        StackTraceRecovery.awaitedBy(this.failure, owner, owner.frame, null);
                    }
                } else {
                    this.value = value;
                }
                owner.dispatch(this);
            }
        }

        @Override
        public void run() {
            task.resume(value, failure);
        }
    }
}
