package io.github.jcoro.debugger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.ThreadReference;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.LocatableEvent;
import io.github.jcoro.instrument.DebuggedProgram;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CoroutineStep} on programs compiled with {@code -g}, instrumented and run in a child JVM
 * under JDI: a step over a {@code Co.yield}, a line whose helper suspends, or a {@code Co.await}
 * ends on the next line of the same activation when it is resumed, skipping other activations of
 * the same body; a step that does not suspend is the plain step.
 */
class CoroutineStepTest {
    private static final String STEPPING = "CoroutineStepping";

    @Test
    void stepOverAYield_landsOnTheNextLineWhenTheSameGeneratorResumes(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(STEPPING, DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("yield-1");
            assertEquals("letters@yield-1 < main@a-1", program.where(hit));
            // b enters the same body twice (b-1, b-2, the second at the label a waits at) before a
            // resumes: the step waits for a's frame.
            LocatableEvent at = program.stepCoroutine(hit.thread());
            assertEquals("letters@after-1 < main@a-2", program.where(at));
            assertEquals(Map.of("name", "\"a\""), DebuggedProgram.locals(at));
            // Within the body, the plain step.
            at = program.stepCoroutine(at.thread());
            assertEquals("letters@yield-2 < main@a-2", program.where(at));
            program.finish();
        }
    }

    @Test
    void stepOverAYield_waitsForItsOwnFrameWhileAnotherResumesAtTheSameLabel(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(STEPPING, DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("yield-2");
            assertEquals("letters@yield-2 < main@b-2", program.where(hit));
            // a is resumed at a-2, at a-3 from the yield b waits at (the same label), at a-4, and closed;
            // b resumes only when closed: GeneratorExit raised at its pending yield runs its finally.
            LocatableEvent at = program.stepCoroutine(hit.thread());
            assertEquals("letters@finally < main@close-b", program.where(at));
            assertEquals(Map.of("name", "\"b\""), DebuggedProgram.locals(at));
            program.finish();
        }
    }

    @Test
    void stepOverAOneLineLoopOfYields_runsTheLoopAsAPlainStepWould(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(STEPPING, DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("one-line-loop");
            assertEquals("letters@one-line-loop < main@a-3", program.where(hit));
            // Each resume (a-4, then close) goes on in the same line, so the step goes on with it, as a
            // step over a one-line loop of calls runs the whole loop; close() ends it in the finally.
            LocatableEvent at = program.stepCoroutine(hit.thread());
            assertEquals("letters@finally < main@close-a", program.where(at));
            String output = program.finish();
            assertTrue(output.contains("closed a\nclosed b\na1 b1 b2 a2 a3 a4"), "the program printed:\n" + output);
        }
    }

    @Test
    void stepOverALineWhoseHelperYields_landsAfterTheHelperReturns(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch("SourceDebugging", DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("helper-call");
            assertEquals("numbers@helper-call < main@next-2", program.where(hit));
            // doubled yields (next-2 returns its value), is resumed by next-3 and returns into numbers.
            LocatableEvent at = program.stepCoroutine(hit.thread());
            assertEquals("numbers@after-helper < main@next-3", program.where(at));
            assertEquals(Map.of("count", "2", "tag", "\"n\"", "total", "18", "i", "1"), DebuggedProgram.locals(at));
            program.finish();
        }
    }

    @Test
    void stepOverAYieldInAHelper_landsOnTheHelpersNextLine(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch("SourceDebugging", DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("helper-yield");
            assertEquals("doubled@helper-yield < numbers@helper-call < main@next-2", program.where(hit));
            LocatableEvent at = program.stepCoroutine(hit.thread());
            assertEquals("doubled@helper-after < doubled(no line) < main@next-3", program.where(at));
            assertEquals(Map.of("value", "1"), DebuggedProgram.locals(at));
            program.finish();
        }
    }

    @Test
    void stepOverTheReturnOfAResumedHelper_landsInItsCallerWhenTheDriverResumesIt(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch("SourceDebugging", DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("helper-return");
            // Resumed directly by the driver: the generator's body is not on the stack.
            assertEquals("doubled@helper-return < doubled(no line) < main@next-3", program.where(hit));
            LocatableEvent at = program.stepCoroutine(hit.thread());
            // Back in the line of the call, as after a plain return, with the result still to add.
            assertEquals("numbers@helper-call < main@next-3", program.where(at));
            at = program.stepCoroutine(at.thread());
            assertEquals("numbers@after-helper < main@next-3", program.where(at));
            assertEquals(Map.of("count", "2", "tag", "\"n\"", "total", "18", "i", "1"), DebuggedProgram.locals(at));
            program.finish();
        }
    }

