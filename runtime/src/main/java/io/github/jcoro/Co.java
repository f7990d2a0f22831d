package io.github.jcoro;

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

    static IllegalStateException notInstrumented(String what) {
        return new IllegalStateException(what
                + " was called from code that jcoro did not instrument. Only the body of a"
                + " @io.github.jcoro.Coroutine method may suspend, and its class must be rewritten:"
                + " run with -javaagent:jcoro-agent.jar, or put jcoro-processor on javac's annotation"
                + " processor path (see the jcoro README).");
    }
}
