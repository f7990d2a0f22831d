package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import io.github.jcoro.instrument.fixture.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;
import org.opentest4j.TestAbortedException;

/**
 * The machinery of the fixture corpus, shared by {@link FixtureCorpusTest} and the differential fuzzer
 * ({@link InstrumenterFuzzTest}): compile a fixture at a {@code --release}, instrument it, check the
 * result with ASM and the JVM verifier, run it, and compare its trace with the eager reference.
 */
final class FixtureHarness {
    /** The newest {@code --release} of the running JDK. */
    static final int NEWEST = Runtime.version().feature();

    /** The {@code --release} values every fixture is compiled at (those the running JDK supports). */
    static final List<Integer> RELEASES = IntStream.of(8, 11, 17, 21, NEWEST)
            .filter(r -> r <= NEWEST && InMemoryCompiler.supportsRelease(r))
            .distinct()
            .sorted()
            .boxed()
            .collect(Collectors.toList());

    /** More yields than any fixture makes: a driver that gets this far is in an endless loop. */
    static final int MAX_YIELDS = 10_000;

    static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    /** instrument() of one small class takes milliseconds: longer is an endless loop in the instrumenter. */
    static final Duration INSTRUMENT_TIMEOUT = Duration.ofSeconds(20);

    static final Map<String, Map<String, byte[]>> COMPILED = new ConcurrentHashMap<>();

    /** javac's debug options of the main builds: what Maven passes (line numbers, locals, source). */
    static final List<String> STANDARD_DEBUG = List.of("-g");

    /** A build without any debug information, and with the MethodParameters attribute. */
    static final List<String> BARE_DEBUG = List.of("-g:none", "-parameters");

    static volatile byte[] eagerCo;

    private FixtureHarness() {}

    // ---------------------------------------------------------------------------------------------
    // One fixture at one release

    static void checkEagerReference(Fixture fixture, int release) throws Exception {
        Map<String, byte[]> classes = compiled(fixture, release);
        if (fixture.isError()) {
            assertFalse(fixture.errorMethod() == null, "error fixture without error-method");
            return;
        }
        if (fixture.untouched() || !fixture.drive().eager) {
            return;
        }
        List<String> eager = runEager(fixture, classes);
        assertFalse(eager.isEmpty(), "the eager reference recorded nothing");
        if (!fixture.expectTrace().isEmpty()) {
            assertTraceMatches(fixture.expectTrace(), eager, "eager reference vs expect-trace");
        }
    }

    static void checkInstrumentedOrKnownIssue(Fixture fixture, int release, List<String> debug) throws Exception {
        if (fixture.skip() != null) {
            throw new TestAbortedException("not run, known instrumenter issue: " + fixture.skip());
        }
        if (fixture.knownIssue() == null) {
            checkInstrumented(fixture, release, debug);
            return;
        }
        try {
            checkInstrumented(fixture, release, debug);
        } catch (AssertionError e) {
            throw new TestAbortedException(
                    "known instrumenter issue: " + fixture.knownIssue() + "\n  failure: " + e.getMessage(), e);
        }
        fail("the known issue of " + fixture.name() + " is fixed (\"" + fixture.knownIssue()
                + "\"): remove its known-issue header");
    }

    static void checkInstrumented(Fixture fixture, int release, List<String> debug) throws Exception {
        Map<String, byte[]> original = compiled(fixture, release, debug);
        if (fixture.isError()) {
            checkRefused(fixture, original);
            return;
        }
        Map<String, byte[]> rewritten = new TreeMap<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : original.entrySet()) {
            String name = entry.getKey();
            byte[] out;
            try {
                out = instrument(entry.getValue().clone());
            } catch (InstrumentationException e) {
                if (fixture.tooLargeAllowed() && saysTooLarge(e.getMessage())) {
                    System.out.println("[corpus] " + fixture.name() + " --release " + release
                            + ": refused as too large (accepted): " + e.getMessage());
                    return;
                }
                throw new AssertionError("instrument(" + name + ") refused a valid fixture: " + e.getMessage(), e);
            }
            boolean coroutines = hasCoroutine(entry.getValue());
            if (out == null) {
                assertFalse(coroutines, name + " has a @Coroutine method but instrument() returned null");
                rewritten.put(name, entry.getValue());
                continue;
            }
            if (!coroutines) {
                assertTrue(
                        Arrays.equals(out, entry.getValue()),
                        name + " has no @Coroutine method: instrument() must return null (or the same bytes)");
                rewritten.put(name, entry.getValue());
                continue;
            }
            changed.add(name);
            rewritten.put(name, out);
            assertTrue(
                    hasMarker(out),
                    name + ": the rewritten class lacks " + CoroutineInstrumenter.INSTRUMENTED_DESCRIPTOR);
            assertNull(instrument(out.clone()), name + ": instrumenting the output again must return null");
        }
        if (fixture.untouched()) {
            assertTrue(changed.isEmpty(), "expected no class to be rewritten, but " + changed + " were");
            return;
        }
        assertFalse(changed.isEmpty(), "no class of the fixture was rewritten");

