package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.TaskScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A scope where one child fails: three services are queried in a {@link TaskScope}; the inventory
 * service fails after 40 ms, which cancels its two siblings (their {@code finally} blocks run at
 * their pending awaits), and the scope rethrows that failure only once all three have finished. No
 * task outlives the scope. On a virtual clock, so the log is the same on every run.
 */
public final class FailingScope {
    private FailingScope() {}

    /**
     * Queries one service.
     *
     * @param service its name
     * @param latency how long it takes
     * @param fails whether it fails
     * @param log where to write
     * @return the service's answer
     */
    @Coroutine
    static CompletableFuture<String> query(String service, Duration latency, boolean fails, List<String> log) {
        log.add(at() + service + ": request sent");
        try {
            Co.sleep(latency);
            if (fails) {
                throw new IllegalStateException(service + " is down");
            }
            log.add(at() + service + ": answered");
            return CompletableFuture.completedFuture(service + " ok");
        } catch (CancellationException e) {
            log.add(at() + service + ": cancelled");
            throw e;
        } finally {
            log.add(at() + service + ": cleaned up");
        }
    }

    /**
     * Builds an order page from three services in one scope.
     *
     * @param log where to write
     * @return the outcome
     */
    @Coroutine
    static CompletableFuture<String> orderPage(List<String> log) {
        try (TaskScope scope = TaskScope.open()) {
            CompletableFuture<String> prices = scope.spawn(() -> query("prices", Duration.ofMillis(100), false, log));
            CompletableFuture<String> stock = scope.spawn(() -> query("inventory", Duration.ofMillis(40), true, log));
            CompletableFuture<String> reviews = scope.spawn(() -> query("reviews", Duration.ofMillis(300), false, log));
            Co.await(scope.join());
            return CompletableFuture.completedFuture(prices.join() + ", " + stock.join() + ", " + reviews.join());
        } catch (IllegalStateException e) {
            log.add(at() + "scope failed: " + e.getMessage() + " (all children finished)");
            return CompletableFuture.completedFuture("error page");
        }
    }

    private static String at() {
        return String.format("%4d ms  ", EventLoop.current().nanoTime() / 1_000_000);
    }

    /**
     * Runs the scope on a virtual clock.
     *
     * @return the log, then the page
     */
    public static List<String> run() {
        List<String> log = new ArrayList<>();
        String page = EventLoop.runVirtual(() -> orderPage(log));
        log.add("page: " + page);
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
