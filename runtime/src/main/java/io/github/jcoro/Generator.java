package io.github.jcoro;

import io.github.jcoro.internal.GeneratorFrame;
import io.github.jcoro.internal.GeneratorSupplier;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy sequence of values produced by a {@link Coroutine @Coroutine} method.
 *
 * <p>Generators are made by calling a {@code @Coroutine} method whose return type is {@code
 * Generator<T>}; users do not subclass this class. The method's body runs only when a value is
 * pulled, up to its next {@link Co#yield(Object) Co.yield}:
 *
 * <pre>{@code
 * @Coroutine
 * static Generator<Integer> countdown(int from) {
 *     for (int i = from; i > 0; i--) {
 *         Co.yield(i);
 *     }
 *     return Generator.empty();
 * }
 *
 * for (int i : countdown(3)) { ... }   // 3, 2, 1
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 *
 * A generator is <em>created</em> (its body has not run), <em>suspended</em> at a {@code
 * Co.yield}, <em>running</em> (inside {@code next}/{@code send}/{@code throwInto}/{@code close}),
 * or <em>finished</em> (its body returned or threw, or it was closed). {@link #hasNext()} may run
 * the body to its next yield and keep the value until {@link #next()} takes it; calling {@code
 * hasNext()} again does not advance. A generator is single use: {@link #iterator()} returns the
 * generator itself once and fails on a second call.
 *
 * <h2>Delegation</h2>
 *
 * {@link Co#yieldAll(Generator) Co.yieldAll(inner)} yields every value of {@code inner} in place of
 * the body, passing {@code send}, {@code throwInto} and {@code close} through to it, and returns
 * its result. A body that ends with {@code return other;} hands over to {@code other} for the rest
 * of the sequence (tail delegation): its own frame is released at once, so a generator that
 * tail-delegates a million times runs in constant stack and memory.
 *
 * <h2>Closing</h2>
 *
 * {@link #close()} raises a {@link GeneratorExit} at the pending yield, so every {@code finally}
 * block and try-with-resources of the body runs, innermost first. Closing a generator that has not
 * started or has finished does nothing. Closing the {@link #stream()} closes the generator.
 *
 * <h2>Exceptions</h2>
 *
 * An exception that escapes the body (checked ones included, never wrapped) is thrown to the caller
 * of {@code next}/{@code hasNext}/{@code send}/{@code throwInto}, and the generator is finished.
 *
 * <h2>Thread safety</h2>
 *
 * A generator is not thread-safe: it is driven by one thread at a time, like an {@link Iterator}.
 * It may be handed from one thread to another between steps (with the usual happens-before
 * hand-off). Re-entering a running generator from its own body is an {@link
 * IllegalStateException}.
 *
 * @param <T> the type of the values the generator yields
 */
public abstract class Generator<T> implements Iterator<T>, Iterable<T>, AutoCloseable {

    /**
     * For jcoro's instrumented code only; generators come from {@code @Coroutine} methods.
     */
    protected Generator() {}

    /**
     * Returns a generator that yields nothing. A finite generator body ends with {@code return
     * Generator.empty();}. The returned instance is shared and always finished, so its {@link
     * #iterator()} may be taken any number of times.
     *
     * @param <T> the element type
     * @return the finished, empty generator
     */
    public static <T> Generator<T> empty() {
        return GeneratorFrame.empty();
    }

    /**
     * The body of a generator written as a lambda, for {@link #of(Body)}. Its code may use {@link
     * Co#yield(Object) Co.yield} and {@link Co#yieldAll(Generator) Co.yieldAll} and call {@code
     * @Coroutine} helpers of its class, like a {@code @Coroutine} method's body.
     */
    @FunctionalInterface
    public interface Body {
        /**
         * The generator's code; it is never called directly: {@link #of(Body)} turns the lambda
         * into a generator.
         *
         * @throws Exception anything the body throws, passed to whoever pulls the value
         */
        void run() throws Exception;
    }

    /**
     * Makes a lazy generator of a lambda, whatever it captures, or of a method reference (to a
     * {@code @Coroutine} helper, so that it can yield):
     *
     * <pre>{@code
     * Generator<String> lines = Generator.of(() -> {
     *     for (String line : text.split("\n")) {
     *         Co.yield(line);
     *     }
     * });
     * }</pre>
     *
     * <p>The lambda or method reference must be written where it is passed (or stored), in a class
     * jcoro instruments: the instrumenter turns it into a generator factory. Each call of {@code of}
     * with the same lambda object makes a fresh generator.
     *
     * @param body the lambda
     * @param <T> the type of the values it yields
     * @return a new generator that has not started
     * @throws IllegalStateException if {@code body} is not a lambda or method reference rewritten by
     *     jcoro
     */
    public static <T> Generator<T> of(Body body) {
        if (body instanceof GeneratorSupplier) {
            @SuppressWarnings("unchecked")
            Generator<T> generator = (Generator<T>) ((GeneratorSupplier) body).get();
            return generator;
        }
        throw new IllegalStateException("Generator.of(" + body.getClass().getName() + "): expected a lambda"
                + " that jcoro rewrote into a generator, but this body was not instrumented: write the"
                + " lambda or method reference in the call, in a class the agent or the processor"
                + " instruments, rather than another Body implementation");
    }

    /**
     * Returns a finished generator whose result is {@code value}. A generator body that ends with
     * {@code return Generator.returning(value);} finishes, and {@code value} becomes the result of
     * the {@link Co#yieldAll(Generator) Co.yieldAll} that delegated to it (as Python's {@code
     * return value} in a generator becomes the value of {@code yield from}).
     *
     * @param value the result; may be {@code null}
     * @param <T> the element type
     * @return a finished generator carrying {@code value}
     */
    public static <T> Generator<T> returning(Object value) {
        return GeneratorFrame.returning(value);
    }

    /**
     * Tells whether the generator yields another value, running its body up to the next {@code
     * Co.yield} if needed and keeping that value for {@link #next()}.
     *
     * @return {@code true} if {@link #next()} will return a value
     * @throws IllegalStateException if called from the generator's own body
     */
    @Override
    public abstract boolean hasNext();

    /**
     * Returns the next value: the one kept by {@link #hasNext()}, or else runs the body to its next
     * {@code Co.yield} (which then returns {@code null} inside the body).
     *
     * @return the next yielded value, possibly {@code null}
     * @throws NoSuchElementException if the body finished without yielding
     * @throws IllegalStateException if called from the generator's own body
     */
    @Override
    public abstract T next();

    /**
     * Resumes the body with {@code value} as the result of its pending {@code Co.yield} and returns
     * the next value it yields, as Python's {@code generator.send}. {@code send(null)} is {@link
     * #next()}, and may start a generator.
     *
     * @param value the value {@code Co.yield} returns inside the body
     * @return the next yielded value
     * @throws NoSuchElementException if the body finished without yielding again
     * @throws IllegalStateException if {@code value} is not {@code null} and the generator has not
     *     started yet (there is no pending yield to receive it), or {@link #hasNext()} holds a value
     *     not yet taken by {@link #next()}
     */
    public abstract T send(Object value);

    /**
     * Raises {@code throwable} at the pending {@code Co.yield} and returns the next value the body
     * yields (for instance from a {@code catch} block). If the body does not catch it, the very same
     * instance is thrown to the caller and the generator is finished. A generator that has not
     * started is finished without running and {@code throwable} is thrown; so it is on a finished
     * generator.
     *
     * @param throwable what to raise inside the body
     * @return the next yielded value
     * @throws NoSuchElementException if the body finished without yielding again
     */
    public abstract T throwInto(Throwable throwable);

    /**
     * Finishes the generator, running the body's pending {@code finally} blocks: a {@link
     * GeneratorExit} is raised at the pending {@code Co.yield}. Does nothing if the generator has not
     * started or has finished.
     *
     * @throws IllegalStateException if the body yields again while closing ("generator ignored
     *     close"), or if called from the generator's own body
     * @throws RuntimeException (or any throwable) thrown by a {@code finally} block while closing
     */
    @Override
    public abstract void close();

    /**
     * Returns this generator, once: a generator is a single-use {@link Iterable}, so that {@code
     * for (T x : generator)} works.
     *
     * @return this generator
     * @throws IllegalStateException on a second call, or after {@link #stream()}
     */
    @Override
    public abstract Iterator<T> iterator();

    /**
     * Returns a sequential, ordered stream of the remaining values. The stream is lazy: the body runs
     * as the stream pulls. Closing the stream closes the generator. Counts as the single use, like
     * {@link #iterator()}.
     *
     * @return a stream over the values yet to come
     */
    public Stream<T> stream() {
        Iterator<T> iterator = iterator();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false)
                .onClose(this::close);
    }
}
