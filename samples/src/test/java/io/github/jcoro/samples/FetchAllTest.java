package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.EventLoop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchAllTest {
    @Test
    void theThreeVersionsGetTheSameHundredBodiesAndJcoroBeatsSequential() throws Exception {
        Duration latency = Duration.ofMillis(50);
        try (FetchAll.SlowServer server = new FetchAll.SlowServer(latency)) {
            List<URI> urls = server.urls(100);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add("item " + i);
            }

            long start = System.nanoTime();
            List<String> sequential = FetchAll.fetchSequentially(FetchAll.newClient(), urls);
            long sequentialNanos = System.nanoTime() - start;

            List<String> pooled = FetchAll.fetchWithThreadPool(FetchAll.newClient(), urls, 10);

            HttpClient client = FetchAll.newClient();
            start = System.nanoTime();
            List<String> jcoro = EventLoop.run(() -> FetchAll.fetchAll(client, urls));
            long jcoroNanos = System.nanoTime() - start;

            assertEquals(expected, sequential);
            assertEquals(expected, pooled);
            assertEquals(expected, jcoro);
            // Sequential waits out 100 latencies (5 s at least). A generous bound that still proves the
            // jcoro requests overlapped: under half of that. Not a benchmark.
            assertTrue(
                    sequentialNanos >= 100 * latency.toNanos(),
                    "sequential took " + sequentialNanos / 1_000_000 + " ms");
            assertTrue(
                    jcoroNanos < sequentialNanos / 2,
                    "jcoro took " + jcoroNanos / 1_000_000 + " ms, sequential " + sequentialNanos / 1_000_000 + " ms");
        }
    }

    @Test
    void aFailedRequestFailsItsTaskAndTheGather() throws Exception {
        try (FetchAll.SlowServer server = new FetchAll.SlowServer(Duration.ofMillis(1))) {
            List<URI> urls = new ArrayList<>(server.urls(3));
            URI missing = urls.get(0).resolve("/nothing/here");
            urls.add(1, missing);
            HttpClient client = FetchAll.newClient();
            IOException e = assertThrows(IOException.class, () -> EventLoop.run(() -> FetchAll.fetchAll(client, urls)));
            assertEquals(missing + " answered 404", e.getMessage());
        }
    }

    @Test
    void printsTheTimingsAndChecksTheBodies() {
        List<String> out = FetchAll.run(10, Duration.ofMillis(5));
        assertEquals("server: 10 URLs /item/0 .. /item/9 on 127.0.0.1, each answered after 5 ms", out.get(0));
        assertTrue(out.get(1).startsWith("sequential (blocking send):"), out.get(1));
        assertTrue(out.get(1).contains(" 10 bodies in "), out.get(1));
        assertTrue(out.get(2).startsWith("thread pool (10 threads, blocking send):"), out.get(2));
        assertTrue(out.get(3).startsWith("jcoro (10 tasks, 1 event loop, sendAsync):"), out.get(3));
        assertTrue(out.get(4).startsWith("jcoro vs sequential: "), out.get(4));
        assertEquals(
                List.of(
                        "  /item/0: \"item 0\"",
                        "  /item/1: \"item 1\"",
                        "  /item/2: \"item 2\"",
                        "all three versions got the 10 right bodies: true"),
                out.subList(5, 9));
    }
}
