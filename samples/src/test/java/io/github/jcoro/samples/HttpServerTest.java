package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpServerTest {
    private static final String HELLO_REQUEST = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void servesConcurrentKeepAliveClientsAndShutsDownCleanly() throws Exception {
        for (int loops = 1; loops <= 2; loops++) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            CoroutineHttpServer server = CoroutineHttpServer.start(
                    new InetSocketAddress("127.0.0.1", 0),
                    CoroutineHttpServer.Options.defaults().loops(loops).log(log::add));
            try {
                // Several client threads, each with its own connections: 8 x 50 = 400 requests at least.
                List<CompletableFuture<HttpLoad.Result>> clients = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String path = i % 2 == 0 ? "/hello" : "/slow";
                    clients.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return HttpLoad.run(server.port(), path, 8, 0, 20_000, 100);
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }));
                }
                long total = 0;
                for (CompletableFuture<HttpLoad.Result> c : clients) {
                    HttpLoad.Result r = c.get(30, TimeUnit.SECONDS);
                    assertEquals(0, r.bad());
                    assertTrue(r.requests() >= 100, r.toString());
                    total += r.requests();
                }
                assertTrue(total >= 400);
                HttpTestClient.awaitLive(server::liveConnections, 0);
                assertEquals(List.of(), log);
            } finally {
                server.close();
            }
            HttpTestClient.awaitNoThreads("jcoro-http");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndConnectionCloseIsHonoured() throws Exception {
        try (CoroutineHttpServer server = CoroutineHttpServer.start(
                new InetSocketAddress("127.0.0.1", 0), CoroutineHttpServer.Options.defaults())) {
            String responses = HttpTestClient.exchange(
                    server.port(),
                    "GET /slow HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\nGET /hello HTTP/1.1\r\nConnection: close\r\n\r\n"
                            + HELLO_REQUEST);
            String[] parts = responses.split("HTTP/1.1 ", -1);
            assertEquals(4, parts.length, responses); // the fourth request, after close, is not answered
            assertTrue(parts[1].startsWith("200 OK") && parts[1].endsWith("Hello, world!"), parts[1]);
            assertTrue(parts[2].startsWith("404 Not Found"), parts[2]);
            assertTrue(parts[3].startsWith("200 OK") && parts[3].contains("Connection: close"), parts[3]);
            assertTrue(parts[1].contains("Content-Length: 13\r\n") && parts[1].contains("Date: "), parts[1]);
            HttpTestClient.awaitLive(server::liveConnections, 0);
        }
        HttpTestClient.awaitNoThreads("jcoro-http");
    }

    @Test
    void badInputGetsAStatusAndACloseAndLeaksNoCoroutine() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (CoroutineHttpServer server = CoroutineHttpServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                CoroutineHttpServer.Options.defaults()
                        .maxBody(100)
                        .idleTimeout(Duration.ofMillis(300))
                        .headTimeout(Duration.ofMillis(600))
                        .log(log::add))) {
            int port = server.port();
            // A healthy keep-alive connection held open throughout: it must keep being served.
            try (Socket healthy = new Socket("127.0.0.1", port)) {
                assertTrue(roundTrip(healthy).endsWith("Hello, world!"));
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
                assertTrue(HttpTestClient.exchange(
                                port,
                                "POST /echo-length HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde")
                        .endsWith("received 5 bytes"));
                // Slowloris: half a request, then nothing: 408 after the idle timeout.
                long start = System.nanoTime();
                assertTrue(HttpTestClient.exchange(port, "GET /hello HTTP/1.1\r\nHost: x\r\n")
                        .startsWith("HTTP/1.1 408 "));
                assertTrue(System.nanoTime() - start >= 250_000_000L);
                // Slowloris, trickling: a byte every 100 ms never reaches the 300 ms idle timeout, but
                // the head is refused once it has taken the 600 ms head timeout.
                try (Socket trickle = new Socket("127.0.0.1", port)) {
                    trickle.setSoTimeout(5000);
                    long began = System.nanoTime();
                    String head = "GET /hello HTTP/1.1\r\nHost: trickle\r\nX-Slow: " + "s".repeat(100);
                    StringBuilder answer = new StringBuilder();
                    for (int i = 0; i < head.length(); i++) {
                        try {
                            trickle.getOutputStream().write(head.charAt(i));
                            trickle.getOutputStream().flush();
                        } catch (IOException closedByServer) {
                            break;
                        }
                        if (trickle.getInputStream().available() > 0) {
                            break;
                        }
                        Thread.sleep(100);
                    }
                    int b;
                    while ((b = trickle.getInputStream().read()) >= 0) {
                        answer.append((char) b);
                    }
                    long tookMillis = (System.nanoTime() - began) / 1_000_000;
                    assertTrue(answer.toString().startsWith("HTTP/1.1 408 "), answer.toString());
                    assertTrue(tookMillis >= 550 && tookMillis < 3000, "refused after " + tookMillis + " ms");
                }
                // Meanwhile the healthy connection sat idle between requests past the timeout: closed
                // silently (no 408, nothing logged).
                healthy.setSoTimeout(5000);
                assertEquals(-1, healthy.getInputStream().read());
            }
            try (Socket healthy = new Socket("127.0.0.1", port)) {
                assertTrue(roundTrip(healthy).endsWith("Hello, world!"));
                // An abrupt reset.
                try (Socket reset = new Socket("127.0.0.1", port)) {
                    reset.getOutputStream().write("GET /hel".getBytes(StandardCharsets.US_ASCII));
                    reset.setSoLinger(true, 0);
                }
                assertTrue(roundTrip(healthy).endsWith("Hello, world!"));
                HttpTestClient.awaitLive(server::liveConnections, 1);
            }
            HttpTestClient.awaitLive(server::liveConnections, 0);
            assertEquals(7, log.size(), log.toString()); // each refusal logged once; the reset is not an error
        }
        HttpTestClient.awaitNoThreads("jcoro-http");
    }

    @Test
    void theThreadPerConnectionServerServesTheSameHandler() throws Exception {
        try (ThreadHttpServer server = ThreadHttpServer.start(new InetSocketAddress("127.0.0.1", 0), false)) {
            HttpLoad.Result r = HttpLoad.run(server.port(), "/hello", 8, 0, 20_000, 200);
            assertEquals(0, r.bad());
            assertTrue(r.requests() >= 200);
        }
    }

    @Test
    void sampleOutput() {
        assertEquals(
                List.of(
                        "GET /hello over 8 keep-alive connections: 400+ responses, every one 200 Hello, world!",
                        "GET /slow over 8 keep-alive connections: 400+ responses, every one 200 Hello, world!"),
                HttpServerSample.run());
    }

    private static String roundTrip(Socket s) throws IOException {
        s.getOutputStream().write(HELLO_REQUEST.getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        int n = 0;
        while (!new String(buf, 0, n, StandardCharsets.ISO_8859_1).endsWith("Hello, world!")) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }
}
