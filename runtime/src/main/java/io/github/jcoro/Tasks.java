package io.github.jcoro;

import io.github.jcoro.internal.Abandonable;
import io.github.jcoro.internal.AsyncTask;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starting async tasks on a chosen dispatcher.
 *
 * <p>An async task is a {@link Coroutine @Coroutine} method returning {@code CompletableFuture} or
 * {@code CompletionStage}. Calling it starts it on the calling thread; it runs up to its first
 * suspension and is resumed afterwards on its <em>dispatcher</em>: the {@link EventLoop} or executor
 * that was current where it was called (the dispatcher of the task that called it, or of the loop
 * running on the thread), or else {@link java.util.concurrent.ForkJoinPool#commonPool()}, as for
 * {@code CompletableFuture}'s {@code *Async} methods. A task never resumes on the thread that
 * completed the future it awaited, unless that thread belongs to its dispatcher. To resume a task
 * on whichever thread completes its future (Kotlin's {@code Unconfined}), ask for it: {@code
 * Tasks.start(Runnable::run, () -> task())}.
 *
 * <h2>Memory visibility</h2>
 *
 * Everything a task did before it suspended happens before it resumes, whichever threads run the
 * two steps: the wake-up is taken by a compare-and-set and handed to the dispatcher through {@link
 * Executor#execute}, whose own contract orders the submission before the run. What the thread that
 * completed an awaited future did before completing it also happens before the task resumes.
 */
public final class Tasks {
    private Tasks() {}

    /**
     * Starts a task on {@code dispatcher}: {@code body} is called on one of the dispatcher's threads,
     * and the task it makes, with every task it starts, resumes on {@code dispatcher}.
     *
     * <pre>{@code
     * ExecutorService pool = Executors.newFixedThreadPool(4);
     * CompletableFuture<Report> report = Tasks.start(pool, () -> buildReport(day));
     * }</pre>
     *
     * @param dispatcher where the task runs and resumes, e.g. a thread pool or an {@link EventLoop}
     * @param body makes the task, typically {@code () -> task(arguments)}
     * @param <T> the result type
     * @return the task's outcome: its value, or the exception {@code body} or the task threw
     * @throws RejectedExecutionException when {@code dispatcher} refuses the task
     */
    public static <T> CompletableFuture<T> start(Executor dispatcher, Callable<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(body, "body");
        CompletableFuture<T> result = new CompletableFuture<>();
        dispatcher.execute(() -> {
            Executor previous = AsyncTask.enter(dispatcher);
            try {
                AsyncTask.startInto(body, result);
            } finally {
                AsyncTask.enter(previous);
            }
        });
        return result;
    }

    /**
     * Waits for every future: Python's {@code gather}. Completes with their values in argument order
     * once all have completed. On the first failure, the others are cancelled ({@link
     * java.util.concurrent.CompletableFuture#cancel}: jcoro tasks cooperatively, so their {@code
     * finally} blocks run); the result then fails with that first failure once every future has
     * completed, with later failures (other than cancellations) attached as suppressed.
     *
     * @param futures the futures, typically tasks just started
     * @param <T> the value type
     * @return the values, in order
     */
    @SafeVarargs
    public static <T> CompletableFuture<List<T>> all(CompletionStage<? extends T>... futures) {
        return all(Arrays.asList(futures));
    }

    /**
     * As {@link #all(CompletionStage[])}, for a list.
     *
     * @param futures the futures
     * @param <T> the value type
     * @return the values, in order
     */
    public static <T> CompletableFuture<List<T>> all(List<? extends CompletionStage<? extends T>> futures) {
        return new Gathering<T, List<T>>(futures, Gathering.Mode.ALL).result;
    }

    /**
     * Waits for every future and collects how each completed, never failing: the collect-all mode
     * of {@link #all}.
     *
     * @param futures the futures
     * @param <T> the value type
     * @return each future's outcome, in order
     */
    public static <T> CompletableFuture<List<Outcome<T>>> allSettled(
            List<? extends CompletionStage<? extends T>> futures) {
        return new Gathering<T, List<Outcome<T>>>(futures, Gathering.Mode.SETTLED).result;
    }

    /**
     * The first success wins, as a race: once one future completes with a value, the others are
     * cancelled, and the result completes with that value when all have completed (so the losers'
     * {@code finally} blocks have run). If every future fails, the result fails with the first
     * failure, the others attached as suppressed.
     *
     * @param futures the futures, at least one
     * @param <T> the value type
     * @return the first value
     * @throws IllegalArgumentException when there are no futures
     */
    @SafeVarargs
    public static <T> CompletableFuture<T> any(CompletionStage<? extends T>... futures) {
        return any(Arrays.asList(futures));
    }

    /**
     * As {@link #any(CompletionStage[])}, for a list.
     *
     * @param futures the futures, at least one
     * @param <T> the value type
     * @return the first value
     */
    public static <T> CompletableFuture<T> any(List<? extends CompletionStage<? extends T>> futures) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("Tasks.any() of no futures: expected at least one to race");
        }
        return new Gathering<T, T>(futures, Gathering.Mode.ANY).result;
    }

    /**
     * Runs {@code body} with a time limit: when {@code timeout} passes first (on the current event
     * loop's clock, virtual or real; elsewhere on the real clock), the task is cancelled and the
     * result fails with a {@link TaskTimeoutException} once the task has completed (its {@code
     * finally} blocks have run). If the task completes first, the result is its outcome.
     *
     * @param timeout the time limit
     * @param body makes the task, called now
     * @param <T> the value type
     * @return the task's outcome, or the timeout
     */
    public static <T> CompletableFuture<T> withTimeout(Duration timeout, Callable<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<T> task;
        try {
            CompletionStage<T> stage = body.call();
            if (stage == null) {
                throw new NullPointerException("the body of withTimeout returned null instead of a future");
            }
            task = stage.toCompletableFuture();
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean[] timedOut = {false};
        Runnable cancelTimer = AsyncTask.afterDelay(timeout, () -> {
            synchronized (timedOut) {
                timedOut[0] = true;
            }
            task.cancel(false);
        });
        task.whenComplete((value, failure) -> {
            cancelTimer.run();
            boolean late;
            synchronized (timedOut) {
                late = timedOut[0];
            }
            if (late && (failure == null || unwrap(failure) instanceof CancellationException)) {
                result.completeExceptionally(new TaskTimeoutException("withTimeout(" + timeout + ")", timeout));
            } else if (failure != null) {
                result.completeExceptionally(unwrap(failure));
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /**
     * A future that completes as {@code future} does, or fails with a {@link TaskTimeoutException}
     * when {@code timeout} passes first (on the current event loop's clock, else the real clock).
     * {@code future} itself is not cancelled: it is not this caller's to cancel (see {@link
     * #withTimeout} to cancel the work); but a future that exists only for this wait (the future of
     * a channel's {@code receive} or {@code send}, or of {@link EventLoop#ready}) is dropped on
     * timeout, so that what would have completed it goes to the next waiter instead of being lost. {@code Co.await(future, timeout)} awaits this.
     *
     * @param future the future to wait for
     * @param timeout the time limit
     * @param <T> the value type
     * @return the future's outcome, or the timeout
     */
    public static <T> CompletableFuture<T> orTimeout(CompletionStage<T> future, Duration timeout) {
        Objects.requireNonNull(future, "Co.await(null, timeout): expected a CompletionStage to wait for");
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<T> result = future instanceof Abandonable
                ? new AbandonableTimeout<>((CompletableFuture<?>) future)
                : new CompletableFuture<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        Runnable cancelTimer = AsyncTask.afterDelay(timeout, () -> {
            TaskTimeoutException late = new TaskTimeoutException("an await with a timeout of " + timeout, timeout);
            if (future instanceof Abandonable) {
                // It exists only for this wait (a channel's receive, a channel's readiness): drop it,
                // so what would complete it goes to the next waiter; if its value is on its way
                // already, that value is delivered instead of the timeout, and nothing is lost.
                timedOut.set(true);
                if (((CompletableFuture<?>) future).cancel(false)) {
                    result.completeExceptionally(late);
                }
            } else {
                result.completeExceptionally(late);
            }
        });
        future.whenComplete((value, failure) -> {
            cancelTimer.run();
            if (failure != null) {
                if (!(timedOut.get() && failure instanceof CancellationException)) {
                    result.completeExceptionally(unwrap(failure));
                }
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /**
     * The time-limited wait for an {@link Abandonable} future is abandonable too: a task cancelled
     * while it waits drops the inner future as well, so that nothing stays waiting on its behalf.
     */
    private static final class AbandonableTimeout<T> extends CompletableFuture<T> implements Abandonable {
        private final CompletableFuture<?> inner;

        AbandonableTimeout(CompletableFuture<?> inner) {
            this.inner = inner;
        }

        /** Cancels the inner future, which cancels this one; {@code false} if its value came first. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            inner.cancel(false); // completes this one through the inner future's callback
            return isCancelled();
        }
    }

    static Throwable unwrap(Throwable failure) {
        return AsyncTask.unwrap(failure);
    }
}
