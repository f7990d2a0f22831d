package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A race of two mirrors for the same file: {@code Tasks.any} takes the first download that
 * succeeds, cancels the other, and completes only once the loser has run its cleanup. Each mirror
 * "downloads" in chunks (a sleep each) and releases its connection in a {@code finally} block, which
 * a cancellation reaches at the pending sleep. On a virtual clock, so the log is the same on every
 * run.
 */
public final class MirrorRace {
    private MirrorRace() {}

    /**
     * Downloads {@code chunks} chunks from a mirror, each taking {@code perChunk}.
     *
     * @param mirror the mirror's name
     * @param chunks how many chunks
     * @param perChunk the time per chunk
     * @param log where to write
     * @return the downloaded file's description
     */
    @Coroutine
    static CompletableFuture<String> download(String mirror, int chunks, Duration perChunk, List<String> log) {
        log.add(at() + mirror + ": connected");
        int received = 0;
        try {
            while (received < chunks) {
                Co.sleep(perChunk);
                received++;
            }
            log.add(at() + mirror + ": got all " + chunks + " chunks");
            return CompletableFuture.completedFuture("file from " + mirror);
        } catch (CancellationException e) {
            log.add(at() + mirror + ": cancelled after " + received + " of " + chunks + " chunks");
            throw e;
        } finally {
            log.add(at() + mirror + ": connection released");
        }
    }

    /**
     * Races the two mirrors.
     *
     * @param log where to write
     * @return the winner's file
     */
    @Coroutine
    static CompletableFuture<String> race(List<String> log) {
        String file = Co.await(Tasks.any(
                download("mirror-eu", 10, Duration.ofMillis(30), log),
                download("mirror-us", 10, Duration.ofMillis(20), log)));
        log.add(at() + "race won: " + file);
        return CompletableFuture.completedFuture(file);
    }

    private static String at() {
        return String.format("%4d ms  ", EventLoop.current().nanoTime() / 1_000_000);
    }

    /**
     * Runs the race on a virtual clock.
     *
     * @return the log
     */
    public static List<String> run() {
        List<String> log = new ArrayList<>();
        EventLoop.runVirtual(() -> race(log));
        return log;
    }

    /**
     * Prints the log.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
