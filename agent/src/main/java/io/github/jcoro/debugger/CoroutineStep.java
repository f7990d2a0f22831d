package io.github.jcoro.debugger;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.Value;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.ExceptionEvent;
import com.sun.jdi.event.MethodEntryEvent;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.ExceptionRequest;
import com.sun.jdi.request.MethodEntryRequest;
import com.sun.jdi.request.MethodExitRequest;
import com.sun.jdi.request.StepRequest;
import java.util.List;
import java.util.Objects;

/**
 * A step over one source line that follows a coroutine across its suspensions, for debuggers
 * built on JDI ({@code com.sun.jdi}). A debugger's own step over a {@code Co.yield} or {@code
 * Co.await} ends in whoever called {@code next()} or ran the task's step, because the rewritten
 * body returns at each suspension and its frame is gone until the resume (see {@code
 * docs/debugging.md}). This step waits for the resume instead: it ends on the next line of the
 * same activation of the same body (the same generator, task or helper frame), wherever and
 * whenever it is resumed, as a step over an ordinary call ends after the call.
 *
 * <p>How: a line step over ({@link StepRequest#STEP_LINE}, {@link StepRequest#STEP_OVER}) with
 * the debugger's class exclusion filters, plus a {@link MethodExitRequest} on the body's class
 * for the stepping thread. When the body's frame exits with its frame object's {@code label}
 * positive (it saved itself at a suspension point), the step is put aside and a breakpoint waits
 * at the body's entry for that frame object and label; when it hits, on any thread, line steps
 * go on from there. When a helper that the driver resumed returns, or throws an exception it
 * does not catch (an {@link ExceptionRequest} sees it), its caller is not on the stack: a {@link
 * MethodEntryRequest} on the thread waits for the driver to resume the caller's frame, and the
 * step goes on there. A step that starts outside a coroutine body, or whose body returns or
 * throws to a caller on the stack, ends as the plain step does.
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #over} creates and enables the requests; the debugger then resumes the VM as for any
 * step and passes every event it receives to {@link #handle}, until one returns {@link
 * Outcome#STOPPED}: that event's location is where the step ended, and the step's requests are
 * gone. While the coroutine is suspended the step stays pending for as long as it takes; other
 * breakpoints may hit meanwhile. {@link #cancel} drops a pending step (the program ends, the user
 * starts another step, the coroutine is dropped and will never resume).
 *
 * <h2>Exceptions</h2>
 *
 * {@link #over} throws {@link IllegalStateException} when the thread is not suspended, and JDI's
 * own exceptions as its requests do (e.g. {@code DuplicateRequestException} when the thread has
 * a step pending already). A body whose class has no line numbers (compiled without {@code -g})
 * steps as the plain step does.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: call it from the debugger's event-handling thread, as JDI's requests are.
 */
public final class CoroutineStep {
    /** What an event meant to this step. */
    public enum Outcome {
        /** Not one of this step's events: handle it as if the step did not exist. */
        UNRELATED,
        /** One of this step's events, and the step goes on: resume the event set (unless something else stops it). */
        RESUME,
        /** The step ended at this event's location: stop there; the step's requests are deleted. */
        STOPPED
    }

    /** A generator's or task's body: {@code (frame, label, sent, thrown)}, its frame a shape of {@code GeneratorFrames}. */
    private static final String GENERATOR_BODY = "(Lio/github/jcoro/internal/GeneratorFrames$";

    /** A helper's resume bridge: {@code (frame, label, sent, thrown)}, its frame a shape of {@code HelperFrames}. */
    private static final String HELPER_BRIDGE = "(Lio/github/jcoro/internal/HelperFrames$";

    /** The bridge of a helper of the small shape, whose frame is declared as {@code HelperFrame}. */
    private static final String SMALL_HELPER_BRIDGE =
            "(Lio/github/jcoro/internal/HelperFrame;ILjava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;";

    /** The end of a helper's body parameters: {@code (..., generator, frame, label, sent, thrown)}. */
    private static final String HELPER_PROTOCOL = "Lio/github/jcoro/internal/GeneratorFrame;"
            + "Lio/github/jcoro/internal/HelperFrame;ILjava/lang/Object;Ljava/lang/Throwable;)";

    /** The names the instrumenter gives a body's frame and label parameters where a debugger may read them. */
    private static final String FRAME_VARIABLE = "jcoro$frame";

    private static final String LABEL_VARIABLE = "jcoro$label";

