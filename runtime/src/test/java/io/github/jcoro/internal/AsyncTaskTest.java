package io.github.jcoro.internal;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.jcoro.TaskTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class AsyncTaskTest {
    @Test
    void unwrap_givesTheFailureTheFutureWasCompletedWith_onEveryJdk() {
        TaskTimeoutException timeout = new TaskTimeoutException("an await", Duration.ofSeconds(1));
        CompletableFuture<String> future = new CompletableFuture<>();
        future.completeExceptionally(timeout);
        Throwable fromJoin = null;
        try {
            future.join();
        } catch (CancellationException e) {
            fromJoin = e; // the instance itself up to JDK 22, a fresh CancellationException("join") from 23
        }
        assertSame(timeout, AsyncTask.unwrap(fromJoin));
        IllegalStateException failure = new IllegalStateException("x");
        assertSame(failure, AsyncTask.unwrap(new CompletionException(failure)));
        assertSame(failure, AsyncTask.unwrap(new ExecutionException(failure)));
        assertSame(failure, AsyncTask.unwrap(failure));
    }

    @Test
    void poll_raisesTheOriginalCancellationSubclass() {
        TaskTimeoutException timeout = new TaskTimeoutException("an await", Duration.ofSeconds(1));
        CompletableFuture<String> future = new CompletableFuture<>();
        future.completeExceptionally(timeout);
        Throwable raised = null;
        try {
            AsyncTask.poll(future);
        } catch (CancellationException e) {
            raised = e;
        }
        assertSame(timeout, raised);
    }
}
