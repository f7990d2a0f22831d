package io.github.jcoro.internal;

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
 * writableStackTrace} false, or preallocated by the JVM) is left alone, and so are {@link
 * GeneratorExit}, the signal of {@code close()}, and the JVM's own errors ({@code
 * OutOfMemoryError}, {@code StackOverflowError}). Recovery never throws: if it fails, the exception
 * goes on with the trace it had.
 *
 * <p>A task's failure that resumes a task awaiting it gets the awaiting task's frames too: see
 * {@link AwaitChains}.
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

    private static final String GENERATOR_FRAME = GeneratorFrame.class.getName();
    private static final String ASYNC_TASK = AsyncTask.class.getName();
    private static final String SELF = StackTraceRecovery.class.getName();
    private static final String CHAINS = AwaitChains.class.getName();

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
     */
    static void escaped(Throwable failure, GeneratorFrame<?> generator, Object escaped, int bodyLabel) {
        if (!worthRecovering(failure)) {
            return;
        }
        try {
            if (!(escaped instanceof HelperFrame)) {
                leftFrame(failure, new Left(generator, null, bodyLabel, null));
                return;
            }
            HelperFrame helper = (HelperFrame) escaped;
            Resumers.Site site = Resumers.site(helper.resumer);
            leftFrame(failure, new Left(generator, helper.caller, bodyLabel, site == null ? "" : site.className()));
        } catch (Throwable ignored) {
            // only a debugging aid: the failure goes on as it is
        }
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
     */
    static void delegateFailed(Throwable failure, GeneratorFrame<?> generator, int bodyLabel, boolean bodyFinished) {
        if (!worthRecovering(failure)) {
            return;
        }
        try {
            Object first = bodyFinished ? null : generator.innermost != null ? generator.innermost : generator;
            leftFrame(failure, new Left(generator, first, bodyLabel, null));
        } catch (Throwable ignored) {
            // only a debugging aid: the failure goes on as it is
        }
    }

    /**
     * For a task resumed with the failure of the future it awaited: see {@link AwaitChains#resumedWith}.
     *
     * @param failure the awaited future's failure, unwrapped
     * @param task the awaiting task
     * @param body its frame, still suspended
     * @param awaited the future it awaited, or {@code null} if not known
     */
    static void awaitedBy(Throwable failure, AsyncTask<?> task, GeneratorFrame<?> body, Object awaited) {
        if (worthRecovering(failure) && body != null) {
            try {
                AwaitChains.resumedWith(failure, task, body, awaited);
            } catch (Throwable ignored) {
                // only a debugging aid: the failure goes on as it is
            }
        }
    }

    /**
     * For {@code Co.await} of a future that has failed already: see {@link AwaitChains#thrownAtAwait}.
     * Called directly from {@code AsyncTask.poll}'s {@code catch} block.
     *
     * @param failure the awaited future's failure, unwrapped
     * @param awaited the future
     */
    static void awaitedFailed(Throwable failure, Object awaited) {
        if (worthRecovering(failure)) {
            try {
                AwaitChains.thrownAtAwait(failure, awaited);
            } catch (Throwable ignored) {
                // only a debugging aid: the failure goes on as it is
            }
        }
    }

    /**
     * For a task that completes with {@code failure}: see {@link AwaitChains#taskFailed}.
     *
     * @param failure what its body threw
     * @param task the task
     * @param body its frame
     */
    static void taskFailed(Throwable failure, AsyncTask<?> task, GeneratorFrame<?> body) {
        if (worthRecovering(failure)) {
            try {
                AwaitChains.taskFailed(failure, task, body);
            } catch (Throwable ignored) {
                // only a debugging aid: the failure goes on as it is
            }
        }
    }

    /**
     * Not {@code close()}'s signal, and not an error of the JVM itself (out of memory, stack
     * overflow), which must not cost allocations or stack.
     */
    private static boolean worthRecovering(Throwable failure) {
        return failure != null && !(failure instanceof GeneratorExit) && !(failure instanceof VirtualMachineError);
    }

    /** A resumed frame that {@code failure} left: its coroutine, its first suspended caller. */
    static final class Left {
        final GeneratorFrame<?> generator;
        final Object firstCaller;
        final int bodyLabel;
        /** The class of the helper's resume bridge ({@code ""} if unknown); {@code null} for no bridge. */
        final String bridgeClass;

        private StackTraceElement[] here;
        private List<StackTraceElement> callers;

        Left(GeneratorFrame<?> generator, Object firstCaller, int bodyLabel, String bridgeClass) {
            this.generator = generator;
            this.firstCaller = firstCaller;
            this.bodyLabel = bodyLabel;
            this.bridgeClass = bridgeClass;
        }

        /** The current stack from the catching driver method down; walked once. */
        StackTraceElement[] here() {
            if (here == null) {
                here = currentStack();
            }
            return here;
        }

        /** The suspended callers, innermost first, from the first one to the body. */
        List<StackTraceElement> callers() {
            if (callers == null) {
                callers = firstCaller == null ? List.of() : suspendedFrames(generator, firstCaller, bodyLabel);
            }
            return callers;
        }

        /**
         * Where {@code trace} is the current stack's: {@code {ownEnd, restStart}}, the end of the
         * frames of the code that ran in the resumed frame (without its resume bridge and the
         * driver's frames above the catching one) and the start of the frames below the driver's; or
         * {@code null} if it was not made during this resume.
         */
        int[] split(StackTraceElement[] trace) {
            if (trace.length == 0 || !hasDriverCatch(trace)) {
                return null; // no catching frame of the driver: made elsewhere, or rewritten already
            }
            int at = catchingIndex(trace, here());
            if (at < 0) {
                return null;
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
            return new int[] {ownEnd, restStart};
        }
    }

    /** {@code failure} left a resumed frame: its own trace, then a pending await's (fast path). */
    private static void leftFrame(Throwable failure, Left left) {
        StackTraceElement[] trace = failure.getStackTrace();
        int[] split = left.split(trace);
        if (split != null) {
            List<StackTraceElement> callers = left.callers();
            List<StackTraceElement> out = new ArrayList<>(split[0] + 1 + callers.size() + trace.length - split[1]);
            for (int i = 0; i < split[0]; i++) {
                out.add(trace[i]);
            }
            if (!callers.isEmpty()) {
                out.add(BOUNDARY);
                out.addAll(callers);
            }
            for (int i = split[1]; i < trace.length; i++) {
                out.add(trace[i]);
            }
            failure.setStackTrace(out.toArray(new StackTraceElement[0]));
        }
        AwaitChains.leftFrame(failure, left);
    }

    /** Whether {@code trace} holds a frame of a driver method that catches what a resumed frame throws. */
    static boolean hasDriverCatch(StackTraceElement[] trace) {
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

    /** The current thread's stack, from the caller of the recovery's methods down. */
    static StackTraceElement[] currentStack() {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int top = 0;
        while (top < stack.length
                && (stack[top].getClassName().startsWith(SELF)
                        || stack[top].getClassName().equals(CHAINS))) {
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
    static int catchingIndex(StackTraceElement[] trace, StackTraceElement[] here) {
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

    /**
     * The suspended frames from {@code first} outward, innermost first: each helper frame at its
     * label, then the body at {@code bodyLabel}.
     */
    static List<StackTraceElement> suspendedFrames(GeneratorFrame<?> generator, Object first, int bodyLabel) {
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

    /** Whether {@code element} is the entry a task was run through: its first step, or a resumption. */
    static boolean isTaskEntry(StackTraceElement element) {
        String type = element.getClassName();
        String method = element.getMethodName();
        return (type.equals(ASYNC_TASK) && (method.equals("run") || method.equals("start")))
                || (type.equals(ASYNC_TASK + "$Wakeup") && method.equals("run"));
    }
}
