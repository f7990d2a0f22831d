package io.github.jcoro;

import io.github.jcoro.internal.AsyncTask;
import io.github.jcoro.internal.CancellationTarget;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A structured scope that owns the async tasks spawned in it: Kotlin's {@code coroutineScope},
 * Python's {@code TaskGroup}.
 *
 * <pre>{@code
 * @Coroutine
 * static CompletableFuture<Page> page(String user) {
 *     return TaskScope.run(scope -> {
 *         CompletableFuture<Profile> profile = scope.spawn(() -> fetchProfile(user));
 *         CompletableFuture<List<Post>> posts = scope.spawn(() -> fetchPosts(user));
 *         return CompletableFuture.completedFuture(new Page(Co.await(profile), Co.await(posts)));
 *     });
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #run} opens a scope, calls the body with it, and returns a future that completes only
 * when the body's future <em>and every task spawned in the scope</em> have completed: a scope never
 * finishes before its children. Spawning into a scope that has finished throws {@link
 * IllegalStateException}. Children are spawned on the dispatcher current where the scope was
 * opened (its event loop or executor), after the work queued before them.
 *
 * <h2>Failure and cancellation</h2>
 *
 * The first child that fails (any exception but a {@link CancellationException}) cancels its
 * siblings; so does a failure of the body. The scope then completes with that first failure once
 * every child has finished; later failures are attached to it as suppressed exceptions. {@link
 * #cancel()} cancels every child; cancelling the task that waits for the scope's future cancels the
 * scope, and that task goes on waiting until the children have finished, then sees the {@link
 * CancellationException}. Cancellation is cooperative (see {@link Tasks}): a child is resumed at its
 * suspension point with a {@code CancellationException}, so its {@code finally} blocks run.
 *
 * <h2>Thread safety</h2>
 *
 * A scope may be used from any thread; its children may complete on any thread.
 */
public final class TaskScope implements AutoCloseable {
    private final Executor dispatcher;
    private final Set<CompletableFuture<?>> children = new LinkedHashSet<>();
    private final ScopeFuture<Object> done = new ScopeFuture<>(this);

    private Throwable failure;
    private boolean bodyDone;
    private Object bodyValue;
    private CompletableFuture<?> bodyFuture;
    private boolean opened;
    private boolean failureReported;
    private final List<CompletableFuture<Void>> joins = new ArrayList<>();
    private boolean cancelled;
    private boolean finished;

    private TaskScope(Executor dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * Opens a scope, runs {@code body} in it, and waits (without blocking) for the body's future and
     * every child.
     *
     * @param body makes the scope's main work, typically an async lambda; called now
     * @param <R> the result type
     * @return the body's value once every child has completed, or the scope's first failure
     */
    public static <R> CompletableFuture<R> run(Function<? super TaskScope, ? extends CompletionStage<R>> body) {
        Objects.requireNonNull(body, "body");
        TaskScope scope = new TaskScope(AsyncTask.currentDispatcher());
        CompletionStage<R> stage;
        try {
            stage = body.apply(scope);
            if (stage == null) {
                throw new NullPointerException("the scope's body returned null instead of a future");
            }
        } catch (Throwable t) {
            scope.bodyEnded(null, t);
            return scope.future();
        }
        if (stage instanceof CompletableFuture) {
            boolean cancelNow;
            synchronized (scope) {
                scope.bodyFuture = (CompletableFuture<?>) stage;
                cancelNow = scope.cancelled;
            }
            if (cancelNow) {
                scope.bodyFuture.cancel(false);
            }
        }
        stage.whenComplete(scope::bodyEnded);
        return scope.future();
    }

    /**
     * Opens a scope for a try-with-resources block in a coroutine:
     *
     * <pre>{@code
     * try (TaskScope scope = TaskScope.open()) {
     *     CompletableFuture<Profile> profile = scope.spawn(() -> fetchProfile(user));
     *     CompletableFuture<List<Post>> posts = scope.spawn(() -> fetchPosts(user));
     *     Co.await(scope.join());          // waits for both; fails fast if one fails
     *     return CompletableFuture.completedFuture(new Page(profile.join(), posts.join()));
     * }                                    // close(): cancels what still runs, and waits for it
     * }</pre>
     *
     * <p>In a coroutine (an async task's body or a helper it calls), the instrumenter makes {@link
     * #close()} a suspension point that waits for the children, so the block never ends before
     * them, whichever way it is left.
     *
     * @return the scope, spawning on the current dispatcher
     */
    public static TaskScope open() {
        TaskScope scope = new TaskScope(AsyncTask.currentDispatcher());
        scope.opened = true;
        return scope;
    }

    /**
     * A future that completes when every child spawned so far has completed: with {@code null}, or
     * with the scope's first failure (then the other children were cancelled).
     *
     * @return the children's completion
     */
    public CompletableFuture<Void> join() {
        CompletableFuture<Void> joined = new ScopeFuture<>(this);
        synchronized (this) {
            if (!children.isEmpty()) {
                joins.add(joined);
                return joined;
            }
        }
        completeJoin(joined);
        return joined;
    }

    /**
     * What {@link #close()} waits for in a coroutine: cancels the children still running, and
     * completes when every child has completed, with the scope's first failure if one failed and
     * was not reported by {@link #join()} yet.
     *
     * @return the scope's completion
     */
    public CompletableFuture<Void> closeAsync() {
        synchronized (this) {
            bodyDone = true;
        }
        cancelRunning();
        finishIfDone();
        return future();
    }

    /**
     * Cancels the children still running. In a coroutine this call is rewritten to wait for them
     * too ({@code Co.await(closeAsync())}), and then throws the scope's first failure if {@link
     * #join()} did not report it; in plain code it cannot wait, and returns at once.
     */
    @Override
    public void close() {
        closeAsync();
    }

    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<R> future() {
        return (CompletableFuture<R>) (CompletableFuture<?>) done;
    }

    /**
     * Spawns a child: {@code body} is called on the scope's dispatcher after the work queued before
     * it, and the task it makes belongs to the scope.
     *
     * @param body makes the child task, typically {@code () -> child(arguments)}
     * @param <T> the result type
     * @return the child's outcome
     * @throws IllegalStateException when the scope has finished
     */
    public <T> CompletableFuture<T> spawn(Callable<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        Child<T> child = new Child<>();
        synchronized (this) {
            if (finished) {
                throw new IllegalStateException("spawn into a task scope that has finished: its body and"
                        + " children have completed, so it owns nothing more; open a new scope");
            }
            children.add(child);
        }
        dispatcher.execute(() -> {
            // On an executor's thread, the child (and what it starts) must get the scope's dispatcher.
            Executor previous = AsyncTask.enter(dispatcher);
            try {
                child.start(this, body);
            } finally {
                AsyncTask.enter(previous);
            }
        });
        return child;
    }

    /**
     * Cancels every child that has not completed, every child spawned from now on, and the body's
     * task if it is still running.
     */
    public void cancel() {
        synchronized (this) {
            cancelled = true;
        }
        cancelRunning();
    }

    private void cancelRunning() {
        List<CompletableFuture<?>> running;
        synchronized (this) {
            running = new ArrayList<>(children);
            if (bodyFuture != null && !bodyDone) {
                running.add(bodyFuture);
            }
        }
        for (CompletableFuture<?> child : running) {
            child.cancel(false);
        }
    }

    /**
     * @return whether {@link #cancel()} was called, or a child or the body failed
     */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    private void bodyEnded(Object value, Throwable thrown) {
        boolean failed = thrown != null;
        synchronized (this) {
            bodyDone = true;
            bodyValue = value;
            if (failed && !(cancelled && unwrap(thrown) instanceof CancellationException)) {
                record(unwrap(thrown));
            } else {
                failed = false;
            }
        }
        if (failed) {
            cancel();
        }
        finishIfDone();
    }

    private void childEnded(CompletableFuture<?> child, Throwable thrown) {
        boolean first = false;
        synchronized (this) {
            children.remove(child);
            if (thrown != null && !(unwrap(thrown) instanceof CancellationException)) {
                first = failure == null;
                record(unwrap(thrown));
            }
        }
        if (first) {
            cancel();
        }
        finishIfDone();
    }

    /** Keeps the first failure; attaches later ones to it. Called with the lock held. */
    private void record(Throwable thrown) {
        if (failure == null) {
            failure = thrown;
        } else if (failure != thrown) {
            failure.addSuppressed(thrown);
        }
    }

    private void finishIfDone() {
        Throwable outcome;
        Object value;
        List<CompletableFuture<Void>> joined = List.of();
        synchronized (this) {
            if (children.isEmpty() && !joins.isEmpty()) {
                joined = new ArrayList<>(joins);
                joins.clear();
            }
        }
        for (CompletableFuture<Void> join : joined) {
            completeJoin(join);
        }
        synchronized (this) {
            if (finished || !bodyDone || !children.isEmpty()) {
                return;
            }
            finished = true;
            // A failure join() reported already is not thrown again by close().
            outcome = opened && failureReported ? null : failure;
            value = bodyValue;
        }
        if (outcome != null) {
            done.completeExceptionally(outcome);
        } else {
            done.complete(value);
        }
    }

    private void completeJoin(CompletableFuture<Void> join) {
        Throwable outcome;
        synchronized (this) {
            outcome = failure;
            failureReported |= outcome != null;
        }
        if (outcome != null) {
            join.completeExceptionally(outcome);
        } else {
            join.complete(null);
        }
    }

    private static Throwable unwrap(Throwable thrown) {
        return AsyncTask.unwrap(thrown);
    }

    /** A child's outcome; cancelling it cancels the task, or the start if it has not started. */
    private static final class Child<T> extends CompletableFuture<T> {
        private CompletableFuture<T> task;
        private boolean cancelRequested;

        void start(TaskScope scope, Callable<? extends CompletionStage<T>> body) {
            CompletionStage<T> stage;
            synchronized (this) {
                if (cancelRequested) {
                    super.cancel(false);
                    scope.childEnded(this, new CancellationException("cancelled before it started"));
                    return;
                }
            }
            try {
                stage = body.call();
                if (stage == null) {
                    throw new NullPointerException("the spawned body returned null instead of a future");
                }
            } catch (Throwable t) {
                completeExceptionally(t);
                scope.childEnded(this, t);
                return;
            }
            CompletableFuture<T> started = stage.toCompletableFuture();
            boolean cancelNow;
            synchronized (this) {
                task = started;
                cancelNow = cancelRequested;
            }
            if (cancelNow) {
                started.cancel(false);
            }
            started.whenComplete((value, thrown) -> {
                if (thrown != null) {
                    completeExceptionally(unwrap(thrown));
                } else {
                    complete(value);
                }
                scope.childEnded(this, thrown);
            });
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            CompletableFuture<T> started;
            synchronized (this) {
                if (isDone()) {
                    return false;
                }
                cancelRequested = true;
                started = task;
            }
            if (started != null) {
                started.cancel(false);
            }
            return true;
        }
    }

    /** The scope's outcome; a task that waits for it and is cancelled cancels the scope. */
    private static final class ScopeFuture<R> extends CompletableFuture<R> implements CancellationTarget {
        private final TaskScope scope;

        ScopeFuture(TaskScope scope) {
            this.scope = scope;
        }

        @Override
        public void cancelFromWaiter() {
            synchronized (scope) {
                scope.record(new CancellationException("the task waiting for the scope was cancelled"));
            }
            scope.cancel();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelFromWaiter();
            return !isDone();
        }
    }
}
