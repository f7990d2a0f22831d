package io.github.jcoro;

/**
 * Where a task awaited a future that failed: added by the runtime to the failure's suppressed
 * exceptions ({@link Throwable#getSuppressed()}) when the failure resumes a task suspended at {@code
 * Co.await}, so that a printed stack trace shows, below the frames where the failure was thrown,
 * each task it reached and the line where that task awaited it:
 *
 * <pre>
 * java.lang.IllegalStateException: c failed
 *     at Example.c(Example.java:30)
 *     ...
 *     Suppressed: io.github.jcoro.AwaitTrace: awaited by task Example.b, suspended at
 *         at Example.b(Example.java:24)
 *     Suppressed: io.github.jcoro.AwaitTrace: awaited by task Example.a, suspended at
 *         at Example.a(Example.java:18)
 * </pre>
 *
 * <p>The failure itself is not copied or wrapped: it keeps its type (so {@code catch} clauses work
 * as before), its identity and its own stack trace. Its stack trace holds the frames of the task
 * that threw it, with that task's suspended callers (see the "Readable stack traces" section of the
 * debugging guide); each {@code AwaitTrace} holds the awaiting task's frames, innermost first, as
 * class, method, source file and the line of its pending call or {@code Co.await}. At most eight are
 * added to one failure. None is added to a failure without a stack trace ({@code writableStackTrace}
 * false), nor when recovery is off ({@code -Djcoro.stackTraceRecovery=false}).
 *
 * <p>An {@code AwaitTrace} is never thrown. Made only by the runtime.
 */
public final class AwaitTrace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Made by the runtime.
     *
     * @param message which task awaited
     * @param frames the awaiting task's suspended frames, innermost first
     */
    public AwaitTrace(String message, StackTraceElement[] frames) {
        super(message, null, false, true);
        setStackTrace(frames);
    }

    /**
     * Does not record the stack: the frames are the suspended ones given to the constructor.
     *
     * @return this
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
