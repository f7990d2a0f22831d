package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TenSlowReadsTest {
    private static final List<String> DATA =
            IntStream.range(0, 10).mapToObj(i -> "data " + i).collect(Collectors.toList());

    @Test
    void allAtOnceTakesOneVirtualSecondAndStartsEveryReadBeforeAnyEnds() {
        EventLoop loop = EventLoop.createVirtual();
        List<String> log = new ArrayList<>();
        List<String> results = loop.runUntilComplete(() -> TenSlowReads.readAllAtOnce(10, Duration.ofSeconds(1), log));

        assertEquals(DATA, results);
        assertEquals(1_000_000_000L, loop.nanoTime());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("0 ms: read " + i + " starts");
        }
        for (int i = 0; i < 10; i++) {
            expected.add("1000 ms: read " + i + " done");
        }
        assertEquals(expected, log);
    }

    @Test
    void oneByOneTakesTenVirtualSeconds() {
        EventLoop loop = EventLoop.createVirtual();
        List<String> log = new ArrayList<>();
        List<String> results = loop.runUntilComplete(() -> TenSlowReads.readOneByOne(10, Duration.ofSeconds(1), log));

        assertEquals(DATA, results);
        assertEquals(10_000_000_000L, loop.nanoTime());
        assertEquals(20, log.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(i * 1000 + " ms: read " + i + " starts", log.get(2 * i));
            assertEquals((i + 1) * 1000 + " ms: read " + i + " done", log.get(2 * i + 1));
        }
    }

    @Test
    void readsOfDifferentLengthsEndInOrderOfLength() {
        // Not in the sample's output: the reads overlap, so the shortest ends first whatever the start order.
        EventLoop loop = EventLoop.createVirtual();
        List<String> ends = new ArrayList<>();
        loop.runUntilComplete(() -> TenSlowReads.read(0, Duration.ofMillis(300), ends)
                .thenCombine(TenSlowReads.read(1, Duration.ofMillis(100), ends), (a, b) -> a + "+" + b));
        assertEquals(
                List.of("0 ms: read 0 starts", "0 ms: read 1 starts", "100 ms: read 1 done", "300 ms: read 0 done"),
                ends);
        assertEquals(300_000_000L, loop.nanoTime());
    }

    @Test
    void onTheRealClockTenOneSecondReadsTakeFarLessThanTenSeconds() {
        long start = System.nanoTime();
        List<String> results =
                EventLoop.run(() -> TenSlowReads.readAllAtOnce(10, Duration.ofSeconds(1), new ArrayList<>()));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(DATA, results);
        // A generous bound: it proves the reads overlapped (one after another takes 10 s); not a benchmark.
        assertTrue(elapsedMillis >= 1000 && elapsedMillis < 5000, "took " + elapsedMillis + " ms");
    }

    @Test
    void printsTheTimings() {
        List<String> out = TenSlowReads.run();
        assertEquals("one after another, virtual clock: 10 reads took 10.000 s", out.get(0));
        assertEquals("all at once, virtual clock: 10 reads took 1.000 s", out.get(1));
        assertTrue(out.get(2).startsWith("  at 0 ms: read 0 starts, read 1 starts,"), out.get(2));
        assertTrue(out.get(3).startsWith("  at 1000 ms: read 0 done, read 1 done,"), out.get(3));
        assertTrue(out.get(5).startsWith("all at once, real clock: 10 reads took "), out.get(5));
        assertEquals("results: " + DATA, out.get(6));
    }
}