        // (1) ASM's checks: structure, then data flow with SimpleVerifier over every method.
        ClassLoader parent = FixtureHarness.class.getClassLoader();
        FixtureClassLoader verifyLoader = new FixtureClassLoader("asm-verify " + fixture.name(), parent, rewritten);
        for (String name : changed) {
            String report = asmCheck(rewritten.get(name), verifyLoader);
            assertTrue(report.isEmpty(), () -> name + " fails ASM's CheckClassAdapter:\n" + trim(report, 6000));
            // What a debugger reads: each local variable's range holds a value of its kind.
            List<String> variables = LocalVariableTableCheck.problems(rewritten.get(name));
            assertTrue(
                    variables.isEmpty(),
                    () -> name + ": the LocalVariableTable does not match the code:\n" + String.join("\n", variables));
        }

        // (2) The JVM: define, link, verify (and initialize) every class in a loader of its own, so
        // that the run below, in another fresh loader, initializes classes only when its code does.
        FixtureClassLoader linkLoader = new FixtureClassLoader("jvm-verify " + fixture.name(), parent, rewritten);
        for (String name : rewritten.keySet()) {
            try {
                Class.forName(name, true, linkLoader);
            } catch (LinkageError e) {
                throw new AssertionError(name + " does not load: " + e, e);
            }
        }
        FixtureClassLoader loader = new FixtureClassLoader("instrumented " + fixture.name(), parent, rewritten);

