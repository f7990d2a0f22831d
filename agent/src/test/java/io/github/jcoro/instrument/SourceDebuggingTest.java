package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.Location;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.StepRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source-level debugging of instrumented code, through JDI as IDEs and {@code jdb} use it, on {@code
 * programs/SourceDebugging} (compiled with {@code -g}, instrumented, run in a child JVM): breakpoints
 * before and after a suspension hit in the coroutine's body; stepping over a {@code Co.yield} returns
 * to the caller of {@code next()}, and stepping into the next {@code next()} reaches the line after
 * the yield; locals are visible under their source names with their values after a resume, dead ones
 * are hidden rather than shown as {@code 0} or {@code null}, and the state machine's own parameters
 * are not shown. Covers a generator with a loop, a helper it calls, and an async task.
 *
 * <p>Stepping uses the step filters of {@link DebuggedProgram#STEP_EXCLUSIONS} (jcoro's runtime, the
 * JDK and the JVM's lambda classes), as a debugger configured to step through user code only.
 */
class SourceDebuggingTest {
    private static final String PROGRAM = "SourceDebugging";
    private static final int RELEASE = FixtureCorpusTest.NEWEST;

    /** A generator body's descriptor starts with its frame shape; a helper body's ends with the protocol. */
    private static final String GENERATOR_BODY = "(Lio/github/jcoro/internal/GeneratorFrames$";

    private static final String HELPER_PROTOCOL = "Lio/github/jcoro/internal/GeneratorFrame;"
            + "Lio/github/jcoro/internal/HelperFrame;ILjava/lang/Object;Ljava/lang/Throwable;)";

    @Test
    void breakpointsBeforeAndAfterAYieldHitInTheBody(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(PROGRAM, RELEASE, dir)) {
            // Each line of the body is in the body alone: not in the factory, which runs none of it.
            for (String line : List.of("first", "before-yield", "yield", "after-yield")) {
                List<Location> locations = program.locationsOf(line);
                assertEquals(1, locations.size(), "locations of //@" + line + ": " + locations);
                assertTrue(
                        locations.get(0).method().signature().startsWith(GENERATOR_BODY),
                        "expected //@" + line + " in the body of numbers, found it in "
                                + locations.get(0).method().name()
                                + locations.get(0).method().signature());
            }
            program.breakAt("first");
            program.breakAt("before-yield");
            program.breakAt("yield");
            program.breakAt("after-yield");
            List<String> hits = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                BreakpointEvent hit = program.resumeToBreakpoint();
                hits.add(program.where(hit));
            }
            assertEquals(
                    List.of(
                            // created at @create, but nothing runs until the first next()
                            "numbers@first < main@next-1",
                            "numbers@before-yield < main@next-1",
                            "numbers@yield < main@next-1",
                            // resumed by the second next(), in the middle of the yield's line: its
                            // breakpoint, at the line's start, is not hit again
                            "numbers@after-yield < main@next-2",
                            "numbers@before-yield < main@next-3",
                            "numbers@yield < main@next-3"),
                    hits);
            program.finish();
        }
    }

    @Test
    void localsAfterAResumeHaveTheirSourceNamesAndValues(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(PROGRAM, RELEASE, dir)) {
            program.breakAt("before-loop");
            program.breakAt("after-yield");
            BreakpointEvent before = program.resumeToBreakpoint();
            program.assertAt("numbers", "before-loop", before);
            assertEquals(
                    Map.of("count", "2", "banner", "\"numbers of 2\""),
                    DebuggedProgram.locals(before),
                    "locals before the first yield");
            BreakpointEvent after = program.resumeToBreakpoint();
            program.assertAt("numbers", "after-yield", after);
            // banner is dead after the yield: hidden, rather than shown as the null the resume left.
            assertEquals(
                    Map.of("count", "2", "tag", "\"n\"", "total", "6", "i", "1"),
                    DebuggedProgram.locals(after),
                    "locals after the resume (none of the body's frame, label, sent, thrown)");
            program.finish();
        }
    }

    @Test
    void steppingOverAYieldReturnsToTheCallerAndIntoNextReachesTheLineAfter(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(PROGRAM, RELEASE, dir)) {
            List<BreakpointRequest> yieldPoint = program.breakAt("yield");
            BreakpointEvent hit = program.resumeToBreakpoint();
            program.assertAt("numbers", "yield", hit);
            program.clear(yieldPoint);
            List<String> stops = new ArrayList<>();
            LocatableEvent at = hit;
            at = program.step(at.thread(), StepRequest.STEP_OVER); // the body returns to next()'s caller
            stops.add(program.where(at));
            at = program.step(at.thread(), StepRequest.STEP_OVER); // to the next line of main
            stops.add(program.where(at));
            at = program.step(at.thread(), StepRequest.STEP_INTO); // into the second next(): the body
            stops.add(program.where(at));
            // At the body's entry: none of the protocol's variables (jcoro$frame, jcoro$label) shows.
            assertEquals(Map.of(), DebuggedProgram.locals(at), "locals where a step into the body stops");
            at = program.step(at.thread(), StepRequest.STEP_OVER);
            stops.add(program.where(at));
            at = program.step(at.thread(), StepRequest.STEP_OVER);
            stops.add(program.where(at));
            assertEquals(
                    List.of(
                            "main@next-1",
                            "main@next-2",
                            "numbers@first < main@next-2",
                            "numbers@yield < main@next-2",
                            "numbers@after-yield < main@next-2"),
                    stops);
            program.finish();
        }
    }

    @Test
    void helperResumedAtItsYieldShowsItsLocalsAndReturnsIntoTheGenerator(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(PROGRAM, RELEASE, dir)) {
            List<Location> locations = program.locationsOf("helper-after");
            assertEquals(1, locations.size(), "locations of //@helper-after: " + locations);
            assertTrue(
                    locations.get(0).method().signature().endsWith(HELPER_PROTOCOL + "I"),
                    "expected //@helper-after in the helper's body, found it in "
                            + locations.get(0).method().signature());
            program.breakAt("helper-before");
            program.breakAt("helper-after");
            BreakpointEvent before = program.resumeToBreakpoint();
            assertEquals("doubled@helper-before < numbers@helper-call < main@next-2", program.where(before));
            assertEquals(Map.of("prefix", "\"n\"", "value", "1"), DebuggedProgram.locals(before));
            BreakpointEvent after = program.resumeToBreakpoint();
            // Resumed directly by the driver: the generator's body, suspended at the call, is not on the stack.
            // (the helper's resume bridge, also named doubled, has no line numbers)
            assertEquals("doubled@helper-after < doubled(no line) < main@next-3", program.where(after));
            assertEquals(Map.of("value", "1"), DebuggedProgram.locals(after), "prefix and text are dead here");
            LocatableEvent at = program.step(after.thread(), StepRequest.STEP_OVER);
            program.assertAt("doubled", "helper-return", at);
            assertEquals(Map.of("value", "1", "twice", "2"), DebuggedProgram.locals(at));
            // The helper's body returns into its resume bridge, which has no line numbers; a step over or
            // out from there returns to main: the driver's resume of the generator's body is stepped
            // over. A breakpoint after the call is where the generator is seen going on.
            at = program.step(at.thread(), StepRequest.STEP_OVER);
            assertEquals("doubled(no line) < main@next-3", program.where(at));
            program.breakAt("after-helper");
            at = program.resumeToBreakpoint();
            assertEquals("numbers@after-helper < main@next-3", program.where(at));
            assertEquals(Map.of("count", "2", "tag", "\"n\"", "total", "18", "i", "1"), DebuggedProgram.locals(at));
            program.finish();
        }
    }

    @Test
    void asyncTaskResumedAfterItsAwaitShowsItsLocals(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(PROGRAM, RELEASE, dir)) {
            program.breakAt("await");
            program.breakAt("after-await");
            BreakpointEvent await = program.resumeToBreakpoint();
            // The first step of a task runs inside its factory, which has no line numbers.
            assertEquals(
                    "fetch@await < fetch(no line) < scenario@start-task < scenario(no line) < lambda$main$0@run-loop"
                            + " < main@run-loop",
                    program.where(await));
            assertEquals(
                    Map.of("input", "java.util.concurrent.CompletableFuture", "greeting", "\"hello\""),
                    DebuggedProgram.locals(await));
            List<String> stops = new ArrayList<>();
            LocatableEvent at = program.step(await.thread(), StepRequest.STEP_OVER);
            stops.add(program.where(at));
            at = program.step(at.thread(), StepRequest.STEP_OVER);
            stops.add(program.where(at));
            at = program.step(at.thread(), StepRequest.STEP_OVER);
            stops.add(program.where(at));
            String outer = " < scenario(no line) < lambda$main$0@run-loop < main@run-loop";
            assertEquals(
                    List.of(
                            // the task suspends: its first step returns into its factory, which has no lines
                            "fetch(no line) < scenario@start-task" + outer,
                            "scenario@start-task" + outer,
                            "scenario@complete" + outer),
                    stops);
            BreakpointEvent after = program.resumeToBreakpoint();
            program.assertAt("fetch", "after-await", after);
            assertEquals(Map.of("greeting", "\"hello\"", "got", "42"), DebuggedProgram.locals(after));
            String output = program.finish();
            assertTrue(output.contains("hello 42"), "expected the program to print hello 42, it printed:\n" + output);
        }
    }
}
