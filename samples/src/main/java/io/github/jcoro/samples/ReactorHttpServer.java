package io.github.jcoro.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The floor of the HTTP load test: the same parser and routes ({@link Http}) and the same
 * behaviour as {@link CoroutineHttpServer}, hand-written as a single-thread NIO {@link Selector}
 * reactor with a state object per connection and callbacks: what a coroutine server compiles
 * down to, with no coroutine, task or future anywhere.
 *
 * <p>Keep-alive; pipelined requests answered in order; {@code Connection: close}; {@code
 * Content-Length} bodies skipped up to a limit (413 above); 400 on malformed heads, 431 on
 * over-long ones, each followed by a lingering close; an idle timeout while waiting for a request
 * (408 when one was half sent, a silent close otherwise). {@code GET /slow} is answered after 10 ms
 * from a timer queue on the reactor thread, never blocking it.
 *
 * <p>Memory per connection is kept to what the state needs: the reactor reads into one shared
 * buffer and writes from one shared buffer; a connection keeps its own bytes only when a request
 * is incomplete (or waits behind a {@code /slow} one) or when the socket would not take a whole
 * response.
 */
public final class ReactorHttpServer implements AutoCloseable {
    private static final int LINGER_BYTES = 1 << 20;
    private static final long LINGER_NANOS = 1_000_000_000L;

    /** What to do once a pending write has drained. */
    private enum After {
        CONTINUE,
        SLEEP,
        CLOSE,
        LINGER
    }

    /** One connection's state; touched only on the reactor thread. */
    private static final class Conn {
        final SocketChannel channel;
        SelectionKey key;
        boolean closed;
        /** Input not yet consumed (an incomplete head, or requests behind a /slow one); else null. */
        byte[] leftover;
        /** The request being served: its body is being skipped, or it waits for its /slow timer. */
        Http.Request request;

        long bodyLeft;
        /** The /slow request's 10 ms have passed. */
        boolean slept;
        /** Output the socket did not take yet; else null. */
        ByteBuffer pending;

        After after;
        boolean lingering;
        long dropped;
        // The idle list: connections waiting for a request, oldest deadline first.
        Conn prev;
        Conn next;
        boolean idle;
        long deadline;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** A /slow answer or the end of a lingering close, due at {@code at}. */
    private static final class Timer {
        final long at;
        final long seq;
        final Conn conn;
        final boolean linger;

        Timer(long at, long seq, Conn conn, boolean linger) {
            this.at = at;
            this.seq = seq;
            this.conn = conn;
            this.linger = linger;
        }
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final long maxBody;
    private final long idleNanos;
    private final long slowNanos;
    private final Consumer<String> log;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopping;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();

    // Reactor-thread state.
    private final byte[] in = new byte[Http.MAX_HEAD];
    private final ByteBuffer inBuffer = ByteBuffer.wrap(in);
    private final ByteBuffer out = ByteBuffer.allocate(4096);
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long timerSeq;
    private Conn idleHead;
    private Conn idleTail;
    private long now;

    private ReactorHttpServer(ServerSocketChannel server, long maxBody, Duration idleTimeout, Consumer<String> log)
            throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.maxBody = maxBody;
        this.idleNanos = idleTimeout.toNanos();
        this.slowNanos = Duration.ofMillis(10).toNanos();
        this.log = log;
        this.thread = new Thread(this::run, "reactor-http");
    }

    /**
     * Starts a server with the defaults of {@link CoroutineHttpServer.Options#defaults()}: 1 MiB
     * bodies, a 30 s idle timeout, refusals logged to standard error.
     *
     * @param address where to listen; port 0 picks a free one
     * @return the running server
     * @throws IOException when it cannot bind
     */
    public static ReactorHttpServer start(InetSocketAddress address) throws IOException {
        return start(address, 1 << 20, Duration.ofSeconds(30), System.err::println);
    }

    /**
     * Starts a server.
     *
     * @param address where to listen; port 0 picks a free one
     * @param maxBody the largest request body accepted (413 above)
     * @param idleTimeout how long a connection may wait for (the rest of) a request
     * @param log where refused requests are logged, once each
     * @return the running server
     * @throws IOException when it cannot bind
     */
    public static ReactorHttpServer start(
            InetSocketAddress address, long maxBody, Duration idleTimeout, Consumer<String> log) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(address, 1024);
        channel.configureBlocking(false);
        ReactorHttpServer s = new ReactorHttpServer(channel, maxBody, idleTimeout, log);
        channel.register(s.selector, SelectionKey.OP_ACCEPT);
        s.thread.start();
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

