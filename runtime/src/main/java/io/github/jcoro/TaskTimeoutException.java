package io.github.jcoro;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * A task or an await did not complete within its time limit ({@link Tasks#withTimeout}, {@link
 * Co#await(java.util.concurrent.CompletionStage, Duration)}). It is a {@link CancellationException}
 * because the work that timed out is cancelled, as with Kotlin's {@code withTimeout}; the message
 * says what timed out and after how long.
 */
public final class TaskTimeoutException extends CancellationException {
    private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    /**
     * @param what what timed out, e.g. {@code "withTimeout"}
     * @param timeout the time limit
     */
    public TaskTimeoutException(String what, Duration timeout) {
        super(what + " did not complete within " + timeout);
        this.timeout = timeout;
    }

    /**
     * @return the time limit that passed
     */
    public Duration timeout() {
        return timeout;
    }
}
