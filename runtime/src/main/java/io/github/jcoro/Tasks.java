package io.github.jcoro;

import io.github.jcoro.internal.AsyncTask;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Starting async tasks on a chosen dispatcher.
 *
 * <p>An async task is a {@link Coroutine @Coroutine} method returning {@code CompletableFuture} or
 * {@code CompletionStage}. Calling it starts it on the calling thread; it runs up to its first
 * suspension and is resumed afterwards on its <em>dispatcher</em>: the {@link EventLoop} or executor
 * that was current where it was called (the dispatcher of the task that called it, or of the loop
 * running on the thread), or else {@link java.util.concurrent.ForkJoinPool#commonPool()}, as for
 * {@code CompletableFuture}'s {@code *Async} methods. A task never resumes on the thread that
 * completed the future it awaited, unless that thread belongs to its dispatcher.
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
            CompletionStage<T> stage;
            try {
                stage = body.call();
            } catch (Throwable t) {
                result.completeExceptionally(t);
                return;
            } finally {
                AsyncTask.enter(previous);
            }
            if (stage == null) {
                result.completeExceptionally(
                        new NullPointerException("the task's body returned null instead of a future"));
                return;
            }
            stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        });
        return result;
    }
}
