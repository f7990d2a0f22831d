package io.github.jcoro;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The suspension points a {@link Coroutine @Coroutine} method may use.
 *
 * <p>Always call these qualified ({@code Co.yield(x)}): since Java 14 {@code yield} is a
 * restricted identifier and an unqualified {@code yield(x)} does not compile.
 *
 * <p>The instrumenter replaces every call of these methods inside a {@code @Coroutine} body with a
 * suspension of the state machine. Reached anywhere else (a class that was not instrumented, a
 * plain method, a method reference) they throw {@link IllegalStateException} naming the missing
 * step: nothing ever fails silently.
 *
 * <h2>Thread safety</h2>
 *
 * These methods act on the coroutine running on the current thread; they hold no shared state.
 */
public final class Co {
    private Co() {}

    /**
     * Suspends the enclosing generator and hands {@code value} to the caller of {@link
     * Generator#next()} (or {@link Generator#send(Object)}, {@link Generator#hasNext()}).
     *
     * <p>When the generator is resumed, {@code Co.yield} returns the value given to {@link
     * Generator#send(Object)}, or {@code null} when it was resumed by {@code next()}. When it is
     * resumed by {@link Generator#throwInto(Throwable)} the throwable is raised here; when it is
     * {@linkplain Generator#close() closed}, a {@link GeneratorExit} is raised here so that the
     * body's {@code finally} blocks run.
     *
     * @param value the value to produce; may be {@code null}
     * @param <R> the type the sent value is used as (checked by a cast at the call site)
     * @return the value sent by the caller, or {@code null}
     * @throws IllegalStateException when the calling method was not instrumented
     */
    public static <R> R yield(Object value) {
        throw notInstrumented("Co.yield");
    }

    /**
     * Suspends the enclosing generator while {@code inner} yields all its values in its place, as
     * Python's {@code yield from}: values sent with {@link Generator#send(Object)} go to {@code
     * inner}, {@link Generator#throwInto(Throwable)} raises in {@code inner}, and {@link
     * Generator#close()} closes {@code inner} first. When {@code inner} finishes, {@code Co.yieldAll}
     * returns its result (see {@link Generator#returning(Object)}), or {@code null}; an exception
     * {@code inner} throws is raised here.
     *
     * @param inner the generator to delegate to
     * @param <R> the type the result is used as (checked by a cast at the call site)
     * @return the result of {@code inner}, or {@code null}
     * @throws IllegalStateException when the calling method was not instrumented
     */
    public static <R> R yieldAll(Generator<?> inner) {
        throw notInstrumented("Co.yieldAll");
    }

    /**
     * Suspends the enclosing async task until {@code future} completes, and returns its value.
     *
     * <p>A future that has already completed is read without suspending (nothing is allocated). A
     * future that completed exceptionally raises its cause here, unwrapped from {@link
     * java.util.concurrent.CompletionException}, so the body's own {@code catch} blocks see it. The
     * task resumes on its dispatcher (its {@link EventLoop}, or the executor it was started on),
     * never on the thread that completed the future.
     *
     * <p>Allowed in the body of a {@code @Coroutine} method returning {@code CompletableFuture} or
     * {@code CompletionStage}, and in helpers called from one. Awaiting in a generator, or in a
     * helper called from plain code, throws {@link IllegalStateException}: jcoro never blocks a
     * thread silently.
     *
     * @param future the future to wait for
     * @param <T> the future's value type
     * @return the future's value
     * @throws NullPointerException when {@code future} is {@code null}
     * @throws IllegalStateException when the calling method was not instrumented, or is not running
     *     inside an async task
     */
    public static <T> T await(CompletionStage<T> future) {
        throw notInstrumented("Co.await");
    }

    /**
     * As {@link #await(CompletionStage)}, with a time limit: when {@code timeout} passes first (on
     * the clock of the task's event loop, virtual or real), a {@link TaskTimeoutException} is raised
     * here. {@code future} itself is not cancelled (see {@link Tasks#withTimeout} to cancel work).
     *
     * @param future the future to wait for
     * @param timeout the time limit
     * @param <T> the future's value type
     * @return the future's value
     * @throws TaskTimeoutException when the time limit passes first
     * @throws IllegalStateException when the calling method was not instrumented, or is not running
     *     inside an async task
     */
    public static <T> T await(CompletionStage<T> future, Duration timeout) {
        throw notInstrumented("Co.await");
    }

    /**
     * Suspends the enclosing async task for {@code duration}, on its dispatcher's clock (the
     * virtual clock of a virtual {@link EventLoop}). A zero or negative duration lets other ready
     * tasks run first, as {@link #pause()} does.
     *
     * @param duration how long to sleep
     * @throws NullPointerException when {@code duration} is {@code null}
     * @throws IllegalStateException when the calling method was not instrumented, or is not running
     *     inside an async task
     */
    public static void sleep(Duration duration) {
        throw notInstrumented("Co.sleep");
    }

    /**
     * Suspends the enclosing async task and puts it at the back of its dispatcher's queue, so every
     * task that is ready runs before it resumes.
     *
     * @throws IllegalStateException when the calling method was not instrumented, or is not running
     *     inside an async task
     */
    public static void pause() {
        throw notInstrumented("Co.pause");
    }

    static IllegalStateException notInstrumented(String what) {
        return new IllegalStateException(what
                + " was called from code that jcoro did not instrument. Only the body of a"
                + " @io.github.jcoro.Coroutine method may suspend, and its class must be rewritten:"
                + " run with -javaagent:jcoro-agent.jar, or put jcoro-processor on javac's annotation"
                + " processor path (see the jcoro README).");
    }
}
