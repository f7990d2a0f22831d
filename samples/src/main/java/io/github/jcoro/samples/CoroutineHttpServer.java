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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    /** One loop's state: touched only on its thread, but for {@code stopped}. */
    private static final class Loop {
        final EventLoop loop = EventLoop.create();
        final Set<SocketChannel> connections = new HashSet<>();
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
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
        if (accepting) {
            acceptor(l);
        }
        Co.await(l.stopped);
        for (SocketChannel c : new ArrayList<>(l.connections)) {
            close(c);
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
                if (target == l) {
                    connection(target, c);
                } else {
                    target.loop.execute(() -> connection(target, c));
                }
            }
        } catch (IOException e) {
            if (!l.stopped.isDone()) {
                options.log.accept("accept failed: " + e);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** One connection: requests in, responses out, until the client or the server closes it. */
    @Coroutine
    private CompletableFuture<Void> connection(Loop l, SocketChannel c) {
        live.incrementAndGet();
        l.connections.add(c);
        byte[] buf = new byte[Http.MAX_HEAD];
        ByteBuffer in = ByteBuffer.wrap(buf);
        ByteBuffer out = ByteBuffer.allocate(4096);
        try {
            boolean open = true;
            long headStarted = -1; // on the loop's clock, when the first byte of the current head came
            while (open) {
                Http.Request r;
                try {
                    r = Http.parse(buf, in.position(), options.maxBody);
                } catch (Http.Refused refused) {
                    options.log.accept(c.getRemoteAddress() + ": " + refused.getMessage());
                    Http.status(out, refused.status, Http.reason(refused.status), false);
                    flush(l, c, out);
                    lingerClose(l, c, in);
                    break;
                }
                if (r == null) {
                    // Nothing complete buffered: answer what came before, then read more.
                    flush(l, c, out);
                    int n = c.read(in);
                    if (n < 0) {
                        break; // the client closed
                    }
                    if (in.position() == 0) {
                        headStarted = -1;
                    } else if (headStarted < 0) {
                        headStarted = l.loop.nanoTime();
                    }
                    if (n == 0) {
                        Duration wait = options.idleTimeout;
                        if (headStarted >= 0) {
                            Duration left = options.headTimeout.minusNanos(l.loop.nanoTime() - headStarted);
                            if (left.compareTo(wait) < 0) {
                                wait = left;
                            }
                        }
                        try {
                            if (wait.isNegative() || wait.isZero()) {
                                throw new TaskTimeoutException("the request head", options.headTimeout);
                            }
                            Co.await(l.loop.ready(c, SelectionKey.OP_READ), wait);
                        } catch (TaskTimeoutException idle) {
                            if (in.position() > 0) {
                                long waited = (l.loop.nanoTime() - headStarted) / 1_000_000;
                                options.log.accept(c.getRemoteAddress() + ": 408 request head not complete in "
                                        + waited + " ms (idle timeout " + options.idleTimeout.toMillis()
                                        + " ms, head timeout " + options.headTimeout.toMillis() + " ms)");
                                Http.status(out, 408, Http.reason(408), false);
                                flush(l, c, out);
                            }
                            break;
                        }
                    }
                    continue;
                }
                consume(in, r.headLength);
                headStarted = -1;
                long body = r.contentLength;
                while (body > 0) { // the routes ignore bodies: skip it
                    int have = in.position();
                    if (have == 0) {
                        flush(l, c, out);
                        int n = c.read(in);
                        if (n < 0) {
                            open = false;
                            break;
                        }
                        if (n == 0) {
                            Co.await(l.loop.ready(c, SelectionKey.OP_READ), options.idleTimeout);
                        }
                        continue;
                    }
                    int skip = (int) Math.min(body, have);
                    consume(in, skip);
                    body -= skip;
                }
                if (!open) {
                    break;
                }
                if (r.target.equals("/slow")) {
                    flush(l, c, out); // in order: earlier answers first
                    Co.sleep(options.slow);
                }
                if (out.remaining() < 1024) {
                    flush(l, c, out);
                }
                Http.respond(r, out);
                served.incrementAndGet();
                if (!r.keepAlive) {
                    flush(l, c, out);
                    break;
                }
            }
        } catch (TaskTimeoutException e) {
            options.log.accept("idle timeout in a request body: closing");
        } catch (IOException e) {
            // reset by the peer, or closed by close(): nothing to answer
        } finally {
            l.connections.remove(c);
            close(c);
            live.decrementAndGet();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Writes all of {@code out}, awaiting writability when the socket's buffer is full. */
    @Coroutine
    private static void flush(Loop l, SocketChannel c, ByteBuffer out) throws IOException {
        if (out.position() == 0) {
            return;
        }
        out.flip();
        while (out.hasRemaining()) {
            if (c.write(out) == 0) {
                Co.await(l.loop.ready(c, SelectionKey.OP_WRITE));
            }
        }
        out.clear();
    }

    /**
     * After a refusal: half-closes, then reads and drops what the client still sends (up to 1 s or
     * 1 MiB), so that closing with unread bytes does not reset the connection before the client
     * has read the answer.
     */
    @Coroutine
    private static void lingerClose(Loop l, SocketChannel c, ByteBuffer in) throws IOException {
        c.shutdownOutput();
        long dropped = 0;
        try {
            while (dropped < (1 << 20)) {
                in.clear();
                int n = c.read(in);
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

    private static void consume(ByteBuffer in, int n) {
        byte[] buf = in.array();
        int left = in.position() - n;
        System.arraycopy(buf, n, buf, 0, left);
        in.position(left);
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
