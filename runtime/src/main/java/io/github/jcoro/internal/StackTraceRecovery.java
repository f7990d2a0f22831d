package io.github.jcoro.internal;

import io.github.jcoro.AwaitTrace;
import io.github.jcoro.GeneratorExit;
import java.util.ArrayList;
import java.util.List;

/**
 * Readable stack traces for exceptions thrown inside resumed coroutines. A resume enters only the
 * innermost suspended frame, so an exception thrown there after a resume has a JVM stack trace
 * without the suspended frames that called it (the outer helpers and the body): they were not on the
 * JVM stack. When the driver catches such an exception as it leaves a resumed frame, this puts the
 * missing frames back, as a thread's stack would have shown them:
 *
 * <pre>
 *   the frames of the throwing code (as the JVM recorded them)
 *   io.github.jcoro.Coroutine boundary(suspended callers below)    (see {@link #BOUNDARY})
 *   each suspended caller, innermost first, at the line of its pending call
 *   the frames that resumed the coroutine (Generator.next and its caller, the event loop...)
 * </pre>
 *
 * The driver's own frames between them (step, resume bridges) are dropped: they are the same in
 * every trace and say nothing. The public entry the coroutine was resumed through ({@code next},
 * {@code send}, {@code AsyncTask.run}...) is kept.
 *
 * <p>A trace is rewritten once, where the exception first leaves a resumed frame, and only if the
 * exception was made during this resume, below the frame that caught it: the exception's trace,
 * aligned at the bottom, must be the current thread's stack from the catching driver frame down. So
 * an exception made elsewhere (given to {@code throwInto}, awaited from another task, kept and
 * rethrown later) keeps its trace, and an exception passing through several frames, or rethrown by
 * user code, is not rewritten again. An exception without a stack trace (made with {@code
 * writableStackTrace} false) is left alone, and so is {@link GeneratorExit}, the signal of {@code
 * close()}.
 *
 * <p>For a task that awaits a future that fails, {@link #awaitedBy} adds an {@link AwaitTrace} to the
 * failure's suppressed exceptions: the awaiting task's frames at its {@code Co.await}. For a {@code
 * Co.await} of a future that has failed already, {@link #awaitedFailed} adds one with the stack at
 * the await, whose suspended callers are put back as a failure's are. The failure keeps its
 * identity, type and own trace.
 *
 * <p>On by default; off with {@code -Djcoro.stackTraceRecovery=false}. It runs only on the
 * exceptional path: the driver's calls are in its {@code catch} blocks, behind {@link #ENABLED}, so
 * yield and resume do not change. A rewrite walks the current stack once; a failure whose trace has
 * no catching frame of the driver (rewritten already, or made elsewhere) is passed on after a scan
 * of its trace.
 *
 * <p>Thread-safe (it only reads the suspended frames of the coroutine whose driver calls it). Not
 * for users.
 */
public final class StackTraceRecovery {
    /** Whether recovery is on: unless the system property {@code jcoro.stackTraceRecovery} is {@code false}. */
    public static final boolean ENABLED = enabled();

    /**
     * The element between the frames the JVM recorded and the suspended callers put back: printed
     * {@code at io.github.jcoro.Coroutine boundary(suspended callers below)}. It names no real class
     * or method, so no tool can take it for a frame of code.
     */
    public static final StackTraceElement BOUNDARY =
            new StackTraceElement("io.github.jcoro", "Coroutine boundary", "suspended callers below", -1);

    /** At most this many suspended callers are put into one trace (as the JVM's own default depth). */
    private static final int MAX_FRAMES = 1024;

    /** At most this many {@link AwaitTrace}s are added to one failure (one failed future awaited over and over). */
    private static final int MAX_AWAIT_TRACES = 8;

    private static final String GENERATOR_FRAME = GeneratorFrame.class.getName();
    private static final String ASYNC_TASK = AsyncTask.class.getName();
    private static final String SELF = StackTraceRecovery.class.getName();

    private StackTraceRecovery() {}

    private static boolean enabled() {
        try {
            return !"false".equalsIgnoreCase(System.getProperty("jcoro.stackTraceRecovery"));
        } catch (SecurityException e) {
            return true;
        }
    }

