package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ways to get debug mode's dump without code, in child JVMs running {@code programs/DumpHooks}
 * (a generator suspended at line 20): a signal ({@code -Djcoro.debug.dumpOnSignal}), the exit
 * ({@code -Djcoro.debug.dumpOnExit}), and the JMX operation, called as JConsole would after {@code
 * jcmd <pid> ManagementAgent.start_local}.
 */
class DumpHooksTest {
    private static final String FRAME = "    at programs.DumpHooks.ticker(DumpHooks.java:20)\n";
    private static final String GENERATOR = "generator #1 programs.DumpHooks.ticker: suspended\n" + FRAME
            + "    created at programs.DumpHooks.main(DumpHooks.java:26)\n";

    @TempDir
    Path directory;

    @Test
    void eachSignalPrintsTheDump() throws Exception {
        assumeTrue(isUnix(), "kill -USR2 needs a Unix");
        Child child = start(List.of("-Djcoro.debug=true", "-Djcoro.debug.dumpOnSignal=sigusr2"), "wait");
        String expected = "[jcoro] dump on signal USR2:\njcoro coroutines: 1 live\n\n" + GENERATOR;

        child.signal("USR2");
        child.awaitStderr(expected);
        child.signal("USR2");
        child.awaitStderr(expected + expected);
        child.finish();

        assertEquals(0, child.exitCode(), child::describe);
        assertEquals("ready\nbye 1\n", child.stdout(), child::describe);
        assertEquals(expected + expected, child.stderr(), child::describe);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "QUIT;  Signal already used by VM or OS: SIGQUIT",
                "BOGUS; Unknown signal: BOGUS",
            })
    void aSignalThatCannotBeHandledIsReportedOnceAndTheProgramRuns(String signal, String reason) throws Exception {
        Child child = start(List.of("-Djcoro.debug=true", "-Djcoro.debug.dumpOnSignal=" + signal));
        child.finish();

        assertEquals(0, child.exitCode(), child::describe);
        assertEquals("ready\nbye 1\n", child.stdout(), child::describe);
        assertEquals(
                "[jcoro] debug: cannot dump on signal " + signal + " (-Djcoro.debug.dumpOnSignal): " + reason
                        + "; expected a signal the JVM lets programs handle, such as USR2\n",
                child.stderr(),
                child::describe);
    }

    @Test
    void dumpOnExitPrintsTheCoroutinesLiveAtExit() throws Exception {
        Child child = start(List.of("-Djcoro.debug=true", "-Djcoro.debug.dumpOnExit=true"));
        child.finish();

        assertEquals(0, child.exitCode(), child::describe);
        assertEquals("ready\nbye 1\n", child.stdout(), child::describe);
        assertEquals(
                "[jcoro] dump at exit:\njcoro coroutines: 1 live\n\n" + GENERATOR, child.stderr(), child::describe);
    }

    @Test
    void hooksAreIgnoredWithASayWhenDebugModeIsOff() throws Exception {
        Child child = start(List.of("-Djcoro.debug.dumpOnExit=true"));
        child.finish();

        assertEquals(0, child.exitCode(), child::describe);
        assertEquals(
                "[jcoro] debug: -Djcoro.debug.dumpOnExit is ignored: debug mode is off; add -Djcoro.debug=true to"
                        + " track coroutines\n",
                child.stderr(),
                child::describe);
    }

    @Test
    void jmxOperationDumpsARunningJvm() throws Exception {
        Child child = start(List.of("-Djcoro.debug=true"), "wait");
        String dump;
        Object liveCount;
        // What "jcmd <pid> ManagementAgent.start_local" does, then what JConsole does with it.
        VirtualMachine machine = VirtualMachine.attach(Long.toString(child.process.pid()));
        try {
            String address = machine.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = new ObjectName("io.github.jcoro:type=Debug");
                dump = (String) server.invoke(name, "dump", new Object[0], new String[0]);
                liveCount = server.getAttribute(name, "LiveCount");
            }
        } finally {
            machine.detach();
        }
        child.finish();

        assertEquals("jcoro coroutines: 1 live\n\n" + GENERATOR, dump, child::describe);
        assertEquals(1, liveCount, child::describe);
        assertEquals(0, child.exitCode(), child::describe);
        assertEquals("", child.stderr(), child::describe);
    }

    private static boolean isUnix() {
        return !System.getProperty("os.name").startsWith("Windows")
                && (Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")));
    }

    /** Starts the program, instrumented, and waits until it says it is ready. */
    private Child start(List<String> jvmOptions, String... arguments) throws Exception {
        Path classes = directory.resolve("classes");
        for (Map.Entry<String, byte[]> entry : ProgramRunner.instrumented("DumpHooks", FixtureCorpusTest.NEWEST)
                .entrySet()) {
            Path file = classes.resolve(entry.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:-CreateCoredumpOnCrash");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(ProgramRunner.runtimeLocation() + File.pathSeparator + classes);
        command.add("programs.DumpHooks");
        command.addAll(List.of(arguments));
        Path stderr = Files.createTempFile(directory, "stderr", ".txt");
        Process process =
                new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Child child = new Child(String.join(" ", command), process, stdout, stderr, new StringBuilder());
        String first = stdout.readLine();
        if (!"ready".equals(first)) {
            process.destroyForcibly();
            fail("expected the program to print 'ready', found " + first + "; " + child.describe());
        }
        child.output.append(first).append('\n');
        return child;
    }

    private record Child(
            String command, Process process, BufferedReader reader, Path stderrFile, StringBuilder output) {
        void signal(String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(kill.waitFor(30, TimeUnit.SECONDS), "kill did not finish");
            assertEquals(0, kill.exitValue(), "kill -" + name + " failed: " + said);
        }

        /** Waits until standard error holds {@code text}, for at most 30 seconds. */
        void awaitStderr(String text) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!stderr().equals(text)) {
                if (System.nanoTime() > deadline) {
                    fail("expected standard error to become:\n" + text + "\nfound, after 30 s:\n" + describe());
                }
                Thread.sleep(20);
            }
        }

        /** Lets a waiting program end, and waits for it. */
        void finish() throws Exception {
            try (Writer input = process.outputWriter(StandardCharsets.UTF_8)) {
                input.write("\n");
            } catch (IOException alreadyEnded) {
                // A program that does not wait has closed its input.
            }
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("expected the program to end within 60 s; " + describe());
            }
        }

        int exitCode() {
            return process.exitValue();
        }

        String stdout() {
            return output.toString();
        }

        String stderr() {
            try {
                return Files.readString(stderrFile, StandardCharsets.UTF_8).replace("\r\n", "\n");
            } catch (IOException e) {
                return "(cannot read " + stderrFile + ": " + e + ")";
            }
        }

        String describe() {
            return "command: " + command + "\nstdout:\n" + output + "\nstderr:\n" + stderr();
        }
    }
}
