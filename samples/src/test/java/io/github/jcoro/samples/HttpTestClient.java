package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/** What the HTTP servers' tests do as a client, and the checks they share. */
final class HttpTestClient {
    private HttpTestClient() {}

    /** Sends {@code request} on a new connection and reads until the server closes it. */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Waits up to 5 s for {@code live} to reach {@code expected}, then asserts it. */
    static void awaitLive(IntSupplier live, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (live.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, live.getAsInt());
    }

    /** Waits up to 5 s for every thread whose name starts with {@code prefix} to end, then asserts it. */
    static void awaitNoThreads(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> left;
        do {
            left = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && t.getName().startsWith(prefix)) {
                    left.add(t.getName());
                }
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), left);
    }
}