    /**
     * For the driver, when {@code failure} left the resumed frame {@code escaped}: puts {@code
     * escaped}'s suspended callers into the failure's trace, if it was made during this resume.
     * Called from the driver method's {@code catch} block that caught it, directly (the current stack
     * is compared with the failure's from that method down).
     *
     * @param failure what the frame threw
     * @param generator the coroutine
     * @param escaped the frame it left: a {@link HelperFrame}, or {@code generator} for its body
     * @param bodyLabel the label the body is suspended at (if {@code escaped} is a helper)
     * @return {@code failure}, with its trace rewritten or not
     */
    static Throwable escaped(Throwable failure, GeneratorFrame<?> generator, Object escaped, int bodyLabel) {
        if (!worthRecovering(failure)) {
            return failure;
        }
        if (!(escaped instanceof HelperFrame)) {
            return rewrite(failure, generator, null, bodyLabel, null);
        }
        HelperFrame helper = (HelperFrame) escaped;
        Resumers.Site site = Resumers.site(helper.resumer);
        return rewrite(failure, generator, helper.caller, bodyLabel, site == null ? "" : site.className());
    }

    /**
     * For the driver, when a generator delegated to ({@code Co.yieldAll}) threw {@code failure}: puts
     * the frame suspended at the {@code Co.yieldAll} and its callers into the failure's trace, if it
     * was made during this step. Called directly from the {@code catch} block that caught it.
     *
     * @param failure what the generator delegated to threw
     * @param generator the delegating coroutine
     * @param bodyLabel the label its body is suspended at
     * @param bodyFinished whether the body has finished (a tail delegation), so no frame is suspended
     * @return {@code failure}, with its trace rewritten or not
     */
    static Throwable delegateFailed(
            Throwable failure, GeneratorFrame<?> generator, int bodyLabel, boolean bodyFinished) {
        if (!worthRecovering(failure)) {
            return failure;
        }
        Object first = bodyFinished ? null : generator.innermost != null ? generator.innermost : generator;
        return rewrite(failure, generator, first, bodyLabel, null);
    }

    /**
     * For a task resumed with the failure of the future it awaited: adds to {@code failure}'s
     * suppressed exceptions an {@link AwaitTrace} with the task's frames at its {@code Co.await}.
     * Called while the task is still suspended (its frames are in place).
     *
     * @param failure the awaited future's failure, unwrapped
     * @param body the awaiting task's frame
     * @return {@code failure}
     */
    static Throwable awaitedBy(Throwable failure, GeneratorFrame<?> body) {
        if (!worthRecovering(failure) || body == null) {
            return failure;
        }
        if (awaitTraces(failure) >= MAX_AWAIT_TRACES || failure.getStackTrace().length == 0) {
            return failure;
        }
        Object first = body.innermost != null ? body.innermost : body;
        List<StackTraceElement> frames = suspendedFrames(body, first, body.label);
        Resumers.Site site = Resumers.site(body.resumer);
        String task = site == null ? "a task" : "task " + site.className() + "." + site.method();
        failure.addSuppressed(
                new AwaitTrace("awaited by " + task + ", suspended at", frames.toArray(new StackTraceElement[0])));
        return failure;
    }

    /**
     * For {@code Co.await} of a future that has failed already (no suspension: {@link
     * AsyncTask#poll} throws its failure at once): unless the failure was thrown during this call of
     * the awaiting method (a task it started that failed at once; its trace holds the awaiting frames
     * already), adds an {@link AwaitTrace} with the current stack below {@code poll}. If the awaiting
     * frame was resumed, its suspended callers are put into that trace when the failure leaves it, as
     * into the failure's own ({@link #escaped}). Called directly from {@code poll}'s {@code catch}.
     *
     * @param failure the awaited future's failure, unwrapped
     * @return {@code failure}
     */
    static Throwable awaitedFailed(Throwable failure) {
        if (!worthRecovering(failure) || awaitTraces(failure) >= MAX_AWAIT_TRACES) {
            return failure;
        }
        StackTraceElement[] trace = failure.getStackTrace();
        if (trace.length == 0) {
            return failure;
        }
        StackTraceElement[] here = currentStack(); // poll, then the awaiting frame
        if (here.length < 2) {
            return failure;
        }
        StackTraceElement[] awaiting = new StackTraceElement[here.length - 1];
        System.arraycopy(here, 1, awaiting, 0, awaiting.length);
        if (catchingIndex(trace, awaiting) >= 0) {
            return failure;
        }
        failure.addSuppressed(new AwaitTrace("awaited, after the future had failed, at", awaiting));
        return failure;
    }

