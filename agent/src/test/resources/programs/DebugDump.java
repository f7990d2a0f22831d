package programs;

import io.github.jcoro.Channel;
import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Debug;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Debug mode, run in a child JVM with -Djcoro.debug=true: a live dump, then the reports. */
public class DebugDump {
    @Coroutine
    static Generator<Integer> counter(int n) {
        try {
            for (int i = 0; i < n; i++) {
                Co.yield(i);
            }
        } finally {
            System.out.println("counter finally");
        }
        return Generator.empty();
    }

    @Coroutine
    static void nap(long millis) {
        Co.sleep(Duration.ofMillis(millis));
    }

    @Coroutine
    static CompletableFuture<String> sleeper() {
        nap(1000);
        return CompletableFuture.completedFuture("slept");
    }

    @Coroutine
    static CompletableFuture<String> waiter(CompletableFuture<String> gate) {
        String value = Co.await(gate);
        return CompletableFuture.completedFuture(value);
    }

    @Coroutine
    static CompletableFuture<String> receiver(Channel<String> channel) {
        String item = Co.await(channel.receive());
        return CompletableFuture.completedFuture(item);
    }

    @Coroutine
    static CompletableFuture<String> parent(CompletableFuture<String> child) {
        return CompletableFuture.completedFuture("parent of " + Co.await(child));
    }

    @Coroutine
    static CompletableFuture<String> failing(String what) {
        Co.pause();
        throw new IllegalStateException(what + " failed");
    }

    @Coroutine
    static CompletableFuture<String> scenario() throws IOException {
        Generator<Integer> numbers = counter(3);
        numbers.next();
        Generator<Integer> fresh = counter(2);
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> sleeping = sleeper();
        CompletableFuture<String> waiting = waiter(gate);
        CompletableFuture<String> receiving = receiver(new Channel<>(0));
        CompletableFuture<String> awaiting = parent(sleeping);
        Pipe pipe = Pipe.open();
        CompletableFuture<Integer> reading = reader(pipe.source());
        Co.pause();
        System.out.print(Debug.dump());
        numbers.close();
        gate.complete("opened");
        System.out.println("awaited: " + Co.await(awaiting) + ", " + Co.await(waiting) + ", " + (fresh != null));
        pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
        System.out.println("read " + Co.await(reading));
        failing("dropped");
        CompletableFuture<String> joined = failing("joined");
        CompletableFuture<String> handled = failing("handled").exceptionally(t -> "recovered");
        Co.sleep(Duration.ofMillis(10));
        try {
            joined.join();
        } catch (RuntimeException e) {
            System.out.println("joined threw " + e.getCause().getMessage());
        }
        System.out.println("handled: " + Co.await(handled));
        counter(5).next(); // leaks: suspended inside try/finally, never closed
        return CompletableFuture.completedFuture("done");
    }

    public static void main(String[] args) throws Exception {
        List<String> reports = new ArrayList<>();
        Debug.setReporter(report -> {
            synchronized (reports) {
                reports.add(report);
            }
        });
        System.out.println(EventLoop.runVirtual(DebugDump::scenario));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            synchronized (reports) {
                if (reports.size() >= 3) {
                    break;
                }
            }
        }
        Thread.sleep(200);
        System.gc();
        Thread.sleep(200);
        synchronized (reports) {
            reports.sort(null);
            for (String report : reports) {
                System.out.println(report);
            }
        }
        System.out.println("after gc: " + Debug.dump().split("\n")[0]);
    }

    @Coroutine
    static CompletableFuture<Integer> reader(Pipe.SourceChannel source) throws IOException {
        source.configureBlocking(false);
        Co.await(EventLoop.current().ready(source, SelectionKey.OP_READ));
        ByteBuffer buffer = ByteBuffer.allocate(1);
        source.read(buffer);
        return CompletableFuture.completedFuture((int) buffer.get(0));
    }
}
