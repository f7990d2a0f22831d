package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Outcome;
import io.github.jcoro.TaskScope;
import io.github.jcoro.TaskTimeoutException;
import io.github.jcoro.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** Scopes, cancellation, all/any and timeouts on the virtual clock, as one log. */
public class Structured {
    static final List<String> LOG = new ArrayList<>();

    static void log(String line) {
        LOG.add(EventLoop.current().nanoTime() / 1_000_000 + "ms " + line);
    }

    @Coroutine
    static CompletableFuture<String> worker(String name, long millis, boolean fail) {
        try {
            log(name + " starts");
            Co.sleep(Duration.ofMillis(millis));
            if (fail) {
                throw new IllegalStateException(name + " failed");
            }
            log(name + " done");
            return CompletableFuture.completedFuture(name);
        } catch (CancellationException e) {
            log(name + " cancelled");
            throw e;
        } finally {
            log(name + " finally");
        }
    }

    // 1. The first child to fail cancels its siblings; the scope waits for them, then rethrows.
    @Coroutine
    static CompletableFuture<String> failingScope() {
        try {
            return CompletableFuture.completedFuture(Co.await(TaskScope.run(scope -> {
                scope.spawn(() -> worker("a", 1000, false));
                scope.spawn(() -> worker("b", 200, true));
                scope.spawn(() -> worker("c", 1000, false));
                return CompletableFuture.completedFuture("body done");
            })));
        } catch (IllegalStateException e) {
            log("scope threw " + e.getMessage());
            return CompletableFuture.completedFuture("failed");
        }
    }

    // 2. A scope does not finish before its children, even when the body returns at once.
    @Coroutine
    static CompletableFuture<String> waitingScope() {
        String result = Co.await(TaskScope.run(scope -> {
            scope.spawn(() -> worker("slow", 300, false));
            return CompletableFuture.completedFuture("body");
        }));
        log("scope returned " + result);
        return CompletableFuture.completedFuture(result);
    }

    // 3. Cancelling a task awaiting someone else's future: its finally runs, the future is left alone;
    // a task that swallows the cancellation is cancelled again at its next suspension.
    @Coroutine
    static CompletableFuture<String> awaitForever(CompletableFuture<String> never) {
        try {
            Co.await(never);
            return CompletableFuture.completedFuture("not reached");
        } catch (CancellationException e) {
            log("stubborn caught " + e.getMessage());
        }
        try {
            Co.pause();
            log("not reached after pause");
        } finally {
            log("stubborn finally");
        }
        return CompletableFuture.completedFuture("not reached either");
    }

    @Coroutine
    static CompletableFuture<String> cancelling() {
        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<String> stubborn = awaitForever(never);
        Co.sleep(Duration.ofMillis(10));
        log("cancel returns " + stubborn.cancel(true));
        try {
            Co.await(stubborn);
        } catch (CancellationException e) {
            log("stubborn ended cancelled: " + stubborn.isCancelled() + ", their future untouched: " + !never.isDone());
        }
        log("cancel again returns " + stubborn.cancel(true));
        return CompletableFuture.completedFuture("ok");
    }

    // 4. Cancelling a task that waits for a scope cancels the scope; the task waits for the children.
    @Coroutine
    static CompletableFuture<String> parentOfScope() {
        try {
            Co.await(TaskScope.run(scope -> {
                scope.spawn(() -> worker("child1", 5000, false));
                scope.spawn(() -> worker("child2", 5000, false));
                return CompletableFuture.completedFuture("body");
            }));
            return CompletableFuture.completedFuture("not reached");
        } finally {
            log("parent finally");
        }
    }

    @Coroutine
    static CompletableFuture<String> cancelParent() {
        CompletableFuture<String> parent = parentOfScope();
        Co.sleep(Duration.ofMillis(50));
        parent.cancel(false);
        try {
            Co.await(parent);
        } catch (CancellationException e) {
            log("parent cancelled after its children");
        }
        return CompletableFuture.completedFuture("ok");
    }

