package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Seed 003: ten I/Os of one second each take about one second in all, not ten, when one event loop
 * runs them as concurrent tasks, on a single thread.
 *
 * <p>{@link #read} is an async task: a {@code @Coroutine} method returning {@code
 * CompletableFuture}. It starts its I/O, then waits for the reply at {@code Co.await}. Waiting
 * suspends the task and hands the loop's thread back, so {@link #readAllAtOnce} starts all ten
 * reads before the first reply comes, and then gathers the ten results in order. {@link
 * #readOneByOne} waits for each read before it starts the next, as blocking code would: ten times
 * as long.
 *
 * <p>The same code runs on a loop with a <em>virtual clock</em> ({@link EventLoop#createVirtual()}):
 * there the I/O is a timer of the loop, and whenever no task is ready the clock jumps to the next
 * timer, so the ten "seconds" pass in a few milliseconds of wall time, with exact timings.
 */
public final class TenSlowReads {
    private TenSlowReads() {}

    /** How many reads the sample makes. */
    public static final int COUNT = 10;

    /** How long each read takes. */
    public static final Duration LATENCY = Duration.ofSeconds(1);

    /**
     * Starts a simulated read that delivers {@code "data <id>"} after {@code latency}.
     *
     * <p>On the real clock another thread completes the future, as a network reply would arrive. A
     * virtual clock cannot wait for another thread's timer, so there the loop's own timer completes
     * it ({@link EventLoop#schedule}).
     *
     * @param id which read
     * @param latency how long it takes
     * @return the future reply; not completed yet
     */
    public static CompletableFuture<String> startIo(int id, Duration latency) {
        EventLoop loop = EventLoop.current();
        if (loop.isVirtual()) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            loop.schedule(latency, () -> reply.complete("data " + id));
            return reply;
        }
        return CompletableFuture.supplyAsync(
                () -> "data " + id, CompletableFuture.delayedExecutor(latency.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * One read, as an async task: starts the I/O, suspends until it replies, and logs both moments
     * on the loop's clock.
     *
     * @param id which read
     * @param latency how long it takes
     * @param log receives {@code "<ms> ms: read <id> starts"} and {@code "<ms> ms: read <id> done"}
     * @return the read's data
     */
    @Coroutine
    public static CompletableFuture<String> read(int id, Duration latency, List<String> log) {
        log.add(millis() + " ms: read " + id + " starts");
        String data = Co.await(startIo(id, latency)); // the loop runs other tasks meanwhile
        log.add(millis() + " ms: read " + id + " done");
        return CompletableFuture.completedFuture(data);
    }

    /**
     * Starts {@code count} reads, each of which runs up to its {@code Co.await} and gives the thread
     * back, then gathers their results in order (Python's {@code asyncio.gather}).
     *
     * @param count how many reads
     * @param latency how long each takes
     * @param log the reads' log, see {@link #read}
     * @return the data of every read, in order
     */
    @Coroutine
    public static CompletableFuture<List<String>> readAllAtOnce(int count, Duration latency, List<String> log) {
        List<CompletableFuture<String>> reads = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            reads.add(read(id, latency, log));
        }
        List<String> results = new ArrayList<>();
        for (CompletableFuture<String> read : reads) {
            results.add(Co.await(read));
        }
        return CompletableFuture.completedFuture(results);
    }

    /**
     * Makes {@code count} reads one after another, awaiting each before starting the next.
     *
     * @param count how many reads
     * @param latency how long each takes
     * @param log the reads' log, see {@link #read}
     * @return the data of every read, in order
     */
    @Coroutine
    public static CompletableFuture<List<String>> readOneByOne(int count, Duration latency, List<String> log) {
        List<String> results = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            results.add(Co.await(read(id, latency, log)));
        }
        return CompletableFuture.completedFuture(results);
    }

    private static long millis() {
        return EventLoop.current().nanoTime() / 1_000_000;
    }

    /**
     * Runs the sample: one after another and all at once on the virtual clock, then all at once on
     * the real clock (about one second of wall time).
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        List<String> out = new ArrayList<>();
        long wallStart = System.nanoTime();

        EventLoop oneByOne = EventLoop.createVirtual();
        oneByOne.runUntilComplete(() -> readOneByOne(COUNT, LATENCY, new ArrayList<>()));
        out.add("one after another, virtual clock: " + COUNT + " reads took " + seconds(oneByOne.nanoTime()));

        EventLoop allAtOnce = EventLoop.createVirtual();
        List<String> log = new ArrayList<>();
        allAtOnce.runUntilComplete(() -> readAllAtOnce(COUNT, LATENCY, log));
        out.add("all at once, virtual clock: " + COUNT + " reads took " + seconds(allAtOnce.nanoTime()));
        out.addAll(timeline(log));
        out.add("  (both virtual runs took " + (System.nanoTime() - wallStart) / 1_000_000 + " ms of wall time)");

        long start = System.nanoTime();
        List<String> results = EventLoop.run(() -> readAllAtOnce(COUNT, LATENCY, new ArrayList<>()));
        long wall = System.nanoTime() - start;
        out.add("all at once, real clock: " + COUNT + " reads took " + seconds(wall) + " of wall time, not "
                + seconds(COUNT * LATENCY.toNanos()));
        out.add("results: " + results);
        return out;
    }

    /** Groups the log by time: {@code "  at 0 ms: read 0 starts, read 1 starts, ..."}. */
    private static List<String> timeline(List<String> log) {
        Map<String, List<String>> byTime = new LinkedHashMap<>();
        for (String entry : log) {
            String[] timeAndEvent = entry.split(": ", 2);
            byTime.computeIfAbsent(timeAndEvent[0], time -> new ArrayList<>()).add(timeAndEvent[1]);
        }
        List<String> lines = new ArrayList<>();
        byTime.forEach((time, events) -> lines.add("  at " + time + ": " + String.join(", ", events)));
        return lines;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    /**
     * Prints the timings.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
