package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AllSamplesTest {
    private static final List<String> KEY_LINES = List.of(
            "== Fibonacci: an infinite generator, taken with a limit ==",
            "first 10: [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]",
            "== Countdowns: two generators interleaved by hand ==",
            "A 3, B 5, A 2, B 4, A 1, B 3, A done, B 2, B 1, B done",
            "== RunningAverage: a generator driven by send() ==",
            "send 3 -> average 19.00",
            "== CsvPipeline: a lazy chain of generators over a file ==",
            "lines read: 14 of 1101",
            "reader closed after close(): true",
            "== LuaProducer: producer, filter and consumer, yielding from nested helpers ==",
            "producer: end of record 1 (3 fields)",
            "consumer: done",
            "== TreeWalk: a recursive helper yields a tree in order, lazily ==",
            "first 3: [5, 10, 20], visited 5 of 15 nodes",
            "== CloseAndThrowInto: close() and throwInto() reach a suspended helper ==",
            "  finally in the body of rows",
            "throwInto returned -> recovered from disk full (recovery 1)",
            "hasNext() = false",
            "== GeneratorPipeline: stages that delegate with Co.yieldAll and get results back ==",
            "summary: 3 WARN, 3 ERROR; by service: app=2, auth=2, db=2",
            "  [db.log: 2 lines read, file closed]",
            "closed, lines read: 6",
            "== TenSlowReads: ten 1-second reads on one event loop take 1 s, not 10 ==",
            "one after another, virtual clock: 10 reads took 10.000 s",
            "all at once, virtual clock: 10 reads took 1.000 s",
            "results: [data 0, data 1, data 2, data 3, data 4, data 5, data 6, data 7, data 8, data 9]",
            "== FetchAll: 100 URLs from a slow local server, sequential vs thread pool vs jcoro ==",
            "server: 100 URLs /item/0 .. /item/99 on 127.0.0.1, each answered after 50 ms",
            "  /item/0: \"item 0\"",
            "all three versions got the 100 right bodies: true",
            "== SlowConsumer: a bounded channel holds a fast producer back to a slow consumer's pace ==",
            "110 ms: baked pizza 4, held back 70 ms (counter full)",
            "610 ms:     full",
            "== ChannelPipeline: stages joined by channels, two workers sharing one input ==",
            "10.0.0.5 -> host-5 (worker A, 90 ms)",
            "== MirrorRace: the first mirror wins, the loser is cancelled and cleans up ==",
            " 200 ms  mirror-eu: cancelled after 6 of 10 chunks",
            "== FailingScope: one child fails, its siblings are cancelled first ==",
            "  40 ms  scope failed: inventory is down (all children finished)");

    @Test
    void runsEverySampleInOrder() {
        List<String> out = AllSamples.run();
        assertInOrder(out);
    }

    /** Runs AllSamples in a fresh JVM under the packaged agent, as a user would. */
    @Test
    void runsUnderTheAgentInAChildJvm() throws IOException, InterruptedException {
        String agentJar = System.getProperty("jcoro.agent.jar");
        assertTrue(agentJar != null && Files.isRegularFile(Paths.get(agentJar)), "no agent jar at " + agentJar);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(
                java.toString(),
                "-javaagent:" + agentJar + "=failfast",
                "-cp",
                System.getProperty("java.class.path"),
                AllSamples.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        assertInOrder(output.lines().toList());
    }

    private static void assertInOrder(List<String> out) {
        List<String> remaining = new ArrayList<>(out);
        for (String line : KEY_LINES) {
            int at = remaining.indexOf(line);
            assertTrue(at >= 0, () -> "missing, or out of order: \"" + line + "\" in\n" + String.join("\n", out));
            remaining.subList(0, at + 1).clear();
        }
    }
}
