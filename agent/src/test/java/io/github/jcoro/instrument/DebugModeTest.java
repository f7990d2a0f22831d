package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debug mode ({@code -Djcoro.debug=true}) in a child JVM running {@code programs/DebugDump}: the live
 * dump (states, what each task waits on, frames with file and line, outermost first), the report of
 * a failure nobody retrieved (exactly once; not for a joined or handled failure), and the leak
 * reports of a task and a generator dropped while suspended.
 */
class DebugModeTest {
    static List<Integer> releases() {
        return List.of(8, FixtureCorpusTest.NEWEST);
    }

    static String runInChild(String name, int release, Path dir, String... jvmOptions) throws Exception {
        for (Map.Entry<String, byte[]> entry :
                ProgramRunner.instrumented(name, release).entrySet()) {
            Path file = dir.resolve(entry.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(ProgramRunner.runtimeLocation() + File.pathSeparator + dir);
        command.add("programs." + name);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        process.waitFor(60, TimeUnit.SECONDS);
        return new String(output, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void dumpAndReports(int release, @TempDir Path dir) throws Exception {
        String output = runInChild("DebugDump", release, dir, "-Djcoro.debug=true", "-Djcoro.debug.creationDepth=1");
        // The failure's own stack trace: keep the program's frames, not the runtime's (their lines move).
        String kept = output.lines()
                .filter(line -> !line.startsWith("\tat ") || line.startsWith("\tat programs."))
                .map(line -> line.replaceAll("\\(EventLoop\\.java:\\d+\\)", "(EventLoop.java)"))
                .map(line -> line.replaceAll("SourceChannelImpl@[0-9a-f]+", "SourceChannelImpl@…"))
                .collect(Collectors.joining("\n"));
        assertEquals(
                String.join(
                        "\n",
                        "jcoro coroutines: 8 live",
                        "",
                        "task #1 programs.DebugDump.scenario: running",
                        "    created at io.github.jcoro.EventLoop.runUntilComplete(EventLoop.java)",
                        "",
                        "generator #2 programs.DebugDump.counter: suspended",
                        "    at programs.DebugDump.counter(DebugDump.java:24)",
                        "    created at programs.DebugDump.scenario(DebugDump.java:68)",
                        "",
                        "generator #3 programs.DebugDump.counter: created",
                        "    created at programs.DebugDump.scenario(DebugDump.java:70)",
                        "",
                        "task #4 programs.DebugDump.sleeper: suspended, sleeping (Co.sleep), 1000 ms left on the loop's clock",
                        "    at programs.DebugDump.sleeper(DebugDump.java:39)",
                        "    at programs.DebugDump.nap(DebugDump.java:34)",
                        "    created at programs.DebugDump.scenario(DebugDump.java:72)",
                        "",
                        "task #5 programs.DebugDump.waiter: suspended, awaiting a java.util.concurrent.CompletableFuture",
                        "    at programs.DebugDump.waiter(DebugDump.java:45)",
                        "    created at programs.DebugDump.scenario(DebugDump.java:73)",
                        "",
                        "task #6 programs.DebugDump.receiver: suspended, waiting on a channel (receive)",
                        "    at programs.DebugDump.receiver(DebugDump.java:51)",
                        "    created at programs.DebugDump.scenario(DebugDump.java:74)",
                        "",
                        "task #7 programs.DebugDump.parent: suspended, awaiting task #4 programs.DebugDump.sleeper",
                        "    at programs.DebugDump.parent(DebugDump.java:57)",
                        "    created at programs.DebugDump.scenario(DebugDump.java:75)",
                        "",
                        "task #8 programs.DebugDump.reader: suspended, waiting for EventLoop.ready(sun.nio.ch.SourceChannelImpl@…, OP_READ)",
                        "    at programs.DebugDump.reader(DebugDump.java:132)",
                        "    created at programs.DebugDump.scenario(DebugDump.java:77)",
                        "counter finally",
                        "awaited: parent of slept, opened, true",
                        "read 42",
                        "joined threw joined failed",
                        "handled: recovered",
                        "done",
                        "[jcoro] leak: generator #12 programs.DebugDump.counter became unreachable while suspended, without close(); its finally blocks never ran",
                        "    created at programs.DebugDump.scenario(DebugDump.java:95)",
                        "[jcoro] leak: task #6 programs.DebugDump.receiver became unreachable before it completed (what it awaited was dropped); its finally blocks never ran",
                        "    created at programs.DebugDump.scenario(DebugDump.java:74)",
                        "[jcoro] task #9 programs.DebugDump.failing failed and its exception was never retrieved (nobody joined, awaited or observed its future): java.lang.IllegalStateException: dropped failed",
                        "    created at programs.DebugDump.scenario(DebugDump.java:85)",
                        "java.lang.IllegalStateException: dropped failed",
                        "\tat programs.DebugDump.failing(DebugDump.java:63)",
                        "\tat programs.DebugDump.main(DebugDump.java:106)",
                        "after gc: jcoro coroutines: 0 live"),
                kept);
    }
}
