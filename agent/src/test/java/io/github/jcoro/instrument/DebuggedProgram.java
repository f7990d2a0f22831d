package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.PrimitiveValue;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import io.github.jcoro.debugger.CoroutineStep;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program of {@code src/test/resources/programs} (compiled with {@code -g}, instrumented, written to
 * a directory) running in a child JVM under JDI's launching connector, as a debugger runs it: set
 * breakpoints on marked lines, resume to the next breakpoint or step, read frames and locals. Lines
 * are named by {@code //@name} markers at the end of the source lines.
 */
public final class DebuggedProgram implements AutoCloseable {
    /**
     * What a debugger's step filters usually leave out, plus jcoro's runtime; {@link #step} also leaves
     * out the resumers (the JVM's hidden lambda classes of the program's class, which have no line
     * numbers): stepping then only stops in user code.
     */
    static final List<String> STEP_EXCLUSIONS =
            List.of("java.*", "javax.*", "jdk.*", "sun.*", "com.sun.*", "io.github.jcoro.*", "*$$Lambda*");

    /** The release the debugging tests compile their programs for: the newest javac supports. */
    public static final int RELEASE = FixtureCorpusTest.NEWEST;

    private static final long TIMEOUT_MILLIS = 30_000;

    final VirtualMachine vm;
    final String mainClass;
    private final Map<String, Integer> lines;
    private final StringBuilder output = new StringBuilder();
    private final List<Thread> drains = new ArrayList<>();
    private ReferenceType mainType;

    private DebuggedProgram(VirtualMachine vm, String mainClass, Map<String, Integer> lines) {
        this.vm = vm;
        this.mainClass = mainClass;
        this.lines = lines;
        drain(vm.process().getInputStream());
        drain(vm.process().getErrorStream());
    }

    /** Compiles and instruments {@code programs.<name>}, and starts it suspended under a debugger. */
    public static DebuggedProgram launch(String name, int release, Path dir) throws Exception {
        for (Map.Entry<String, byte[]> entry :
                ProgramRunner.instrumented(name, release).entrySet()) {
            Path file = dir.resolve(entry.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        LaunchingConnector connector = Bootstrap.virtualMachineManager().defaultConnector();
        Map<String, Connector.Argument> arguments = connector.defaultArguments();
        arguments.get("home").setValue(System.getProperty("java.home"));
        arguments
                .get("options")
                .setValue("-cp " + ProgramRunner.runtimeLocation() + File.pathSeparator + dir.toAbsolutePath());
        arguments.get("main").setValue("programs." + name);
        VirtualMachine vm = connector.launch(arguments);
        DebuggedProgram program = new DebuggedProgram(vm, "programs." + name, markers(name));
        program.waitForMainClass();
        return program;
    }

    /** The lines of the {@code //@name} markers of a program's source, by name. */
    static Map<String, Integer> markers(String name) throws IOException {
        Map<String, Integer> found = new LinkedHashMap<>();
        try (InputStream in = DebuggedProgram.class.getResourceAsStream("/programs/" + name + ".java")) {
            String[] source = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            Pattern marker = Pattern.compile("//@([a-z0-9-]+)\\s*$");
            for (int i = 0; i < source.length; i++) {
                Matcher matcher = marker.matcher(source[i]);
                if (matcher.find()) {
                    found.put(matcher.group(1), i + 1);
                }
            }
        }
        return found;
    }

    private void drain(InputStream stream) {
        Thread thread = new Thread(() -> {
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                char[] buffer = new char[4096];
                for (int n; (n = reader.read(buffer)) >= 0; ) {
                    synchronized (output) {
                        output.append(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        });
        thread.setDaemon(true);
        thread.start();
        drains.add(thread);
    }

    private void waitForMainClass() throws InterruptedException {
        ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
        prepare.addClassFilter(mainClass);
        prepare.setSuspendPolicy(EventRequest.SUSPEND_ALL);
        prepare.enable();
        ClassPrepareEvent prepared = (ClassPrepareEvent) next(ClassPrepareEvent.class);
        mainType = prepared.referenceType();
        vm.eventRequestManager().deleteEventRequest(prepare);
    }

    /** The source line of marker {@code name}. */
    public int line(String name) {
        Integer line = lines.get(name);
        assertNotNull(line, "expected a line marked //@" + name + " in " + mainClass + ", found " + lines.keySet());
        return line;
    }

    /** The name of the marker on {@code line}, or the number itself. */
    String nameOf(int line) {
        if (line < 0) {
            return "(no line)";
        }
        for (Map.Entry<String, Integer> entry : lines.entrySet()) {
            if (entry.getValue() == line) {
                return "@" + entry.getKey();
            }
        }
        return String.valueOf(line);
    }

    /** Every location of the marked line in the main class (each method's), as a debugger finds them. */
    List<Location> locationsOf(String name) throws AbsentInformationException {
        return mainType.locationsOfLine(line(name));
    }

    /** Breakpoints on every location of the marked line, as an IDE sets them. */
    public List<BreakpointRequest> breakAt(String name) throws AbsentInformationException {
        List<Location> locations = locationsOf(name);
        if (locations.isEmpty()) {
            fail("expected code on line " + line(name) + " (//@" + name + ") of " + mainClass + ", found none");
        }
        List<BreakpointRequest> requests = new ArrayList<>();
        for (Location location : locations) {
            BreakpointRequest request = vm.eventRequestManager().createBreakpointRequest(location);
            request.setSuspendPolicy(EventRequest.SUSPEND_ALL);
            request.enable();
            requests.add(request);
        }
        return requests;
    }

    /**
     * Resumes the program to the first hit of breakpoints on the marked line, then clears them (a
     * step from there is not stopped by them again); returns the hit.
     */
    public BreakpointEvent firstHitOf(String name) throws AbsentInformationException, InterruptedException {
        List<BreakpointRequest> requests = breakAt(name);
        BreakpointEvent hit = resumeToBreakpoint();
        clear(requests);
        return hit;
    }

    public void clear(List<BreakpointRequest> requests) {
        vm.eventRequestManager().deleteEventRequests(requests);
    }

    /** Resumes the program until the next breakpoint, and returns it. */
    public BreakpointEvent resumeToBreakpoint() throws InterruptedException {
        vm.resume();
        return (BreakpointEvent) next(BreakpointEvent.class);
    }

    /**
     * One step of {@code depth} ({@link StepRequest#STEP_OVER}, {@link StepRequest#STEP_INTO}) by line
     * on {@code thread}, with the step filters of {@link #STEP_EXCLUSIONS}; returns where it stopped.
     */
    public StepEvent step(ThreadReference thread, int depth) throws InterruptedException {
        StepRequest request = vm.eventRequestManager().createStepRequest(thread, StepRequest.STEP_LINE, depth);
        for (String excluded : stepExclusions()) {
            request.addClassExclusionFilter(excluded);
        }
        request.addCountFilter(1);
        request.setSuspendPolicy(EventRequest.SUSPEND_ALL);
        request.enable();
        vm.resume();
        StepEvent event = (StepEvent) next(StepEvent.class);
        vm.eventRequestManager().deleteEventRequest(request);
        return event;
    }

    /**
     * {@link #STEP_EXCLUSIONS}, and the lambda classes of the program's class (JDI's patterns may start
     * or end with '*', not both).
     */
    List<String> stepExclusions() {
        List<String> exclusions = new ArrayList<>(STEP_EXCLUSIONS);
        exclusions.add(mainClass + "$$Lambda*");
        return exclusions;
    }

    /**
     * A {@link CoroutineStep} over the current line of {@code thread}, with the step filters of {@link
     * #stepExclusions()}: resumes the program, handing every event to the step, until it stops; returns
     * where. Fails if the program ends first.
     */
    public LocatableEvent stepCoroutine(ThreadReference thread) throws InterruptedException {
        int breakpoints = vm.eventRequestManager().breakpointRequests().size();
        CoroutineStep step = CoroutineStep.over(thread, stepExclusions());
        vm.resume();
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            EventSet events = left > 0 ? vm.eventQueue().remove(left) : null;
            if (events == null) {
                fail("expected the coroutine step to stop within " + TIMEOUT_MILLIS + " ms; the program printed:\n"
                        + output());
            }
            LocatableEvent stopped = null;
            for (Event event : events) {
                CoroutineStep.Outcome outcome = step.handle(event);
                if (outcome == CoroutineStep.Outcome.STOPPED) {
                    stopped = (LocatableEvent) event;
                } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                    fail("expected the coroutine step to stop, but the program ended; it printed:\n" + output());
                } else if (outcome == CoroutineStep.Outcome.UNRELATED) {
                    fail("expected only the coroutine step's events, found " + event);
                }
            }
            if (stopped != null) {
                assertFalse(step.isPending(), "a step that stopped is no longer pending");
                EventRequestManager requests = vm.eventRequestManager();
                assertEquals(
                        List.of(0, 0, 0, 0, breakpoints),
                        List.of(
                                requests.stepRequests().size(),
                                requests.methodExitRequests().size(),
                                requests.methodEntryRequests().size(),
                                requests.exceptionRequests().size(),
                                requests.breakpointRequests().size()),
                        "step, method exit, method entry, exception and breakpoint requests left after the step"
                                + " stopped");
                return stopped;
            }
            events.resume();
        }
    }

    private Event next(Class<? extends Event> wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            EventSet events = left > 0 ? vm.eventQueue().remove(left) : null;
            if (events == null) {
                fail("expected a " + wanted.getSimpleName() + " within " + TIMEOUT_MILLIS + " ms, found none;"
                        + " the program printed:\n" + output());
            }
            for (Event event : events) {
                if (wanted.isInstance(event)) {
                    return event;
                }
                boolean ending = wanted == VMDisconnectEvent.class;
                if (!ending && (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent)) {
                    fail("expected a " + wanted.getSimpleName() + ", but the program ended; it printed:\n" + output());
                }
            }
            events.resume();
        }
    }

    /** The frames of the stopped thread, as {@code method@line} from the innermost, user code only. */
    public String where(LocatableEvent event) throws IncompatibleThreadStateException {
        StringBuilder out = new StringBuilder();
        List<StackFrame> frames = event.thread().frames();
        for (StackFrame frame : frames) {
            Location location = frame.location();
            if (!location.declaringType().name().equals(mainClass)) {
                if (frame == frames.get(0)) {
                    out.append(location.declaringType().name())
                            .append('.')
                            .append(location.method().name());
                }
                continue;
            }
            out.append(out.length() == 0 ? "" : " < ")
                    .append(location.method().name())
                    .append(nameOf(location.lineNumber()));
        }
        return out.toString();
    }

    /** The visible variables of the innermost frame, by name, their values as text. */
    public static Map<String, String> locals(LocatableEvent event) throws Exception {
        StackFrame frame = event.thread().frame(0);
        Map<String, String> values = new LinkedHashMap<>();
        for (com.sun.jdi.LocalVariable variable : frame.visibleVariables()) {
            values.put(variable.name(), text(frame.getValue(variable)));
        }
        return values;
    }

    private static String text(Value value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof StringReference) {
            return '"' + ((StringReference) value).value() + '"';
        }
        if (value instanceof PrimitiveValue) {
            return value.toString();
        }
        return value.type().name();
    }

    /** What the program printed so far. */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Lets the program run to its end, and returns what it printed. */
    public String finish() throws InterruptedException {
        vm.eventRequestManager().deleteAllBreakpoints();
        vm.resume();
        next(VMDisconnectEvent.class);
        for (Thread drain : drains) {
            drain.join(TIMEOUT_MILLIS);
        }
        return output();
    }

    @Override
    public void close() {
        try {
            vm.exit(1);
        } catch (RuntimeException e) {
            // already gone
        }
        vm.process().destroyForcibly();
    }

    /** Asserts where an event stopped: method name and marked line. */
    public void assertAt(String method, String marker, LocatableEvent event) throws IncompatibleThreadStateException {
        Location location = event.location();
        assertEquals(
                method + "@" + marker,
                location.method().name() + nameOf(location.lineNumber()),
                "expected to stop in " + method + " on line " + line(marker) + " (//@" + marker + "), stopped at "
                        + location.declaringType().name() + "."
                        + location.method().name()
                        + location.method().signature() + " line " + location.lineNumber() + "; stack: "
                        + where(event));
    }
}