    /** {@link #label} when the next entry of the kept frame object is the one waited for, at any label. */
    private static final int ANY_LABEL = -1;

    private final EventRequestManager requests;
    private final List<String> exclusions;

    /** The coroutine body the step is in, or {@code null} for a plain step. */
    private Method body;

    /** Where the frame object is among the body's arguments (its label follows it). */
    private int frameArgument;

    private ThreadReference thread;

    /** The number of frames on {@link #thread} while the body's activation runs on it. */
    private int depth;

    private StepRequest step;
    private MethodExitRequest exit;

    /** While a helper the driver resumed is stepped: its exceptions, which may end it. */
    private ExceptionRequest exceptions;

    private BreakpointRequest resume;

    /** While a resumed helper returns: waits for the driver to resume its caller, on the same thread. */
    private MethodEntryRequest entry;

    /** The suspended activation's frame object and label, once it suspended. */
    private ObjectReference frame;

    private int label;

    /**
     * The frame object of the activation being stepped, once known from its entry (after a resume):
     * where a throwing body's frame cannot be read. {@code null} for the activation the step began in.
     */
    private ObjectReference activation;

    /**
     * The line the activation suspended on, once it did: where its resume goes on, after its call.
     * -1 while it has not suspended, and for a caller resumed with a helper's result.
     */
    private int resumedOnLine = -1;

    /**
     * Whether the step goes by instructions through the restore code the body runs when resumed
     * (before its first line's code, so a line step could not tell it from the line it resumes in).
     */
    private boolean entering;

    /** Whether the caller waited for is resumed with its helper's exception rather than a result. */
    private boolean raising;

    private CoroutineStep(ThreadReference thread, List<String> exclusions, Method body, int depth) {
        this.requests = thread.virtualMachine().eventRequestManager();
        this.exclusions = exclusions;
        this.body = body;
        this.frameArgument = body == null ? -1 : frameArgument(body);
        this.thread = thread;
        this.depth = depth;
    }

    /**
     * Starts a step over the current line of {@code thread}'s innermost frame; the debugger resumes
     * the VM next, and passes its events to {@link #handle}.
     *
     * @param thread a suspended thread
     * @param classExclusions the debugger's step filters, as for {@link
     *     StepRequest#addClassExclusionFilter} (e.g. {@code java.*}, {@code io.github.jcoro.*}); the
     *     step's line and instruction steps use them
     * @return the pending step
     * @throws IllegalStateException when the thread is not suspended, or has no frame
     */
    public static CoroutineStep over(ThreadReference thread, List<String> classExclusions) {
        Objects.requireNonNull(thread, "thread");
        List<String> exclusions = List.copyOf(classExclusions);
        CoroutineStep step;
        try {
            int depth = thread.frameCount();
            if (depth == 0) {
                throw new IllegalStateException("CoroutineStep.over: expected a thread with a frame to step in, found"
                        + " thread '" + thread.name() + "' with none");
            }
            Method method = thread.frame(0).location().method();
            step = new CoroutineStep(thread, exclusions, isCoroutineBody(method) ? method : null, depth);
            step.activation = step.body == null ? null : resumedHelperFrame(thread, step.body);
        } catch (IncompatibleThreadStateException e) {
            throw new IllegalStateException(
                    "CoroutineStep.over: expected a suspended thread, found thread '" + thread.name() + "' running", e);
        }
        step.startStepping(StepRequest.STEP_LINE);
        return step;
    }

    /**
     * Whether {@code method} is the body of a rewritten coroutine (a generator's, a task's or a
     * helper's), with line numbers: where a step can follow a suspension.
     *
     * @param method a method of the debugged VM
     * @return whether a step in it follows suspensions
     */
    public static boolean isCoroutineBody(Method method) {
        return hasBodySignature(method) && hasLines(method);
    }

    /**
     * The frame object of a helper's activation that the driver resumed: the first argument of its
     * resume bridge, the frame under the body (a bridge has no variable table, so its slots read by
     * position). {@code null} for a body called directly, and for a generator's or task's body.
     */
    private static ObjectReference resumedHelperFrame(ThreadReference thread, Method body)
            throws IncompatibleThreadStateException {
        if (body.signature().startsWith(GENERATOR_BODY) || thread.frameCount() < 2) {
            return null;
        }
        StackFrame below = thread.frame(1);
        Method caller = below.location().method();
        if (!(caller.signature().startsWith(HELPER_BRIDGE) || caller.signature().equals(SMALL_HELPER_BRIDGE))
                || !caller.declaringType().equals(body.declaringType())) {
            return null;
        }
        try {
            Value frame = below.getArgumentValues().get(0);
            return frame instanceof ObjectReference ? (ObjectReference) frame : null;
        } catch (RuntimeException e) {
            return null; // not a bridge after all (e.g. it has a variable table): as a direct call
        }
    }

