package programs;

import io.github.jcoro.Channel;
import io.github.jcoro.ChannelClosedException;
import io.github.jcoro.ChannelIterator;
import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** Channels and select between async tasks on a virtual clock, as one log per scenario. */
public class ChannelBasics {
    static final List<String> LOG = new ArrayList<>();

    static void log(String line) {
        LOG.add(line + " @" + EventLoop.current().nanoTime() / 1_000_000);
    }

    static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    // ---- Back-pressure: a fast producer, a slow consumer, a buffer of 2. ----

    @Coroutine
    static CompletableFuture<Void> producer(Channel<Integer> ch, int count) {
        for (int i = 1; i <= count; i++) {
            Co.await(ch.send(i));
            log("sent " + i);
        }
        ch.close();
        log("closed");
        return DONE;
    }

    @Coroutine
    static CompletableFuture<Void> slowConsumer(Channel<Integer> ch) {
        ChannelIterator<Integer> it = ch.iterator();
        while (Co.await(it.hasNext())) {
            int item = it.next();
            Co.sleep(Duration.ofMillis(100));
            log("ate " + item);
        }
        log("end");
        return DONE;
    }

    @Coroutine
    static CompletableFuture<Void> backPressure() {
        Channel<Integer> ch = new Channel<>(2, "plates");
        CompletableFuture<Void> consumer = slowConsumer(ch);
        CompletableFuture<Void> producer = producer(ch, 5);
        Co.await(producer);
        Co.await(consumer);
        return DONE;
    }

    // ---- Rendezvous: each send waits for its receive. ----

    @Coroutine
    static CompletableFuture<Void> lateReceiver(Channel<String> ch) {
        for (int i = 0; i < 2; i++) {
            Co.sleep(Duration.ofMillis(50));
            log("receiving");
            log("received " + Co.await(ch.receive()));
        }
        return DONE;
    }

    @Coroutine
    static CompletableFuture<Void> rendezvous() {
        Channel<String> ch = new Channel<>(0, "hand");
        CompletableFuture<Void> receiver = lateReceiver(ch);
        log("sending ping");
        Co.await(ch.send("ping"));
        log("ping taken");
        Co.await(ch.send("pong"));
        log("pong taken");
        Co.await(receiver);
        return DONE;
    }

    // ---- Close, then drain; send after close. ----

    @Coroutine
    static CompletableFuture<Void> closeThenDrain() {
        Channel<String> ch = new Channel<>(5, "mailbox");
        Co.await(ch.send("a"));
        Co.await(ch.send("b"));
        ch.close();
        try {
            Co.await(ch.send("c"));
        } catch (ChannelClosedException e) {
            log("send after close: " + e.getMessage());
        }
        log("got " + Co.await(ch.receive()));
        log("got " + Co.await(ch.receive()));
        try {
            Co.await(ch.receive());
        } catch (ChannelClosedException e) {
            log("receive at the end: " + e.getMessage());
        }
        return DONE;
    }

    // ---- Select: the ready clause, a later one, a timeout. ----

    @Coroutine
    static CompletableFuture<Void> sendLater(Channel<String> ch, String item, long millis) {
        Co.sleep(Duration.ofMillis(millis));
        Co.await(ch.send(item));
        return DONE;
    }

    @Coroutine
    static CompletableFuture<String> selectOnce(Channel<String> a, Channel<String> b) {
        return Select.<String>builder()
                .onReceive(a, x -> "a:" + x)
                .onReceive(b, x -> "b:" + x)
                .onTimeout(Duration.ofSeconds(1), () -> "timeout")
                .select();
    }

    @Coroutine
    static CompletableFuture<Void> selects() {
        Channel<String> a = new Channel<>(1, "a");
        Channel<String> b = new Channel<>(0, "b");
        Co.await(a.send("ready"));
        log(Co.await(selectOnce(a, b)));
        CompletableFuture<Void> later = sendLater(b, "later", 300);
        log(Co.await(selectOnce(a, b)));
        Co.await(later);
        log(Co.await(selectOnce(a, b)));
        CompletableFuture<Void> late = sendLater(a, "after the timeout", 0);
        log(Co.await(a.receive()) + ", queued on a: " + a);
        Co.await(late);
        return DONE;
    }

    // ---- Abandoned waiters do not lose items. ----

    @Coroutine
    static CompletableFuture<Void> waiter(String name, CompletableFuture<String> receive) {
        try {
            log(name + " got " + Co.await(receive));
        } catch (CancellationException e) {
            log(name + " stopped waiting");
        }
        return DONE;
    }

    @Coroutine
    static CompletableFuture<Void> abandoned() {
        Channel<String> ch = new Channel<>(0, "jobs");
        CompletableFuture<String> first = ch.receive();
        CompletableFuture<Void> one = waiter("one", first);
        CompletableFuture<Void> two = waiter("two", ch.receive());
        Co.sleep(Duration.ofMillis(10));
        first.cancel(false); // what the driver does when task one is cancelled
        Co.await(ch.send("job"));
        Co.await(one);
        Co.await(two);
        log("queued: " + ch);
        return DONE;
    }

    public static String run() {
        List<String> out = new ArrayList<>();
        for (java.util.concurrent.Callable<CompletableFuture<Void>> scenario : java.util.Arrays.<java.util.concurrent.Callable<CompletableFuture<Void>>>asList(
                () -> backPressure(), () -> rendezvous(), () -> closeThenDrain(), () -> selects(), () -> abandoned())) {
            LOG.clear();
            EventLoop.runVirtual(scenario);
            out.add(String.join(", ", LOG));
        }
        return String.join("\n", out);
    }
}
