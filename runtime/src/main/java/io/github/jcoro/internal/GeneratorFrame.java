package io.github.jcoro.internal;

import io.github.jcoro.Generator;
import io.github.jcoro.GeneratorExit;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A generator, which is also the frame of its {@code @Coroutine} method: the saved locals and
 * operand stack of the method live in typed fields of a subclass from {@link GeneratorFrames},
 * chosen by the instrumenter for the method's largest live set. One object per generator, allocated
 * when the method is called; nothing is allocated per yield.
 *
 * <p>The protocol with woven code: the method's synthetic body is reached through {@link Resumer}
 * with the label to resume at; at each suspension the body stores its live values in the slots,
 * writes the suspension's label to {@link #label} and returns the yielded value. A body that
 * returns without writing a label has finished, and its return value is the generator's tail.
 *
 * <p>Not for users.
 */
public abstract class GeneratorFrame<T> extends Generator<T> {
    /** {@link #label} while the body runs. */
    public static final int RUNNING = -1;

    /** {@link #label} once the generator has finished. */
    public static final int DONE = -2;

    /** Marks "no value kept by hasNext()" ({@code null} is a value a generator may yield). */
    private static final Object NONE = new Object();

    private static final GeneratorFrame<Object> EMPTY = new GeneratorFrames.L0R0(null);

    static {
        EMPTY.label = DONE;
    }

    /**
     * Where the body resumes: 0 before it starts, {@code k > 0} while suspended at its {@code k}-th
     * suspension point, {@link #RUNNING} or {@link #DONE}. Written by woven code at each suspension.
     */
    public int label;

    /**
     * While a helper's suspension unwinds through helpers that were called directly (not resumed),
     * the last frame saved so far; each caller checks it after a helper call and saves itself in
     * turn. {@code null} otherwise. Read by woven code.
     */
    public HelperFrame unwinding;

    private boolean iterated;
    private Object buffered = NONE;
    private Resumer resumer;

    /** The innermost suspended helper frame, or {@code null} when the body itself is innermost. */
    private HelperFrame innermost;

    /** The value a helper yielded, until the driver hands it out. */
    private Object yielded;

    /**
     * @param resumer the entry into the method's body, or {@code null} for the empty generator
     */
    protected GeneratorFrame(Resumer resumer) {
        this.resumer = resumer;
    }

    /**
     * The shared, finished generator behind {@link Generator#empty()}.
     *
     * @param <T> the element type
     * @return the empty generator
     */
    @SuppressWarnings("unchecked")
    public static <T> Generator<T> empty() {
        return (Generator<T>) EMPTY;
    }

    /**
     * For the dispatch of woven code: a label that no suspension point of the method has.
     *
     * @param label the label found in the frame
     * @param method the method, as {@code Class.method(descriptor)}
     * @return the error to throw
     */
    public static Error corruptLabel(int label, String method) {
        return new InternalError("jcoro: resume point " + label + " does not exist in " + method
                + "; the class was instrumented twice or by a different jcoro version");
    }

    /**
     * For woven code at a suspension inside a helper: fails unless the helper runs inside a
     * generator, i.e. it was called from a coroutine body rather than from plain code.
     *
     * @param generator the generator passed down to the helper, or {@code null}
     * @param helper the helper, as {@code Class.method(descriptor)}
     */
    public static void requireGenerator(GeneratorFrame<?> generator, String helper) {
        if (generator == null) {
            throw new IllegalStateException("the @Coroutine helper " + helper + " tried to suspend, but it"
                    + " was called from plain code, not from a coroutine: a helper may suspend only when"
                    + " called (directly or through other helpers) from a @Coroutine method's body");
        }
    }

    /**
     * For woven code after a call of a helper: whether the helper suspended, so the caller must
     * save itself and return.
     *
     * @param generator the generator passed down to the caller, or {@code null} in plain code
     * @return whether a suspension is unwinding through the caller
     */
    public static boolean isUnwinding(GeneratorFrame<?> generator) {
        return generator != null && generator.unwinding != null;
    }

    /**
     * For woven code: the helper activation owning {@code frame} yields {@code value}. The frame
     * becomes the innermost; if the activation was called directly (not resumed), its callers on
     * the Java stack must save themselves, so unwinding starts.
     *
     * @param frame the helper's frame, with its label and slots already stored
     * @param value the yielded value
     */
    public final void suspendIn(HelperFrame frame, Object value) {
        innermost = frame;
        yielded = value;
        if (frame.caller == null) {
            unwinding = frame;
        }
    }

    /**
     * For woven code in a helper that called a helper that suspended: links the callee's frame to
     * {@code frame}, which the caller has just saved itself into; the unwinding goes on only if the
     * caller was itself called directly.
     *
     * @param frame the caller's frame
     */
    public final void unwoundThrough(HelperFrame frame) {
        unwinding.caller = frame;
        unwinding = frame.caller == null ? frame : null;
    }

    /**
     * For woven code in the generator's body that called a helper that suspended: the body has
     * saved itself; the unwinding ends here.
     */
    public final void unwoundThroughBody() {
        unwinding.caller = this;
        unwinding = null;
    }

    /** Drops the references the slots hold, once the generator has finished. */
    protected abstract void clearSlots();