    /** @return connections open now */
    public int liveConnections() {
        return live.get();
    }

    /** @return responses written so far */
    public long served() {
        return served.get();
    }

    private void run() {
        try {
            while (!stopping) {
                now = System.nanoTime();
                long next = Long.MAX_VALUE;
                if (!timers.isEmpty()) {
                    next = timers.peek().at;
                }
                if (idleHead != null) {
                    next = Math.min(next, idleHead.deadline);
                }
                if (next == Long.MAX_VALUE) {
                    selector.select();
                } else if (next - now <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(Math.max(1, (next - now + 999_999) / 1_000_000));
                }
                now = System.nanoTime();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    Object a = key.attachment();
                    if (a == null) {
                        accept();
                    } else {
                        ready((Conn) a);
                    }
                }
                fireTimers();
                expireIdle();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!stopping) {
                log.accept("reactor failed: " + e);
            }
        } finally {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Conn) {
                    close((Conn) key.attachment());
                }
            }
            try {
                server.close();
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
            done.countDown();
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            Conn c = new Conn(channel);
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
            live.incrementAndGet();
            waitIdle(c);
        }
    }

    /** The selector says {@code c}'s socket is ready for what its state waits for. */
    private void ready(Conn c) {
        try {
            if (c.pending != null) {
                c.channel.write(c.pending);
                if (c.pending.hasRemaining()) {
                    return;
                }
                c.pending = null;
                c.key.interestOps(0);
                afterWrite(c);
            } else if (c.lingering) {
                drop(c);
            } else {
                unidle(c);
                drive(c);
            }
        } catch (IOException e) {
            close(c); // reset by the peer: nothing to answer
        }
    }

    private void afterWrite(Conn c) throws IOException {
        switch (c.after) {
            case CONTINUE:
                drive(c);
                break;
            case SLEEP:
                sleep(c);
                break;
            case CLOSE:
                close(c);
                break;
            default:
                linger(c);
        }
    }

    /**
     * Serves {@code c} as far as its input goes: parses and answers requests until it needs to wait
     * (for input, for its socket to take output, or for a /slow timer), then records where it is.
     */
    private void drive(Conn c) throws IOException {
        int len = 0;
        if (c.leftover != null) {
            len = c.leftover.length;
            System.arraycopy(c.leftover, 0, in, 0, len);
            c.leftover = null;
        }
        while (true) {
            if (c.request == null) {
                Http.Request r;
                try {
                    r = Http.parse(in, len, maxBody);
                } catch (Http.Refused refused) {
                    log.accept(c.channel.getRemoteAddress() + ": " + refused.getMessage());
                    Http.status(out, refused.status, Http.reason(refused.status), false);
                    if (flush(c, 0, After.LINGER)) {
                        linger(c);
                    }
                    return;
                }
                if (r == null) {
                    // Nothing complete buffered: answer what came before, then read more.
                    if (!flush(c, len, After.CONTINUE)) {
                        return;
                    }
                    int n = read(c, len);
                    if (n < 0) {
                        close(c);
                        return;
                    }
                    if (n == 0) {
                        keep(c, len);
                        waitIdle(c);
                        return;
                    }
                    len += n;
                    continue;
                }
                len = consume(len, r.headLength);
                c.request = r;
                c.bodyLeft = r.contentLength;
            }
            while (c.bodyLeft > 0) { // the routes ignore bodies: skip it
                if (len == 0) {
                    if (!flush(c, 0, After.CONTINUE)) {
                        return;
                    }
                    int n = read(c, 0);
                    if (n < 0) {
                        close(c);
                        return;
                    }
                    if (n == 0) {
                        waitIdle(c);
                        return;
                    }
                    len = n;
                    continue;
                }
                int skip = (int) Math.min(c.bodyLeft, len);
                len = consume(len, skip);
                c.bodyLeft -= skip;
            }
            Http.Request r = c.request;
            if (!c.slept && r.target.equals("/slow")) {
                // In order: earlier answers first, then the 10 ms back end, the rest kept meanwhile.
                if (flush(c, len, After.SLEEP)) {
                    keep(c, len);
                    sleep(c);
                }
                return;
            }
            if (out.remaining() < 1024 && !flush(c, len, After.CONTINUE)) {
                return;
            }
            Http.respond(r, out);
            served.incrementAndGet();
            c.request = null;
            c.slept = false;
            if (!r.keepAlive) {
                if (flush(c, 0, After.CLOSE)) {
                    close(c);
                }
                return;
            }
        }
    }

    private int read(Conn c, int len) throws IOException {
        inBuffer.limit(in.length).position(len);
        return c.channel.read(inBuffer);
    }

    private int consume(int len, int n) {
        System.arraycopy(in, n, in, 0, len - n);
        return len - n;
    }

    private void keep(Conn c, int len) {
        if (len > 0) {
            c.leftover = Arrays.copyOf(in, len);
        }
    }

    /**
     * Writes the shared output buffer to {@code c}. When the socket does not take it all, keeps the
     * rest and {@code len} bytes of input, waits for writability, and then does {@code after}.
     *
     * @return whether everything was written
     */
    private boolean flush(Conn c, int len, After after) throws IOException {
        if (out.position() == 0) {
            return true;
        }
        out.flip();
        c.channel.write(out);
        if (!out.hasRemaining()) {
            out.clear();
            return true;
        }
        c.pending = ByteBuffer.allocate(out.remaining()).put(out).flip();
        out.clear();
        keep(c, len);
        c.after = after;
        c.key.interestOps(SelectionKey.OP_WRITE);
        return false;
    }

    private void sleep(Conn c) {
        c.key.interestOps(0);
        // From the clock now, not the round's start: a request read later in the same round (behind
        // the answer just written on its connection) would otherwise be answered early.
        now = System.nanoTime();
        timers.add(new Timer(now + slowNanos, timerSeq++, c, false));
    }

    private void fireTimers() {
        Timer t;
        while ((t = timers.peek()) != null && t.at - now <= 0) {
            timers.poll();
            Conn c = t.conn;
            if (c.closed) {
                continue;
            }
            if (t.linger) {
                close(c); // the client neither sent nor closed: close now
                continue;
            }
            c.slept = true;
            try {
                drive(c);
            } catch (IOException e) {
                close(c);
            }
        }
    }

    /** After a refusal: half-closes, then drops what the client still sends (up to 1 s or 1 MiB). */
    private void linger(Conn c) throws IOException {
        c.leftover = null;
        c.request = null;
        c.lingering = true;
        c.channel.shutdownOutput();
        c.key.interestOps(SelectionKey.OP_READ);
        timers.add(new Timer(now + LINGER_NANOS, timerSeq++, c, true));
        drop(c);
    }

    private void drop(Conn c) throws IOException {
        while (c.dropped < LINGER_BYTES) {
            int n = read(c, 0);
            if (n < 0) {
                close(c);
                return;
            }
            if (n == 0) {
                return;
            }
            c.dropped += n;
        }
        close(c);
    }

    /** {@code c} waits for input: it is closed if none comes within the idle timeout. */
    private void waitIdle(Conn c) {
        c.key.interestOps(SelectionKey.OP_READ);
        c.deadline = now + idleNanos;
        c.idle = true;
        c.prev = idleTail;
        c.next = null;
        if (idleTail == null) {
            idleHead = c;
        } else {
            idleTail.next = c;
        }
        idleTail = c;
    }

    private void unidle(Conn c) {
        if (!c.idle) {
            return;
        }
        c.idle = false;
        if (c.prev == null) {
            idleHead = c.next;
        } else {
            c.prev.next = c.next;
        }
        if (c.next == null) {
            idleTail = c.prev;
        } else {
            c.next.prev = c.prev;
        }
        c.prev = null;
        c.next = null;
    }

    private void expireIdle() {
        while (idleHead != null && idleHead.deadline - now <= 0) {
            Conn c = idleHead;
            unidle(c);
            try {
                if (c.request != null) {
                    log.accept("idle timeout in a request body: closing");
                } else if (c.leftover != null) {
                    log.accept(c.channel.getRemoteAddress() + ": 408 request not complete in " + idleNanos / 1_000_000
                            + " ms");
                    c.leftover = null;
                    Http.status(out, 408, Http.reason(408), false);
                    if (!flush(c, 0, After.CLOSE)) {
                        continue;
                    }
                }
            } catch (IOException e) {
                // closing anyway
            }
            close(c);
        }
    }

    private void close(Conn c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        unidle(c);
        c.leftover = null;
        c.pending = null;
        try {
            c.channel.close();
        } catch (IOException e) {
            // closed anyway
        }
        live.decrementAndGet();
    }

    /** Stops accepting, closes every connection, and waits for the reactor thread to end. */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        try {
            done.await();
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