    // 5. all / allSettled / any.
    @Coroutine
    static CompletableFuture<String> gather() {
        List<String> ok = Co.await(Tasks.all(worker("x", 30, false), worker("y", 10, false), worker("z", 20, false)));
        log("all " + ok);
        try {
            Co.await(Tasks.all(worker("p", 100, false), worker("q", 20, true), worker("r", 100, false)));
        } catch (IllegalStateException e) {
            log("all failed fast: " + e.getMessage());
        }
        List<Outcome<String>> settled = Co.await(Tasks.allSettled(List.of(worker("s", 10, true), worker("t", 20, false))));
        log("settled " + settled.get(0).isSuccess() + " " + settled.get(1));
        String winner = Co.await(Tasks.any(worker("slow mirror", 300, false), worker("fast mirror", 100, false)));
        log("any won by " + winner);
        try {
            Co.await(Tasks.any(worker("e1", 10, true), worker("e2", 20, true)));
        } catch (IllegalStateException e) {
            log("any failed: " + e.getMessage() + " suppressed " + e.getSuppressed().length);
        }
        return CompletableFuture.completedFuture("ok");
    }

    // 6. Timeouts.
    @Coroutine
    static CompletableFuture<String> timeouts() {
        try {
            Co.await(Tasks.withTimeout(Duration.ofMillis(100), () -> worker("too slow", 1000, false)));
        } catch (TaskTimeoutException e) {
            log("timed out: " + e.getMessage());
        }
        String inTime = Co.await(Tasks.withTimeout(Duration.ofMillis(100), () -> worker("in time", 50, false)));
        log("in time: " + inTime);
        CompletableFuture<String> never = new CompletableFuture<>();
        try {
            Co.await(Tasks.orTimeout(never, Duration.ofMillis(70)));
        } catch (TaskTimeoutException e) {
            log("await timed out: " + e.getMessage() + ", future untouched: " + !never.isDone());
        }
        return CompletableFuture.completedFuture("ok");
    }

    // 7. A try-with-resources scope: join() waits for the children; leaving the block early (here by
    // an exception) cancels the children still running, and the block ends only after them.
    @Coroutine
    static CompletableFuture<String> resourceScope() {
        try (TaskScope scope = TaskScope.open()) {
            CompletableFuture<String> quick = scope.spawn(() -> worker("quick", 10, false));
            CompletableFuture<String> quicker = scope.spawn(() -> worker("quicker", 5, false));
            Co.await(scope.join());
            log("joined " + quick.join() + " " + quicker.join());
        }
        try (TaskScope scope = TaskScope.open()) {
            scope.spawn(() -> worker("long", 1000, false));
            Co.sleep(Duration.ofMillis(20));
            throw new IllegalArgumentException("leaving the block early");
        } catch (IllegalArgumentException e) {
            log("block left: " + e.getMessage());
        }
        return CompletableFuture.completedFuture("ok");
    }

    // 8. Co.await with a timeout.
    @Coroutine
    static CompletableFuture<String> awaitTimeout() {
        try {
            Co.await(new CompletableFuture<String>(), Duration.ofSeconds(2));
        } catch (TaskTimeoutException e) {
            log("Co.await timed out after " + e.timeout());
        }
        return CompletableFuture.completedFuture("ok");
    }

    // 9. A task that swallowed its cancellation and then waits for a scope cancels that scope at once.
    @Coroutine
    static CompletableFuture<String> stubbornScope() {
        try {
            Co.sleep(Duration.ofHours(1));
        } catch (CancellationException e) {
            log("caught the cancellation");
        }
        try {
            Co.await(TaskScope.run(scope -> {
                scope.spawn(() -> worker("late child", 100, false));
                return CompletableFuture.completedFuture("body");
            }));
            return CompletableFuture.completedFuture("not reached");
        } catch (CancellationException e) {
            log("scope after the cancellation: " + e.getMessage());
        }
        return CompletableFuture.completedFuture("ok");
    }

    @Coroutine
    static CompletableFuture<String> cancelThenScope() {
        CompletableFuture<String> stubborn = stubbornScope();
        Co.sleep(Duration.ofMillis(10));
        stubborn.cancel(false);
        return CompletableFuture.completedFuture(Co.await(stubborn));
    }

    static String section(String name, java.util.concurrent.Callable<CompletableFuture<String>> main) {
        LOG.clear();
        String result = EventLoop.runVirtual(main);
        return "== " + name + ": " + result + "\n" + String.join("\n", LOG);
    }

    public static String run() {
        List<String> out = new ArrayList<>();
        out.add(section("failing scope", () -> failingScope()));
        out.add(section("waiting scope", () -> waitingScope()));
        out.add(section("cancelling", () -> cancelling()));
        out.add(section("cancel parent", () -> cancelParent()));
        out.add(section("gather", () -> gather()));
        out.add(section("timeouts", () -> timeouts()));
        out.add(section("resource scope", () -> resourceScope()));
        out.add(section("await timeout", () -> awaitTimeout()));
        out.add(section("cancelled, then a scope", () -> cancelThenScope()));
        return String.join("\n", out);
    }
}
