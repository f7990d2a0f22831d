package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.TaskTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Seed 002: an HTTP/1.1 server with one coroutine per connection, on event loops over
 * non-blocking NIO sockets.
 *
 * <p>Each connection is an async task ({@link #connection}) that reads a request, answers it and
 * reads the next, written as straight-line blocking-style code: where a read finds no bytes or a
 * write cannot finish, it awaits the channel's readiness ({@link EventLoop#ready}), which suspends only
 * this connection: the loop's own selector watches the sockets. Keep-alive, pipelined requests answered in order, {@code Connection: close}, an
 * idle timeout (408 when a request was half sent, a silent close otherwise), {@code Content-Length}
 * bodies up to a limit (413 above), 400 on malformed heads and 431 on over-long ones.
 *
 * <p>{@code GET /hello} answers {@code Hello, world!}; {@code GET /slow} the same after a simulated
 * 10 ms back end ({@code Co.sleep}), which does not hold up the loop.
 *
 * <p>With {@code loops > 1}, the first loop accepts and hands each connection to the loops in turn.
 */
public final class CoroutineHttpServer implements AutoCloseable {
    /** Server settings. */
    public static final class Options {
        int loops = 1;
        long maxBody = 1 << 20;
        Duration idleTimeout = Duration.ofSeconds(30);
        Duration headTimeout = Duration.ofSeconds(10);
        Duration slow = Duration.ofMillis(10);
        Consumer<String> log = System.err::println;

        /** @return the defaults: one loop, 1 MiB bodies, 30 s idle timeout, 10 ms /slow */
        public static Options defaults() {
            return new Options();
        }

        /** @return this, with {@code n} loops */
        public Options loops(int n) {
            loops = n;
            return this;
        }

        /** @return this, with the body limit */
        public Options maxBody(long bytes) {
            maxBody = bytes;
            return this;
        }

        /** @return this, with the idle timeout */
        public Options idleTimeout(Duration timeout) {
            idleTimeout = timeout;
            return this;
        }

        /**
         * @return this, with the time a request's head may take from its first byte to its blank
         *     line (408 after it): a client trickling a byte at a time cannot hold a connection
         */
        public Options headTimeout(Duration timeout) {
            headTimeout = timeout;
            return this;
        }

        /** @return this, logging refused requests to {@code sink} */
        public Options log(Consumer<String> sink) {
            log = sink;
            return this;
        }
    }

    private final ServerSocketChannel server;
    private final Options options;
    private final Loop[] loops;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();

    /**
     * One loop's state: touched only on its thread, but for {@code stopped}. The input and output
     * buffers are shared by the loop's connections: a connection uses them only between two of its
     * suspensions, and before it suspends it writes out its output and keeps the input it has not
     * consumed yet in its own {@link Connection#held} (usually nothing), so an idle connection holds
     * no buffer.
     */
    private static final class Loop {
        final EventLoop loop = EventLoop.create();
        final Set<Connection> connections = new HashSet<>();
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        final byte[] in = new byte[Http.MAX_HEAD];
        final ByteBuffer inBuffer = ByteBuffer.wrap(in);
        final ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    }

    /** One connection's state between its suspensions. */
    private static final class Connection {
        final SocketChannel channel;
        /** The connection's task, which the idle sweep cancels. */
        CompletableFuture<Void> task;
        /** Input received but not consumed, kept while the connection is suspended; else null. */
        byte[] held;
        /** On the loop's clock: since when it waits to read, or -1. */
        long waitingSince = -1;
        /** On the loop's clock: when the first byte of the pending request head came, or -1. */
        long headStarted = -1;
        /** Set by the idle sweep before it cancels the task. */
        boolean timedOut;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private CoroutineHttpServer(ServerSocketChannel server, Options options) {
        this.server = server;
        this.options = options;
        loops = new Loop[options.loops];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop();
        }
    }

    /**
     * Binds and starts the server; it serves until {@link #close}.
     *
     * @param address where to listen; port 0 picks a free one
     * @param options the settings
     * @return the running server
     * @throws IOException when it cannot bind
     */
    public static CoroutineHttpServer start(InetSocketAddress address, Options options) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(address, 1024);
        channel.configureBlocking(false);
        CoroutineHttpServer s = new CoroutineHttpServer(channel, options);
        CountDownLatch started = new CountDownLatch(s.loops.length);
        for (int i = 0; i < s.loops.length; i++) {
            Loop l = s.loops[i];
            boolean accepting = i == 0;
            Thread t = new Thread(
                    () -> l.loop.runUntilComplete(() -> {
                        started.countDown();
                        return s.loopMain(l, accepting);
                    }),
                    "jcoro-http-loop-" + i);
            s.threads.add(t);
            t.start();
        }
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return s;
    }

    /** @return the bound port */
    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return connections being served now (each one a live coroutine) */
    public int liveConnections() {
        return live.get();
    }

    /** @return responses written so far */
    public long served() {
        return served.get();
    }

    // The acceptor and the connections run until the loop stops: the loop owns them, and stopping
    // closes their sockets, which ends them; nobody awaits them one by one.
    @SuppressWarnings("jcoro:dropped-task")
    @Coroutine
    private CompletableFuture<Void> loopMain(Loop l, boolean accepting) {
        sweeper(l);
        if (accepting) {
            acceptor(l);
        }
        Co.await(l.stopped);
        for (Connection k : new ArrayList<>(l.connections)) {
            close(k.channel);
        }
        l.connections.clear();
        return CompletableFuture.completedFuture(null);
    }

    @SuppressWarnings("jcoro:dropped-task") // each connection ends when its socket closes (see loopMain)
    @Coroutine
    private CompletableFuture<Void> acceptor(Loop l) {
        int next = 0;
        try {
            while (!l.stopped.isDone()) {
                SocketChannel c = server.accept();
                if (c == null) {
                    Co.await(l.loop.ready(server, SelectionKey.OP_ACCEPT));
                    continue;
                }
                c.configureBlocking(false);
                c.socket().setTcpNoDelay(true);
                Loop target = loops[next];
                next = (next + 1) % loops.length;
                Connection k = new Connection(c);
                if (target == l) {
                    k.task = connection(target, k);
                } else {
                    target.loop.execute(() -> k.task = connection(target, k));
                }
            }
        } catch (IOException e) {
            if (!l.stopped.isDone()) {
                options.log.accept("accept failed: " + e);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The idle and head timeouts: a quarter of the shorter one apart, cancels the connections
     * waiting to read for longer than the idle timeout, or for a request head begun longer ago
     * than the head timeout. One sweep for all, rather than a timer per read.
     */
    @Coroutine
    private CompletableFuture<Void> sweeper(Loop l) {
        long idle = options.idleTimeout.toNanos();
        long head = options.headTimeout.toNanos();
        Duration period = Duration.ofNanos(Math.max(1_000_000, Math.min(idle, head) / 4));
        List<Connection> late = new ArrayList<>();
        while (!l.stopped.isDone()) {
            Co.sleep(period);
            long now = l.loop.nanoTime();
            for (Connection k : l.connections) {
                if (k.waitingSince >= 0
                        && (now - k.waitingSince >= idle || (k.headStarted >= 0 && now - k.headStarted >= head))) {
                    late.add(k);
                }
            }
            for (Connection k : late) {
                k.timedOut = true;
                k.task.cancel(false);
            }
            late.clear();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** One connection: requests in, responses out, until the client or the server closes it. */
    @Coroutine
    private CompletableFuture<Void> connection(Loop l, Connection k) {
        live.incrementAndGet();
        l.connections.add(k);
        SocketChannel c = k.channel;
        int have = 0; // bytes at the start of l.in that are this connection's, until it suspends
        try {
            boolean open = true;
            while (open) {
                Http.Request r;
                try {
                    r = Http.parse(l.in, have, options.maxBody);
                } catch (Http.Refused refused) {
                    options.log.accept(c.getRemoteAddress() + ": " + refused.getMessage());
                    Http.status(l.out, refused.status, Http.reason(refused.status), false);
                    flush(l, k, 0);
                    lingerClose(l, c);
                    break;
                }
                if (r == null) {
                    // Nothing complete buffered: answer what came before, then read more.
                    have = flush(l, k, have);
                    if (have > 0 && k.headStarted < 0) {
                        k.headStarted = l.loop.nanoTime();
                    }
                    l.inBuffer.limit(l.in.length).position(have);
                    int n = c.read(l.inBuffer);
                    if (n < 0) {
                        break; // the client closed
                    }
                    if (n > 0) {
                        have += n;
                        continue;
                    }
                    hold(l, k, have);
                    if (!awaitReadable(l, k)) {
                        have = release(l, k);
                        if (have > 0) {
                            long waited = (l.loop.nanoTime() - k.headStarted) / 1_000_000;
                            options.log.accept(c.getRemoteAddress() + ": 408 request head not complete in "
                                    + waited + " ms (idle timeout " + options.idleTimeout.toMillis()
                                    + " ms, head timeout " + options.headTimeout.toMillis() + " ms)");
                            Http.status(l.out, 408, Http.reason(408), false);
                            flush(l, k, 0);
                        }
                        break;
                    }
                    have = release(l, k);
                    continue;
                }
                have = consume(l.in, have, r.headLength);
                k.headStarted = -1;
                long body = r.contentLength;
                while (body > 0) { // the routes ignore bodies: skip it
                    if (have == 0) {
                        flush(l, k, 0);
                        l.inBuffer.clear();
                        int n = c.read(l.inBuffer);
                        if (n < 0) {
                            open = false;
                            break;
                        }
                        if (n == 0 && !awaitReadable(l, k)) {
                            options.log.accept(c.getRemoteAddress() + ": idle timeout in a request body: closing");
                            open = false;
                            break;
                        }
                        have = Math.max(n, 0);
                        continue;
                    }
                    int skip = (int) Math.min(body, have);
                    have = consume(l.in, have, skip);
                    body -= skip;
                }
                if (!open) {
                    break;
                }
                if (r.target.equals("/slow")) {
                    have = flush(l, k, have); // in order: earlier answers first
                    hold(l, k, have);
                    Co.sleep(options.slow);
                    have = release(l, k);
                }
                if (l.out.remaining() < 1024) {
                    have = flush(l, k, have);
                }
                Http.respond(r, l.out);
                served.incrementAndGet();
                if (!r.keepAlive) {
                    flush(l, k, have);
                    break;
                }
            }
        } catch (IOException e) {
            // reset by the peer, or closed by close(): nothing to answer
        } finally {
            l.out.clear(); // what it had not written yet (between suspensions the buffer is its own)
            l.connections.remove(k);
            close(c);
            live.decrementAndGet();
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Waits until the channel is readable.
     *
     * @return {@code false} when the idle sweep timed the connection out meanwhile
     */
    @Coroutine
    private static boolean awaitReadable(Loop l, Connection k) {
        k.waitingSince = l.loop.nanoTime();
        try {
            Co.await(l.loop.ready(k.channel, SelectionKey.OP_READ));
            return true;
        } catch (CancellationException e) {
            if (!k.timedOut) {
                throw e;
            }
            return false;
        } finally {
            k.waitingSince = -1;
        }
    }

    /** Keeps the first {@code have} bytes of the loop's input buffer in the connection, for a suspension. */
    private static void hold(Loop l, Connection k, int have) {
        k.held = have == 0 ? null : Arrays.copyOf(l.in, have);
    }

    /** @return how many held bytes were put back at the start of the loop's input buffer */
    private static int release(Loop l, Connection k) {
        byte[] held = k.held;
        if (held == null) {
            return 0;
        }
        k.held = null;
        System.arraycopy(held, 0, l.in, 0, held.length);
        return held.length;
    }

    /**
     * Writes the loop's output buffer out; when the socket cannot take it all, keeps the rest (and
     * the connection's input) aside while it awaits writability.
     *
     * @return how many input bytes are at the start of the loop's input buffer afterwards
     */
    @Coroutine
    private static int flush(Loop l, Connection k, int have) throws IOException {
        ByteBuffer out = l.out;
        if (out.position() == 0) {
            return have;
        }
        out.flip();
        k.channel.write(out);
        if (!out.hasRemaining()) {
            out.clear();
            return have;
        }
        ByteBuffer rest = ByteBuffer.allocate(out.remaining());
        rest.put(out).flip();
        out.clear();
        hold(l, k, have);
        while (rest.hasRemaining()) {
            Co.await(l.loop.ready(k.channel, SelectionKey.OP_WRITE));
            k.channel.write(rest);
        }
        return release(l, k);
    }

    /**
     * After a refusal: half-closes, then reads and drops what the client still sends (up to 1 s or
     * 1 MiB), so that closing with unread bytes does not reset the connection before the client
     * has read the answer.
     */
    @Coroutine
    private static void lingerClose(Loop l, SocketChannel c) throws IOException {
        c.shutdownOutput();
        long dropped = 0;
        try {
            while (dropped < (1 << 20)) {
                l.inBuffer.clear();
                int n = c.read(l.inBuffer);
                if (n < 0) {
                    return;
                }
                dropped += n;
                if (n == 0) {
                    Co.await(l.loop.ready(c, SelectionKey.OP_READ), Duration.ofSeconds(1));
                }
            }
        } catch (TaskTimeoutException e) {
            // the client neither sent nor closed: close now
        }
    }

    /** Drops the first {@code n} of the {@code have} bytes of {@code in}; returns how many are left. */
    private static int consume(byte[] in, int have, int n) {
        int left = have - n;
        System.arraycopy(in, n, in, 0, left);
        return left;
    }

    private static void close(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    /**
     * Stops accepting, closes every connection, and waits for the loop threads to end.
     */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Loop l : loops) {
            l.stopped.complete(null);
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
