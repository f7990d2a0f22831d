package io.github.jcoro.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.auto.value.AutoValue;
import com.google.auto.value.processor.AutoValueProcessor;
import io.github.jcoro.instrument.ClassFileHelperResolver;
import io.github.jcoro.instrument.ClassFilePrecheck;
import io.github.jcoro.instrument.CoroutineInstrumenter;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class files the processor rewrites, run, and compared with the agent route's. */
class RewriteTest {
    private static final List<String> CROSSCLASS_OUTPUT = List.of(
            "value 0",
            "step 0 a",
            "step 0 b",
            "sum 12",
            "value 1",
            "step 1 a",
            "step 1 b",
            "sum 12",
            "value 2",
            "step 2 a",
            "step 2 b",
            "sum 12",
            "from a lambda",
            "nested once",
            "delegate returned null");

    @TempDir
    Path temp;

    private static List<Path> crossclass() {
        return Compilation.sourcesUnder(Compilation.resource("rewrite/crossclass"));
    }

    @Test
    void helpersOfOtherClassesResolveWhateverOrderJavacWritesTheClassesIn() throws Exception {
        List<Path> sources = crossclass();
        List<Path> reversed = new ArrayList<>(sources);
        Collections.reverse(reversed);
        Compilation forward = Compilation.withProcessor(sources, temp.resolve("forward"));
        Compilation backward = Compilation.withProcessor(reversed, temp.resolve("backward"));
        assertTrue(forward.success, forward.messages());
        assertTrue(backward.success, backward.messages());
        assertEquals(CROSSCLASS_OUTPUT, run(forward.output, "demo.Main"));
        assertEquals(CROSSCLASS_OUTPUT, run(backward.output, "demo.Main"));
        Map<String, byte[]> forwardClasses = forward.classFiles();
        Map<String, byte[]> backwardClasses = backward.classFiles();
        assertEquals(forwardClasses.keySet(), backwardClasses.keySet());
        for (String name : forwardClasses.keySet()) {
            assertArrayEquals(forwardClasses.get(name), backwardClasses.get(name), name);
        }
    }

    /** The agent route: plain javac output, rewritten by the instrumenter as the agent does. */
    @Test
    void writesTheSameBytesTheAgentRouteMakesAndRunsTheSame() throws Exception {
        Compilation processed = Compilation.withProcessor(crossclass(), temp.resolve("processor"));
        Compilation plain = Compilation.plain(crossclass(), temp.resolve("plain"));
        assertTrue(processed.success, processed.messages());
        assertTrue(plain.success, plain.messages());
        Map<String, byte[]> original = plain.classFiles();
        Map<String, byte[]> built = processed.classFiles();
        assertEquals(original.keySet(), built.keySet());
        Map<String, byte[]> agent = new HashMap<>();
        int rewritten = 0;
        for (Map.Entry<String, byte[]> entry : original.entrySet()) {
            byte[] bytes =
                    new CoroutineInstrumenter(new ClassFileHelperResolver(original::get)).instrument(entry.getValue());
            if (bytes != null) {
                rewritten++;
            }
            agent.put(entry.getKey(), bytes != null ? bytes : entry.getValue());
        }
        assertEquals(3, rewritten, "Producer, Steps and Steps$Nested hold coroutines");
        for (String name : agent.keySet()) {
            assertArrayEquals(agent.get(name), built.get(name), name + ": the two routes must give the same bytes");
        }
        assertEquals(CROSSCLASS_OUTPUT, run(new BytesLoader(agent), "demo.Main"));
        assertEquals(CROSSCLASS_OUTPUT, run(processed.output, "demo.Main"));
    }

