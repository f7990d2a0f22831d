package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Debug;
import io.github.jcoro.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The watchdog, run in a child JVM with -Djcoro.watchdog: well-behaved loops (many short steps,
 * sleeps on the real and the virtual clock, a wait for another thread), then a task that computes
 * for 300 ms in one step after a pause, then one that does so in its first step.
 */
public class BlockingLoop {
    static final List<String> REPORTS = new ArrayList<>();

    /** The busy method: 300 ms of computation without a suspension. */
    static long busy(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        return spins;
    }

    @Coroutine
    static CompletableFuture<Integer> ticker(int rounds, Duration nap) {
        int steps = 0;
        for (int i = 0; i < rounds; i++) {
            Co.pause();
            busy(1);
            Co.sleep(nap);
            steps += 2;
        }
        return CompletableFuture.completedFuture(steps);
    }

    @Coroutine
    static CompletableFuture<String> wellBehaved(Duration nap, Duration idle) {
        CompletableFuture<Integer> a = ticker(50, nap);
        CompletableFuture<Integer> b = ticker(50, nap);
        CompletableFuture<String> fromThread = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            fromThread.complete("io");
        });
        other.start();
        Co.sleep(idle); // the loop is idle: no step runs
        int steps = Co.await(a) + Co.await(b);
        return CompletableFuture.completedFuture(steps + " steps, " + Co.await(fromThread));
    }

    @Coroutine
    static CompletableFuture<String> spinner() {
        Co.pause();
        long spins = busy(300);
        Co.sleep(Duration.ofMillis(1));
        return CompletableFuture.completedFuture(spins > 0 ? "spun" : "?");
    }

    @Coroutine
    static CompletableFuture<String> eagerSpinner() {
        long spins = busy(300);
        Co.pause();
        return CompletableFuture.completedFuture(spins > 0 ? "spun at once" : "?");
    }

    @Coroutine
    static CompletableFuture<String> withSpinner() {
        CompletableFuture<String> ticking = wellBehaved(Duration.ofMillis(2), Duration.ofMillis(5));
        String spun = Co.await(spinner());
        return CompletableFuture.completedFuture(Co.await(ticking) + ", " + spun);
    }

    static void phase(String name, Runnable body) {
        body.run();
        synchronized (REPORTS) {
            System.out.println("== " + name + ": " + REPORTS.size() + " report(s)");
            for (String report : REPORTS) {
                System.out.println(report);
            }
            REPORTS.clear();
        }
    }

    public static void main(String[] args) {
        Debug.setReporter(report -> {
            synchronized (REPORTS) {
                REPORTS.add(report);
            }
        });
        // Warm-up, not watched: the first run of each path loads and links classes, which on a busy
        // machine can hold the loop longer than the threshold.
        EventLoop.create().watchdog(null).runUntilComplete(() -> wellBehaved(Duration.ofMillis(1), Duration.ZERO));
        phase("real clock", () -> System.out.println(
                EventLoop.run(() -> wellBehaved(Duration.ofMillis(5), Duration.ofMillis(300)))));
        phase("virtual clock", () -> System.out.println(
                EventLoop.runVirtual(() -> wellBehaved(Duration.ofMinutes(5), Duration.ofHours(10)))));
        phase("spinner", () -> System.out.println(EventLoop.run(BlockingLoop::withSpinner)));
        phase("eager spinner", () -> System.out.println(EventLoop.run(BlockingLoop::eagerSpinner)));
    }
}
