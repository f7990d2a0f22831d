package io.github.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Runs the packaged agent jar ({@code target/jcoro-agent.jar}, named by the system property {@code
 * jcoro.agent.jar}) on small programs in child JVMs, as a user would.
 */
class AgentIT {
    private static final String NUMBERS = """
            package demo;

            import io.github.jcoro.Co;
            import io.github.jcoro.Coroutine;
            import io.github.jcoro.Generator;
            import java.util.StringJoiner;

            public class Numbers {
                @Coroutine
                static Generator<Integer> upTo(int last) {
                    for (int i = 1; i <= last; i++) {
                        Co.yield(i);
                    }
                    return Generator.empty();
                }

                public static void main(String[] args) {
                    StringJoiner output = new StringJoiner(" ");
                    for (int number : upTo(3)) {
                        output.add(Integer.toString(number));
                    }
                    System.out.println(output);
                }
            }
            """;

    /** Suspends while holding a monitor, which the instrumenter must refuse. */
    private static final String LOCKED = """
            package demo;

            import io.github.jcoro.Co;
            import io.github.jcoro.Coroutine;
            import io.github.jcoro.Generator;

            public class Locked {
                private static final Object LOCK = new Object();

                @Coroutine
                static Generator<String> underLock() {
                    synchronized (LOCK) {
                        Co.yield("held");
                    }
                    return Generator.empty();
                }

                public static void main(String[] args) {
                    System.out.println("start");
                    System.out.println(underLock().next());
                }
            }
            """;

    /** Has no coroutine (the agent's pre-check skips it), and runs {@code demo.Numbers}. */
    private static final String PLAIN = """
            package demo;

            public class Plain {
                public static void main(String[] args) {
                    Numbers.main(args);
                }
            }
            """;

    /** Attaches the agent to its own JVM, then loads and runs {@code demo.Numbers}. */
    private static final String ATTACH = """
            package demo;

            import com.sun.tools.attach.VirtualMachine;

            public class Attach {
                public static void main(String[] args) throws Exception {
                    VirtualMachine self = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
                    try {
                        self.loadAgent(args[0], args.length > 1 ? args[1] : null);
                    } finally {
                        self.detach();
                    }
                    Class.forName("demo.Numbers").getMethod("main", String[].class).invoke(null, (Object) args);
                }
            }
            """;

    /** Sends itself SIGUSR2 before any coroutine has run, then runs {@code demo.Numbers}. */
    private static final String EARLY_SIGNAL = """
            package demo;

            public class EarlySignal {
                public static void main(String[] args) throws Exception {
                    String pid = Long.toString(ProcessHandle.current().pid());
                    new ProcessBuilder("kill", "-USR2", pid).inheritIO().start().waitFor();
                    Thread.sleep(1000); // the JVM's signal thread runs the handler, or the JVM ends
                    Numbers.main(args);
                }
            }
            """;

    @TempDir
    static Path workDirectory;

    private static Path agentJar;
    private static String classPath;

    @BeforeAll
    static void compilePrograms() throws IOException {
        String jarProperty = System.getProperty("jcoro.agent.jar");
        assertNotNull(jarProperty, "expected the system property jcoro.agent.jar (set by failsafe), found none");
        agentJar = Path.of(jarProperty).toAbsolutePath();
        assertTrue(Files.isRegularFile(agentJar), "expected the agent jar at " + agentJar + ", found no file");

        Path classes = Files.createDirectories(workDirectory.resolve("classes"));
        JavaSourceCompiler.write(
                JavaSourceCompiler.compile(Map.of(
                        "demo.Numbers",
                        NUMBERS,
                        "demo.Locked",
                        LOCKED,
                        "demo.Attach",
                        ATTACH,
                        "demo.Plain",
                        PLAIN,
                        "demo.EarlySignal",
                        EARLY_SIGNAL)),
                classes);
        classPath = JavaSourceCompiler.runtimeClassPath() + File.pathSeparator + classes;
    }