    /** Async tasks and an async lambda, through both routes. */
    @Test
    void runsAsyncTasksTheSameOnBothRoutes() throws Exception {
        List<Path> sources = Compilation.sourcesUnder(Compilation.resource("rewrite/async"));
        Compilation processed = Compilation.withProcessor(sources, temp.resolve("processor"));
        Compilation plain = Compilation.plain(sources, temp.resolve("plain"));
        assertTrue(processed.success, processed.messages());
        assertTrue(plain.success, plain.messages());
        Map<String, byte[]> original = plain.classFiles();
        Map<String, byte[]> agent = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : original.entrySet()) {
            byte[] bytes =
                    new CoroutineInstrumenter(new ClassFileHelperResolver(original::get)).instrument(entry.getValue());
            agent.put(entry.getKey(), bytes != null ? bytes : entry.getValue());
            assertArrayEquals(agent.get(entry.getKey()), processed.classFiles().get(entry.getKey()), entry.getKey());
        }
        List<String> expected = List.of("fetch 3", "fetched 3", "sum step 6", "sum step 7", "sum step 8", "total 27");
        assertEquals(expected, run(processed.output, "demo.Main"));
        assertEquals(expected, run(new BytesLoader(agent), "demo.Main"));
    }

    /**
     * With {@code -g}, the processor's class files carry the same line and local variable tables as
     * the agent's (byte for byte), so what the agent's {@code SourceDebuggingTest} proves through JDI
     * and its corpus checks of the tables hold for build-time rewriting too.
     */
    @Test
    void keepsTheAgentRoutesDebugTablesWithDashG() throws Exception {
        Path program = Paths.get(System.getProperty("jcoro.fixtures"), "..", "programs", "SourceDebugging.java")
                .normalize();
        assertTrue(Files.isRegularFile(program), "expected the agent's debugging program at " + program);
        List<Path> sources = List.of(program);
        Compilation processed = Compilation.withProcessor(sources, temp.resolve("processor"), "-g");
        Path plainOutput = temp.resolve("plain");
        Compilation plain =
                Compilation.compile(sources, plainOutput, Compilation.classPath(plainOutput), List.of(), "-g");
        assertTrue(processed.success, processed.messages());
        assertTrue(plain.success, plain.messages());
        Map<String, byte[]> original = plain.classFiles();
        assertEquals(original.keySet(), processed.classFiles().keySet());
        for (Map.Entry<String, byte[]> entry : original.entrySet()) {
            byte[] bytes =
                    new CoroutineInstrumenter(new ClassFileHelperResolver(original::get)).instrument(entry.getValue());
            assertNotNull(bytes, entry.getKey() + " holds coroutines");
            assertTrue(
                    new String(bytes, StandardCharsets.ISO_8859_1).contains("LocalVariableTable"),
                    entry.getKey() + ": expected local variable tables with -g, found none");
            assertArrayEquals(bytes, processed.classFiles().get(entry.getKey()), entry.getKey());
        }
    }

    @Test
    void theAgentSkipsClassesRewrittenAtBuildTime() throws Exception {
        Compilation processed = Compilation.withProcessor(crossclass(), temp);
        assertTrue(processed.success, processed.messages());
        int coroutineClasses = 0;
        for (Map.Entry<String, byte[]> entry : processed.classFiles().entrySet()) {
            byte[] bytes = entry.getValue();
            assertFalse(ClassFilePrecheck.mayNeedInstrumentation(bytes), entry.getKey());
            assertNull(new CoroutineInstrumenter().instrument(bytes), entry.getKey());
            if (new String(bytes, StandardCharsets.ISO_8859_1).contains("Lio/github/jcoro/internal/Instrumented;")) {
                coroutineClasses++;
            }
        }
        assertEquals(3, coroutineClasses, "marked @Instrumented: Producer, Steps, Steps$Nested");
    }

    @Test
    void procOnlyWritesNoClassFileAndStillChecksDeclarations() throws Exception {
        Compilation clean = Compilation.withProcessor(crossclass(), temp.resolve("clean"), "-proc:only");
        assertTrue(clean.success, clean.messages());
        assertTrue(clean.jcoro().isEmpty(), clean.messages());
        assertTrue(clean.classFiles().isEmpty());
        Path fixture = Compilation.resource("diagnostics").resolve("SynchronizedCoroutine.java");
        Compilation bad = Compilation.withProcessor(List.of(fixture), temp.resolve("bad"), "-proc:only");
        assertFalse(bad.success);
        assertEquals(DiagnosticsTest.expected(fixture), bad.jcoro());
    }

    /** A later compilation that sees the helper class only as a class file of an earlier one. */
    @Test
    void helpersOfAnEarlierBuildResolveInAnIncrementalCompilation() throws Exception {
        Path output = temp.resolve("classes");
        List<Path> sources = crossclass();
        List<Path> steps = sources.stream()
                .filter(p -> p.getFileName().toString().equals("Steps.java"))
                .collect(Collectors.toList());
        List<Path> rest = new ArrayList<>(sources);
        rest.removeAll(steps);
        Compilation first = Compilation.withProcessor(steps, output);
        assertTrue(first.success, first.messages());
        Compilation second = Compilation.withProcessor(rest, output);
        assertTrue(second.success, second.messages());
        assertEquals(CROSSCLASS_OUTPUT, run(output, "demo.Main"));
        // and when the helper class sits on the class path instead of in the output directory
        Path elsewhere = temp.resolve("elsewhere");
        Compilation again = Compilation.compile(
                rest,
                elsewhere,
                List.of(Compilation.runtime().toString(), output.toString()),
                List.of(new CoroutineProcessor()));
        assertTrue(again.success, again.messages());
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {elsewhere.toUri().toURL(), output.toUri().toURL()},
                getClass().getClassLoader())) {
            assertEquals(CROSSCLASS_OUTPUT, run(loader, "demo.Main"));
        }
    }

    @Test
    void rewritesTheCoroutinesOfSourcesAnotherProcessorGenerates() throws Exception {
        Compilation compilation = Compilation.compile(
                Compilation.sourcesUnder(Compilation.resource("rewrite/multiround")),
                temp,
                Compilation.classPath(temp),
                List.of(new GeneratingProcessor(), new CoroutineProcessor()));
        assertTrue(compilation.success, compilation.messages());
        assertEquals(List.of("generated", "in round 1"), run(temp, "demo.UsesGenerated"));
        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(
                compilation.classFiles().get("demo/Generated")));
    }

    /**
     * AutoValue and jcoro's processor on one processor path, found by javac's service loader as a
     * build tool runs them: coroutines that use the class AutoValue generates, and a coroutine in
     * the {@code @AutoValue} class itself, are rewritten and run without the agent.
     */
    @Test
    void rewritesCoroutinesBesideAutoValueOnTheSameProcessorPath() throws Exception {
        Path output = temp.resolve("classes");
        List<String> classPath = List.of(
                Compilation.runtime().toString(), codeSource(AutoValue.class).toString(), output.toString());
        List<Path> processorPath = List.of(
                codeSource(CoroutineProcessor.class),
                codeSource(CoroutineInstrumenter.class),
                codeSource(AutoValueProcessor.class));
        Compilation compilation = Compilation.withProcessorPath(
                Compilation.sourcesUnder(Compilation.resource("rewrite/autovalue")), output, classPath, processorPath);
        assertTrue(compilation.success, compilation.messages());
        assertTrue(compilation.jcoro().isEmpty(), compilation.messages());
        Map<String, byte[]> classes = compilation.classFiles();
        assertTrue(classes.containsKey("demo/AutoValue_Point"), "AutoValue ran: " + classes.keySet());
        for (String name : List.of("demo/Main", "demo/Point")) {
            assertTrue(
                    new String(classes.get(name), StandardCharsets.ISO_8859_1)
                            .contains("Lio/github/jcoro/internal/Instrumented;"),
                    name + " must be rewritten");
        }
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            assertFalse(ClassFilePrecheck.mayNeedInstrumentation(entry.getValue()), entry.getKey());
        }
        try (URLClassLoader fresh = new URLClassLoader(
                new URL[] {
                    output.toUri().toURL(), codeSource(AutoValue.class).toUri().toURL()
                },
                RewriteTest.class.getClassLoader())) {
            assertEquals(
                    List.of("Point{x=0, y=0}", "Point{x=1, y=1}", "Point{x=11, y=0}", "Point{x=12, y=0}", "equal true"),
                    run(fresh, "demo.Main"));
        }
    }

    private static Path codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void leavesNoUnrewrittenClassWhenAnotherClassDoesNotCompile() throws Exception {
        List<Path> sources = new ArrayList<>(crossclass());
        sources.addAll(Compilation.sourcesUnder(Compilation.resource("rewrite/broken")));
        Compilation compilation = Compilation.withProcessor(sources, temp);
        assertFalse(compilation.success);
        assertTrue(compilation.jcoro().isEmpty(), compilation.messages());
        assertTrue(
                compilation.diagnostics.stream()
                        .anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR
                                && d.getSource().getName().endsWith("Broken.java")),
                compilation.messages());
        for (Map.Entry<String, byte[]> entry : compilation.classFiles().entrySet()) {
            assertFalse(
                    ClassFilePrecheck.mayNeedInstrumentation(entry.getValue()), entry.getKey() + " left un-rewritten");
        }
    }

    @Test
    void deletesTheClassFileTheInstrumenterRefuses() throws Exception {
        Path fixture = Compilation.resource("diagnostics").resolve("CannotInstrument.java");
        Compilation compilation = Compilation.withProcessor(List.of(fixture), temp);
        assertFalse(compilation.success);
        assertEquals(1, compilation.jcoro().size(), compilation.messages());
        String message = compilation.diagnostics.stream()
                .map(d -> d.getMessage(null))
                .filter(m -> m.contains("[jcoro:cannot-instrument]"))
                .findFirst()
                .orElseThrow();
        assertTrue(message.contains("fixtures.CannotInstrument.run()"), message);
        assertTrue(message.contains("(line 17)"), message);
        assertTrue(message.contains("Co.await in a generator"), message);
        assertFalse(Files.exists(temp.resolve("fixtures/CannotInstrument.class")));
    }

    static List<String> run(Path classes, String mainClass) throws Exception {
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, RewriteTest.class.getClassLoader())) {
            return run(loader, mainClass);
        }
    }

    static List<String> run(ClassLoader loader, String mainClass) throws Exception {
        try {
            Object result = loader.loadClass(mainClass).getMethod("run").invoke(null);
            assertNotNull(result);
            return ((List<?>) result).stream().map(String::valueOf).collect(Collectors.toList());
        } catch (InvocationTargetException e) {
            throw new AssertionError("run() failed", e.getCause());
        }
    }

    /** Defines classes from bytes in memory, as the agent hands them to the JVM. */
    static final class BytesLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        BytesLoader(Map<String, byte[]> classes) {
            super(RewriteTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name.replace('.', '/'));
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