    @Override
    public final boolean hasNext() {
        if (buffered != NONE) {
            return true;
        }
        int from = label;
        if (from < 0) {
            if (from == RUNNING) {
                throw running("hasNext()");
            }
            return false;
        }
        Object value = step(from, null, null);
        if (label == DONE) {
            return false;
        }
        buffered = value;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final T next() {
        Object value = buffered;
        if (value != NONE) {
            buffered = NONE;
            return (T) value;
        }
        int from = label;
        if (from < 0) {
            if (from == RUNNING) {
                throw running("next()");
            }
            throw new NoSuchElementException("the generator has finished");
        }
        value = step(from, null, null);
        if (label == DONE) {
            throw new NoSuchElementException("the generator finished without yielding another value");
        }
        return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final T send(Object value) {
        if (value == null) {
            return next();
        }
        if (buffered != NONE) {
            throw new IllegalStateException("send(" + describe(value) + ") while hasNext() holds a"
                    + " yielded value that next() has not taken: the body is not waiting for a value");
        }
        int from = label;
        if (from == 0) {
            throw new IllegalStateException("send(" + describe(value) + ") to a generator that has not"
                    + " started: no Co.yield is pending to receive it; start it with next() or send(null)");
        }
        if (from < 0) {
            if (from == RUNNING) {
                throw running("send()");
            }
            throw new NoSuchElementException("send() to a generator that has finished");
        }
        Object result = step(from, value, null);
        if (label == DONE) {
            throw new NoSuchElementException("the generator finished without yielding another value");
        }
        return (T) result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final T throwInto(Throwable throwable) {
        Objects.requireNonNull(throwable, "throwable");
        int from = label;
        if (from == RUNNING) {
            throw running("throwInto()");
        }
        buffered = NONE;
        if (from <= 0) {
            finish();
            throw GeneratorFrame.<RuntimeException>sneaky(throwable);
        }
        Object result = step(from, null, throwable);
        if (label == DONE) {
            throw new NoSuchElementException("the generator finished without yielding another value");
        }
        return (T) result;
    }

    @Override
    public final void close() {
        int from = label;
        if (from == RUNNING) {
            throw running("close()");
        }
        buffered = NONE;
        if (from == DONE) {
            return;
        }
        if (from == 0) {
            finish();
            return;
        }
        GeneratorExit exit = new GeneratorExit();
        Object value;
        try {
            value = step(from, null, exit);
        } catch (GeneratorExit e) {
            if (e == exit) {
                return;
            }
            throw e;
        }
        if (label != DONE) {
            throw new IllegalStateException("generator ignored close(): it yielded " + describe(value)
                    + " after GeneratorExit was raised at its pending Co.yield; a body must not"
                    + " yield while it is being closed");
        }
    }

    @Override
    public final Iterator<T> iterator() {
        if (this != EMPTY) {
            if (iterated) {
                throw new IllegalStateException("a generator is single use: iterator() or stream() was"
                        + " already called on it; call the @Coroutine method again for a fresh one");
            }
            iterated = true;
        }
        return this;
    }

    private Object step(int from, Object sent, Throwable thrown) {
        if (innermost != null) {
            return stepNested(from, sent, thrown);
        }
        return resumeBody(from, sent, thrown);
    }

    /** Resumes the generator's own body; it is the innermost frame. */
    private Object resumeBody(int from, Object sent, Throwable thrown) {
        label = RUNNING;
        Object result;
        try {
            result = resumer.resume(this, from, sent, thrown);
        } catch (Throwable t) {
            finish();
            throw t;
        }
        if (label == RUNNING) {
            finish();
            end(result);
            return null;
        }
        if (innermost != null) {
            return takeYielded();
        }
        return result;
    }

    /**
     * Resumes the innermost helper frame directly (its callers stay suspended, so the cost does
     * not grow with the depth); when a frame returns or throws, resumes its caller with the result
     * or the exception, up to the body.
     */
    private Object stepNested(int bodyLabel, Object sent, Throwable thrown) {
        label = RUNNING;
        HelperFrame frame = innermost;
        while (true) {
            int at = frame.label;
            frame.label = HelperFrame.RUNNING;
            Object result = null;
            Throwable failure = null;
            try {
                result = frame.resumer.resume(frame, at, sent, thrown);
            } catch (Throwable t) {
                failure = t;
            }
            if (failure == null && frame.label != HelperFrame.RUNNING) {
                label = bodyLabel;
                return takeYielded();
            }
            Object caller = frame.caller;
            frame.caller = null;
            sent = result;
            thrown = failure;
            if (caller == this) {
                innermost = null;
                return resumeBody(bodyLabel, sent, thrown);
            }
            frame = (HelperFrame) caller;
            innermost = frame;
        }
    }

    private Object takeYielded() {
        Object value = yielded;
        yielded = null;
        return value;
    }

    private void end(Object returned) {
        if (returned == EMPTY) {
            return;
        }
        if (returned == null) {
            throw new IllegalStateException("a generator body returned null; end it with `return Generator.empty();`");
        }
        throw new IllegalStateException("a generator body returned another generator (tail"
                + " delegation), which this version of jcoro does not support yet; yield its values"
                + " with a loop instead");
    }

    private void finish() {
        label = DONE;
        resumer = null;
        buffered = NONE;
        innermost = null;
        unwinding = null;
        yielded = null;
        clearSlots();
    }

    private static IllegalStateException running(String what) {
        return new IllegalStateException(
                what + " on a generator that is running: a generator's body cannot drive the generator itself");
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable throwable) throws X {
        throw (X) throwable;
    }
}