        // (3) Behaviour: the trace of the driven generator.
        Method run = Class.forName(fixture.className(), true, loader).getMethod("run");
        List<String> trace = assertTimeoutPreemptively(RUN_TIMEOUT, () -> runInstrumented(fixture, run));
        assertFalse(trace.isEmpty(), "the instrumented run recorded nothing");
        if (fixture.drive().eager) {
            List<String> eager = runEager(fixture, original);
            assertTraceMatches(eager, trace, "instrumented run vs eager reference");
        }
        if (!fixture.expectTrace().isEmpty()) {
            assertTraceMatches(fixture.expectTrace(), trace, "instrumented run vs expect-trace");
        }
    }

    static void checkRefused(Fixture fixture, Map<String, byte[]> original) {
        InstrumentationException refusal = null;
        for (Map.Entry<String, byte[]> entry : original.entrySet()) {
            if (entry.getKey().equals(fixture.className())) {
                try {
                    byte[] out = instrument(entry.getValue().clone());
                    fail("instrument(" + entry.getKey() + ") must throw InstrumentationException, but returned "
                            + (out == null ? "null" : out.length + " bytes"));
                } catch (InstrumentationException e) {
                    refusal = e;
                }
            } else {
                instrument(entry.getValue().clone());
            }
        }
        assertNotNull(refusal, "the fixture's class " + fixture.className() + " was not compiled");
        String message = refusal.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        for (String expected : fixture.expectErrors()) {
            assertTrue(
                    lower.contains(expected.toLowerCase(Locale.ROOT)),
                    "the message does not say \"" + expected + "\":\n" + message);
        }
        assertTrue(message.contains(fixture.className()), "the message does not name the class:\n" + message);
        assertTrue(message.contains(fixture.errorMethod()), "the message does not name the method:\n" + message);
        List<Problem> problems = refusal.problems();
        assertTrue(
                problems.size() >= fixture.expectProblems(),
                "expected at least " + fixture.expectProblems() + " problems, got " + problems);
        boolean found = problems.stream()
                .anyMatch(p -> p.className().equals(fixture.className())
                        && p.method() != null
                        && p.method().startsWith(fixture.errorMethod() + "(")
                        && (fixture.errorLines().isEmpty()
                                || fixture.errorLines().contains(p.line())));
        assertTrue(
                found,
                "no problem for " + fixture.className() + "." + fixture.errorMethod() + "(...)"
                        + (fixture.errorLines().isEmpty() ? "" : " at line " + fixture.errorLines())
                        + "; problems: " + problems);
        if (!fixture.errorLines().isEmpty()) {
            assertTrue(
                    fixture.errorLines().stream().anyMatch(line -> message.contains("line " + line)),
                    "the message does not give the line " + fixture.errorLines() + ":\n" + message);
        }
    }

    /** {@link CoroutineInstrumenter#instrument}, failing (instead of hanging the build) if it does not end. */
    static byte[] instrument(byte[] classFile) {
        return assertTimeoutPreemptively(
                INSTRUMENT_TIMEOUT,
                () -> new CoroutineInstrumenter(new ClassFileHelperResolver(FixtureHarness::compiledClass))
                        .instrument(classFile),
                () -> "instrument() did not return within " + INSTRUMENT_TIMEOUT.toSeconds()
                        + " s (an endless loop in the instrumenter?)");
    }

    // ---------------------------------------------------------------------------------------------
    // Runs

    /** Runs the un-instrumented fixture against the eager {@code Co}: the reference trace. */
    static List<String> runEager(Fixture fixture, Map<String, byte[]> original) throws Exception {
        Map<String, byte[]> classes = new LinkedHashMap<>(original);
        classes.put("io.github.jcoro.Co", eagerCo());
        FixtureClassLoader loader =
                new FixtureClassLoader("eager " + fixture.name(), FixtureHarness.class.getClassLoader(), classes);
        Method run = Class.forName(fixture.className(), true, loader).getMethod("run");
        return assertTimeoutPreemptively(RUN_TIMEOUT, () -> {
            Trace.reset(fixture.drive() == Fixture.Drive.SEND);
            try {
                Object returned = run.invoke(null);
                if (fixture.drive() == Fixture.Drive.TASK) {
                    logOutcome((CompletionStage<?>) returned);
                } else {
                    Trace.log("end");
                }
            } catch (InvocationTargetException e) {
                Trace.log(threw(e.getCause()));
            }
            return Trace.entries();
        });
    }

    /** Calls the instrumented {@code run()} and drives its generator as the fixture's header says. */
    static List<String> runInstrumented(Fixture fixture, Method run) throws Exception {
        Fixture.Drive drive = fixture.drive();
        Trace.reset(drive == Fixture.Drive.SEND);
        if (drive == Fixture.Drive.TASK || drive == Fixture.Drive.TASK_TRACE) {
            return runTask(run);
        }
        Generator<?> generator;
        try {
            generator = (Generator<?>) run.invoke(null);
        } catch (InvocationTargetException e) {
            throw new AssertionError("calling the instrumented run() threw " + e.getCause(), e.getCause());
        }
        assertNotNull(generator, "run() returned null");
        assertEquals(
                List.of(),
                Trace.entries(),
                "calling a generator method must run nothing of its body before the first pull");
        switch (drive) {
            case NEXT, SEND -> pullAll(generator, drive == Fixture.Drive.SEND);
            case HASNEXT -> pullWithHasNext(generator);
            case CLOSE_AFTER -> pullThenClose(generator, fixture.driveCount());
            case STREAM -> pullStream(generator, fixture.driveCount());
            case ITERATOR_TWICE -> pullIteratorTwice(generator);
            case THROW_AFTER -> pullThenThrowInto(generator, fixture.driveCount());
        }
        return Trace.entries();
    }

    /** Runs the task {@code run()} starts on a virtual-clock event loop, and records its outcome. */
    static List<String> runTask(Method run) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        EventLoop.runVirtual(() -> {
            CompletionStage<?> task;
            try {
                task = (CompletionStage<?>) run.invoke(null);
            } catch (InvocationTargetException e) {
                throw new AssertionError("calling the instrumented run() threw " + e.getCause(), e.getCause());
            }
            assertNotNull(task, "run() returned null");
            task.whenComplete((value, failure) -> {
                if (failure != null) {
                    outcome.completeExceptionally(failure);
                } else {
                    outcome.complete(value);
                }
            });
            return outcome.handle((value, failure) -> null);
        });
        logOutcome(outcome);
        return Trace.entries();
    }

    /** Records the outcome of a completed task: its value, or what it threw (unwrapped). */
    static void logOutcome(CompletionStage<?> task) {
        CompletableFuture<?> future = task.toCompletableFuture();
        try {
            Trace.log("result " + Trace.format(future.get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (ExecutionException e) {
            Trace.log(threw(e.getCause()));
        } catch (CancellationException e) {
            Trace.log(threw(e));
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the task did not complete: " + e, e);
        }
    }

    static void pullAll(Generator<?> generator, boolean send) {
        int i = 0;
        try {
            while (true) {
                if (i >= MAX_YIELDS) {
                    Trace.log("stopped after " + MAX_YIELDS + " yields");
                    return;
                }
                Object value = i == 0 || !send ? generator.next() : generator.send(Trace.reply(i));
                i++;
                Trace.log("yield " + Trace.format(value));
            }
        } catch (NoSuchElementException e) {
            Trace.log("end");
        } catch (Throwable t) {
            Trace.log(threw(t));
            assertFinished(generator);
        }
    }

    static void pullWithHasNext(Generator<?> generator) {
        int i = 0;
        try {
            while (generator.hasNext()) {
                if (!generator.hasNext()) {
                    Trace.log("a second hasNext() said false");
                }
                if (++i > MAX_YIELDS) {
                    Trace.log("stopped after " + MAX_YIELDS + " yields");
                    return;
                }
                Trace.log("yield " + Trace.format(generator.next()));
            }
            Trace.log("end");
        } catch (Throwable t) {
            Trace.log(threw(t));
        }
    }

    static void pullThenClose(Generator<?> generator, int count) {
        try {
            for (int i = 0; i < count; i++) {
                Trace.log("yield " + Trace.format(generator.next()));
            }
        } catch (Throwable t) {
            Trace.log(threw(t));
        }
        try {
            generator.close();
            Trace.log("closed");
        } catch (Throwable t) {
            Trace.log("close " + threw(t));
        }
        try {
            Trace.log("after close: yield " + Trace.format(generator.next()));
        } catch (NoSuchElementException e) {
            Trace.log("after close: finished");
        } catch (Throwable t) {
            Trace.log("after close: " + threw(t));
        }
    }

    static void pullThenThrowInto(Generator<?> generator, int count) {
        try {
            for (int i = 0; i < count; i++) {
                Trace.log("yield " + Trace.format(generator.next()));
            }
            Trace.log(
                    "throwInto -> yield " + Trace.format(generator.throwInto(new IllegalStateException("thrown in"))));
        } catch (NoSuchElementException e) {
            Trace.log("end");
            return;
        } catch (Throwable t) {
            Trace.log(threw(t));
            assertFinished(generator);
            return;
        }
        pullAll(generator, false);
    }

    static void pullStream(Generator<?> generator, int count) {
        try (Stream<?> stream = generator.stream()) {
            Trace.log("stream created");
            stream.limit(count).forEach(value -> Trace.log("yield " + Trace.format(value)));
        } catch (Throwable t) {
            Trace.log(threw(t));
        }
        Trace.log("stream closed");
    }

    static void pullIteratorTwice(Generator<?> generator) {
        Iterator<?> first = generator.iterator();
        Trace.log(first == generator ? "iterator() is the generator" : "iterator() is another object");
        try {
            generator.iterator();
            Trace.log("second iterator() allowed");
        } catch (IllegalStateException e) {
            Trace.log("second iterator() refused");
        }
        try {
            while (first.hasNext()) {
                Trace.log("yield " + Trace.format(first.next()));
            }
            Trace.log("end");
        } catch (Throwable t) {
            Trace.log(threw(t));
        }
    }

    static void assertFinished(Generator<?> generator) {
        try {
            Object value = generator.next();
            fail("a generator whose body threw must be finished, but next() returned " + value);
        } catch (NoSuchElementException expected) {
            // finished
        }
    }

    static String threw(Throwable t) {
        return "threw " + t.getClass().getName() + ": " + t.getMessage();
    }

    // ---------------------------------------------------------------------------------------------
    // Checks

    /** @return what CheckClassAdapter finds wrong with the class, or "" */
    static String asmCheck(byte[] bytes, ClassLoader loader) {
        StringWriter out = new StringWriter();
        PrintWriter printer = new PrintWriter(out);
        try {
            // Structure, debug information included, and basic data flow with the class file's maxs.
            new ClassReader(bytes).accept(new CheckClassAdapter(new ClassNode(), true), 0);
        } catch (RuntimeException e) {
            printer.println("CheckClassAdapter: " + e);
        }
        try {
            // Every method through Analyzer + SimpleVerifier (types resolved with the fixture's classes).
            CheckClassAdapter.verify(new ClassReader(bytes), loader, false, printer);
        } catch (RuntimeException e) {
            printer.println("CheckClassAdapter.verify: " + e);
        }
        printer.flush();
        return out.toString().strip();
    }

    static void assertTraceMatches(List<String> expected, List<String> actual, String what) {
        int n = Math.max(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            String want = i < expected.size() ? expected.get(i) : null;
            String got = i < actual.size() ? actual.get(i) : null;
            boolean same = want != null
                    && got != null
                    && (want.endsWith("*") ? got.startsWith(want.substring(0, want.length() - 1)) : want.equals(got));
            if (!same) {
                int from = Math.max(0, i - 3);
                fail(what + ": traces differ at entry " + i + ": expected <" + want + "> but was <" + got + ">\n"
                        + "  expected[" + from + "..]: " + window(expected, from) + "\n"
                        + "  actual  [" + from + "..]: " + window(actual, from) + "\n"
                        + "  (" + expected.size() + " expected entries, " + actual.size() + " actual)");
            }
        }
    }

    static String window(List<String> entries, int from) {
        return entries.subList(Math.min(from, entries.size()), Math.min(from + 8, entries.size()))
                .toString();
    }

    static String trim(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "\n... (" + text.length() + " chars)";
    }

    /** A clear refusal of a method that does not fit: "too large", or the JVM's limit of 65535 bytes. */
    static boolean saysTooLarge(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("too large") || lower.contains("65535");
    }

    static boolean hasCoroutine(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_CODE);
        for (MethodNode method : node.methods) {
            if (hasAnnotation(method.invisibleAnnotations, CoroutineInstrumenter.COROUTINE_DESCRIPTOR)
                    || hasAnnotation(method.visibleAnnotations, CoroutineInstrumenter.COROUTINE_DESCRIPTOR)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasMarker(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_CODE);
        return hasAnnotation(node.invisibleAnnotations, CoroutineInstrumenter.INSTRUMENTED_DESCRIPTOR)
                || hasAnnotation(node.visibleAnnotations, CoroutineInstrumenter.INSTRUMENTED_DESCRIPTOR);
    }

    static boolean hasAnnotation(List<AnnotationNode> annotations, String descriptor) {
        return annotations != null && annotations.stream().anyMatch(a -> a.desc.equals(descriptor));
    }

    // ---------------------------------------------------------------------------------------------
    // The corpus

    static List<Integer> releasesOf(Fixture fixture) {
        return RELEASES.stream().filter(r -> r >= fixture.minRelease()).collect(Collectors.toList());
    }

    static Map<String, byte[]> compiled(Fixture fixture, int release) {
        return compiled(fixture, release, STANDARD_DEBUG);
    }

    static Map<String, byte[]> compiled(Fixture fixture, int release, List<String> debug) {
        return COMPILED.computeIfAbsent(
                fixture.name() + "@" + release + " " + debug,
                key -> InMemoryCompiler.compile(fixture.className(), fixture.source(), release, classpath(), debug));
    }

    /**
     * A fixture class compiled earlier (at any release: the access flags the instrumenter reads
     * do not depend on it), as the agent would read it through the class loader; {@code null} for
     * any other class.
     */
    static byte[] compiledClass(String internalName) {
        String name = internalName.replace('/', '.');
        for (Map<String, byte[]> classes : COMPILED.values()) {
            byte[] bytes = classes.get(name);
            if (bytes != null) {
                return bytes;
            }
        }
        return null;
    }

    /** Drops the compiled classes of the fixture {@code name} (the fuzzer compiles many, once each). */
    static void forget(String name) {
        COMPILED.keySet().removeIf(key -> key.startsWith(name + "@"));
    }

    /** The classes fixtures compile against: the runtime and the test classes (for Trace). */
    static List<Path> classpath() {
        return List.of(location(Generator.class), location(Trace.class));
    }

    static Path location(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] eagerCo() throws IOException {
        byte[] bytes = eagerCo;
        if (bytes == null) {
            String source = resource("eager/io/github/jcoro/Co.java");
            bytes = InMemoryCompiler.compile("io.github.jcoro.Co", source, 17, classpath())
                    .get("io.github.jcoro.Co");
            eagerCo = bytes;
        }
        return bytes;
    }

    static String resource(String path) throws IOException {
        try (InputStream in = FixtureHarness.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
