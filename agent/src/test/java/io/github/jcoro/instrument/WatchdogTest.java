package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blocking-loop watchdog ({@code -Djcoro.watchdog}) in a child JVM running {@code
 * programs/BlockingLoop}: no report for well-behaved loops (short steps, sleeps on the real and the
 * virtual clock, a wait for another thread), and exactly one for a task computing for 300 ms in one
 * step, naming the task and showing the busy method in the loop thread's stack.
 */
class WatchdogTest {
    /** A report's first line; group 1: the task, 2: the time held, 3: the threshold. */
    private static final Pattern HEADER = Pattern.compile(
            "\\[jcoro] watchdog: task (.+) has held the event loop 'main' for at least (\\d+) ms \\(threshold (\\d+) ms\\);"
                    + " loop thread stack:");

    private static String section(String output, String phase) {
        int from = output.indexOf("== " + phase + ": ");
        assertTrue(from >= 0, "expected a phase '" + phase + "' in the output, found:\n" + output);
        int to = output.indexOf("\n== ", from + 1);
        int end = to < 0 ? output.length() : to;
        // the phase's result line comes before its header
        return output.substring(from, end).strip();
    }

    private static void assertOneReport(String section, String phase, String task, int threshold, String caller) {
        List<String> lines = section.lines().toList();
        assertEquals("== " + phase + ": 1 report(s)", lines.get(0), "expected exactly one report in:\n" + section);
        Matcher header = HEADER.matcher(lines.get(1));
        assertTrue(header.matches(), "expected the report's first line, found: " + lines.get(1));
        assertTrue(header.group(1).matches(task), "expected the task " + task + ", found: " + lines.get(1));
        assertEquals(String.valueOf(threshold), header.group(3));
        long held = Long.parseLong(header.group(2));
        assertTrue(
                held >= threshold && held < 300,
                "expected the report while the 300 ms step ran (at least " + threshold + " ms), found " + held + " ms");
        assertTrue(
                Pattern.compile("\n    at programs\\.BlockingLoop\\.busy\\(BlockingLoop\\.java:2[45]\\)\n"
                                + "    at programs\\.BlockingLoop\\." + caller + "\\(BlockingLoop\\.java:\\d+\\)\n")
                        .matcher(section)
                        .find(),
                "expected the busy method, called by " + caller + ", in the sampled stack:\n" + section);
    }

    @Test
    void debugMode_reportsTheBusyStepOnce_withTheTaskId(@TempDir Path dir) throws Exception {
        String output = DebugModeTest.runInChild(
                "BlockingLoop", FixtureCorpusTest.NEWEST, dir, "-Djcoro.watchdog=true", "-Djcoro.debug=true");
        assertTrue(
                output.startsWith("200 steps, io\n== real clock: 0 report(s)\n200 steps, io\n== virtual clock: 0"
                        + " report(s)\n200 steps, io, spun\n== spinner: 1 report(s)\n"),
                "expected no report for the well-behaved loops, found:\n" + output);
        assertOneReport(
                section(output, "spinner"), "spinner", "#\\d+ programs\\.BlockingLoop\\.spinner", 100, "spinner");
        assertOneReport(
                section(output, "eager spinner"),
                "eager spinner",
                "programs\\.BlockingLoop\\.eagerSpinner \\(its first step\\)",
                100,
                "eagerSpinner");
        assertTrue(output.contains("\nspun at once\n== eager spinner: 1 report(s)\n"), output);
    }

    @Test
    void aThresholdInMillis_withoutDebugMode(@TempDir Path dir) throws Exception {
        String output = DebugModeTest.runInChild("BlockingLoop", FixtureCorpusTest.NEWEST, dir, "-Djcoro.watchdog=150");
        assertTrue(
                output.startsWith("200 steps, io\n== real clock: 0 report(s)\n200 steps, io\n== virtual clock: 0"
                        + " report(s)\n"),
                "expected no report for the well-behaved loops, found:\n" + output);
        assertOneReport(section(output, "spinner"), "spinner", "programs\\.BlockingLoop\\.spinner", 150, "spinner");
    }

    @Test
    void off_noReport(@TempDir Path dir) throws Exception {
        String output = DebugModeTest.runInChild("BlockingLoop", FixtureCorpusTest.NEWEST, dir);
        assertEquals(
                String.join(
                        "\n",
                        "200 steps, io",
                        "== real clock: 0 report(s)",
                        "200 steps, io",
                        "== virtual clock: 0 report(s)",
                        "200 steps, io, spun",
                        "== spinner: 0 report(s)",
                        "spun at once",
                        "== eager spinner: 0 report(s)",
                        ""),
                output);
    }
}
