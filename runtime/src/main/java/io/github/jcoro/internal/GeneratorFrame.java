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

    /** {@link #label} once the body has returned another generator, which yields in its place. */
    static final int DELEGATING = Integer.MAX_VALUE;

    /** What {@link #advanceAsDelegate} returns when the delegate has finished. */
    private static final Object FINISHED = new Object();

    /**
     * What a resumed helper's body (or resume bridge) returns when it suspended because a helper it
     * called suspended, or at a {@code Co.yieldAll}: the generator holds what to hand out. Any other
     * value it returns while suspended is what it yields or waits on itself. Read by woven code; the
     * driver tells the two cases apart by the frames, not by this reference ({@link #suspendedAgain}).
     */
    public static final Object DEEPER = new Object();

    /** A bit of {@link #flags}: {@code iterator()} or {@code stream()} was called. */
    private static final byte ITERATED = 1;

    /** A bit of {@link #flags}: the body has finished by returning {@link #link}, which yields in its place. */
    private static final byte TAIL = 2;

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

    /** {@link #ITERATED} and {@link #TAIL}, packed so that the fixed part of a frame stays at 40 bytes. */
    private byte flags;

    /**
     * Whether this is the frame of an async task's method, driven by an {@link AsyncTask} rather
     * than as a generator. Set once, before the body first runs.
     */
    boolean task;

    /**
     * For a task's frame: set once the task was cancelled (see {@link AsyncTask#cancel}). Kept here,
     * in the frame's padding, so that a task object stays at 32 bytes.
     */
    volatile boolean cancelRequested;

    /** Whether {@link #buffered} holds a value that {@code hasNext()} kept for {@code next()}. */
    private boolean kept;

    /**
     * The value kept by {@code hasNext()} (when {@link #kept}); during a step, the value a helper
     * yielded, until the driver hands it out; {@code null} otherwise. A helper's yield is one
     * reference store here and the driver's hand-out one store of {@code null}, which needs no
     * GC post-write barrier; a sentinel other than {@code null} would cost a full barrier per yield.
     */
    private Object buffered;

    Resumer resumer;

    /** The innermost suspended helper frame, or {@code null} when the body itself is innermost. */
    HelperFrame innermost;

    /**
     * While delegating ({@code Co.yieldAll}, or a tail returned by the body): the generator
     * delegated to. Once finished: the generator's result value ({@code Generator.returning}), or
     * the future a task's body returned. For a suspended task, between its wake-up and its next
     * step: the completed future it resumes with (see {@link AsyncTask}).
     */
    Object link;

    /**
     * @param resumer the entry into the method's body, or {@code null} for the empty generator
     */
    protected GeneratorFrame(Resumer resumer) {
        this.resumer = resumer;
        if (DebugRegistry.ENABLED && resumer != null) {
            DebugRegistry.created(this, resumer);
        }
        if (FlightRecorderSwitch.ENABLED && resumer != null) {
            FlightRecorderEvents.created(this, resumer);
        }
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
     * generator, i.e. it was called from a coroutine body rather than from plain code. An
     * activation that has a frame has suspended before, so it passed this check then and only the
     * frame is tested: a resumed helper pays one null test, which the JIT shares with {@code orNew}.
     *
     * @param frame the activation's frame, or {@code null} before its first suspension
     * @param generator the generator passed down to the helper, or {@code null}
     * @param helper the helper, as {@code Class.method(descriptor)}
     */
    public static void requireGenerator(HelperFrame frame, GeneratorFrame<?> generator, String helper) {
        if (frame != null) {
            return;
        }
        if (generator == null) {
            throw calledFromPlainCode(helper);
        }
        if (generator.task) {
            throw new IllegalStateException("the @Coroutine helper " + helper + " tried to yield, but it was"
                    + " called from an async task, not from a generator: an async task waits with"
                    + " Co.await, Co.sleep or Co.pause; only a generator yields values");
        }
    }

    /**
     * For woven code at a {@code Co.await}, {@code Co.sleep} or {@code Co.pause} inside a helper:
     * fails unless the helper runs inside an async task. As {@link #requireGenerator}, an
     * activation that has a frame passed the check at its first suspension.
     *
     * @param frame the activation's frame, or {@code null} before its first suspension
     * @param coroutine the coroutine passed down to the helper, or {@code null}
     * @param helper the helper, as {@code Class.method(descriptor)}
     */
    public static void requireTask(HelperFrame frame, GeneratorFrame<?> coroutine, String helper) {
        if (frame != null) {
            return;
        }
        if (coroutine == null) {
            throw calledFromPlainCode(helper);
        }
        if (!coroutine.task) {
            throw new IllegalStateException("the @Coroutine helper " + helper + " tried to await, but it was"
                    + " called from a generator, not from an async task: a generator cannot wait for a"
                    + " future; make the caller a @Coroutine method returning CompletableFuture");
        }
    }

    private static IllegalStateException calledFromPlainCode(String helper) {
        return new IllegalStateException("the @Coroutine helper " + helper + " tried to suspend, but it"
                + " was called from plain code, not from a coroutine: a helper may suspend only when"
                + " called (directly or through other helpers) from a @Coroutine method's body");
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
     * For woven code in a helper whose body returns {@code Object} (a {@code void} or reference
     * helper), through its frame shape's {@code orFirst}: the activation, called directly and never
     * suspended before, suspends for the first time on {@code value} (what it yields, or the future
     * it waits on) into its new {@code frame}. Its callers on the Java stack must save themselves, so
     * the value is kept here and the unwinding starts. An activation that has a frame already was
     * resumed by the driver ({@link #stepNested}, or {@link #returnedFrom}, which makes it the
     * innermost first): it does not come here, and the driver takes {@code value} from its body's
     * return, so that suspending again costs one null test, no call and no stored reference (no GC
     * write barrier).
     *
     * @param frame the activation's new frame; its slots and label are stored after this returns
     * @param value the yielded value, or what the activation waits on
     * @param helper for a {@code Co.yield}, the helper as {@code Class.method(descriptor)}, checked
     *     to run inside a generator as {@link #requireGenerator} does; {@code null} for a wait, whose
     *     {@link #requireTask} has run before the future was evaluated
     * @param <F> the frame's shape
     * @return {@code frame}
     */
    public static <F extends HelperFrame> F suspendFirst(F frame, Object value, String helper) {
        GeneratorFrame<?> generator = frame.generator;
        if (helper != null) {
            requireGenerator(null, generator, helper);
        }
        generator.buffered = value;
        generator.innermost = frame;
        generator.unwinding = frame;
        return frame;
    }

    /**
     * For woven code in a helper that returns a primitive, whose body keeps its type: the
     * activation suspends on {@code value}, which is always kept here, and the resume bridge hands it
     * out ({@link #handOut}); if the activation was called directly (its frame has no caller yet),
     * it becomes the innermost and the unwinding starts, as in {@link #suspendFirst}.
     *
     * @param frame the helper's frame, with its label and slots already stored
     * @param value the yielded value, or what the activation waits on
     */
    public final void suspendInKeeping(HelperFrame frame, Object value) {
        buffered = value;
        if (frame.caller == null) {
            innermost = frame;
            unwinding = frame;
        }
    }

    /**
     * For the resume bridge of a helper that returns a primitive, once its body suspended: what the
     * driver takes from the bridge. If the activation suspended itself (it is still the innermost
     * and delegates to nothing), that is the value it kept here; if a helper it called suspended, or
     * it delegates, {@link #DEEPER}.
     *
     * @param frame the helper's frame
     * @return the value the activation yields or waits on, or {@link #DEEPER}
     */
    public static Object handOut(HelperFrame frame) {
        GeneratorFrame<?> generator = frame.generator;
        if (generator.innermost != frame || generator.link != null) {
            return DEEPER;
        }
        Object value = generator.buffered;
        generator.buffered = null;
        return value;
    }

    /**
     * For woven code at a {@code Co.yieldAll(inner)} in the generator's body: the body has saved
     * itself; {@code inner} yields in its place until it finishes.
     *
     * @param inner the generator delegated to
     */
    public final void delegateTo(Generator<?> inner) {
        requireDelegate(inner);
        link = inner;
    }

    /**
     * For woven code at a {@code Co.yieldAll(inner)} in a helper, before the activation makes its
     * frame (and in {@link #delegateTo}): {@code inner} must be a generator.
     *
     * @param inner the generator to delegate to
     * @throws NullPointerException if {@code inner} is {@code null}
     */
    public static void requireDelegate(Generator<?> inner) {
        Objects.requireNonNull(inner, "Co.yieldAll(null): expected a generator to delegate to");
    }

    /**
     * For woven code at a {@code Co.yieldAll(inner)} in a helper: as {@link #suspendInKeeping}, but
     * {@code inner} yields the values.
     *
     * @param frame the helper's frame, with its label and slots already stored
     * @param inner the generator delegated to
     */
    public final void suspendDelegating(HelperFrame frame, Generator<?> inner) {
        delegateTo(inner);
        if (frame.caller == null) {
            innermost = frame;
            unwinding = frame;
        }
    }

    /**
     * The result of a finished generator: the value of the {@code Generator.returning(value)} its
     * body returned, else {@code null}.
     *
     * @return the result, or {@code null}
     */
    public final Object result() {
        return label == DONE ? link : null;
    }

    /**
     * A finished generator whose result is {@code value}: what {@code Generator.returning} makes.
     *
     * @param value the result
     * @param <T> the element type
     * @return the finished generator
     */
    public static <T> Generator<T> returning(Object value) {
        GeneratorFrame<Object> done = new GeneratorFrames.L0R0(null);
        done.label = DONE;
        done.link = value;
        @SuppressWarnings("unchecked")
        Generator<T> generator = (Generator<T>) (Generator<?>) done;
        return generator;
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
        if (kept) {
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
        if (finishedByStep()) {
            return false;
        }
        buffered = value;
        kept = true;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final T next() {
        if (kept) {
            return (T) takeKept();
        }
        int from = label;
        if (from < 0) {
            if (from == RUNNING) {
                throw running("next()");
            }
            throw new NoSuchElementException("the generator has finished");
        }
        Object value = step(from, null, null);
        if (finishedByStep()) {
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
        if (kept) {
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
        if (finishedByStep()) {
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
        dropKept();
        if (from <= 0) {
            finish();
            throw GeneratorFrame.<RuntimeException>sneaky(throwable);
        }
        Object result = step(from, null, throwable);
        if (finishedByStep()) {
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
        dropKept();
        if (from == DONE) {
            return;
        }
        if (from == 0) {
            finish();
            return;
        }
        Throwable signal = new GeneratorExit();
        if (link != null) {
            // Close the generator delegated to first; then raise GeneratorExit (or what its
            // closing threw) at the pending Co.yieldAll, as Python's close() does.
            Generator<?> inner = (Generator<?>) link;
            link = null;
            // Running meanwhile: code of the inner generator's cleanup that drives this one again
            // (next(), close(), ...) is refused, instead of resuming the frame being closed.
            label = RUNNING;
            try {
                inner.close();
            } catch (Throwable t) {
                signal = t;
            } finally {
                label = from;
            }
            if ((flags & TAIL) != 0) {
                finish();
                if (!(signal instanceof GeneratorExit)) {
                    throw GeneratorFrame.<RuntimeException>sneaky(signal);
                }
                return;
            }
        }
        Object value;
        try {
            value = step(from, null, signal);
        } catch (GeneratorExit e) {
            if (e == signal) {
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
            if ((flags & ITERATED) != 0) {
                throw new IllegalStateException("a generator is single use: iterator() or stream() was"
                        + " already called on it; call the @Coroutine method again for a fresh one");
            }
            flags |= ITERATED;
        }
        return this;
    }

    private Object step(int from, Object sent, Throwable thrown) {
        if (DebugRegistry.ENABLED && from == 0) {
            DebugRegistry.started(this);
        }
        if (FlightRecorderSwitch.ENABLED) {
            return recordedStep(from, sent, thrown);
        }
        if (link != null) {
            return forward(sent, thrown);
        }
        if (innermost != null) {
            return stepNested(from, sent, thrown);
        }
        return resumeBody(from, sent, thrown);
    }

    /** {@link #step} with JFR events: resumed, then suspended unless it finished. */
    private Object recordedStep(int from, Object sent, Throwable thrown) {
        Object step = FlightRecorderEvents.resumed(this);
        Object value;
        if (link != null) {
            value = forward(sent, thrown);
        } else if (innermost != null) {
            value = stepNested(from, sent, thrown);
        } else {
            value = resumeBody(from, sent, thrown);
        }
        if (step != null && label != DONE) {
            FlightRecorderEvents.suspended(step, this, value);
        }
        return value;
    }

    /** Resumes the generator's own body; it is the innermost frame. */
    private Object resumeBody(int from, Object sent, Throwable thrown) {
        label = RUNNING;
        Object result;
        try {
            result = resumer.resume(this, from, sent, thrown);
        } catch (Throwable t) {
            if (StackTraceRecovery.ENABLED) {
                StackTraceRecovery.escaped(t, this, this, from);
            }
            finish();
            throw t;
        }
        if (label == RUNNING) {
            return end(result);
        }
        if (innermost != null || link != null) {
            return suspendedDeeper();
        }
        return result;
    }

    /** The body or a helper suspended in a helper or at a {@code Co.yieldAll}: the value to hand out. */
    private Object suspendedDeeper() {
        if (link != null) {
            return forward(null, null);
        }
        Object value = buffered;
        buffered = null;
        return value;
    }

    /**
     * The resumed helper {@code frame} suspended again, and its resume bridge returned {@code
     * returned}: what it yields or waits on itself, unless a helper it called suspended (that
     * helper's frame is now the innermost) or it delegates (the generator has a link), when the
     * generator holds the rest and {@code returned} is {@link #DEEPER}. The test is on the frames,
     * never on the returned reference: comparing it would keep the JIT from eliminating the box of a
     * primitive value that the body yields and the caller of {@code next()} unboxes.
     */
    private Object suspendedAgain(HelperFrame frame, Object returned) {
        return innermost != frame || link != null ? suspendedDeeper() : returned;
    }

    /**
     * Resumes the innermost helper frame directly (its callers stay suspended, so the cost does
     * not grow with the depth); when a frame returns or throws, resumes its caller with the result
     * or the exception, up to the body.
     */
    private Object stepNested(int bodyLabel, Object sent, Throwable thrown) {
        HelperFrame frame = innermost;
        int at = frame.label;
        // While a helper runs, the generator's label is RUNNING, as while its body runs: a call
        // that would step it again from inside (next(), close(), ...) is refused before it gets
        // here, naming itself. The frame keeps its label: if the helper returns, its woven code
        // marks the frame RETURNED; if it suspends again, it stores its new label.
        label = RUNNING;
        Object result;
        try {
            result = frame.resumer.resume(frame, at, sent, thrown);
        } catch (Throwable t) {
            if (StackTraceRecovery.ENABLED) {
                StackTraceRecovery.escaped(t, this, frame, bodyLabel);
            }
            return returnedFrom(frame, bodyLabel, null, t);
        }
        if (frame.label != HelperFrame.RETURNED) {
            label = bodyLabel;
            return suspendedAgain(frame, result);
        }
        return returnedFrom(frame, bodyLabel, result, null);
    }

    /**
     * A resumed helper frame returned {@code result} or threw {@code failure}: resumes its caller
     * with it, and so on outward until a frame suspends again or the body is reached.
     */
    private Object returnedFrom(HelperFrame frame, int bodyLabel, Object result, Throwable failure) {
        label = RUNNING;
        while (true) {
            Object caller = frame.caller;
            frame.caller = null;
            if (caller == this) {
                innermost = null;
                return resumeBody(bodyLabel, result, failure);
            }
            frame = (HelperFrame) caller;
            innermost = frame;
            int at = frame.label;
            Object sent = result;
            Throwable thrown = failure;
            result = null;
            failure = null;
            try {
                result = frame.resumer.resume(frame, at, sent, thrown);
            } catch (Throwable t) {
                if (StackTraceRecovery.ENABLED) {
                    StackTraceRecovery.escaped(t, this, frame, bodyLabel);
                }
                failure = t;
            }
            if (failure == null && frame.label != HelperFrame.RETURNED) {
                label = bodyLabel;
                return suspendedAgain(frame, result);
            }
        }
    }

    /**
     * Steps the generator delegated to; when it finishes, resumes the frame suspended at its
     * {@code Co.yieldAll} with its result (or raises what it threw there), or, for a tail, finishes
     * this generator with it.
     */
    private Object forward(Object sent, Throwable thrown) {
        Generator<?> inner = (Generator<?>) link;
        int suspendedAt = label;
        label = RUNNING;
        Object value;
        Throwable failure = null;
        try {
            value = advance(inner, sent, thrown);
        } catch (Throwable t) {
            if (StackTraceRecovery.ENABLED) {
                StackTraceRecovery.delegateFailed(t, this, suspendedAt, (flags & TAIL) != 0);
            }
            value = FINISHED;
            failure = t;
        }
        label = suspendedAt;
        if (value != FINISHED) {
            if (inner instanceof GeneratorFrame) {
                GeneratorFrame<?> frame = (GeneratorFrame<?>) inner;
                if ((frame.flags & TAIL) != 0 && frame.link != null) {
                    link = frame.link; // keep a chain of tails flat: skip the finished middle one
                }
            }
            return value;
        }
        link = null;
        Object result =
                failure == null && inner instanceof GeneratorFrame ? ((GeneratorFrame<?>) inner).result() : null;
        if ((flags & TAIL) != 0) {
            finish();
            if (failure != null) {
                throw GeneratorFrame.<RuntimeException>sneaky(failure);
            }
            link = result;
            return null;
        }
        return step(suspendedAt, result, failure);
    }

    /** One step of a generator delegated to: its next value, or {@link #FINISHED}. */
    private static Object advance(Generator<?> inner, Object sent, Throwable thrown) {
        if (inner instanceof GeneratorFrame) {
            return ((GeneratorFrame<?>) inner).advanceAsDelegate(sent, thrown);
        }
        try {
            if (thrown != null) {
                return inner.throwInto(thrown);
            }
            if (sent != null) {
                return inner.send(sent);
            }
            return inner.hasNext() ? inner.next() : FINISHED;
        } catch (NoSuchElementException e) {
            return FINISHED;
        }
    }

    private Object advanceAsDelegate(Object sent, Throwable thrown) {
        int from = label;
        if (from == RUNNING) {
            throw running("Co.yieldAll()");
        }
        if (kept) {
            Object value = takeKept();
            if (sent == null && thrown == null) {
                return value;
            }
        }
        if (from == DONE) {
            if (thrown != null) {
                throw GeneratorFrame.<RuntimeException>sneaky(thrown);
            }
            return FINISHED;
        }
        if (from == 0 && thrown != null) {
            finish();
            throw GeneratorFrame.<RuntimeException>sneaky(thrown);
        }
        Object value = step(from, sent, thrown);
        return finishedByStep() ? FINISHED : value;
    }

    /**
     * For {@link AsyncTask}: runs the task's body (or its innermost helper) from where it is
     * suspended until it suspends again, and returns what it waits for; once the body has returned,
     * {@link #label} is {@link #DONE} and {@link #result()} is the future it returned.
     */
    final Object resumeTask(Object sent, Throwable thrown) {
        return step(label, sent, thrown);
    }

    /** The body returned {@code returned}: finish, or go on with the tail it returned. */
    private Object end(Object returned) {
        if (task) {
            finish();
            link = returned;
            return null;
        }
        if (returned == EMPTY) {
            finish();
            return null;
        }
        if (returned == null) {
            finish();
            throw new IllegalStateException("a generator body returned null; end it with `return Generator.empty();`");
        }
        GeneratorFrame<?> frame = returned instanceof GeneratorFrame ? (GeneratorFrame<?>) returned : null;
        if (frame != null && frame.label == DONE) {
            Object result = frame.result();
            finish();
            link = result;
            return null;
        }
        // Tail delegation: the returned generator yields in this one's place, and this one's frame
        // is dropped now, so a chain of tails never holds more than one body.
        resumer = null;
        clearSlots();
        flags |= TAIL;
        label = DELEGATING;
        link = returned;
        return forward(null, null);
    }

    private void finish() {
        if (DebugRegistry.ENABLED) {
            DebugRegistry.finished(this);
        }
        if (FlightRecorderSwitch.ENABLED) {
            FlightRecorderEvents.completed(this);
        }
        label = DONE;
        resumer = null;
        buffered = null;
        kept = false;
        innermost = null;
        unwinding = null;
        link = null;
        flags &= ~TAIL;
        clearSlots();
    }

    /**
     * After a step: whether the body finished (the label is {@link #DONE}) rather than suspended
     * (the label is a suspension point, above 0). Tests the sign, not {@code DONE}: when a helper
     * suspended again, the label is the body's label from before the step, which the caller has
     * already tested for {@code < 0}, and the JIT folds the repeated test away.
     */
    private boolean finishedByStep() {
        return label < 0;
    }

    /** Takes the value {@code hasNext()} kept. */
    private Object takeKept() {
        Object value = buffered;
        buffered = null;
        kept = false;
        return value;
    }

    /** Forgets the value {@code hasNext()} kept, if any. */
    private void dropKept() {
        if (kept) {
            takeKept();
        }
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
