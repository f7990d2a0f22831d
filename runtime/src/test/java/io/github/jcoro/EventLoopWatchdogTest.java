package io.github.jcoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop#watchdog(Duration)} on plain actions (no coroutine needed): a long step is
 * reported once, while it runs, with its stack; an idle loop and short steps are not.
 */
class EventLoopWatchdogTest {
    private final List<String> reports = new ArrayList<>();

    @AfterEach
    void restoreReporter() {
        Debug.setReporter(null);
    }

    private void collectReports() {
        Debug.setReporter(report -> {
            synchronized (reports) {
                reports.add(report);
            }
        });
    }

    private List<String> reports() {
        synchronized (reports) {
            return new ArrayList<>(reports);
        }
    }

    static void spinFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        if (spins < 0) {
            throw new AssertionError();
        }
    }

    static void blockFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachLongStepIsReportedOnceWithItsStack_idleTimeAndShortStepsAreNot() {
        collectReports();
        EventLoop loop = EventLoop.create().watchdog(Duration.ofMillis(100));
        String done = loop.runUntilComplete(() -> {
            CompletableFuture<String> finished = new CompletableFuture<>();
            EventLoop self = EventLoop.current();
            for (int i = 0; i < 100; i++) {
                self.execute(() -> spinFor(1));
            }
            self.execute(() -> spinFor(300));
            // idle: the loop waits 300 ms for a timer, running nothing
            self.schedule(Duration.ofMillis(300), () -> {
                blockFor(300);
                self.schedule(Duration.ofMillis(100), () -> finished.complete("done"));
            });
            return finished;
        });
        assertEquals("done", done);
        List<String> got = reports();
        assertEquals(2, got.size(), "expected one report per long step (spinFor, blockFor), found: " + got);
        String spin = got.get(0);
        String threadName = Thread.currentThread().getName();
        assertTrue(
                spin.startsWith("[jcoro] watchdog: an action (io.github.jcoro.EventLoopWatchdogTest$$Lambda")
                        && spin.contains(" has held the event loop '" + threadName + "' for at least ")
                        && spin.contains(" ms (threshold 100 ms); loop thread stack:\n    at "),
                "expected the report's first line to name the action, the loop's thread and the threshold," + " found: "
                        + spin);
        assertTrue(
                spin.contains("\n    at io.github.jcoro.EventLoopWatchdogTest.spinFor(EventLoopWatchdogTest.java:"),
                "expected the stack sampled while spinFor ran, found: " + spin);
        String block = got.get(1);
        assertTrue(
                block.contains("\n    at io.github.jcoro.EventLoopWatchdogTest.blockFor(EventLoopWatchdogTest.java:"),
                "expected the stack sampled while blockFor slept, found: " + block);
        long heldMillis = Long.parseLong(spin.replaceAll("(?s).* for at least (\\d+) ms \\(threshold.*", "$1"));
        assertTrue(heldMillis >= 100 && heldMillis < 300, "expected the report while the step ran, found " + spin);
    }

    @Test
    void noWatchdog_noReport() {
        collectReports();
        EventLoop.create().watchdog(null).runUntilComplete(() -> {
            spinFor(100);
            return CompletableFuture.completedFuture("x");
        });
        EventLoop.create().watchdog(Duration.ZERO).runUntilComplete(() -> {
            spinFor(100);
            return CompletableFuture.completedFuture("x");
        });
        assertEquals(List.of(), reports());
    }

    @Test
    void theMainTasksStartIsAStepToo() {
        collectReports();
        EventLoop.create().watchdog(Duration.ofMillis(100)).runUntilComplete(() -> {
            spinFor(300);
            return CompletableFuture.completedFuture("x");
        });
        List<String> got = reports();
        assertEquals(1, got.size(), "expected one report, found: " + got);
        assertTrue(got.get(0).contains("\n    at io.github.jcoro.EventLoopWatchdogTest.spinFor("), got.get(0));
    }

    @Test
    void misuse() {
        IllegalArgumentException negative = assertThrows(
                IllegalArgumentException.class, () -> EventLoop.create().watchdog(Duration.ofMillis(-1)));
        assertEquals(
                "EventLoop.watchdog(PT-0.001S): expected a positive threshold, or zero (or null) for no watchdog",
                negative.getMessage());
        EventLoop loop = EventLoop.create();
        loop.runUntilComplete(() -> CompletableFuture.completedFuture("x"));
        IllegalStateException late =
                assertThrows(IllegalStateException.class, () -> loop.watchdog(Duration.ofMillis(10)));
        assertEquals(
                "EventLoop.watchdog(PT0.01S) on a loop that has started running; set the watchdog before"
                        + " runUntilComplete",
                late.getMessage());
    }
}
