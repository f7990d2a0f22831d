package io.github.jcoro.samples;

import io.github.jcoro.Channel;
import io.github.jcoro.ChannelIterator;
import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 001's producer and consumer, as two async tasks joined by a bounded channel: the producer
 * bakes a pizza every 10 ms, the consumer eats one every 100 ms, and the counter holds 2. Once the
 * counter is full, {@code Co.await(counter.send(pizza))} holds the producer back until a slot frees
 * up, so the producer runs at the consumer's pace. On a virtual clock: the output is the same on
 * every run, and a second of pizza takes no time.
 */
public final class SlowConsumer {
    private SlowConsumer() {}

    static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * Bakes {@code count} pizzas and puts each on the counter, then closes it.
     *
     * @param counter the channel
     * @param count how many
     * @param log where to write
     * @return the task
     */
    @Coroutine
    static CompletableFuture<Void> bake(Channel<String> counter, int count, List<String> log) {
        for (int i = 1; i <= count; i++) {
            Co.sleep(Duration.ofMillis(10));
            String pizza = "pizza " + i;
            long before = now();
            Co.await(counter.send(pizza));
            long held = now() - before;
            log.add(now() + " ms: baked " + pizza + (held > 0 ? ", held back " + held + " ms (counter full)" : ""));
        }
        counter.close();
        log.add(now() + " ms: oven off, counter closed");
        return DONE;
    }

    /**
     * Eats what comes from the counter until it is closed and empty.
     *
     * @param counter the channel
     * @param log where to write
     * @return the task
     */
    @Coroutine
    static CompletableFuture<Void> eat(Channel<String> counter, List<String> log) {
        ChannelIterator<String> pizzas = counter.iterator();
        while (Co.await(pizzas.hasNext())) {
            String pizza = pizzas.next();
            Co.sleep(Duration.ofMillis(100));
            log.add(now() + " ms:     ate " + pizza);
        }
        log.add(now() + " ms:     full");
        return DONE;
    }

    @Coroutine
    static CompletableFuture<Void> dinner(List<String> log) {
        Channel<String> counter = new Channel<>(2, "counter");
        CompletableFuture<Void> eater = eat(counter, log);
        CompletableFuture<Void> baker = bake(counter, 6, log);
        Co.await(baker);
        Co.await(eater);
        return DONE;
    }

    private static long now() {
        return EventLoop.current().nanoTime() / 1_000_000;
    }

    /**
     * Runs the dinner on a virtual clock.
     *
     * @return the log, one line per event
     */
    public static List<String> run() {
        List<String> log = new ArrayList<>();
        EventLoop.runVirtual(() -> dinner(log));
        return log;
    }

    /**
     * Prints the log.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
