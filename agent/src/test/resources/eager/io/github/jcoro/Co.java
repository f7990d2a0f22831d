package io.github.jcoro;

import io.github.jcoro.instrument.fixture.Trace;
import io.github.jcoro.internal.GeneratorFrame;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The eager reference of the fixture corpus: the same public signature as the runtime's Co, but
 * Co.yield does not suspend. It records "yield v" in the trace and returns the value the driver of
 * the instrumented run sends at that point (null by default, see Trace.reply). Fixture classes are
 * run un-instrumented against this class in a class loader of their own.
 *
 * <p>Co.yieldAll: un-instrumented, calling a @Coroutine generator method runs its whole body at
 * once (its yields are recorded then) and returns what the body returned: Generator.empty(), a
 * Generator.returning(v), or a finished tail. So by the time Co.yieldAll(inner()) runs, the inner's
 * yields are already in the trace, and yieldAll only hands back the inner's result. The ordering
 * matches the instrumented run only when nothing observable happens between creating the inner
 * generator and the Co.yieldAll: write the call in the yieldAll's argument. A generator that has
 * not finished (for instance a hand-written Generator subclass) is driven here as the runtime's
 * driver drives a delegate: each of its values is recorded as a yield, and the reply of that yield
 * is passed on with send (or hasNext/next when the reply is null).
 */
public final class Co {
    private Co() {}

    @SuppressWarnings("unchecked")
    public static <R> R yield(Object value) {
        return (R) Trace.eagerYield(value);
    }

    @SuppressWarnings("unchecked")
    public static <R> R yieldAll(Generator<?> inner) {
        Objects.requireNonNull(inner, "Co.yieldAll(null): expected a generator to delegate to");
        if (!finished(inner)) {
            Object sent = null;
            try {
                while (true) {
                    Object value;
                    if (sent != null) {
                        value = inner.send(sent);
                    } else if (inner.hasNext()) {
                        value = inner.next();
                    } else {
                        break;
                    }
                    sent = Trace.eagerYield(value);
                }
            } catch (NoSuchElementException e) {
                // the inner generator finished
            }
        }
        return inner instanceof GeneratorFrame ? (R) ((GeneratorFrame<?>) inner).result() : null;
    }

    /** Waits for the future by {@code join()}, raising its failure unwrapped, as the runtime's await does. */
    @SuppressWarnings("unchecked")
    public static <T> T await(CompletionStage<T> future) {
        if (future == null) {
            throw new NullPointerException("Co.await(null): expected a CompletionStage to wait for");
        }
        try {
            return future.toCompletableFuture().join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            throw Co.<RuntimeException>sneaky(io.github.jcoro.internal.AsyncTask.unwrap(e));
        }
    }

    /** Waits by {@code get(timeout)}; the eager reference has no loop clock, so this is real time. */
    public static <T> T await(CompletionStage<T> future, Duration timeout) {
        try {
            return future.toCompletableFuture().get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TaskTimeoutException("an await with a timeout of " + timeout, timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            throw Co.<RuntimeException>sneaky(e.getCause());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Nothing to wait for in a run that never suspends. */
    public static void sleep(Duration duration) {
        Objects.requireNonNull(duration);
    }

    /** Nothing else runs in the eager reference. */
    public static void pause() {}

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable throwable) throws X {
        throw (X) throwable;
    }

    private static boolean finished(Generator<?> inner) {
        return inner instanceof GeneratorFrame && ((GeneratorFrame<?>) inner).label == GeneratorFrame.DONE;
    }
}
