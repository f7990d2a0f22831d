package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import io.github.jcoro.samples.GeneratorPipeline.Entry;
import io.github.jcoro.samples.GeneratorPipeline.Level;
import io.github.jcoro.samples.GeneratorPipeline.LogFile;
import io.github.jcoro.samples.GeneratorPipeline.Stats;
import io.github.jcoro.samples.GeneratorPipeline.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class GeneratorPipelineTest {
    @Test
    void reportsWarningsAndErrorsAndReadsOnlyWhatItNeeds() {
        assertEquals(
                List.of(
                        "-- the whole report, WARN and above --",
                        "09:00:02 WARN  app  | config key 'timeout' is deprecated",
                        "09:01:10 ERROR app  | request /orders failed: timeout",
                        "  [app.log: 4 lines read, file closed]",
                        "  [flatten: app.log gave 4 lines, 4 so far]",
                        "09:00:40 WARN  db   | slow query (1200 ms)",
                        "09:01:09 ERROR db   | connection reset",
                        "  [db.log: 4 lines read, file closed]",
                        "  [flatten: db.log gave 4 lines, 8 so far]",
                        "09:02:00 ERROR auth | token signature invalid",
                        "09:02:01 WARN  auth | 3 failed logins for bob",
                        "  [auth.log: 3 lines read, file closed]",
                        "  [flatten: auth.log gave 3 lines, 11 so far]",
                        "summary: 3 WARN, 3 ERROR; by service: app=2, auth=2, db=2",
                        "read 11 lines, skipped [-- rotated --]",
                        "-- only the first three lines --",
                        "pipeline built, lines read so far: 0",
                        "09:00:02 WARN  app  | config key 'timeout' is deprecated",
                        "09:01:10 ERROR app  | request /orders failed: timeout",
                        "  [app.log: 4 lines read, file closed]",
                        "  [flatten: app.log gave 4 lines, 4 so far]",
                        "09:00:40 WARN  db   | slow query (1200 ms)",
                        "lines read: 6; closing the report",
                        "  [db.log: 2 lines read, file closed]",
                        "closed, lines read: 6"),
                GeneratorPipeline.run());
    }

    /** A caller of format() that gets its summary back through Co.yieldAll and yields it last. */
    @Coroutine
    static Generator<Object> linesThenSummary(Generator<Entry> entries) {
        Summary summary = Co.yieldAll(GeneratorPipeline.format(entries));
        Co.yield(summary);
        return Generator.empty();
    }

    @Test
    void formatReturnsItsSummaryThroughYieldAll() {
        List<Entry> entries = List.of(
                new Entry("10:00:00", Level.ERROR, "db", "down"),
                new Entry("10:00:01", Level.INFO, "app", "up"),
                new Entry("10:00:02", Level.ERROR, "app", "oops"));
        List<Object> out = new ArrayList<>();
        for (Object value : linesThenSummary(Generator.of(() -> {
            for (Entry entry : entries) {
                Co.yield(entry);
            }
        }))) {
            out.add(value);
        }
        assertEquals(4, out.size());
        assertEquals("10:00:00 ERROR db   | down", out.get(0));
        Summary summary = (Summary) out.get(3);
        assertEquals(Map.of(Level.INFO, 1, Level.ERROR, 2), summary.byLevel());
        assertEquals(Map.of("app", 2, "db", 1), summary.byService());
        assertEquals("1 INFO, 2 ERROR; by service: app=2, db=1", summary.toString());
    }

    @Test
    void noFilesMakeAnEmptyReportWithAnEmptySummary() {
        Stats stats = new Stats();
        List<String> log = new ArrayList<>();
        Generator<String> report = GeneratorPipeline.report(List.of(), Level.INFO, stats, log);
        assertEquals("summary: ; by service: ", report.next());
        assertFalse(report.hasNext());
        assertThrows(NoSuchElementException.class, report::next);
        assertEquals(List.of(), log);
        assertEquals(0, stats.linesRead());
    }

    @Test
    void closingBeforeTheFirstPullReadsNothing() {
        Stats stats = new Stats();
        List<String> log = new ArrayList<>();
        Generator<String> report = GeneratorPipeline.report(
                List.of(new LogFile("x.log", "09:00:00 ERROR x boom\n")), Level.INFO, stats, log);
        report.close();
        assertFalse(report.hasNext());
        assertEquals(0, stats.linesRead());
        assertEquals(List.of(), log);
    }

    @Test
    void theLambdaStageKeepsOnlyTheLevelsAskedFor() {
        Stats stats = new Stats();
        List<String> log = new ArrayList<>();
        List<Level> levels = new ArrayList<>();
        Generator<Entry> errors = GeneratorPipeline.atLeast(
                Level.ERROR,
                GeneratorPipeline.parse(GeneratorPipeline.flatten(GeneratorPipeline.FILES, stats, log), stats));
        for (Entry entry : errors) {
            levels.add(entry.level());
        }
        assertEquals(List.of(Level.ERROR, Level.ERROR, Level.ERROR), levels);
        assertEquals(11, stats.linesRead());
        assertEquals(List.of("-- rotated --"), stats.malformed());
    }
}