    /** Whether {@code method} has the parameters of a rewritten coroutine's body, lines or not. */
    private static boolean hasBodySignature(Method method) {
        String signature = method.signature();
        return signature.startsWith(GENERATOR_BODY) && signature.endsWith(")Ljava/lang/Object;")
                || signature.contains(HELPER_PROTOCOL);
    }

    private static boolean hasLines(Method method) {
        try {
            return !method.allLineLocations().isEmpty();
        } catch (AbsentInformationException e) {
            return false;
        }
    }

    /**
     * Handles one event the debugger received while this step is pending.
     *
     * @param event any event of the debugged VM
     * @return whether the event was the step's, and whether the step ended there
     * @throws com.sun.jdi.request.DuplicateRequestException when the coroutine resumes on a thread
     *     that has another step pending (the step is then no longer pending)
     * @throws VMDisconnectedException when the VM is gone
     */
    public Outcome handle(Event event) {
        EventRequest request = event.request();
        if (request == null) {
            return Outcome.UNRELATED;
        }
        try {
            if (request == step && event instanceof StepEvent) {
                return stepped((StepEvent) event);
            }
            if (request == exit && event instanceof MethodExitEvent) {
                return exited((MethodExitEvent) event);
            }
            if (request == resume && event instanceof BreakpointEvent) {
                return resumed((BreakpointEvent) event);
            }
            if (request == exceptions && event instanceof ExceptionEvent) {
                return thrown((ExceptionEvent) event);
            }
            if (request == entry && event instanceof MethodEntryEvent) {
                return callerResumed((MethodEntryEvent) event);
            }
        } catch (IncompatibleThreadStateException e) {
            throw new IllegalStateException(
                    "CoroutineStep: expected the thread of a " + event
                            + " to be suspended (the step's requests suspend it), found it running",
                    e);
        }
        return Outcome.UNRELATED;
    }

    /** Whether the step still waits for an event: it has neither ended nor been cancelled. */
    public boolean isPending() {
        return step != null || resume != null || entry != null;
    }

    /** Deletes the step's requests; it will not stop anywhere. Does nothing once it ended. */
    public void cancel() {
        try {
            deleteRequests();
        } catch (VMDisconnectedException e) {
            // the VM and its requests are gone
            step = null;
            exit = null;
            exceptions = null;
            resume = null;
            entry = null;
            frame = null;
        }
    }

    private void deleteRequests() {
        deleteStepping();
        if (resume != null) {
            requests.deleteEventRequest(resume);
            resume = null;
            releaseFrame();
        }
        if (entry != null) {
            requests.deleteEventRequest(entry);
            entry = null;
            releaseFrame();
        }
    }

    private void releaseFrame() {
        try {
            frame.enableCollection();
        } catch (VMDisconnectedException | ObjectCollectedException e) {
            // nothing left to release
        }
        frame = null;
    }

    private Outcome stepped(StepEvent event) throws IncompatibleThreadStateException {
        Location location = event.location();
        boolean inBody = location.method().equals(body) && event.thread().frameCount() == depth;
        if (entering) {
            if (inBody && location.codeIndex() < originalCodeStart(body)) {
                return Outcome.RESUME; // still restoring the saved locals: the instruction step goes on
            }
            entering = false;
            if (inBody && raising) {
                // The caller raises its helper's exception in the call's line: a line step goes to
                // where it is handled, as a plain step out of a throwing call does.
                raising = false;
                restartStepping(StepRequest.STEP_LINE);
                return Outcome.RESUME;
            }
            if (inBody && location.lineNumber() == resumedOnLine) {
                // Back in the suspension's line, after its call (as a call returns): a line step
                // reaches the next line, as a step over the call would have.
                restartStepping(StepRequest.STEP_LINE);
                return Outcome.RESUME;
            }
            // A caller resumed with its helper's result stops in the call's line, as after a
            // plain return; a resume that raised an exception stops where it is handled.
        }
        cancel();
        return Outcome.STOPPED;
    }