    @Test
    void jarHasTheManifestShadedAsmAndNoRuntime() throws IOException {
        try (JarFile jar = new JarFile(agentJar.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("io.github.jcoro.agent.CoroutineAgent", manifest.getValue("Premain-Class"));
            assertEquals("io.github.jcoro.agent.CoroutineAgent", manifest.getValue("Agent-Class"));

            List<String> names = Collections.list(jar.entries()).stream()
                    .map(JarEntry::getName)
                    .collect(Collectors.toList());
            assertTrue(names.contains("io/github/jcoro/agent/CoroutineAgent.class"), "agent class missing");
            assertTrue(
                    names.contains("io/github/jcoro/instrument/CoroutineInstrumenter.class"), "instrumenter missing");
            assertTrue(names.contains("io/github/jcoro/agent/shaded/asm/ClassReader.class"), "shaded ASM missing");
            assertTrue(
                    names.contains("io/github/jcoro/agent/shaded/asm/util/CheckClassAdapter.class"),
                    "shaded asm-util missing");
            assertEquals(List.of(), matching(names, "org/objectweb/asm/.*"), "unrelocated ASM in the jar");
            assertEquals(List.of(), matching(names, "io/github/jcoro/internal/.*"), "runtime classes in the jar");
            assertEquals(List.of(), matching(names, "io/github/jcoro/[^/]+\\.class"), "runtime classes in the jar");

            // The agent's own code refers to the relocated ASM only.
            try (InputStream input = jar.getInputStream(jar.getJarEntry("io/github/jcoro/agent/ClassVerifier.class"))) {
                String constants = new String(input.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(constants.contains("org/objectweb/asm"), "ClassVerifier refers to unrelocated ASM");
                assertTrue(constants.contains("io/github/jcoro/agent/shaded/asm/"), "ClassVerifier lost its ASM");
            }
        }
    }

    @Test
    void generatorRunsUnderTheAgent() throws Exception {
        Run run = run("verbose,verify", "demo.Numbers");

        assertEquals(0, run.exitCode, run::describe);
        assertEquals("1 2 3", run.stdout.strip(), run::describe);
        assertTrue(
                run.stderrLines().stream()
                        .anyMatch(line ->
                                line.startsWith("[jcoro] instrumented demo.Numbers in ") && line.endsWith(" ms")),
                run::describe);
        assertFalse(run.stderr.contains("error"), run::describe);
    }

    @Test
    void generatorRunsUnderTheAgentWithoutOptions() throws Exception {
        Run run = run(null, "demo.Numbers");

        assertEquals(0, run.exitCode, run::describe);
        assertEquals("1 2 3", run.stdout.strip(), run::describe);
        assertEquals("", run.stderr, run::describe);
    }

    @Test
    void failFastStopsTheJvmAtASuspensionUnderAMonitor() throws Exception {
        Run run = run("failfast", "demo.Locked");

        assertNotEquals(0, run.exitCode, run::describe);
        assertFalse(run.stdout.contains("start"), "expected the JVM to stop before main, " + run.describe());
        assertTrue(lockedErrorLine(run), run::describe);
    }

    @Test
    void refusedClassIsLeftUnchangedAndFailsAtItsFirstYield() throws Exception {
        Run run = run(null, "demo.Locked");

        assertEquals(1, run.exitCode, run::describe);
        assertEquals("start", run.stdout.strip(), run::describe);
        assertTrue(lockedErrorLine(run), run::describe);
        int report = run.stderr.indexOf("[jcoro] error: cannot instrument demo.Locked");
        int failure = run.stderr.indexOf(
                "java.lang.IllegalStateException: Co.yield was called from code that jcoro" + " did not instrument");
        assertTrue(
                failure > report, "expected the report, then the runtime's IllegalStateException: " + run.describe());
        assertTrue(run.stderr.substring(failure).contains("-javaagent"), run::describe);
    }

    @Test
    void unknownOptionStopsTheJvmNamingIt() throws Exception {
        Run run = run("verbose,bogus", "demo.Numbers");

        assertNotEquals(0, run.exitCode, run::describe);
        assertFalse(run.stdout.contains("1 2 3"), run::describe);
        assertTrue(
                run.stderrLines()
                        .contains("[jcoro] error: jcoro agent: unknown option 'bogus' in 'verbose,bogus';"
                                + " expected a comma-separated list of: verbose, verify, failfast, dump=<dir>"),
                run::describe);
    }

    @Test
    void dumpWritesTheInstrumentedClassForJavap() throws Exception {
        Path dump = workDirectory.resolve("dump-" + System.nanoTime());
        Run run = run("dump=" + dump, "demo.Plain");

        assertEquals(0, run.exitCode, run::describe);
        assertEquals("1 2 3", run.stdout.strip(), run::describe);
        assertEquals("", run.stderr, run::describe);
        Path numbers = dump.resolve("demo/Numbers.class");
        assertTrue(Files.isRegularFile(numbers), "expected " + numbers + ", found none; " + run.describe());
        assertFalse(Files.exists(dump.resolve("demo/Plain.class")), "a class without coroutines was dumped");

        ClassNode dumped = new ClassNode();
        new ClassReader(Files.readAllBytes(numbers)).accept(dumped, 0);
        assertEquals("demo/Numbers", dumped.name);
        assertTrue(
                dumped.invisibleAnnotations != null
                        && dumped.invisibleAnnotations.stream()
                                .anyMatch(annotation ->
                                        annotation.desc.equals("Lio/github/jcoro/internal/Instrumented;")),
                "expected the dumped class to carry jcoro's Instrumented marker");
        List<String> upTo = dumped.methods.stream()
                .filter(method -> method.name.equals("upTo"))
                .map(method -> method.desc)
                .collect(Collectors.toList());
        assertEquals(2, upTo.size(), "expected upTo and its resumable body, found " + upTo);
        MethodNode entry = dumped.methods.stream()
                .filter(method -> method.name.equals("upTo") && method.desc.equals("(I)Lio/github/jcoro/Generator;"))
                .findFirst()
                .orElseThrow();
        for (AbstractInsnNode instruction : entry.instructions) {
            if (instruction instanceof MethodInsnNode call) {
                assertFalse(
                        call.owner.equals("io/github/jcoro/Co"),
                        "expected no call of Co in the rewritten upTo, found Co." + call.name);
            }
        }
    }

    @Test
    void verboseEndsWithASummaryOfTheAgentsWork() throws Exception {
        Run run = run("verbose", "demo.Plain");

        assertEquals(0, run.exitCode, run::describe);
        Summary summary = summary(run);
        assertEquals(1, summary.instrumented, run::describe);
        assertEquals(0, summary.failed, run::describe);
        assertTrue(summary.byPrecheck >= 1, "expected demo.Plain skipped by the pre-check; " + run.describe());
        assertTrue(summary.byName >= 1, "expected JDK classes skipped by name; " + run.describe());
        assertEquals(summary.byName + summary.byPrecheck + summary.afterParsing, summary.skipped, run::describe);
        assertEquals(summary.skipped + summary.instrumented + summary.failed, summary.scanned, run::describe);
        assertTrue(summary.milliseconds < 60_000, run::describe);
    }

    @Test
    void verboseSummaryCountsARefusedClassAsFailed() throws Exception {
        Run run = run("verbose", "demo.Locked");

        assertEquals(1, run.exitCode, run::describe);
        Summary summary = summary(run);
        assertEquals(0, summary.instrumented, run::describe);
        assertEquals(1, summary.failed, run::describe);
        assertEquals(summary.skipped + summary.failed, summary.scanned, run::describe);
    }

    @Test
    void noSummaryWithoutVerbose() throws Exception {
        Run run = run("verify", "demo.Plain");

        assertEquals(0, run.exitCode, run::describe);
        assertEquals("", run.stderr, run::describe);
    }

    /** The summary line, which must be the last line of standard error and appear once. */
    private static Summary summary(Run run) {
        List<String> lines = run.stderrLines();
        List<String> summaries = lines.stream()
                .filter(line -> line.startsWith("[jcoro] summary: "))
                .collect(Collectors.toList());
        assertEquals(1, summaries.size(), "expected one summary line, found " + summaries + "; " + run.describe());
        assertEquals(summaries.get(0), lines.get(lines.size() - 1), "expected the summary last; " + run.describe());
        Matcher matcher = SUMMARY.matcher(summaries.get(0));
        assertTrue(matcher.matches(), "expected a summary matching " + SUMMARY + ", found " + summaries.get(0));
        long[] numbers = new long[8];
        for (int group = 1; group <= 8; group++) {
            numbers[group - 1] = Long.parseLong(matcher.group(group));
        }
        return new Summary(
                numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6], numbers[7]);
    }

    private static final Pattern SUMMARY = Pattern.compile("\\[jcoro] summary: (\\d+) classes scanned, (\\d+) skipped"
            + " \\((\\d+) by name, (\\d+) by the pre-check, (\\d+) after parsing\\), (\\d+) instrumented,"
            + " (\\d+) failed, (\\d+) ms in the transformer");

    private record Summary(
            long scanned,
            long skipped,
            long byName,
            long byPrecheck,
            long afterParsing,
            long instrumented,
            long failed,
            long milliseconds) {}

    @Test
    void agentAttachedAtRunTimeInstrumentsClassesLoadedAfterwards() throws Exception {
        Run run = runJava(List.of(
                "-Djdk.attach.allowAttachSelf=true", "-cp", classPath, "demo.Attach", agentJar.toString(), "verbose"));

        assertEquals(0, run.exitCode, run::describe);
        assertEquals("1 2 3", run.stdout.strip(), run::describe);
        assertTrue(
                run.stderrLines().stream()
                        .anyMatch(line -> line.startsWith("[jcoro] note: ")
                                && line.contains(" loaded before the agent was attached and cannot be instrumented")),
                run::describe);
        assertTrue(
                run.stderrLines().stream().anyMatch(line -> line.startsWith("[jcoro] instrumented demo.Numbers in ")),
                run::describe);
    }

    /** The report of demo.Locked names the class, the method and the line. */
    @Test
    void dumpOnSignalIsInPlaceBeforeTheFirstCoroutine() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")));
        Run run = runJava(List.of(
                "-javaagent:" + agentJar,
                "-Djcoro.debug=true",
                "-Djcoro.debug.dumpOnSignal=USR2",
                "-cp",
                classPath,
                "demo.EarlySignal"));

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stderr().startsWith("[jcoro] dump on signal USR2:\njcoro coroutines: 0 live\n"), run::describe);
        assertEquals("1 2 3\n", run.stdout(), run::describe);
    }

    private static boolean lockedErrorLine(Run run) {
        return run.stderrLines().stream()
                .anyMatch(line -> line.startsWith("[jcoro] error: cannot instrument demo.Locked.underLock(")
                        && line.contains("(line "));
    }

    private static List<String> matching(List<String> names, String pattern) {
        return names.stream().filter(name -> name.matches(pattern)).collect(Collectors.toList());
    }

    private static Run run(String agentOptions, String mainClass) throws IOException, InterruptedException {
        return runJava(List.of(
                "-javaagent:" + agentJar + (agentOptions == null ? "" : "=" + agentOptions),
                "-cp",
                classPath,
                mainClass));
    }

    private static Run runJava(List<String> arguments) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-XX:-CreateCoredumpOnCrash");
        command.addAll(arguments);
        Path stdout = Files.createTempFile(workDirectory, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDirectory, "stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("expected " + command + " to finish within 2 minutes, found it still running");
        }
        return new Run(
                String.join(" ", command),
                process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private record Run(String command, int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().collect(Collectors.toList());
        }

        String describe() {
            return "command: " + command + "\nexit code: " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
