package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jcoro's JFR events ({@code -Djcoro.jfr=true}) in a child JVM running {@code
 * programs/FlightRecording}, which records them in-process, dumps the recording and reads it back
 * with {@code RecordingFile}: two generators (one delegating to another) and three tasks: one created and one completed event per coroutine, a resumed event per
 * step and a suspended one per suspension, with the method, kind and what it waits on. Off, no
 * event, and the events' class is never loaded.
 */
class FlightRecorderTest {
    @Test
    void eventsOfAGeneratorAndThreeTasks(@TempDir Path dir) throws Exception {
        String output = DebugModeTest.runInChild("FlightRecording", FixtureCorpusTest.NEWEST, dir, "-Djcoro.jfr=true");
        assertEquals(
                String.join(
                        "\n",
                        "parent of slept, sum 13",
                        "42 jcoro events, 6 ids, lifetimes not negative",
                        "2 Completed generator programs.FlightRecording.counter",
                        "1 Completed generator programs.FlightRecording.relay",
                        "1 Completed task programs.FlightRecording.parent",
                        "1 Completed task programs.FlightRecording.scenario",
                        "1 Completed task programs.FlightRecording.sleeper",
                        "2 Created generator programs.FlightRecording.counter",
                        "1 Created generator programs.FlightRecording.relay",
                        "1 Created task programs.FlightRecording.parent",
                        "1 Created task programs.FlightRecording.scenario",
                        "1 Created task programs.FlightRecording.sleeper",
                        "5 Resumed generator programs.FlightRecording.counter, waited on its caller (Co.yield)",
                        "2 Resumed generator programs.FlightRecording.counter, waited on its start",
                        "2 Resumed generator programs.FlightRecording.relay, waited on its caller (Co.yield)",
                        "1 Resumed generator programs.FlightRecording.relay, waited on its start",
                        "1 Resumed task programs.FlightRecording.parent, waited on its start",
                        "1 Resumed task programs.FlightRecording.parent, waited on its turn (Co.pause)",
                        "1 Resumed task programs.FlightRecording.parent, waited on task"
                                + " programs.FlightRecording.sleeper",
                        "1 Resumed task programs.FlightRecording.scenario, waited on its start",
                        "1 Resumed task programs.FlightRecording.scenario, waited on task"
                                + " programs.FlightRecording.parent",
                        "2 Resumed task programs.FlightRecording.sleeper, waited on a timer (Co.sleep PT0.01S)",
                        "1 Resumed task programs.FlightRecording.sleeper, waited on its start",
                        "5 Suspended generator programs.FlightRecording.counter, waiting on its caller (Co.yield)",
                        "2 Suspended generator programs.FlightRecording.relay, waiting on its caller (Co.yield)",
                        "1 Suspended task programs.FlightRecording.parent, waiting on its turn (Co.pause)",
                        "1 Suspended task programs.FlightRecording.parent, waiting on task"
                                + " programs.FlightRecording.sleeper",
                        "1 Suspended task programs.FlightRecording.scenario, waiting on task"
                                + " programs.FlightRecording.parent",
                        "2 Suspended task programs.FlightRecording.sleeper, waiting on a timer (Co.sleep PT0.01S)",
                        ""),
                output);
    }

    @Test
    void off_noEventAndTheEventClassIsNeverLoaded(@TempDir Path dir) throws Exception {
        String output = DebugModeTest.runInChild(
                "FlightRecording", FixtureCorpusTest.NEWEST, dir, "-Xlog:class+load=info:stdout");
        String program = output.lines().filter(line -> !line.startsWith("[")).collect(Collectors.joining("\n"));
        assertEquals("parent of slept, sum 13\n0 jcoro events, 0 ids, lifetimes not negative", program);
        assertTrue(
                output.contains(" io.github.jcoro.internal.FlightRecorderSwitch "),
                "expected the class-load log to show the switch loaded");
        assertFalse(
                output.contains("io.github.jcoro.internal.FlightRecorderEvents"),
                "expected FlightRecorderEvents never loaded with -Djcoro.jfr off, found:\n"
                        + output.lines()
                                .filter(line -> line.contains("FlightRecorderEvents"))
                                .collect(Collectors.joining("\n")));
    }
}
