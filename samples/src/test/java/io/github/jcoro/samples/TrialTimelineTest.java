package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class TrialTimelineTest {
    @Test
    void goTrialRecordsTheKeyAndItsReactionTime() {
        assertEquals(
                List.of(
                        "    0 ms  target shown",
                        "  412 ms  key 'z' pressed, RT 412 ms",
                        " 2000 ms  Stopped after 2000 cycles!",
                        " 2000 ms  trial ends: response 'z', RT 412 ms"),
                TrialTimeline.simulate(TrialTimeline.Plan.stopSignal(null), "z", 412));
    }

    @Test
    void stopTrialShowsTheStopSignalAndCollectsOverTheWholeWindow() {
        assertEquals(
                List.of(
                        "    0 ms  target shown",
                        "  250 ms  stop signal shown",
                        " 2000 ms  Stopped after 2000 cycles!",
                        " 2000 ms  trial ends: no response"),
                TrialTimeline.simulate(TrialTimeline.Plan.stopSignal(250)));
        // A key at 1999 ms is still inside the 2000 ms window.
        assertEquals(
                List.of(
                        "    0 ms  target shown",
                        "  250 ms  stop signal shown",
                        " 1999 ms  key 'x' pressed, RT 1999 ms",
                        " 2000 ms  Stopped after 2000 cycles!",
                        " 2000 ms  trial ends: response 'x', RT 1999 ms"),
                TrialTimeline.simulate(TrialTimeline.Plan.stopSignal(250), "x", 1999));
    }

    @Test
    void onlyTheFirstKeyCountsAndKeysBeforeTheTrialAreFlushed() {
        assertEquals(
                List.of(
                        "    0 ms  target shown",
                        "  180 ms  key 'm' pressed, RT 180 ms",
                        "  250 ms  stop signal shown",
                        " 2000 ms  Stopped after 2000 cycles!",
                        " 2000 ms  trial ends: response 'm', RT 180 ms"),
                TrialTimeline.simulate(TrialTimeline.Plan.stopSignal(250), "m", 180, "z", 300));
        // A key at 2000 ms is outside the window: the collector's time limit passes first.
        assertEquals(
                " 2000 ms  trial ends: no response",
                TrialTimeline.simulate(TrialTimeline.Plan.stopSignal(null), "z", 2000)
                        .get(2));
    }

    @Test
    void cycleLengthSetsHowManyCyclesTheGeneratorRuns() {
        TrialTimeline.Plan plan = new TrialTimeline.Plan(Duration.ofMillis(2000), null, Duration.ofMillis(10));
        assertEquals(
                " 2000 ms  Stopped after 200 cycles!",
                TrialTimeline.simulate(plan).get(1));
    }

    @Test
    void onVirtualTimeEveryOnsetIsExact() {
        EventLoop loop = EventLoop.createVirtual();
        TrialTimeline.Keys keys = new TrialTimeline.Keys();
        TrialTimeline.Result result = loop.runUntilComplete(
                () -> TrialTimeline.trial(TrialTimeline.Plan.stopSignal(250), 5_000_000, keys, line -> {}));
        assertArrayEquals(new long[] {0, 0, 0}, result.onsetErrors());
        assertNull(result.key());
        assertEquals(2000, result.cycles());
        assertEquals(2_005_000_000L, loop.nanoTime());
    }

    @Test
    void theGeneratorFollowsTheSeedsProtocol() {
        List<String> out = new ArrayList<>();
        Generator<Void> user = TrialTimeline.myCoroutine(out::add);
        assertNull(user.next()); // preparation
        for (int i = 0; i < 3; i++) {
            assertNull(user.send(true));
        }
        assertEquals(List.of(), out);
        assertThrows(NoSuchElementException.class, () -> user.send(false));
        assertEquals(List.of("Stopped after 3 cycles!"), out);
    }

    @Test
    void sampleOutput() {
        List<String> out = TrialTimeline.run();
        assertEquals("go trial, key 'z' at 412 ms:", out.get(0));
        assertEquals(16, out.size());
    }

    @Test
    void timing_onTheRealClock_countsTheOnsetsOfTheMeasuredTrialsOnly() {
        List<String> lines = TrialTimeline.timing(20, 20);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertEquals(
                "20 trials of 20 ms, 60 onsets (target, keyboard, stop signal): error actual - planned", lines.get(0));
        org.junit.jupiter.api.Assertions.assertTrue(
                lines.get(1)
                        .matches(
                                "  median [0-9.]+ ms, p90 [0-9.]+ ms, p99 [0-9.]+ ms, p99.9 [0-9.]+ ms, max [0-9.]+ ms,"
                                        + " min [0-9.]+ ms"),
                lines.get(1));
        org.junit.jupiter.api.Assertions.assertTrue(
                lines.get(2).matches("  latest onsets:( [0-9.]+ ms \\(trial ([1-9]|1[0-9]|20)\\)){5}"), lines.get(2));
        org.junit.jupiter.api.Assertions.assertTrue(
                lines.get(3).matches("  before them, 10 warm-up trials \\(not counted\\): latest onset [0-9.]+ ms"),
                lines.get(3));
    }
}
