package io.github.jcoro.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Seed 004's {@code fetch_all}: fetch 100 URLs from a slow server, three ways, and time them.
 *
 * <p>A local HTTP server on the loopback interface ({@link SlowServer}) answers each request after a
 * fixed latency (50 ms), as a distant server would. The same 100 URLs are fetched with the JDK's
 * {@link HttpClient}:
 *
 * <ol>
 *   <li><b>sequentially</b> ({@link #fetchSequentially}): a blocking {@code send} per URL, one after
 *       another, so the latencies add up;
 *   <li>on a <b>thread pool</b> ({@link #fetchWithThreadPool}): the same blocking {@code send}, ten
 *       at a time on ten threads;
 *   <li>with <b>jcoro</b> ({@link #fetchAll}): one async task per URL awaits {@code
 *       client.sendAsync(...)} with {@code Co.await}. All 100 tasks run on one {@link EventLoop},
 *       on one thread; each suspends while its request is in flight, so all 100 requests wait for
 *       the server at the same time, as Python's {@code asyncio.gather} does. (The sockets
 *       themselves are served by the {@code HttpClient}'s own selector thread.)
 * </ol>
 *
 * <p>The jcoro version reads like the sequential one: a loop and a call per URL, no callbacks.
 */
public final class FetchAll {
    private FetchAll() {}

    /** How many URLs the sample fetches. */
    public static final int URL_COUNT = 100;

    /** How long the server takes to answer each request. */
    public static final Duration LATENCY = Duration.ofMillis(50);

    /** The size of the thread pool of the second version. */
    public static final int POOL_THREADS = 10;

    /**
     * A local HTTP server on 127.0.0.1 (a free port) that answers {@code GET /item/<n>} with the
     * text {@code "item <n>"} once {@code latency} has passed.
     *
     * <p>It does not block a thread per request: the handler hands the exchange to a timer and
     * returns, and the timer's thread sends the reply when it is due.
     */
    public static final class SlowServer implements AutoCloseable {
        static {
            // The JDK server writes a reply's headers and body in two packets; without TCP_NODELAY the
            // second waits for the client's delayed ACK, which adds some 40 ms to every request.
            if (System.getProperty("sun.net.httpserver.nodelay") == null) {
                System.setProperty("sun.net.httpserver.nodelay", "true");
            }
        }

        private final HttpServer server;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slow-server-timer");
            thread.setDaemon(true);
            return thread;
        });

        /**
         * Starts the server.
         *
         * @param latency how long each reply is held back
         * @throws IOException when the server cannot bind
         */
        public SlowServer(Duration latency) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.createContext(
                    "/item/",
                    exchange -> timer.schedule(() -> reply(exchange), latency.toNanos(), TimeUnit.NANOSECONDS));
            server.start();
        }

        private static void reply(HttpExchange exchange) {
            try {
                String item = exchange.getRequestURI().getPath().substring("/item/".length());
                byte[] body = expectedBody(Integer.parseInt(item)).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException | RuntimeException e) {
                // The client went away (or asked for a bad path): nothing to answer.
            } finally {
                exchange.close();
            }
        }

        /**
         * @param count how many URLs
         * @return the URLs {@code /item/0} to {@code /item/<count - 1>} on this server
         */
        public List<URI> urls(int count) {
            InetSocketAddress address = server.getAddress();
            List<URI> urls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                urls.add(URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/item/" + i));
            }
            return urls;
        }

        /** Stops the server at once. */
        @Override
        public void close() {
            server.stop(0);
            timer.shutdownNow();
        }
    }

    /**
     * @param item which item
     * @return the body the server sends for {@code /item/<item>}
     */
    public static String expectedBody(int item) {
        return "item " + item;
    }

    /** @return a client for the sample: HTTP/1.1, so each request in flight has its own connection */
    public static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpRequest get(URI url) {
        return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build();
    }

    private static String bodyOf(URI url, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    // 1. Sequential ------------------------------------------------------------------------------

    /**
     * Fetches the URLs one after another with the blocking {@code send}.
     *
     * @param client the client
     * @param urls what to fetch
     * @return the bodies, in the order of {@code urls}
     * @throws IOException when a request fails
     * @throws InterruptedException when interrupted while waiting
     */
    public static List<String> fetchSequentially(HttpClient client, List<URI> urls)
            throws IOException, InterruptedException {
        List<String> bodies = new ArrayList<>();
        for (URI url : urls) {
            bodies.add(bodyOf(url, client.send(get(url), HttpResponse.BodyHandlers.ofString())));
        }
        return bodies;
    }

    // 2. Thread pool -----------------------------------------------------------------------------

    /**
     * Fetches the URLs with the blocking {@code send} on a fixed pool of {@code threads} threads.
     *
     * @param client the client
     * @param urls what to fetch
     * @param threads the pool's size
     * @return the bodies, in the order of {@code urls}
     * @throws IOException when a request fails
     * @throws InterruptedException when interrupted while waiting
     */
    public static List<String> fetchWithThreadPool(HttpClient client, List<URI> urls, int threads)
            throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> pending = new ArrayList<>();
            for (URI url : urls) {
                pending.add(
                        pool.submit(() -> bodyOf(url, client.send(get(url), HttpResponse.BodyHandlers.ofString()))));
            }
            List<String> bodies = new ArrayList<>();
            for (Future<String> body : pending) {
                bodies.add(body.get());
            }
            return bodies;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    // 3. jcoro -----------------------------------------------------------------------------------

    /**
     * Fetches one URL, as an async task: it suspends at {@code Co.await} until the response is in.
     *
     * @param client the client
     * @param url what to fetch
     * @return the body
     * @throws IOException when the server does not answer 200 (the task's future completes with it)
     */
    @Coroutine
    public static CompletableFuture<String> fetch(HttpClient client, URI url) throws IOException {
        HttpResponse<String> response = Co.await(client.sendAsync(get(url), HttpResponse.BodyHandlers.ofString()));
        return CompletableFuture.completedFuture(bodyOf(url, response));
    }

    /**
     * Fetches every URL at once: starts one {@link #fetch} task per URL (each runs up to its {@code
     * Co.await} and gives the thread back), then gathers the bodies in order.
     *
     * @param client the client
     * @param urls what to fetch
     * @return the bodies, in the order of {@code urls}
     */
    @Coroutine
    public static CompletableFuture<List<String>> fetchAll(HttpClient client, List<URI> urls) throws IOException {
        List<CompletableFuture<String>> tasks = new ArrayList<>();
        for (URI url : urls) {
            tasks.add(fetch(client, url));
        }
        List<String> bodies = new ArrayList<>();
        for (CompletableFuture<String> task : tasks) {
            bodies.add(Co.await(task));
        }
        return CompletableFuture.completedFuture(bodies);
    }

    // The sample ---------------------------------------------------------------------------------

    /**
     * Runs the sample with {@link #URL_COUNT} URLs and {@link #LATENCY}.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        return run(URL_COUNT, LATENCY);
    }

    /**
     * Starts a {@link SlowServer}, fetches {@code count} URLs from it in each of the three ways, and
     * reports the timings and whether the three got the right bodies.
     *
     * @param count how many URLs
     * @param latency the server's latency
     * @return the lines the sample prints
     */
    public static List<String> run(int count, Duration latency) {
        List<String> out = new ArrayList<>();
        try (SlowServer server = new SlowServer(latency)) {
            List<URI> urls = server.urls(count);
            out.add("server: " + count + " URLs /item/0 .. /item/" + (count - 1) + " on 127.0.0.1, each answered after "
                    + latency.toMillis() + " ms");
            fetchSequentially(newClient(), urls.subList(0, 1)); // warm-up: load the HTTP classes once

            // Each version gets a new client, so none reuses the connections of another.
            long start = System.nanoTime();
            List<String> sequential = fetchSequentially(newClient(), urls);
            long sequentialNanos = System.nanoTime() - start;
            out.add(timing("sequential (blocking send)", count, sequentialNanos));

            start = System.nanoTime();
            List<String> pooled = fetchWithThreadPool(newClient(), urls, POOL_THREADS);
            out.add(timing(
                    "thread pool (" + POOL_THREADS + " threads, blocking send)", count, System.nanoTime() - start));

            HttpClient client = newClient();
            start = System.nanoTime();
            List<String> jcoro = EventLoop.run(() -> fetchAll(client, urls));
            long jcoroNanos = System.nanoTime() - start;
            out.add(timing("jcoro (" + count + " tasks, 1 event loop, sendAsync)", count, jcoroNanos));
            out.add(String.format(
                    Locale.ROOT, "jcoro vs sequential: %.1fx faster", (double) sequentialNanos / jcoroNanos));

            for (int i = 0; i < Math.min(3, count); i++) {
                out.add("  " + urls.get(i).getPath() + ": \"" + jcoro.get(i) + "\"");
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add(expectedBody(i));
            }
            out.add("all three versions got the " + count + " right bodies: "
                    + (sequential.equals(expected) && pooled.equals(expected) && jcoro.equals(expected)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return out;
    }

    private static String timing(String label, int count, long nanos) {
        return String.format(Locale.ROOT, "%-45s %d bodies in %5d ms", label + ":", count, nanos / 1_000_000);
    }

    /**
     * Prints the timings of the three versions.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
