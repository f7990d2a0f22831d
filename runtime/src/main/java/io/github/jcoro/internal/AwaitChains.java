package io.github.jcoro.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The awaiting tasks in a failure's stack trace: when a task's failure resumes a task suspended at
 * {@code Co.await}, the awaiting task's frames go into the same exception's trace, after the frames
 * of the task that threw it (and after the frames of each task it reached before), marked by {@link
 * #AWAITED}; so a chain {@code a} awaits {@code b} awaits {@code c} reads c, b, a, as a synchronous
 * call would:
 *
 * <pre>
 *   the frames of c, with its suspended callers
 *   io.github.jcoro.Coroutine boundary(awaited by the task below)
 *   b at its Co.await, and its suspended callers
 *   io.github.jcoro.Coroutine boundary(awaited by the task below)
 *   a at its Co.await, and its suspended callers
 *   the frames that ran c (AsyncTask.run, the event loop...)
 * </pre>
 *
 * The exception is not copied or wrapped: it keeps its type, so {@code catch} clauses work as
 * before, its identity (the task's future and every awaiter hold the same object), its cause and its
 * suppressed exceptions. Only the first task that awaits a failure adds its frames, and then only a
 * task that awaits <em>that</em> task (after the failure went through it): a failure awaited by two
 * tasks shows the first, and never a chain that did not happen. A failure not thrown in a task (a
 * future completed with an exception by plain code) gets the awaiting frames at the end of its trace.
 *
 * <p>A {@code Co.await} of a future that has failed already throws the failure at once, without
 * suspending ({@link #thrownAtAwait}); the awaiting frames are taken when the failure leaves the
 * resumed frame ({@link #leftFrame}), with the resumed frame's suspended callers. A failure the
 * awaiting code catches before that keeps its trace.
 *
 * <p>What each failure's chain has reached is kept in a small ring of weak records (the last {@link
 * #RING_SIZE} failures awaited); a failure whose record was dropped, and that was awaited already,
 * is left as it is. At most {@link #MAX_LINKS} tasks are added to one trace.
 *
 * <p>Thread-safe: every method that reads or changes the records holds the class's lock. Not for
 * users.
 */
final class AwaitChains {
    /**
     * The element before an awaiting task's frames: printed {@code at io.github.jcoro.Coroutine
     * boundary(awaited by the task below)}.
     */
    static final StackTraceElement AWAITED =
            new StackTraceElement("io.github.jcoro", "Coroutine boundary", "awaited by the task below", -1);

    private static final int RING_SIZE = 64;
    private static final int MAX_LINKS = 16;

    private static final Chain[] RING = new Chain[RING_SIZE];
    private static int next;

    /**
     * How many chains hold a {@code pendingStack}: while none does, {@link #leftFrame} returns
     * without taking the lock (it runs for every exception that leaves a resumed frame).
     */
    private static volatile int pending;

    private AwaitChains() {}

    /** What the chain of one failure has reached. */
    private static final class Chain {
        final WeakReference<Throwable> failure;
        /** The task whose frames were added last, once known. */
        WeakReference<Object> holderTask;
        /** That task's frame, until its task is known (an await of a failed future). */
        WeakReference<GeneratorFrame<?>> holderFrame;
        /** Where the next awaiting task's frames go. */
        int insertAt;
        /** The trace's length after the last change made here; if it differs, someone else changed it. */
        int length;
        /** How many tasks were added. */
        int links;
        /** An await of a failed future: the stack below {@code poll}, until the failure leaves the frame. */
        StackTraceElement[] pendingStack;

        Chain(Throwable failure) {
            this.failure = new WeakReference<>(failure);
        }

        boolean heldBy(Object awaited) {
            Object holder = holderTask == null ? null : holderTask.get();
            return awaited != null && holder == awaited;
        }
    }

    /**
     * A task suspended at {@code Co.await} is resumed with {@code failure}, the failure of {@code
     * awaited}: adds the task's frames, if it is the first to await the failure or if it awaited the
     * task that last got them.
     *
     * @param failure the failure, unwrapped
     * @param task the awaiting task
     * @param body its frame, still suspended
     * @param awaited the future it awaited, or {@code null} if not known
     */
    static synchronized void resumedWith(Throwable failure, AsyncTask<?> task, GeneratorFrame<?> body, Object awaited) {
        StackTraceElement[] trace = failure.getStackTrace();
        Chain chain = admit(failure, trace, awaited);
        if (chain == null) {
            return;
        }
        List<StackTraceElement> group = new ArrayList<>();
        group.add(AWAITED);
        group.addAll(
                StackTraceRecovery.suspendedFrames(body, body.innermost != null ? body.innermost : body, body.label));
        insert(failure, trace, chain, group);
        chain.holderTask = new WeakReference<>(task);
        chain.holderFrame = new WeakReference<>(body);
        setPending(chain, null);
    }

    /**
     * {@code Co.await} of {@code awaited}, a future that has failed already, is about to throw
     * {@code failure} (called from {@code AsyncTask.poll}): unless the failure was thrown during this
     * call of the awaiting method (a task it started failed before suspending; its trace holds the
     * awaiting frames already), notes the stack at the await, for {@link #leftFrame}.
     *
     * @param failure the failure, unwrapped
     * @param awaited the future
     */
    static synchronized void thrownAtAwait(Throwable failure, Object awaited) {
        StackTraceElement[] trace = failure.getStackTrace();
        if (trace.length == 0) {
            return;
        }
        StackTraceElement[] here = StackTraceRecovery.currentStack(); // poll, then the awaiting frame
        if (here.length < 2) {
            return;
        }
        StackTraceElement[] awaiting = new StackTraceElement[here.length - 1];
        System.arraycopy(here, 1, awaiting, 0, awaiting.length);
        if (StackTraceRecovery.catchingIndex(trace, awaiting) >= 0) {
            return;
        }
        Chain chain = admit(failure, trace, awaited);
        if (chain != null) {
            setPending(chain, awaiting);
        }
    }

    /**
     * {@code failure} left a resumed frame: if it was thrown at an await of a failed future during
     * this resume ({@link #thrownAtAwait}), adds the awaiting frames (those on the stack at the await,
     * then the resumed frame's suspended callers).
     *
     * @param failure the failure
     * @param left the frame it left
     */
    static void leftFrame(Throwable failure, StackTraceRecovery.Left left) {
        if (pending == 0) {
            return;
        }
        synchronized (AwaitChains.class) {
            completeAwait(failure, left);
        }
    }

    private static void completeAwait(Throwable failure, StackTraceRecovery.Left left) {
        Chain chain = find(failure);
        if (chain == null || chain.pendingStack == null) {
            return;
        }
        int[] split = left.split(chain.pendingStack);
        if (split == null) {
            return; // awaited in another activation: not this frame's to complete
        }
        StackTraceElement[] awaiting = chain.pendingStack;
        setPending(chain, null);
        StackTraceElement[] trace = failure.getStackTrace();
        if (trace.length != chain.length) {
            return; // rewritten since the await (it was thrown during this resume after all)
        }
        List<StackTraceElement> group = new ArrayList<>();
        group.add(AWAITED);
        for (int i = 0; i < split[0]; i++) {
            group.add(awaiting[i]);
        }
        List<StackTraceElement> callers = left.callers();
        if (!callers.isEmpty()) {
            group.add(StackTraceRecovery.BOUNDARY);
            group.addAll(callers);
        }
        insert(failure, trace, chain, group);
        chain.holderTask = null;
        chain.holderFrame = new WeakReference<>(left.generator);
    }

    /**
     * The task running {@code body} completes with {@code failure}: if its frames were the last
     * added to the failure's trace, the task is what a later awaiter must have awaited.
     *
     * @param failure what the body threw
     * @param task the task
     * @param body its frame
     */
    static synchronized void taskFailed(Throwable failure, AsyncTask<?> task, GeneratorFrame<?> body) {
        Chain chain = find(failure);
        if (chain != null && chain.holderFrame != null && chain.holderFrame.get() == body) {
            chain.holderTask = new WeakReference<>(task);
        }
    }

    /**
     * The chain to add an awaiting task to, or {@code null} to leave the failure alone: one that has
     * no stack trace; one awaited before whose record is gone; one already awaited by another task
     * than the one that got it last; one whose trace changed since; one with {@link #MAX_LINKS} tasks.
     */
    private static Chain admit(Throwable failure, StackTraceElement[] trace, Object awaited) {
        if (trace.length == 0) {
            return null;
        }
        Chain chain = find(failure);
        if (chain == null) {
            for (StackTraceElement element : trace) {
                if (element == AWAITED) {
                    return null;
                }
            }
            chain = new Chain(failure);
            chain.insertAt = firstInsertion(trace);
            chain.length = trace.length;
            if (RING[next] != null) {
                setPending(RING[next], null);
            }
            RING[next] = chain;
            next = (next + 1) % RING_SIZE;
            return chain;
        }
        if (chain.length != trace.length || chain.links >= MAX_LINKS) {
            return null;
        }
        if (chain.links > 0 && !chain.heldBy(awaited)) {
            return null;
        }
        return chain;
    }

    /**
     * Where the first awaiting task's frames go: before the entry through which the outermost task
     * on the failure's stack ran (after that task's frames), or at the end when no task ran it.
     */
    private static int firstInsertion(StackTraceElement[] trace) {
        for (int i = trace.length - 1; i >= 0; i--) {
            if (StackTraceRecovery.isTaskEntry(trace[i])) {
                return i;
            }
        }
        return trace.length;
    }

    private static void insert(
            Throwable failure, StackTraceElement[] trace, Chain chain, List<StackTraceElement> group) {
        int at = Math.min(chain.insertAt, trace.length);
        StackTraceElement[] out = new StackTraceElement[trace.length + group.size()];
        System.arraycopy(trace, 0, out, 0, at);
        for (int i = 0; i < group.size(); i++) {
            out[at + i] = group.get(i);
        }
        System.arraycopy(trace, at, out, at + group.size(), trace.length - at);
        failure.setStackTrace(out);
        chain.insertAt = at + group.size();
        chain.length = out.length;
        chain.links++;
    }

    private static void setPending(Chain chain, StackTraceElement[] stack) {
        if ((chain.pendingStack == null) != (stack == null)) {
            pending += stack == null ? -1 : 1;
        }
        chain.pendingStack = stack;
    }

    private static Chain find(Throwable failure) {
        for (Chain chain : RING) {
            if (chain != null && chain.failure.get() == failure) {
                return chain;
            }
        }
        return null;
    }
}
