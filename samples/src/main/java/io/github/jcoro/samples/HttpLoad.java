package io.github.jcoro.samples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * A load generator on one thread: {@code connections} keep-alive connections over one NIO selector,
 * each sending a request, waiting for its whole response, checking it, and sending the next (no
 * pipelining), as {@code wrk -c<connections>} does. Reports requests/s and latency percentiles.
 */
public final class HttpLoad {
    private HttpLoad() {}

    /**
     * What a run measured.
     *
     * @param requests responses received and checked in the measured window
     * @param bad responses that were not {@code 200} with the expected body
     * @param seconds the measured window
     * @param latencies sorted latencies, ns
     */
    public record Result(long requests, long bad, double seconds, long[] latencies) {
        /** @return requests per second */
        public double rate() {
            return requests / seconds;
        }

        /**
         * @param p the percentile, 0..1
         * @return the latency at {@code p}, ns
         */
        public long percentile(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))];
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%,d requests in %.1f s: %,.0f req/s, latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms,"
                            + " %d bad",
                    requests,
                    seconds,
                    rate(),
                    percentile(0.5) / 1e6,
                    percentile(0.9) / 1e6,
                    percentile(0.99) / 1e6,
                    percentile(1.0) / 1e6,
                    bad);
        }
    }

    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(16384);
        long sentAt;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /**
     * Drives load for {@code warmupMillis} (not counted) then {@code millis}, or until {@code
     * maxRequests} responses.
     *
     * @param port the server's port on 127.0.0.1
     * @param path e.g. {@code /hello}
     * @param connections how many keep-alive connections
     * @param warmupMillis not measured
     * @param millis measured
     * @param maxRequests stop after this many measured responses
     * @return what was measured
     * @throws IOException on a connection failure
     */
    public static Result run(int port, String path, int connections, long warmupMillis, long millis, long maxRequests)
            throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long[] latencies = new long[1 << 16];
        int count = 0;
        long bad = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                c.configureBlocking(false);
                c.socket().setTcpNoDelay(true);
                Conn conn = new Conn(c);
                c.register(selector, SelectionKey.OP_READ, conn);
                send(conn, request);
            }
            long start = System.nanoTime();
            long measureFrom = start + warmupMillis * 1_000_000;
            long end = measureFrom + millis * 1_000_000;
            long now = start;
            while (now < end && count < maxRequests) {
                selector.select(100);
                now = System.nanoTime();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn conn = (Conn) key.attachment();
                    if (conn.channel.read(conn.in) < 0) {
                        throw new IOException("the server closed a connection");
                    }
                    int length = complete(conn.in);
                    if (length < 0) {
                        continue;
                    }
                    boolean ok = ok(conn.in, length);
                    ByteBuffer in = conn.in;
                    in.flip().position(length);
                    in.compact();
                    if (conn.sentAt >= measureFrom) {
                        if (!ok) {
                            bad++;
                        }
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = now - conn.sentAt;
                    }
                    send(conn, request);
                }
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return new Result(count, bad, (now - measureFrom) / 1e9, sorted);
        }
    }

    private static void send(Conn conn, byte[] request) throws IOException {
        conn.sentAt = System.nanoTime();
        ByteBuffer b = ByteBuffer.wrap(request);
        while (b.hasRemaining()) {
            conn.channel.write(b); // a 40-byte request always fits the socket's buffer
        }
    }

    /** The length of the first complete response in {@code in} (write mode), or -1. */
    static int complete(ByteBuffer in) {
        byte[] a = in.array();
        int head = Http.headEnd(a, in.position());
        if (head < 0) {
            return -1;
        }
        String headers = new String(a, 0, head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int i = headers.indexOf("content-length:");
        int eol = headers.indexOf("\r\n", i);
        int length = Integer.parseInt(headers.substring(i + 15, eol).trim());
        return in.position() >= head + length ? head + length : -1;
    }

    private static boolean ok(ByteBuffer in, int length) {
        String response = new String(in.array(), 0, length, StandardCharsets.ISO_8859_1);
        return response.startsWith("HTTP/1.1 200 OK\r\n") && response.endsWith("\r\n\r\nHello, world!");
    }

    /**
     * Compares the servers: {@code HttpLoad [seconds] [connections] [filter]}; the filter keeps the
     * runs whose name contains it, e.g. {@code "1 loop /hello"}.
     *
     * @param args the measured seconds per run (default 5) and connections (default 100)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        only = args.length > 2 ? args[2] : "";
        System.out.println(
                "JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                        + " CPUs, load generator on one thread of the same machine, " + connections + " connections");
        for (String path : new String[] {"/hello", "/slow"}) {
            for (int loops = 1; loops <= 2; loops++) {
                try (CoroutineHttpServer s = CoroutineHttpServer.start(
                        new InetSocketAddress("127.0.0.1", 0),
                        CoroutineHttpServer.Options.defaults().loops(loops))) {
                    report("jcoro, " + loops + " loop" + (loops > 1 ? "s" : " "), path, s.port(), connections, seconds);
                }
            }
            try (ThreadHttpServer s = ThreadHttpServer.start(new InetSocketAddress("127.0.0.1", 0), false)) {
                report("platform thread/conn", path, s.port(), connections, seconds);
            }
            if (ThreadHttpServer.hasVirtualThreads()) {
                try (ThreadHttpServer s = ThreadHttpServer.start(new InetSocketAddress("127.0.0.1", 0), true)) {
                    report("virtual thread/conn", path, s.port(), connections, seconds);
                }
            }
        }
    }

    private static String only = "";

    private static void report(String name, String path, int port, int connections, int seconds) throws IOException {
        if (!(name + " " + path).contains(only)) {
            return;
        }
        Result r = run(port, path, connections, 2000, seconds * 1000L, Long.MAX_VALUE);
        System.out.printf(Locale.ROOT, "%-21s %-6s %s%n", name, path, r);
    }
}
