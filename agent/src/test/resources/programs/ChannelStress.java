package programs;

import io.github.jcoro.Channel;
import io.github.jcoro.ChannelIterator;
import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Tasks;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * 8 producer tasks and 8 consumer tasks on a pool of 4 threads, 1,000,000 items through a channel
 * of capacity 64: every item is received exactly once, and the channel's queues are empty at the
 * end (no task left waiting, nothing retained).
 */
public class ChannelStress {
    static final int ITEMS = 1_000_000;
    static final int PRODUCERS = 8;
    static final int CONSUMERS = 8;

    @Coroutine
    static CompletableFuture<Integer> produce(Channel<Integer> ch, int first) {
        int sent = 0;
        for (int i = first; i < ITEMS; i += PRODUCERS) {
            Co.await(ch.send(i));
            sent++;
        }
        return CompletableFuture.completedFuture(sent);
    }

    @Coroutine
    static CompletableFuture<Integer> consume(Channel<Integer> ch, AtomicIntegerArray seen) {
        int received = 0;
        ChannelIterator<Integer> it = ch.iterator();
        while (Co.await(it.hasNext())) {
            seen.incrementAndGet(it.next());
            received++;
        }
        return CompletableFuture.completedFuture(received);
    }

    public static String run() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Channel<Integer> ch = new Channel<>(64, "stress");
            AtomicIntegerArray seen = new AtomicIntegerArray(ITEMS);
            CompletableFuture<?>[] producers = new CompletableFuture<?>[PRODUCERS];
            CompletableFuture<?>[] consumers = new CompletableFuture<?>[CONSUMERS];
            long start = System.nanoTime();
            for (int c = 0; c < CONSUMERS; c++) {
                consumers[c] = Tasks.start(pool, () -> consume(ch, seen));
            }
            for (int p = 0; p < PRODUCERS; p++) {
                int first = p;
                producers[p] = Tasks.start(pool, () -> produce(ch, first));
            }
            CompletableFuture.allOf(producers).join();
            ch.close();
            int delivered = 0;
            for (CompletableFuture<?> consumer : consumers) {
                delivered += (Integer) consumer.join();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            int lost = 0;
            int twice = 0;
            for (int i = 0; i < ITEMS; i++) {
                int n = seen.get(i);
                lost += n == 0 ? 1 : 0;
                twice += n > 1 ? 1 : 0;
            }
            System.out.println("ChannelStress tasks on a pool of 4: " + ITEMS + " items in " + millis + " ms");
            return "delivered " + delivered + " of " + ITEMS + ", lost " + lost + ", twice " + twice + ", " + ch;
        } finally {
            pool.shutdownNow();
        }
    }
}
