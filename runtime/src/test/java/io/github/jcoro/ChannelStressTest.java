package io.github.jcoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many producers and consumers on plain threads, which wait with {@code join()}: every item is
 * delivered exactly once, also when waits are abandoned at random, and the queues stay bounded.
 * (The same with async tasks on a pool is the agent's {@code ChannelStress} program.)
 */
class ChannelStressTest {
    static final int PRODUCERS = 8;
    static final int CONSUMERS = 8;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void eightProducersEightConsumers_aMillionItems_withAbandonedWaits() throws Exception {
        int items = 1_000_000;
        Channel<Integer> ch = new Channel<>(64, "stress");
        AtomicIntegerArray seen = new AtomicIntegerArray(items);
        AtomicLong abandoned = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        int[] maxQueued = {0, 0};
        Thread monitor = new Thread(() -> {
            while (!done.get()) {
                maxQueued[0] = Math.max(maxQueued[0], ch.queuedSenders());
                maxQueued[1] = Math.max(maxQueued[1], ch.queuedReceivers());
                Thread.onSpinWait();
            }
        });
        monitor.start();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int first = p;
            threads.add(new Thread(() -> {
                for (int i = first; i < items; i += PRODUCERS) {
                    while (true) {
                        CompletableFuture<Void> sent = ch.send(i);
                        if (!sent.isDone() && ThreadLocalRandom.current().nextInt(8) == 0 && sent.cancel(false)) {
                            abandoned.incrementAndGet();
                            continue; // withdrawn: the item did not enter; send it again
                        }
                        sent.join();
                        break;
                    }
                }
            }));
        }
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            int me = c;
            consumers.add(new Thread(() -> {
                ChannelIterator<Integer> it = ch.iterator();
                while (true) {
                    Integer item;
                    if (me % 2 == 0) {
                        if (!it.hasNext().join()) {
                            return;
                        }
                        item = it.next();
                    } else {
                        CompletableFuture<Integer> received = ch.receive();
                        if (!received.isDone()
                                && ThreadLocalRandom.current().nextInt(4) == 0
                                && received.cancel(false)) {
                            abandoned.incrementAndGet();
                            continue; // withdrawn: the item goes to someone else
                        }
                        try {
                            item = received.join();
                        } catch (java.util.concurrent.CompletionException e) {
                            return; // closed and drained
                        }
                    }
                    seen.incrementAndGet(item);
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        consumers.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        ch.close();
        for (Thread t : consumers) {
            t.join();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        done.set(true);
        monitor.join();
        int missing = 0;
        int twice = 0;
        for (int i = 0; i < items; i++) {
            int n = seen.get(i);
            if (n == 0) {
                missing++;
            } else if (n > 1) {
                twice++;
            }
        }
        System.out.printf(
                "ChannelStressTest threads: %d items in %d ms, %d waits abandoned, max queued senders %d, receivers %d%n",
                items, millis, abandoned.get(), maxQueued[0], maxQueued[1]);
        assertEquals(0, missing, "items lost");
        assertEquals(0, twice, "items delivered twice");
        assertTrue(maxQueued[0] <= 2 * PRODUCERS + 16, "senders queued: " + maxQueued[0]);
        assertTrue(maxQueued[1] <= 2 * CONSUMERS + 16, "receivers queued: " + maxQueued[1]);
        assertEquals(
                "Channel[stress, capacity 64, 0 buffered, 0 senders and 0 receivers queued, closed]", ch.toString());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void selectsOnBothSides_twoChannels_exactlyOnce() throws Exception {
        int items = 200_000;
        Channel<Integer> a = new Channel<>(0, "a");
        Channel<Integer> b = new Channel<>(4, "b");
        AtomicIntegerArray seen = new AtomicIntegerArray(items);
        AtomicLong timeouts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int first = p;
            threads.add(new Thread(() -> {
                for (int i = first; i < items; i += 4) {
                    Integer item = i;
                    Select.<String>builder()
                            .onSend(a, item, () -> "a")
                            .onSend(b, item, () -> "b")
                            .select()
                            .join();
                }
            }));
        }
        for (int c = 0; c < 4; c++) {
            threads.add(new Thread(() -> {
                while (true) {
                    Integer item;
                    try {
                        item = Select.<Integer>builder()
                                .onReceive(a, x -> x)
                                .onReceive(b, x -> x)
                                .onTimeout(Duration.ofMillis(200), () -> -1)
                                .select()
                                .join();
                    } catch (java.util.concurrent.CompletionException e) {
                        assertTrue(e.getCause() instanceof ChannelClosedException);
                        while ((item = b.tryReceive()) != null) { // a is drained, b may hold some
                            seen.incrementAndGet(item);
                        }
                        return;
                    }
                    if (item < 0) {
                        timeouts.incrementAndGet();
                        continue;
                    }
                    seen.incrementAndGet(item);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (int t = 0; t < 4; t++) {
            threads.get(t).join();
        }
        a.close();
        b.close();
        for (int t = 4; t < 8; t++) {
            threads.get(t).join();
        }
        for (int i = 0; i < items; i++) {
            assertEquals(1, seen.get(i), "item " + i);
        }
        assertTrue(a.queuedReceivers() <= 8 && b.queuedReceivers() <= 8, a + " " + b);
    }
}