    private static int awaitTraces(Throwable failure) {
        int traces = 0;
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof AwaitTrace) {
                traces++;
            }
        }
        return traces;
    }

    private static boolean worthRecovering(Throwable failure) {
        return failure != null && !(failure instanceof GeneratorExit);
    }

    /**
     * Rewrites the trace of {@code failure}, and of each {@link AwaitTrace} made at a {@code Co.await}
     * of a failed future during this step ({@link #awaitedFailed}), where it was made during this step.
     */
    private static Throwable rewrite(
            Throwable failure, GeneratorFrame<?> generator, Object firstCaller, int bodyLabel, String bridgeClass) {
        StackTraceElement[] here = null;
        StackTraceElement[] trace = failure.getStackTrace();
        // No trace: none writable, or none filled in: leave it alone. No catching frame of the driver:
        // made elsewhere, or rewritten already; known without walking the current stack.
        if (trace.length > 0 && hasDriverCatch(trace)) {
            here = currentStack();
            rewriteOne(failure, trace, here, generator, firstCaller, bodyLabel, bridgeClass);
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof AwaitTrace) {
                StackTraceElement[] frames = suppressed.getStackTrace();
                if (frames.length > 0 && hasDriverCatch(frames)) {
                    here = here != null ? here : currentStack();
                    rewriteOne(suppressed, frames, here, generator, firstCaller, bodyLabel, bridgeClass);
                }
            }
        }
        return failure;
    }

    /** Whether {@code trace} holds a frame of a driver method that catches what a resumed frame throws. */
    private static boolean hasDriverCatch(StackTraceElement[] trace) {
        for (StackTraceElement element : trace) {
            if (element.getClassName().equals(GENERATOR_FRAME)) {
                switch (element.getMethodName()) {
                    case "resumeBody":
                    case "stepNested":
                    case "returnedFrom":
                    case "forward":
                        return true;
                    default:
                        break;
                }
            }
        }
        return false;
    }

    /** The current thread's stack, from the caller of this class's methods down. */
    private static StackTraceElement[] currentStack() {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int top = 0;
        while (top < stack.length && stack[top].getClassName().equals(SELF)) {
            top++;
        }
        StackTraceElement[] out = new StackTraceElement[stack.length - top];
        System.arraycopy(stack, top, out, 0, out.length);
        return out;
    }

    /**
     * Where {@code trace}, aligned at the bottom, holds the current stack {@code here} (whose top is
     * the method that caught the failure, compared by name only, as the line differs): the index of
     * that method in {@code trace}; -1 if the trace was made elsewhere (or has been rewritten).
     */
    private static int catchingIndex(StackTraceElement[] trace, StackTraceElement[] here) {
        int at = trace.length - here.length;
        if (here.length == 0 || at < 0 || !sameMethod(trace[at], here[0])) {
            return -1;
        }
        for (int i = 1; i < here.length; i++) {
            if (!trace[at + i].equals(here[i])) {
                return -1;
            }
        }
        return at;
    }

    private static void rewriteOne(
            Throwable failure,
            StackTraceElement[] trace,
            StackTraceElement[] here,
            GeneratorFrame<?> generator,
            Object firstCaller,
            int bodyLabel,
            String bridgeClass) {
        int at = catchingIndex(trace, here);
        if (at < 0) {
            return; // made elsewhere, or rewritten already: keep its trace
        }
        int ownEnd = at;
        while (ownEnd > 0 && isLambdaProxy(trace[ownEnd - 1])) {
            ownEnd--;
        }
        if (bridgeClass != null && ownEnd > 0 && isBridge(trace[ownEnd - 1], bridgeClass)) {
            ownEnd--;
        }
        while (ownEnd > 0 && isDriverAbove(trace[ownEnd - 1])) {
            ownEnd--;
        }
        int restStart = at;
        while (restStart < trace.length && isDriverBelow(trace[restStart])) {
            restStart++;
        }
        List<StackTraceElement> callers =
                firstCaller == null ? List.of() : suspendedFrames(generator, firstCaller, bodyLabel);
        List<StackTraceElement> out = new ArrayList<>(ownEnd + 1 + callers.size() + trace.length - restStart);
        for (int i = 0; i < ownEnd; i++) {
            out.add(trace[i]);
        }
        if (!callers.isEmpty()) {
            out.add(BOUNDARY);
            out.addAll(callers);
        }
        for (int i = restStart; i < trace.length; i++) {
            out.add(trace[i]);
        }
        failure.setStackTrace(out.toArray(new StackTraceElement[0]));
    }

    /**
     * The suspended frames from {@code first} outward, innermost first: each helper frame at its
     * label, then the body at {@code bodyLabel}.
     */
    private static List<StackTraceElement> suspendedFrames(GeneratorFrame<?> generator, Object first, int bodyLabel) {
        List<StackTraceElement> frames = new ArrayList<>();
        Object frame = first;
        while (frame instanceof HelperFrame && frames.size() < MAX_FRAMES) {
            HelperFrame helper = (HelperFrame) frame;
            frames.add(element(helper.resumer, helper.label));
            frame = helper.caller;
        }
        if (frame instanceof HelperFrame) {
            int more = 0;
            for (; frame instanceof HelperFrame && more < 1_000_000; frame = ((HelperFrame) frame).caller) {
                more++;
            }
            frames.add(new StackTraceElement("io.github.jcoro", "(" + more + " more suspended frames)", null, -1));
        }
        if (frame == generator && generator.resumer != null) {
            frames.add(element(generator.resumer, bodyLabel));
        }
        return frames;
    }

    private static StackTraceElement element(Resumer resumer, int label) {
        Resumers.Site site = Resumers.site(resumer);
        if (site == null) {
            return new StackTraceElement("io.github.jcoro", "(unknown coroutine frame)", null, -1);
        }
        int[] lines = site.lines();
        int line = label >= 0 && label < lines.length && lines[label] > 0 ? lines[label] : -1;
        return new StackTraceElement(site.className(), site.method(), site.file(), line);
    }

    private static boolean sameMethod(StackTraceElement a, StackTraceElement b) {
        return a.getClassName().equals(b.getClassName()) && a.getMethodName().equals(b.getMethodName());
    }

    /** A frame of a resumer (a lambda proxy), shown only with {@code -XX:+ShowHiddenFrames}. */
    private static boolean isLambdaProxy(StackTraceElement element) {
        return element.getClassName().contains("$$Lambda");
    }

    /**
     * A helper's resume bridge, just above the driver: a synthetic method of the helper's class,
     * without line numbers ({@code bridgeClass} empty when the helper's class is unknown).
     */
    private static boolean isBridge(StackTraceElement element, String bridgeClass) {
        return element.getLineNumber() < 0
                && !element.isNativeMethod()
                && (bridgeClass.isEmpty() || element.getClassName().equals(bridgeClass));
    }

    /** The driver's frames between a generator delegated to and the frame that delegates. */
    private static boolean isDriverAbove(StackTraceElement element) {
        if (!element.getClassName().equals(GENERATOR_FRAME)) {
            return false;
        }
        String method = element.getMethodName();
        return method.equals("advance") || method.equals("advanceAsDelegate");
    }

    /**
     * The driver's frames that step a coroutine, below its resumed frame, down to the entry it was
     * resumed through ({@code next}, {@code send}..., {@code advanceAsDelegate} for a generator
     * delegated to, {@code AsyncTask.run} or {@code start} for a task), which is kept.
     */
    private static boolean isDriverBelow(StackTraceElement element) {
        String type = element.getClassName();
        String method = element.getMethodName();
        if (type.equals(GENERATOR_FRAME)) {
            switch (method) {
                case "step":
                case "stepNested":
                case "returnedFrom":
                case "resumeBody":
                case "forward":
                case "resumeTask":
                    return true;
                default:
                    return false;
            }
        }
        return type.equals(ASYNC_TASK) && (method.equals("step") || method.equals("resume"));
    }
}