    private void restartStepping(int size) {
        deleteStepping();
        startStepping(size);
    }

    /**
     * Where the body's original code starts: its first line's code. The entry dispatch and the
     * restore blocks come before it and have no line of their own.
     */
    private static long originalCodeStart(Method body) {
        long start = Long.MAX_VALUE;
        try {
            for (Location line : body.allLineLocations()) {
                start = Math.min(start, line.codeIndex());
            }
        } catch (AbsentInformationException e) {
            return 0; // not a body with lines: isCoroutineBody refused it already
        }
        return start;
    }

    private Outcome exited(MethodExitEvent event) throws IncompatibleThreadStateException {
        if (!event.method().equals(body) || event.thread().frameCount() != depth) {
            return Outcome.RESUME; // another method of the class, or another activation of the body
        }
        // (JDWP reports no exit by an exception: those are seen by the exception request.)
        ObjectReference exiting = activationFrame(event.thread().frame(0), frameArgument);
        if (exiting != null && labelOf(exiting) > 0) {
            // Suspended: wait for the driver to resume this frame at this label, on any thread.
            int at = labelOf(exiting);
            deleteStepping();
            BreakpointRequest entered = requests.createBreakpointRequest(body.locationOfCodeIndex(0));
            entered.setSuspendPolicy(EventRequest.SUSPEND_ALL);
            entered.enable();
            resume = entered;
            keep(exiting, at);
            resumedOnLine = event.location().lineNumber();
            return Outcome.RESUME;
        }
        ObjectReference caller = exiting == null ? null : callerOf(exiting);
        if (caller != null) {
            // A helper the driver resumed returns into its resume bridge.
            raising = false;
            return waitForCaller(caller);
        }
        // The body returns or throws into a caller on the stack: the plain step goes on there.
        requests.deleteEventRequest(exit);
        exit = null;
        return Outcome.RESUME;
    }

    /**
     * An exception in the stepped activation: if nothing in the activation (or deeper) catches it,
     * the activation ends with it; a helper the driver resumed then hands it to its caller.
     */
    private Outcome thrown(ExceptionEvent event) throws IncompatibleThreadStateException {
        List<StackFrame> frames = event.thread().frames();
        int bodyIndex = frames.size() - depth;
        if (bodyIndex < 0 || !frames.get(bodyIndex).location().method().equals(body)) {
            return Outcome.RESUME;
        }
        Location caught = event.catchLocation();
        if (caught != null) {
            for (int i = 0; i <= bodyIndex; i++) {
                if (frames.get(i).location().method().equals(caught.method())) {
                    return Outcome.RESUME; // caught in the activation, or in what it called
                }
            }
        }
        ObjectReference caller = callerOf(activation);
        if (caller == null) {
            return Outcome.RESUME;
        }
        raising = true;
        return waitForCaller(caller);
    }

    /**
     * The driver resumes {@code caller}'s frame with what a resumed helper returned or threw, on this
     * thread, before anything else: the step goes on there. Matched by the frame object, so no class
     * is excluded (the caller may be anywhere).
     */
    private Outcome waitForCaller(ObjectReference caller) {
        deleteStepping();
        MethodEntryRequest entered = requests.createMethodEntryRequest();
        entered.addThreadFilter(thread);
        entered.setSuspendPolicy(EventRequest.SUSPEND_ALL);
        entered.enable();
        entry = entered;
        // Any label: the generator's own label reads RUNNING while the driver hands a result out.
        keep(caller, ANY_LABEL);
        return Outcome.RESUME;
    }

    private Outcome resumed(BreakpointEvent event) throws IncompatibleThreadStateException {
        if (!isKeptActivation(event.thread().frame(0), frameArgument)) {
            return Outcome.RESUME; // another activation of the same body
        }
        requests.deleteEventRequest(resume);
        resume = null;
        activation = frame;
        releaseFrame();
        thread = event.thread();
        depth = thread.frameCount();
        entering = true;
        startStepping(StepRequest.STEP_MIN);
        return Outcome.RESUME;
    }