    @Test
    void stepOverTheReturnOfAResumedInnerHelper_passesTheCallersBridgeIntoItsBody(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(STEPPING, DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("inner-return");
            assertEquals("inner@inner-return < inner(no line) < main@c-2", program.where(hit));
            // The driver resumes outer through its resume bridge (no lines), then its body.
            LocatableEvent at = program.stepCoroutine(hit.thread());
            assertEquals("outer@outer-call < outer(no line) < main@c-2", program.where(at));
            at = program.stepCoroutine(at.thread());
            assertEquals("outer@outer-return < outer(no line) < main@c-2", program.where(at));
            // x is dead after the call, so not saved at the suspension: hidden, not shown as 0.
            assertEquals(Map.of("y", "21"), DebuggedProgram.locals(at));
            // outer returns into its bridge; the driver resumes chain's body with 42.
            at = program.stepCoroutine(at.thread());
            assertEquals("chain@chain-call < main@c-2", program.where(at));
            at = program.stepCoroutine(at.thread());
            assertEquals("chain@chain-yield < main@c-2", program.where(at));
            assertEquals(Map.of("result", "42"), DebuggedProgram.locals(at));
            String output = program.finish();
            assertTrue(output.contains("inner 20, result 42"), "the program printed:\n" + output);
        }
    }

    @Test
    void stepOverAThrowInAResumedHelper_landsInTheCallersCatch(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(STEPPING, DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("failing-throw");
            assertEquals("failing@failing-throw < failing(no line) < main@d-2", program.where(hit));
            // The exception goes through the driver, which raises it in catcher's body at the call.
            LocatableEvent at = program.stepCoroutine(hit.thread());
            assertEquals("catcher@catcher-catch < main@d-2", program.where(at));
            at = program.stepCoroutine(at.thread());
            assertEquals("catcher@catcher-caught < main@d-2", program.where(at));
            String output = program.finish();
            assertTrue(output.contains("failing 7, caught failed 7"), "the program printed:\n" + output);
        }
    }

    @Test
    void stepOverAYieldThenTheThrowAfterIt_followsTheExceptionIntoTheCaller(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(STEPPING, DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("failing-yield");
            assertEquals("failing@failing-yield < catcher@catcher-call < main@d-1", program.where(hit));
            LocatableEvent at = program.stepCoroutine(hit.thread());
            assertEquals("failing@failing-throw < failing(no line) < main@d-2", program.where(at));
            at = program.stepCoroutine(at.thread());
            assertEquals("catcher@catcher-catch < main@d-2", program.where(at));
            program.finish();
        }
    }

    @Test
    void stepOverAnAwait_landsOnTheNextLineWhenTheLoopResumesTheTask(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch("SourceDebugging", DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("await");
            LocatableEvent at = program.stepCoroutine(hit.thread());
            program.assertAt("fetch", "after-await", at);
            assertEquals(Map.of("greeting", "\"hello\"", "got", "42"), DebuggedProgram.locals(at));
            String output = program.finish();
            assertTrue(output.contains("hello 42"), "the program printed:\n" + output);
        }
    }

    @Test
    void stepThatDoesNotSuspend_isThePlainStep(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch("SourceDebugging", DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("first");
            LocatableEvent at = program.stepCoroutine(hit.thread());
            program.assertAt("numbers", "before-loop", at);
            // Outside a coroutine body: main's step over next() runs the body's suspension under it.
            hit = program.firstHitOf("next-2");
            at = program.stepCoroutine(hit.thread());
            assertEquals("main@next-3", program.where(at));
            program.finish();
        }
    }

    @Test
    void stepOnAThreadThatRuns_isRefusedWithTheThreadsName(@TempDir Path dir) throws Exception {
        try (DebuggedProgram program = DebuggedProgram.launch(STEPPING, DebuggedProgram.RELEASE, dir)) {
            BreakpointEvent hit = program.firstHitOf("a-1");
            // The JDK's reference handler waits for work all along: once resumed, it runs (blocked).
            ThreadReference running = hit.virtualMachine().allThreads().stream()
                    .filter(thread -> thread.name().equals("Reference Handler"))
                    .findFirst()
                    .orElseThrow();
            running.resume();
            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> CoroutineStep.over(running, List.of()));
            assertEquals(
                    "CoroutineStep.over: expected a suspended thread, found thread 'Reference Handler' running",
                    refused.getMessage());
            running.suspend();
            String output = program.finish();
            assertTrue(output.contains("a1 b1 b2 a2 a3 a4"), "the program printed:\n" + output);
        }
    }
}
