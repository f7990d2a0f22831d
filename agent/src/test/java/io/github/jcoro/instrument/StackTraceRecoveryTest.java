package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stack-trace recovery in a child JVM running {@code programs/ReadableTraces}: each exception is
 * printed as a user sees it ({@code printStackTrace}), and the test compares the whole printed trace,
 * with the line numbers taken from the program's source ({@code // line:name} markers). The runtime's
 * own line numbers are left out, so that editing the runtime does not break the test.
 */
class StackTraceRecoveryTest {
    private static final String PROGRAM = "ReadableTraces";
    private static final String BOUNDARY = "\tat io.github.jcoro.Coroutine boundary(suspended callers below)";
    private static final String AWAITED = "\tat io.github.jcoro.Coroutine boundary(awaited by the task below)";

    static List<Integer> releases() {
        return List.of(8, FixtureCorpusTest.NEWEST);
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void recoveredTraces_showTheSuspendedCallersOnceAndNoDriverFrames(int release, @TempDir Path dir) throws Exception {
        Map<String, String> sections = sections(DebugModeTest.runInChild(PROGRAM, release, dir));
        Map<String, Integer> line = lineMarkers();

        assertEquals(
                lines(
                        "java.lang.IllegalStateException: deepest failed",
                        at("deepest", line.get("deepest-throws")),
                        BOUNDARY,
                        at("middle", line.get("middle-calls-deepest")),
                        at("outer", line.get("outer-calls-middle")),
                        at("numbers", line.get("numbers-calls-outer")),
                        "\tat io.github.jcoro.internal.GeneratorFrame.next(GeneratorFrame.java)",
                        at("threeHelpersDeep", line.get("main-calls-next")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-three-helpers-deep"))),
                sections.get("three helpers deep"));

        // The helper that wraps gets its caller; the cause, rethrown as is by the helper between, keeps
        // the trace it got when it first left a resumed frame (no duplicate, no second boundary).
        assertEquals(
                lines(
                        "java.lang.RuntimeException: wrapped",
                        at("wrapper", line.get("wrapper-wraps")),
                        BOUNDARY,
                        at("wrapping", line.get("wrapping-calls-wrapper")),
                        "\tat io.github.jcoro.internal.GeneratorFrame.next(GeneratorFrame.java)",
                        at("wrappedAndRethrown", line.get("main-calls-next-wrapped")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-wrapped-and-rethrown")),
                        "Caused by: java.lang.IllegalStateException: deepest failed",
                        at("deepest", line.get("deepest-throws")),
                        BOUNDARY,
                        at("rethrower", line.get("rethrower-calls-deepest")),
                        at("wrapper", line.get("wrapper-calls-rethrower")),
                        "\t... 5 more"),
                sections.get("wrapped and rethrown"));

        // No writable stack trace: left alone. Made by the caller and thrown into the generator: its
        // trace is where it was made.
        assertEquals(
                lines(
                        "quiet: 0 frames",
                        "java.lang.IllegalArgumentException: thrown into",
                        at("leftAlone", line.get("main-makes-raised")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-left-alone"))),
                sections.get("left alone"));

        // A generator delegated to: the helper suspended at Co.yieldAll and the body below the boundary.
        assertEquals(
                lines(
                        "java.lang.UnsupportedOperationException: inner failed",
                        at("failingInner", line.get("inner-throws")),
                        BOUNDARY,
                        at("delegatingHelper", line.get("helper-yields-all")),
                        at("delegating", line.get("delegating-calls-helper")),
                        "\tat io.github.jcoro.internal.GeneratorFrame.next(GeneratorFrame.java)",
                        at("delegated", line.get("main-calls-next-delegated")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-delegated"))),
                sections.get("delegated"));

        // a awaits b (in a helper), b awaits c, c's helper throws after a sleep: c, then b, then a, in
        // the failure's own trace.
        assertEquals(
                lines(
                        "java.lang.IllegalStateException: c failed",
                        at("nap", line.get("nap-throws")),
                        BOUNDARY,
                        at("c", line.get("c-calls-nap")),
                        AWAITED,
                        at("b", line.get("b-awaits-c")),
                        AWAITED,
                        at("awaitB", line.get("awaitB-awaits-b")),
                        at("a", line.get("a-calls-awaitB")),
                        "\tat io.github.jcoro.internal.AsyncTask.run(AsyncTask.java)",
                        "\tat io.github.jcoro.EventLoop.runReady(EventLoop.java)",
                        "\tat io.github.jcoro.EventLoop.loop(EventLoop.java)",
                        "\tat io.github.jcoro.EventLoop.runUntilComplete(EventLoop.java)",
                        "\tat io.github.jcoro.EventLoop.runVirtual(EventLoop.java)",
                        at("taskChain", line.get("main-runs-loop")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-task-chain"))),
                sections.get("task chain"));

        // Co.await of a future that had failed already (made by plain code), in a resumed helper: the
        // awaiting frames at the end, with the helper's suspended caller.
        assertEquals(
                lines(
                        "java.lang.IllegalArgumentException: failed earlier",
                        at("failedEarlier", line.get("failed-earlier")),
                        at("awaitedCompleted", line.get("awaited-completed-fails")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-awaited-completed")),
                        AWAITED,
                        at("lateHelper", line.get("late-awaits")),
                        BOUNDARY,
                        at("lateAwaiter", line.get("late-calls-helper"))),
                sections.get("awaited completed"));

        // One failure, two awaiters: the JDK runs a future's callbacks last registered first, so the
        // second awaiter is resumed first and its frames are added, then those of the task that awaited
        // it; the first awaiter, resumed later, adds nothing (it did not await the second).
        assertEquals(
                lines(
                        "same object for both: true",
                        "java.lang.IllegalStateException: shared failure",
                        at("sleepsThenFails", line.get("shared-throws")),
                        AWAITED,
                        at("secondAwaiter", line.get("second-awaits")),
                        AWAITED,
                        at("siblings", line.get("siblings-awaits-second")),
                        "\tat io.github.jcoro.internal.AsyncTask.run(AsyncTask.java)",
                        "\tat io.github.jcoro.EventLoop.runReady(EventLoop.java)",
                        "\tat io.github.jcoro.EventLoop.loop(EventLoop.java)",
                        "\tat io.github.jcoro.EventLoop.runUntilComplete(EventLoop.java)",
                        "\tat io.github.jcoro.EventLoop.runVirtual(EventLoop.java)",
                        at("sharedFailure", line.get("shared-runs-loop")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-siblings")),
                        "both failed"),
                sections.get("siblings"));

        // A task that fails before its first suspension, inside the call that starts it: its trace
        // holds the awaiting frame already, nothing is added.
        assertEquals(
                lines(
                        "java.lang.IllegalStateException: failed at once",
                        at("failsAtOnce", line.get("fails-at-once")),
                        "\tat io.github.jcoro.internal.AsyncTask.start(AsyncTask.java)",
                        // the factory, which carries no line numbers (so breakpoints resolve to the body)
                        "\tat programs." + PROGRAM + ".failsAtOnce(" + PROGRAM + ".java)",
                        at("startsAndAwaits", line.get("starts-and-awaits")),
                        "\tat io.github.jcoro.internal.AsyncTask.run(AsyncTask.java)",
                        "\tat io.github.jcoro.EventLoop.runReady(EventLoop.java)",
                        "\tat io.github.jcoro.EventLoop.loop(EventLoop.java)",
                        "\tat io.github.jcoro.EventLoop.runUntilComplete(EventLoop.java)",
                        "\tat io.github.jcoro.EventLoop.runVirtual(EventLoop.java)",
                        at("failedAtOnce", line.get("at-once-runs-loop")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-failed-at-once"))),
                sections.get("failed at once"));

        for (Map.Entry<String, String> section : sections.entrySet()) {
            assertNoInternalFrameOnTop(section.getKey(), section.getValue());
        }
    }

    @Test
    void switchedOff_theJvmTraceAsItWas(@TempDir Path dir) throws Exception {
        String output =
                DebugModeTest.runInChild(PROGRAM, FixtureCorpusTest.NEWEST, dir, "-Djcoro.stackTraceRecovery=false");
        Map<String, String> sections = sections(output);
        Map<String, Integer> line = lineMarkers();
        assertEquals(
                lines(
                        "java.lang.IllegalStateException: deepest failed",
                        at("deepest", line.get("deepest-throws")),
                        "\tat programs.ReadableTraces.deepest(ReadableTraces.java)",
                        "\tat io.github.jcoro.internal.GeneratorFrame.stepNested(GeneratorFrame.java)",
                        "\tat io.github.jcoro.internal.GeneratorFrame.step(GeneratorFrame.java)",
                        "\tat io.github.jcoro.internal.GeneratorFrame.next(GeneratorFrame.java)",
                        at("threeHelpersDeep", line.get("main-calls-next")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-three-helpers-deep"))),
                sections.get("three helpers deep"));
        assertFalse(output.contains("Coroutine boundary"), () -> "no boundary expected when off, found:\n" + output);
        assertEquals(
                lines(
                        "java.lang.IllegalArgumentException: failed earlier",
                        at("failedEarlier", line.get("failed-earlier")),
                        at("awaitedCompleted", line.get("awaited-completed-fails")),
                        at("section", line.get("section-runs")),
                        at("main", line.get("main-awaited-completed"))),
                sections.get("awaited completed"));
    }

    /**
     * The program the docs' cost figures come from runs, and its failure's trace is the recovered one
     * (deepest, boundary, three suspended callers, next, the loop, main) or, when off, the JVM's.
     */
    @Test
    void costProgram_runsAndReportsTheTraceItMeasured(@TempDir Path dir, @TempDir Path offDir) throws Exception {
        String on = DebugModeTest.runInChild("RecoveryCost", FixtureCorpusTest.NEWEST, dir, "-Dscale=100");
        assertTrue(
                on.matches("(?s)recovery on \\(default\\): \\d+ ns per failing step .*\n"
                        + "the failure's trace has 8 frames\n"),
                () -> "expected the timings, then a trace of 8 frames; found:\n" + on);
        String off = DebugModeTest.runInChild(
                "RecoveryCost", FixtureCorpusTest.NEWEST, offDir, "-Dscale=100", "-Djcoro.stackTraceRecovery=false");
        assertTrue(
                off.matches("(?s)recovery false: \\d+ ns per failing step .*\n" + "the failure's trace has 7 frames\n"),
                () -> "expected the timings, then a trace of 7 frames; found:\n" + off);
    }

    /** No frame of jcoro's internals above the first frame of the program, in each printed trace. */
    private static void assertNoInternalFrameOnTop(String section, String text) {
        boolean inTrace = false;
        boolean userSeen = false;
        for (String printed : text.split("\n")) {
            String trimmed = printed.trim();
            if (!trimmed.startsWith("at ") && !trimmed.startsWith("...")) {
                inTrace = true;
                userSeen = false;
                continue;
            }
            if (inTrace && trimmed.startsWith("at programs.")) {
                userSeen = true;
            }
            if (inTrace && !userSeen && trimmed.startsWith("at io.github.jcoro.internal.")) {
                fail("section \"" + section + "\": expected a frame of the program before any of"
                        + " io.github.jcoro.internal, found " + trimmed + " first in:\n" + text);
            }
        }
        assertTrue(text.contains("at programs."), () -> "section \"" + section + "\" has no program frame:\n" + text);
    }

    private static String at(String method, Integer line) {
        if (line == null) {
            throw new AssertionError("a // line: marker of " + method + " is missing from " + PROGRAM + ".java");
        }
        return "\tat programs." + PROGRAM + "." + method + "(" + PROGRAM + ".java:" + line + ")";
    }

    private static String lines(String... lines) {
        return String.join("\n", lines);
    }

    /** The output's sections ({@code == name} headers), runtime line numbers removed. */
    private static Map<String, String> sections(String output) {
        String normalized = output.replaceAll("\\((GeneratorFrame|AsyncTask|EventLoop)\\.java:\\d+\\)", "($1.java)");
        Map<String, String> sections = new LinkedHashMap<>();
        String name = null;
        StringBuilder text = new StringBuilder();
        for (String printed : normalized.split("\n", -1)) {
            if (printed.startsWith("== ")) {
                if (name != null) {
                    sections.put(name, text.toString().strip());
                }
                name = printed.substring(3);
                text.setLength(0);
            } else if (name != null) {
                text.append(printed).append('\n');
            }
        }
        if (name != null) {
            sections.put(name, text.toString().strip());
        }
        assertEquals(
                List.of(
                        "three helpers deep",
                        "wrapped and rethrown",
                        "left alone",
                        "delegated",
                        "task chain",
                        "awaited completed",
                        "siblings",
                        "failed at once"),
                List.copyOf(sections.keySet()),
                () -> "the program's sections, in:\n" + output);
        return sections;
    }

    /** {@code // line:name} markers of the program's source: name to line number. */
    private static Map<String, Integer> lineMarkers() throws IOException {
        String source;
        try (InputStream in = StackTraceRecoveryTest.class.getResourceAsStream("/programs/" + PROGRAM + ".java")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        Pattern marker = Pattern.compile("// line:([\\w-]+)");
        String[] sourceLines = source.split("\n", -1);
        for (int i = 0; i < sourceLines.length; i++) {
            Matcher matcher = marker.matcher(sourceLines[i]);
            if (matcher.find()) {
                lines.put(matcher.group(1), i + 1);
            }
        }
        return lines;
    }
}
