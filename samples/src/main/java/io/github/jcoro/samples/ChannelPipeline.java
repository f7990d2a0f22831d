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
 * A pipeline of async tasks joined by channels: a source of log lines, a parser, two concurrent
 * workers that look each address up (a slow step, 30 ms), and a sink. Every stage closes its output
 * when its input ends, so the end travels down the pipeline; a stage that fails closes its output
 * with the failure, which reaches the sink as a {@code ChannelClosedException} with that cause.
 * The two workers share one input channel, so each line goes to exactly one of them.
 */
public final class ChannelPipeline {
    private ChannelPipeline() {}

    static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Coroutine
    static CompletableFuture<Void> source(List<String> lines, Channel<String> out) {
        for (String line : lines) {
            Co.await(out.send(line));
        }
        out.close();
        return DONE;
    }

    @Coroutine
    static CompletableFuture<Void> parse(Channel<String> in, Channel<String> out) {
        ChannelIterator<String> lines = in.iterator();
        try {
            while (Co.await(lines.hasNext())) {
                String line = lines.next();
                String[] fields = line.split(" ");
                if (fields.length != 2) {
                    throw new IllegalArgumentException("not 'address path': " + line);
                }
                Co.await(out.send(fields[0]));
            }
            out.close();
        } catch (RuntimeException e) {
            out.close(e);
        }
        return DONE;
    }

    @Coroutine
    static CompletableFuture<Void> lookUp(String worker, Channel<String> in, Channel<String> out) {
        ChannelIterator<String> addresses = in.iterator();
        while (Co.await(addresses.hasNext())) {
            String address = addresses.next();
            Co.sleep(Duration.ofMillis(30)); // a slow name service
            Co.await(out.send(address + " -> host-" + address.substring(address.lastIndexOf('.') + 1) + " (" + worker
                    + ", " + EventLoop.current().nanoTime() / 1_000_000 + " ms)"));
        }
        return DONE;
    }

    // The source and the parser end when the channel before them closes, and close the one after
    // them; the last stage's end is awaited through its channel, so their futures are not kept.
    @SuppressWarnings("jcoro:dropped-task")
    @Coroutine
    static CompletableFuture<List<String>> pipeline(List<String> lines) {
        Channel<String> raw = new Channel<>(4, "raw");
        Channel<String> addresses = new Channel<>(1, "addresses");
        Channel<String> resolved = new Channel<>(0, "resolved");
        source(lines, raw);
        parse(raw, addresses);
        CompletableFuture<Void> a = lookUp("worker A", addresses, resolved);
        CompletableFuture<Void> b = lookUp("worker B", addresses, resolved);
        closeWhenBoth(a, b, resolved);
        List<String> out = new ArrayList<>();
        ChannelIterator<String> results = resolved.iterator();
        try {
            while (Co.await(results.hasNext())) {
                out.add(results.next());
            }
            out.add("done");
        } catch (RuntimeException e) {
            Throwable root = e; // the sink's channel was closed with a cause, which was closed with a cause...
            while (root.getCause() != null) {
                root = root.getCause();
            }
            out.add("failed: " + e.getClass().getSimpleName() + " from " + root);
        }
        return CompletableFuture.completedFuture(out);
    }

    /** Closes {@code out} once both workers are done, with the first failure if any. */
    @Coroutine
    static CompletableFuture<Void> closeWhenBoth(
            CompletableFuture<Void> a, CompletableFuture<Void> b, Channel<String> out) {
        try {
            Co.await(a);
            Co.await(b);
            out.close();
        } catch (RuntimeException e) {
            out.close(e);
        }
        return DONE;
    }

    /**
     * Runs the pipeline over five good lines, then over input with a bad line.
     *
     * @return the results
     */
    public static List<String> run() {
        List<String> out = new ArrayList<>(EventLoop.runVirtual(() -> pipeline(
                List.of("10.0.0.1 /index", "10.0.0.2 /login", "10.0.0.3 /cart", "10.0.0.4 /pay", "10.0.0.5 /bye"))));
        out.addAll(EventLoop.runVirtual(() -> pipeline(List.of("10.0.0.7 /ok", "garbage", "10.0.0.8 /never"))));
        return out;
    }

    /**
     * Prints the results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
