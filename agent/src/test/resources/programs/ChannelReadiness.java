package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.TaskTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** Tasks awaiting EventLoop.ready on a pipe: reads, cancellation, timeouts, a closed channel. */
public class ChannelReadiness {
    static final List<String> LOG = new ArrayList<>();

    static void write(Pipe.SinkChannel sink, String text) {
        try {
            sink.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what the pipe holds now, awaiting readiness while it holds nothing. */
    @Coroutine
    static String readSome(Pipe.SourceChannel source) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        int n;
        while ((n = source.read(buffer)) == 0) {
            Co.await(EventLoop.current().ready(source, SelectionKey.OP_READ));
        }
        return n < 0 ? null : new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    /** Reads words until "end", from a helper that suspends. */
    @Coroutine
    static CompletableFuture<String> reader(Pipe.SourceChannel source) throws IOException {
        StringBuilder all = new StringBuilder();
        try {
            while (all.indexOf("end") < 0) {
                all.append(readSome(source));
            }
        } finally {
            LOG.add("reader finally");
        }
        return CompletableFuture.completedFuture(all.toString());
    }

    @Coroutine
    static CompletableFuture<Void> writer(Pipe.SinkChannel sink) {
        for (String word : new String[] {"one ", "two ", "three ", "end"}) {
            Co.sleep(Duration.ofMillis(5));
            write(sink, word);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Coroutine
    static CompletableFuture<String> waitForever(Pipe.SourceChannel source) {
        try {
            Co.await(EventLoop.current().ready(source, SelectionKey.OP_READ));
            return CompletableFuture.completedFuture("ready?!");
        } finally {
            LOG.add("waiter finally");
        }
    }

    @Coroutine
    static CompletableFuture<String> main(Pipe pipe) throws IOException {
        CompletableFuture<String> read = reader(pipe.source());
        writer(pipe.sink());
        LOG.add("read: " + Co.await(read));

        // Cancelled while it waits: its finally runs, and the channel can be waited for again.
        CompletableFuture<String> waiter = waitForever(pipe.source());
        Co.sleep(Duration.ofMillis(5));
        waiter.cancel(true);
        try {
            Co.await(waiter);
        } catch (CancellationException e) {
            LOG.add("waiter cancelled");
        }
        write(pipe.sink(), "after cancel");
        LOG.add("next wait reads: " + readSome(pipe.source()));

        // An await with a timeout drops its wait: waiting again on the same channel is accepted.
        try {
            Co.await(EventLoop.current().ready(pipe.source(), SelectionKey.OP_READ), Duration.ofMillis(10));
            LOG.add("ready?!");
        } catch (TaskTimeoutException e) {
            LOG.add("timed out");
        }
        write(pipe.sink(), "after timeout");
        LOG.add("next wait reads: " + readSome(pipe.source()));

        // Two tasks waiting for the same operation of one channel: the second is refused.
        CompletableFuture<String> first = waitForever(pipe.source());
        try {
            Co.await(EventLoop.current().ready(pipe.source(), SelectionKey.OP_READ));
        } catch (IllegalStateException e) {
            LOG.add("second waiter refused: " + e.getMessage().contains("another task is waiting for OP_READ"));
        }
        // Closing the channel under the first: its wait fails with ClosedChannelException.
        pipe.source().close();
        try {
            Co.await(first);
        } catch (Exception e) { // javac does not know Co.await may throw the checked exception
            LOG.add("closed under the waiter: " + (e instanceof ClosedChannelException));
        }
        return CompletableFuture.completedFuture(String.join("\n", LOG));
    }

    public static String run() throws IOException {
        LOG.clear();
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        try {
            return EventLoop.run(() -> main(pipe));
        } finally {
            pipe.sink().close();
        }
    }
}
