package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/** The event loop's ordering, clock and misuse errors, as one log. */
public class EventLoopBasics {
    static final List<String> LOG = new ArrayList<>();

    static void log(String line) {
        LOG.add(line);
    }

    static long millis() {
        return EventLoop.current().nanoTime() / 1_000_000;
    }

    // Seed 004: greet("Alice", 1 s) and greet("Bob", 0.5 s) run concurrently.
    @Coroutine
    static CompletableFuture<String> greet(String name, Duration delay) {
        log("hello " + name + " at " + millis());
        Co.sleep(delay);
        log("bye " + name + " at " + millis());
        return CompletableFuture.completedFuture(name);
    }

    @Coroutine
    static CompletableFuture<String> greetBoth() {
        CompletableFuture<String> alice = greet("Alice", Duration.ofSeconds(1));
        CompletableFuture<String> bob = greet("Bob", Duration.ofMillis(500));
        String a = Co.await(alice);
        String b = Co.await(bob);
        return CompletableFuture.completedFuture(a + "+" + b + " at " + millis());
    }

    @Coroutine
    static CompletableFuture<Void> pinger(String name, int rounds) {
        for (int i = 0; i < rounds; i++) {
            log(name + i);
            Co.pause();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Coroutine
    static CompletableFuture<Integer> pingPong() {
        CompletableFuture<Void> a = pinger("a", 3);
        CompletableFuture<Void> b = pinger("b", 3);
        Co.await(a);
        Co.await(b);
        return CompletableFuture.completedFuture(LOG.size());
    }

    // Ten hours of timers: 36,000 one-second sleeps, in virtual time.
    @Coroutine
    static CompletableFuture<Long> tenHours() {
        for (int i = 0; i < 36_000; i++) {
            Co.sleep(Duration.ofSeconds(1));
        }
        return CompletableFuture.completedFuture(EventLoop.current().nanoTime());
    }

    @Coroutine
    static CompletableFuture<String> spawner() {
        EventLoop loop = EventLoop.current();
        CompletableFuture<String> spawned = loop.spawn(() -> greet("Spawned", Duration.ZERO));
        log("spawned, not started yet: " + !spawned.isDone());
        return CompletableFuture.completedFuture(Co.await(spawned));
    }

    @Coroutine
    static CompletableFuture<String> nestedRun() {
        try {
            EventLoop.run(() -> greet("inner", Duration.ZERO));
            return CompletableFuture.completedFuture("no error");
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture(e.getMessage());
        }
    }

    @Coroutine
    static int waitingHelper() {
        return Co.await(CompletableFuture.completedFuture(1)) + 1;
    }

    @Coroutine
    static void yieldingHelper() {
        Co.yield("from a helper");
    }

    @Coroutine
    static Generator<Integer> generatorCallingWaitingHelper() {
        Co.yield(waitingHelper());
        return Generator.empty();
    }

    @Coroutine
    static CompletableFuture<String> taskCallingYieldingHelper() {
        yieldingHelper();
        return CompletableFuture.completedFuture("not reached");
    }

    @Coroutine
    static CompletableFuture<String> failing() {
        Co.pause();
        throw new IllegalArgumentException("failed on purpose");
    }

    static String message(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    public static String run() {
        List<String> out = new ArrayList<>();
        EventLoop loop = EventLoop.createVirtual();
        out.add(loop.runUntilComplete(() -> greetBoth()));
        out.add(String.join(",", LOG));
        LOG.clear();
        out.add("pings " + EventLoop.runVirtual(() -> pingPong()) + ": " + String.join(",", LOG));
        LOG.clear();
        long start = System.nanoTime();
        long virtualNanos = EventLoop.runVirtual(() -> tenHours());
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        out.add("ten hours: " + Duration.ofNanos(virtualNanos) + (wallMillis < 10_000 ? " (fast)" : " (slow)"));
        out.add(EventLoop.runVirtual(() -> spawner()) + " " + String.join(",", LOG));
        out.add(EventLoop.runVirtual(() -> nestedRun()).contains("running event loop") ? "nested run refused" : "?");
        try {
            loop.runUntilComplete(() -> greetBoth());
            out.add("rerun allowed");
        } catch (IllegalStateException e) {
            out.add("rerun refused: " + e.getMessage().contains("a loop runs once"));
        }
        try {
            loop.execute(() -> {});
            out.add("execute on a finished loop allowed");
        } catch (RejectedExecutionException e) {
            out.add("execute refused");
        }
        try {
            EventLoop.runVirtual(() -> failing());
        } catch (IllegalArgumentException e) {
            out.add("run rethrows " + message(e));
        }
        try {
            waitingHelper();
        } catch (IllegalStateException e) {
            out.add("plain call: " + e.getMessage().contains("called from plain code"));
        }
        try {
            generatorCallingWaitingHelper().next();
        } catch (IllegalStateException e) {
            out.add("helper in a generator: " + e.getMessage().contains("called from a generator"));
        }
        try {
            EventLoop.runVirtual(() -> taskCallingYieldingHelper());
        } catch (IllegalStateException e) {
            out.add("yield in a task: " + e.getMessage().contains("called from an async task"));
        }
        return String.join("\n", out);
    }
}
