package io.github.jcoro.benchmarks.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The idle-connection client of the HTTP load test (benchmarks/http-load.sh): opens {@code
 * --count} keep-alive connections to 127.0.0.1:{@code --port}, sends one {@code GET /hello} on each
 * and reads its whole response, then prints {@code holding N connections} and holds them all open
 * until its standard input ends (or {@code --hold} seconds pass), then closes them and prints
 * {@code closed}. Meanwhile the script measures the server's live heap. Exits 1, saying how far it
 * got, when a connection or a response fails.
 */
public final class IdleConnections {
    private IdleConnections() {}

    private static final byte[] REQUEST =
            "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param args {@code --port P [--count N] [--hold S]}
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        int port = -1;
        int count = 10_000;
        long holdSeconds = 300;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port":
                    port = Integer.parseInt(args[++i]);
                    break;
                case "--count":
                    count = Integer.parseInt(args[++i]);
                    break;
                case "--hold":
                    holdSeconds = Long.parseLong(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port < 0) {
            throw new IllegalArgumentException("--port is required");
        }
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        List<SocketChannel> open = new ArrayList<>(count);
        ByteBuffer in = ByteBuffer.allocate(4096);
        long start = System.nanoTime();
        int failed = 0;
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel c = SocketChannel.open(address);
                open.add(c);
                c.write(ByteBuffer.wrap(REQUEST));
                in.clear();
                while (!complete(in)) {
                    if (c.read(in) < 0 || !in.hasRemaining()) {
                        throw new IOException("connection " + i + ": no complete response");
                    }
                }
                if (!new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1)
                        .startsWith("HTTP/1.1 200 ")) {
                    throw new IOException("connection " + i + ": not 200");
                }
            }
        } catch (IOException e) {
            System.out.println("failed after " + open.size() + " connections: " + e);
            failed = 1;
        }
        if (failed == 0) {
            System.out.printf(
                    "holding %d connections (opened in %.1f s)%n", open.size(), (System.nanoTime() - start) / 1e9);
            System.out.flush();
            Thread hold = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // until the script closes our input
                    }
                } catch (IOException e) {
                    // as if closed
                }
            });
            hold.setDaemon(true);
            hold.start();
            hold.join(holdSeconds * 1000);
            // Still open? Each connection should still answer: a server that timed it out shows here.
            int dead = 0;
            for (SocketChannel c : open) {
                c.configureBlocking(false);
                in.clear();
                try {
                    if (c.read(in) < 0) {
                        dead++;
                    }
                } catch (IOException e) {
                    dead++;
                }
            }
            System.out.println(dead == 0 ? "all still open" : dead + " closed by the server while held");
        }
        for (SocketChannel c : open) {
            c.close();
        }
        System.out.println("closed");
        System.exit(failed);
    }

    /** Whether {@code in} holds a whole response: a head and the body its Content-Length says. */
    private static boolean complete(ByteBuffer in) {
        String s = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        int at = s.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
        if (at < 0 || at > end) {
            return true;
        }
        int eol = s.indexOf("\r\n", at);
        int length = Integer.parseInt(s.substring(at + 15, eol).trim());
        return in.position() >= end + 4 + length;
    }
}
