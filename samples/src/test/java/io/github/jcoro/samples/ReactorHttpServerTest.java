package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-written reactor, the load test's floor, behaves as the coroutine server does. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReactorHttpServerTest {
    private static final String HELLO_REQUEST = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void servesHelloAndSlowOverKeepAliveConnections() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (ReactorHttpServer server = start(Duration.ofSeconds(30), log)) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                String hello = roundTrip(s, HELLO_REQUEST);
                assertTrue(hello.startsWith("HTTP/1.1 200 OK\r\n"), hello);
                assertTrue(hello.contains("Content-Type: text/plain\r\n") && hello.contains("Date: "), hello);
                assertTrue(hello.contains("Content-Length: 13\r\n") && hello.endsWith("\r\n\r\nHello, world!"), hello);
                long start = System.nanoTime();
                String slow = roundTrip(s, "GET /slow HTTP/1.1\r\n\r\n"); // same connection: kept alive
                assertTrue(System.nanoTime() - start >= 9_000_000L, "answered before 10 ms");
                assertTrue(slow.startsWith("HTTP/1.1 200 OK\r\n") && slow.endsWith("Hello, world!"), slow);
            }
            for (String path : new String[] {"/hello", "/slow"}) {
                HttpLoad.Result r = HttpLoad.run(server.port(), path, 8, 0, 20_000, 200);
                assertEquals(0, r.bad(), r.toString());
                assertTrue(r.requests() >= 200, r.toString());
            }
            // 100 connections on /slow at once: the 10 ms waits overlap, none blocks the thread.
            long start = System.nanoTime();
            HttpLoad.Result r = HttpLoad.run(server.port(), "/slow", 100, 0, 20_000, 1000);
            assertEquals(0, r.bad(), r.toString());
            assertTrue(r.requests() >= 1000, r.toString());
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "1,000 /slow over 100 connections: " + r);
            HttpTestClient.awaitLive(server::liveConnections, 0);
            assertTrue(server.served() >= 1402);
            assertEquals(List.of(), log);
        }
        HttpTestClient.awaitNoThreads("reactor-http");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndConnectionCloseIsHonoured() throws Exception {
        try (ReactorHttpServer server = start(Duration.ofSeconds(30), new ArrayList<>())) {
            String responses = HttpTestClient.exchange(
                    server.port(),
                    "GET /slow HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\nPOST /echo-length HTTP/1.1\r\n"
                            + "Content-Length: 5\r\n\r\nabcdeGET /hello HTTP/1.1\r\nConnection: close\r\n\r\n"
                            + HELLO_REQUEST);
            String[] parts = responses.split("HTTP/1.1 ", -1);
            assertEquals(5, parts.length, responses); // the fifth request, after close, is not answered
            assertTrue(parts[1].startsWith("200 OK") && parts[1].endsWith("Hello, world!"), parts[1]);
            assertTrue(parts[2].startsWith("404 Not Found"), parts[2]);
            assertTrue(parts[3].startsWith("200 OK") && parts[3].endsWith("received 5 bytes"), parts[3]);
            assertTrue(parts[4].startsWith("200 OK") && parts[4].contains("Connection: close"), parts[4]);
            assertTrue(parts[4].endsWith("Hello, world!"), parts[4]);
            // A pipeline split mid-request: the rest arrives later.
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                OutputStream out = s.getOutputStream();
                out.write((HELLO_REQUEST + "GET /sl").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(50);
                String both = roundTrip(s, "ow HTTP/1.1\r\n\r\n", 2);
                assertEquals(3, both.split("HTTP/1.1 200 OK", -1).length, both);
            }
            HttpTestClient.awaitLive(server::liveConnections, 0);
        }
        HttpTestClient.awaitNoThreads("reactor-http");
    }

    @Test
    void badInputGetsAStatusAndACloseAndOtherConnectionsGoOn() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (ReactorHttpServer server =
                ReactorHttpServer.start(new InetSocketAddress("127.0.0.1", 0), 100, Duration.ofMillis(300), log::add)) {
            int port = server.port();
            try (Socket healthy = new Socket("127.0.0.1", port)) {
                assertTrue(roundTrip(healthy, HELLO_REQUEST).endsWith("Hello, world!"));
                assertTrue(HttpTestClient.exchange(port, "GARBAGE\u0001 / HTTP/1.1\r\n\r\n")
                        .startsWith("HTTP/1.1 400 "));
                assertTrue(HttpTestClient.exchange(port, "GET nope HTTP/1.1\r\n\r\n")
                        .startsWith("HTTP/1.1 400 "));
                assertTrue(HttpTestClient.exchange(port, "GET /hello HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n")
                        .startsWith("HTTP/1.1 431 "));
                StringBuilder flood = new StringBuilder("GET /hello HTTP/1.1\r\n");
                for (int i = 0; i < 200; i++) {
                    flood.append("H").append(i).append(": v\r\n");
                }
                assertTrue(HttpTestClient.exchange(port, flood + "\r\n").startsWith("HTTP/1.1 431 "));
                assertTrue(HttpTestClient.exchange(port, "POST /echo-length HTTP/1.1\r\nContent-Length: 101\r\n\r\n")
                        .startsWith("HTTP/1.1 413 "));
                // A refusal after a good pipelined request: the good one is answered first.
                String two = HttpTestClient.exchange(port, HELLO_REQUEST + "BAD\u0002 / HTTP/1.1\r\n\r\n");
                assertTrue(two.startsWith("HTTP/1.1 200 OK") && two.contains("Hello, world!HTTP/1.1 400 "), two);
                // Slowloris: half a request, then nothing: 408 after the idle timeout.
                long start = System.nanoTime();
                assertTrue(HttpTestClient.exchange(port, "GET /hello HTTP/1.1\r\nHost: x\r\n")
                        .startsWith("HTTP/1.1 408 "));
                assertTrue(System.nanoTime() - start >= 250_000_000L);
                // The healthy connection sat idle past the timeout meanwhile: closed silently.
                healthy.setSoTimeout(5000);
                assertEquals(-1, healthy.getInputStream().read());
            }
            try (Socket healthy = new Socket("127.0.0.1", port)) {
                assertTrue(roundTrip(healthy, HELLO_REQUEST).endsWith("Hello, world!"));
                try (Socket reset = new Socket("127.0.0.1", port)) {
                    reset.getOutputStream().write("GET /hel".getBytes(StandardCharsets.US_ASCII));
                    reset.setSoLinger(true, 0);
                }
                assertTrue(roundTrip(healthy, HELLO_REQUEST).endsWith("Hello, world!"));
                HttpTestClient.awaitLive(server::liveConnections, 1);
            }
            HttpTestClient.awaitLive(server::liveConnections, 0);
            assertEquals(7, log.size(), log.toString()); // each refusal logged once; the reset is not an error
        }
        HttpTestClient.awaitNoThreads("reactor-http");
    }

    @Test
    void theSampleMainServesTheReactor() throws Exception {
        Process p = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HttpServerSample.class.getName(),
                        "--port",
                        "0",
                        "--reactor",
                        "--idle-timeout",
                        "120")
                .redirectErrorStream(true)
                .start();
        try {
            String line = String.valueOf(
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine());
            int at = line.indexOf("listening on 127.0.0.1:");
            assertTrue(at >= 0 && line.contains("reactor"), line);
            String digits = line.substring(at + 23).replaceAll("[^0-9].*", "");
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(digits.trim()))) {
                assertTrue(roundTrip(s, HELLO_REQUEST).endsWith("Hello, world!"));
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static ReactorHttpServer start(Duration idle, List<String> log) throws IOException {
        return ReactorHttpServer.start(new InetSocketAddress("127.0.0.1", 0), 1 << 20, idle, log::add);
    }

    private static String roundTrip(Socket s, String request) throws IOException {
        return roundTrip(s, request, 1);
    }

    /** Sends {@code request} and reads until {@code responses} bodies of Hello, world! came back. */
    private static String roundTrip(Socket s, String request, int responses) throws IOException {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        int n = 0;
        String text = "";
        while (text.split("Hello, world!", -1).length <= responses) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
            text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
        return text;
    }
}