    private Outcome callerResumed(MethodEntryEvent event) throws IncompatibleThreadStateException {
        Method method = event.method();
        if (!hasBodySignature(method)) {
            return Outcome.RESUME; // e.g. the caller's resume bridge, on the way to its body
        }
        int argument = frameArgument(method);
        if (!isKeptActivation(event.thread().frame(0), argument)) {
            return Outcome.RESUME;
        }
        requests.deleteEventRequest(entry);
        entry = null;
        activation = frame;
        releaseFrame();
        depth = thread.frameCount();
        resumedOnLine = -1; // the caller goes on inside the call's line, as after a plain return
        if (!hasLines(method)) {
            // A caller compiled without line numbers: the plain step from its entry.
            body = null;
            activation = null;
            startStepping(StepRequest.STEP_LINE);
            return Outcome.RESUME;
        }
        body = method;
        frameArgument = argument;
        entering = true;
        startStepping(StepRequest.STEP_MIN);
        return Outcome.RESUME;
    }

    /** Whether {@code entered}, at a body's entry, runs the kept frame object from the kept label. */
    private boolean isKeptActivation(StackFrame entered, int argument) {
        Value enteredFrame = protocolValue(entered, FRAME_VARIABLE, argument);
        Value enteredLabel = protocolValue(entered, LABEL_VARIABLE, argument + 1);
        return frame.equals(enteredFrame)
                && (label == ANY_LABEL
                        || enteredLabel instanceof IntegerValue && ((IntegerValue) enteredLabel).value() == label);
    }

    /** Keeps the frame object (from the debuggee's collector too) and label to wait for. */
    private void keep(ObjectReference frameObject, int frameLabel) {
        frame = frameObject;
        frame.disableCollection();
        label = frameLabel;
    }

    private void startStepping(int size) {
        step = requests.createStepRequest(thread, size, StepRequest.STEP_OVER);
        for (String excluded : exclusions) {
            step.addClassExclusionFilter(excluded);
        }
        step.setSuspendPolicy(EventRequest.SUSPEND_ALL);
        step.enable();
        if (body != null) {
            exit = requests.createMethodExitRequest();
            exit.addThreadFilter(thread);
            exit.addClassFilter(body.declaringType());
            exit.setSuspendPolicy(EventRequest.SUSPEND_ALL);
            exit.enable();
        }
        if (body != null && activation != null && callerOf(activation) != null) {
            exceptions = requests.createExceptionRequest(null, true, true);
            exceptions.addThreadFilter(thread);
            exceptions.setSuspendPolicy(EventRequest.SUSPEND_ALL);
            exceptions.enable();
        }
    }

    private void deleteStepping() {
        if (step != null) {
            requests.deleteEventRequest(step);
            step = null;
        }
        if (exit != null) {
            requests.deleteEventRequest(exit);
            exit = null;
        }
        if (exceptions != null) {
            requests.deleteEventRequest(exceptions);
            exceptions = null;
        }
    }

    /**
     * The frame object of the body's activation, at its entry or a return instruction: its
     * protocol parameter, as the body left it.
     */
    private ObjectReference activationFrame(StackFrame exiting, int argument) {
        Value value = protocolValue(exiting, FRAME_VARIABLE, argument);
        return value instanceof ObjectReference ? (ObjectReference) value : null;
    }

    /**
     * A protocol parameter of a body's frame: by its name in the {@code LocalVariableTable}, which
     * covers it only at the body's first instruction and its returns (the JVM reads no slot the
     * table does not cover there); by its position when the class has no table. {@code null}
     * elsewhere (e.g. where the body throws).
     */
    private static Value protocolValue(StackFrame frame, String name, int argument) {
        try {
            LocalVariable variable = frame.visibleVariableByName(name);
            return variable == null ? null : frame.getValue(variable);
        } catch (AbsentInformationException e) {
            return frame.getArgumentValues().get(argument);
        }
    }

    /** A helper frame's {@code caller}: the frame the driver resumes when it returns, or {@code null}. */
    private static ObjectReference callerOf(ObjectReference frame) {
        Field field = frame.referenceType().fieldByName("caller");
        Value value = field == null ? null : frame.getValue(field);
        return value instanceof ObjectReference ? (ObjectReference) value : null;
    }

    private static int labelOf(ObjectReference frame) {
        Field field = frame.referenceType().fieldByName("label");
        Value value = field == null ? null : frame.getValue(field);
        return value instanceof IntegerValue ? ((IntegerValue) value).value() : 0;
    }

    /**
     * Where the frame object is among a body's arguments: first for a generator's or task's body,
     * fourth from the end for a helper's ({@code generator, frame, label, sent, thrown}).
     */
    private static int frameArgument(Method body) {
        if (body.signature().startsWith(GENERATOR_BODY)) {
            return 0;
        }
        return body.argumentTypeNames().size() - 4;
    }
}
