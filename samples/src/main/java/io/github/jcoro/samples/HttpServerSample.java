package io.github.jcoro.samples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002: the coroutine HTTP server ({@link CoroutineHttpServer}) as a program, and a short
 * check for {@link AllSamples}.
 */
public final class HttpServerSample {
    private HttpServerSample() {}

    /**
     * Starts a server on a free port, drives 400 requests to each route over 8 keep-alive
     * connections, checks every response, and stops it.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        List<String> out = new ArrayList<>();
        try (CoroutineHttpServer server = CoroutineHttpServer.start(
                new InetSocketAddress("127.0.0.1", 0), CoroutineHttpServer.Options.defaults())) {
            for (String path : new String[] {"/hello", "/slow"}) {
                HttpLoad.Result r = HttpLoad.run(server.port(), path, 8, 0, 60_000, 400);
                out.add("GET " + path + " over 8 keep-alive connections: "
                        + (r.requests() >= 400 ? "400+" : "only " + r.requests()) + " responses, "
                        + (r.bad() == 0 ? "every one 200 Hello, world!" : r.bad() + " bad"));
            }
        } catch (IOException e) {
            out.add("failed: " + e);
        }
        return out;
    }

    /**
     * {@code HttpServerSample [--port P] [--loops N] [--threads|--virtual|--reactor] [--idle-timeout
     * S]}: serves on 127.0.0.1 until killed. {@code --threads}/{@code --virtual} run the
     * thread-per-connection comparison, {@code --reactor} the hand-written single-thread reactor
     * ({@link ReactorHttpServer}); {@code --idle-timeout} sets how many seconds a connection may wait
     * for a request (30 by default).
     *
     * @param args see above
     * @throws Exception when it cannot bind
     */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        int loops = 1;
        String mode = "jcoro";
        Duration idle = Duration.ofSeconds(30);
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port":
                        port = number(args, ++i, "--port", 0, 65_535);
                        break;
                    case "--loops":
                        loops = number(args, ++i, "--loops", 1, 1024);
                        break;
                    case "--threads":
                        mode = "platform threads";
                        break;
                    case "--virtual":
                        mode = "virtual threads";
                        break;
                    case "--reactor":
                        mode = "reactor";
                        break;
                    case "--idle-timeout":
                        idle = Duration.ofSeconds(number(args, ++i, "--idle-timeout", 1, Integer.MAX_VALUE));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("http-server: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        try {
            serve(port, loops, mode, idle);
        } catch (java.net.BindException e) {
            System.err.println("http-server: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            System.exit(1);
        }
    }

    static final String USAGE = "usage: http-server [--port P (8080; 0 picks a free one)] [--loops N (1)]"
            + " [--threads | --virtual | --reactor] [--idle-timeout SECONDS (30)]";

    /** The number after an option, checked. */
    static int number(String[] args, int at, String option, int min, int max) {
        if (at >= args.length) {
            throw new IllegalArgumentException(option + " expects a number after it, found nothing");
        }
        int value;
        try {
            value = Integer.parseInt(args[at]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number, found '" + args[at] + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    option + " expects a number from " + min + " to " + max + ", found " + value);
        }
        return value;
    }

    private static void serve(int port, int loops, String mode, Duration idle) throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        AutoCloseable server;
        int bound;
        if (mode.equals("jcoro")) {
            CoroutineHttpServer s = CoroutineHttpServer.start(
                    address, CoroutineHttpServer.Options.defaults().loops(loops).idleTimeout(idle));
            server = s;
            bound = s.port();
            mode = "jcoro, " + loops + " loop" + (loops == 1 ? "" : "s");
        } else if (mode.equals("reactor")) {
            ReactorHttpServer s = ReactorHttpServer.start(address, 1 << 20, idle, System.err::println);
            server = s;
            bound = s.port();
            mode = "hand-written reactor, 1 thread";
        } else {
            ThreadHttpServer s = ThreadHttpServer.start(address, mode.startsWith("virtual"), idle);
            server = s;
            bound = s.port();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        System.out.println("listening on 127.0.0.1:" + bound + " (" + mode + "); GET /hello, GET /slow");
        Thread.currentThread().join();
    }
}
