package io.github.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.instrument.ClassFilePrecheck;
import io.github.jcoro.instrument.CoroutineInstrumenter;
import io.github.jcoro.instrument.InstrumentationException;
import io.github.jcoro.instrument.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class CoroutineTransformerTest {
    private static final ClassLoader LOADER = CoroutineTransformerTest.class.getClassLoader();

    /** A class with a {@code @Coroutine} method: passes the pre-check. */
    private static final byte[] COROUTINE_CLASS = coroutineClass("com/example/Sample");

    private final List<String> events = new ArrayList<>();
    private final AtomicInteger instrumenterCalls = new AtomicInteger();
    private final AtomicInteger halts = new AtomicInteger();

    /** Records every event as one string, in order. */
    private final TransformListener recorder = new TransformListener() {
        @Override
        public void onTransformed(String className, long nanoseconds) {
            events.add("transformed " + className + (nanoseconds >= 0 ? "" : " with negative time"));
        }

        @Override
        public void onError(String className, Problem problem) {
            events.add("problem " + className + ": " + problem);
        }

        @Override
        public void onError(String className, Throwable error) {
            events.add("error " + className + ": " + error);
        }

        @Override
        public void onNote(String message) {
            events.add("note " + message);
        }

        @Override
        public void onDumpFailed(String className, Path file, Exception error) {
            events.add("dump failed " + className + " to " + file + ": "
                    + error.getClass().getSimpleName());
        }
    };

    private CoroutineTransformer transformer(AgentOptions options, Function<byte[], byte[]> instrumenter) {
        return new CoroutineTransformer(
                options,
                recorder,
                classFile -> {
                    instrumenterCalls.incrementAndGet();
                    return instrumenter.apply(classFile);
                },
                () -> {
                    events.add("halt");
                    halts.incrementAndGet();
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "java/lang/Sample",
                "javax/swing/Sample",
                "jdk/internal/Sample",
                "sun/misc/Sample",
                "com/sun/proxy/Sample",
                "io/github/jcoro/internal/Sample",
                "io/github/jcoro/agent/Sample",
                "io/github/jcoro/agent/shaded/asm/ClassReader",
                "io/github/jcoro/instrument/Sample",
                "io/github/jcoro/Co",
                "io/github/jcoro/Generator$1",
            })
    void skipsJdkAndJcoroClassesWithoutCallingTheInstrumenter(String className) {
        CoroutineTransformer transformer = transformer(AgentOptions.DEFAULT, classFile -> classFile);

        assertNull(transformer.transform(LOADER, className, null, null, COROUTINE_CLASS));
        assertEquals(0, instrumenterCalls.get());
        assertTrue(CoroutineTransformer.isExcluded(className));
    }

    @ParameterizedTest
    @ValueSource(strings = {"com/example/Sample", "io/github/jcoro/samples/Sample", "javafoo/Sample", "Sample"})
    void handsOtherClassesToTheInstrumenter(String className) {
        byte[] rewritten = {1, 2, 3};
        CoroutineTransformer transformer = transformer(AgentOptions.DEFAULT, classFile -> rewritten);

        assertSame(rewritten, transformer.transform(LOADER, className, null, null, COROUTINE_CLASS));
        assertEquals(1, instrumenterCalls.get());
        assertFalse(CoroutineTransformer.isExcluded(className));
        assertEquals(List.of(), events, "no event without the verbose option");
    }

    @Test
    void skipsBootstrapClassesNamelessClassesAndRedefinitions() {
        CoroutineTransformer transformer = transformer(AgentOptions.DEFAULT, classFile -> classFile);

        assertNull(transformer.transform(null, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertNull(transformer.transform(LOADER, null, null, null, COROUTINE_CLASS));
        assertNull(transformer.transform(LOADER, "com/example/Sample", Object.class, null, COROUTINE_CLASS));
        assertEquals(0, instrumenterCalls.get());
    }

    @Test
    void skipsClassesThatFailThePrecheck() {
        CoroutineTransformer transformer = transformer(AgentOptions.DEFAULT, classFile -> classFile);

        assertNull(transformer.transform(LOADER, "com/example/Plain", null, null, validClass("com/example/Plain")));
        assertEquals(0, instrumenterCalls.get());
    }

    @Test
    void classTheInstrumenterLeavesAloneIsNotReported() {
        CoroutineTransformer transformer = transformer(new AgentOptions(true, true, true), classFile -> null);

        assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(1, instrumenterCalls.get());
        assertEquals(List.of(), events);
    }

    @Test
    void verboseReportsEachInstrumentedClassInJavaForm() {
        byte[] rewritten = validClass("com/example/Sample");
        CoroutineTransformer transformer = transformer(new AgentOptions(true, false, false), classFile -> rewritten);

        assertSame(rewritten, transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(List.of("transformed com.example.Sample"), events);
    }

    @Test
    void everyProblemOfARefusedClassIsReportedAndTheClassLeftUnchanged() {
        Problem first = new Problem("com.example.Sample", "a()V", 3, "expected A, found B");
        Problem second = new Problem("com.example.Sample", "b()V", 9, "expected C, found D");
        CoroutineTransformer transformer = transformer(AgentOptions.DEFAULT, classFile -> {
            throw new InstrumentationException(List.of(first, second));
        });

        assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(List.of("problem com.example.Sample: " + first, "problem com.example.Sample: " + second), events);
        assertEquals(0, halts.get());
    }

    @Test
    void problemOfAnUnreadableClassIsReportedUnderTheNameTheJvmGave() {
        CoroutineTransformer transformer = transformer(AgentOptions.DEFAULT, classFile -> {
            throw new InstrumentationException(
                    new Problem("<unknown class>", null, -1, "cannot read the class file (version 99)"));
        });

        assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(
                List.of("problem com.example.Sample: com.example.Sample: cannot read the class file (version 99)"),
                events);
    }

    @Test
    void theRealInstrumenterRewritesACoroutineAndSkipsItsOutput() {
        byte[] source =
                JavaSourceCompiler.compile(Map.of("demo.Countdown", """
                        package demo;
                        public class Countdown {
                            @io.github.jcoro.Coroutine
                            static io.github.jcoro.Generator<Integer> from(int start) {
                                for (int i = start; i > 0; i--) {
                                    io.github.jcoro.Co.yield(i);
                                }
                                return io.github.jcoro.Generator.empty();
                            }
                        }
                        """)).get("demo.Countdown");
        CoroutineTransformer transformer = new CoroutineTransformer(new AgentOptions(true, true, false), recorder);

        byte[] rewritten = transformer.transform(LOADER, "demo/Countdown", null, null, source);

        assertNotNull(rewritten, events::toString);
        assertEquals(List.of("transformed demo.Countdown"), events);
        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(rewritten), "the output is marked instrumented");
        assertNull(transformer.transform(LOADER, "demo/Countdown", null, null, rewritten));
    }

    /**
     * A class a processor of another layout version rewrote (its marker says version 1): reported,
     * with both versions, and loaded as it is.
     */
    @Test
    void aClassRewrittenForAnotherLayoutIsReported() {
        byte[] older = JavaSourceCompiler.compile(Map.of("demo.Older", """
                        package demo;
                        @io.github.jcoro.internal.Instrumented(version = 1)
                        public class Older {
                            @io.github.jcoro.Coroutine
                            static io.github.jcoro.Generator<Integer> one() {
                                io.github.jcoro.Co.yield(1);
                                return io.github.jcoro.Generator.empty();
                            }
                        }
                        """)).get("demo.Older");
        CoroutineTransformer transformer = new CoroutineTransformer(AgentOptions.DEFAULT, recorder);

        assertNull(transformer.transform(LOADER, "demo/Older", null, null, older));
        assertEquals(1, events.size(), events::toString);
        assertTrue(
                events.get(0)
                        .startsWith("problem demo.Older: demo.Older: was rewritten by another jcoro"
                                + " (@Instrumented: layout version 1), and this jcoro's runtime expects layout version "
                                + CoroutineInstrumenter.LAYOUT_VERSION),
                events::toString);
    }

    @Test
    void unexpectedExceptionsAndErrorsAreReportedNeverThrown() {
        List<Throwable> failures = List.of(
                new IllegalArgumentException("Unsupported class file major version 99"),
                new NullPointerException(),
                new StackOverflowError(),
                new AssertionError("bug"));
        for (Throwable failure : failures) {
            events.clear();
            CoroutineTransformer transformer = transformer(AgentOptions.DEFAULT, classFile -> {
                throw sneaky(failure);
            });

            assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
            assertEquals(List.of("error com.example.Sample: " + failure), events);
        }
    }

    @Test
    void aFailingListenerDoesNotMakeTransformThrow() {
        TransformListener failing = new TransformListener() {
            @Override
            public void onTransformed(String className, long nanoseconds) {
                throw new IllegalStateException("listener broken");
            }

            @Override
            public void onError(String className, Problem problem) {
                throw new IllegalStateException("listener broken");
            }

            @Override
            public void onError(String className, Throwable error) {
                throw new IllegalStateException("listener broken");
            }

            @Override
            public void onNote(String message) {
                throw new IllegalStateException("listener broken");
            }
        };
        byte[] rewritten = {4, 5, 6};
        CoroutineTransformer verbose = new CoroutineTransformer(
                new AgentOptions(true, false, false), failing, classFile -> rewritten, () -> {});
        CoroutineTransformer refusing = new CoroutineTransformer(
                AgentOptions.DEFAULT,
                failing,
                classFile -> {
                    throw new InstrumentationException(new Problem("com.example.Sample", null, -1, "refused"));
                },
                () -> {});
        CoroutineTransformer crashing = new CoroutineTransformer(
                AgentOptions.DEFAULT,
                failing,
                classFile -> {
                    throw new IllegalArgumentException("crash");
                },
                () -> {});

        assertSame(rewritten, verbose.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertNull(refusing.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertNull(crashing.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
    }

    @Test
    void failFastStopsAfterReportingEveryProblemOfTheFirstClass() {
        Problem first = new Problem("com.example.Sample", "a()V", 3, "expected A, found B");
        Problem second = new Problem("com.example.Sample", "b()V", 9, "expected C, found D");
        CoroutineTransformer transformer = transformer(new AgentOptions(false, false, true), classFile -> {
            throw new InstrumentationException(List.of(first, second));
        });

        assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(
                List.of("problem com.example.Sample: " + first, "problem com.example.Sample: " + second, "halt"),
                events);
    }

    @Test
    void failFastStopsAfterAnUnexpectedException() {
        CoroutineTransformer transformer = transformer(new AgentOptions(false, false, true), classFile -> {
            throw new IllegalArgumentException("Unsupported class file major version 99");
        });

        assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(
                List.of(
                        "error com.example.Sample: java.lang.IllegalArgumentException: Unsupported class file major"
                                + " version 99",
                        "halt"),
                events);
    }

    @Test
    void failFastDoesNothingWhileClassesInstrumentWell() {
        byte[] rewritten = validClass("com/example/Sample");
        CoroutineTransformer transformer = transformer(new AgentOptions(false, true, true), classFile -> rewritten);

        assertSame(rewritten, transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(0, halts.get());
        assertEquals(List.of(), events);
    }

    @Test
    void verifyPassesAValidClass() {
        byte[] rewritten = validClass("com/example/Sample");
        CoroutineTransformer transformer = transformer(new AgentOptions(true, true, false), classFile -> rewritten);

        assertArrayEquals(rewritten, transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(List.of("transformed com.example.Sample"), events);
    }

    @Test
    void verifyCatchesCodeThatPopsFromAnEmptyStack() {
        byte[] broken = brokenClass("com/example/Sample");
        CoroutineTransformer transformer = transformer(new AgentOptions(true, true, false), classFile -> broken);

        assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(1, events.size(), events::toString);
        String event = events.get(0);
        assertTrue(
                event.startsWith("problem com.example.Sample: com.example.Sample.broken()V (line 7): "
                        + "the rewritten code fails ASM's verifier: "),
                event);
        assertTrue(event.contains("Cannot pop operand off an empty stack"), event);
    }

    @Test
    void verifyFailureStopsWithFailFast() {
        byte[] broken = brokenClass("com/example/Sample");
        CoroutineTransformer transformer = transformer(new AgentOptions(false, true, true), classFile -> broken);

        assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(2, events.size(), events::toString);
        assertEquals("halt", events.get(1));
    }

    @Test
    void verifyReportsAStructurallyMalformedClass() {
        byte[] truncated = java.util.Arrays.copyOf(validClass("com/example/Sample"), 40);
        CoroutineTransformer transformer = transformer(new AgentOptions(false, true, false), classFile -> truncated);

        assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(1, events.size(), events::toString);
        assertTrue(
                events.get(0)
                        .startsWith(
                                "problem com.example.Sample: com.example.Sample: the rewritten class is malformed: "),
                events.get(0));
    }

    @Test
    void summaryCountsEveryClassOnceWithTheTimeSpent() {
        byte[] refused = coroutineClass("com/example/Refused");
        byte[] unchanged = coroutineClass("com/example/Unchanged");
        byte[] rewritten = validClass("com/example/Sample");
        CoroutineTransformer transformer = transformer(AgentOptions.DEFAULT, classFile -> {
            if (classFile == refused) {
                throw new InstrumentationException(new Problem("com.example.Refused", "a()V", 3, "refused"));
            }
            return classFile == unchanged ? null : rewritten;
        });

        transformer.transform(LOADER, "java/lang/Sample", null, null, COROUTINE_CLASS);
        transformer.transform(null, "com/example/Sample", null, null, COROUTINE_CLASS);
        transformer.transform(LOADER, "com/example/Plain", null, null, validClass("com/example/Plain"));
        transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS);
        transformer.transform(LOADER, "com/example/Refused", null, null, refused);
        transformer.transform(LOADER, "com/example/Unchanged", null, null, unchanged);
        TransformSummary summary = transformer.summary();

        assertEquals(new TransformSummary(6, 2, 1, 1, 1, 1, summary.nanoseconds()), summary);
        assertEquals(4, summary.skipped());
        assertTrue(summary.nanoseconds() > 0, "expected time spent in the transformer, found " + summary);
    }

    @Test
    void verifyFailureAndUnexpectedErrorsCountAsFailed() {
        CoroutineTransformer verifying =
                transformer(new AgentOptions(false, true, false), classFile -> brokenClass("com/example/Sample"));
        CoroutineTransformer crashing = transformer(AgentOptions.DEFAULT, classFile -> {
            throw new IllegalStateException("bug");
        });

        verifying.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS);
        crashing.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS);

        assertEquals(1, verifying.summary().failed());
        assertEquals(0, verifying.summary().instrumented());
        assertEquals(1, crashing.summary().failed());
    }

    @Test
    void dumpWritesEachInstrumentedClassUnderItsInternalName(@TempDir Path directory) throws IOException {
        Path dumpDirectory = directory.resolve("not/yet/there");
        byte[] rewritten = validClass("com/example/Sample");
        CoroutineTransformer transformer =
                transformer(new AgentOptions(false, false, false, dumpDirectory), classFile -> rewritten);

        assertSame(rewritten, transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertNull(transformer.transform(LOADER, "com/example/Plain", null, null, validClass("com/example/Plain")));

        assertArrayEquals(rewritten, Files.readAllBytes(dumpDirectory.resolve("com/example/Sample.class")));
        try (var files = Files.walk(dumpDirectory)) {
            assertEquals(
                    List.of(dumpDirectory.resolve("com/example/Sample.class")),
                    files.filter(Files::isRegularFile).toList(),
                    "expected only the instrumented class in the dump");
        }
        assertEquals(List.of(), events);
    }

    @Test
    void dumpOfAClassThatFailsIsNotWritten(@TempDir Path directory) {
        CoroutineTransformer transformer = transformer(
                new AgentOptions(false, true, false, directory), classFile -> brokenClass("com/example/Sample"));

        assertNull(transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertFalse(Files.exists(directory.resolve("com/example/Sample.class")));
    }

    @Test
    void dumpFailureIsReportedAndTheClassStillInstrumented(@TempDir Path directory) throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("file"), "in the way");
        byte[] rewritten = validClass("com/example/Sample");
        CoroutineTransformer transformer =
                transformer(new AgentOptions(false, false, false, notADirectory), classFile -> rewritten);

        assertSame(rewritten, transformer.transform(LOADER, "com/example/Sample", null, null, COROUTINE_CLASS));
        assertEquals(1, events.size(), events::toString);
        assertTrue(
                events.get(0)
                        .startsWith("dump failed com.example.Sample to "
                                + notADirectory.toAbsolutePath().resolve("com/example/Sample.class") + ": "),
                events.get(0));
        assertEquals(1, transformer.summary().instrumented());
        assertEquals(0, transformer.summary().failed());
    }

    @Test
    void dumpRefusesANameLeadingOutOfItsDirectory(@TempDir Path directory) {
        Path dumpDirectory = directory.resolve("dump");
        CoroutineTransformer transformer = transformer(
                new AgentOptions(false, false, false, dumpDirectory), classFile -> validClass("com/example/Sample"));

        assertNotNull(transformer.transform(LOADER, "../escaped", null, null, COROUTINE_CLASS));
        assertFalse(Files.exists(directory.resolve("escaped.class")));
        assertEquals(1, events.size(), events::toString);
        assertTrue(events.get(0).startsWith("dump failed ...escaped to "), events.get(0));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable throwable) throws T {
        throw (T) throwable;
    }

    private static byte[] coroutineClass(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        MethodVisitor method =
                writer.visitMethod(Opcodes.ACC_STATIC, "numbers", "()Lio/github/jcoro/Generator;", null, null);
        method.visitAnnotation(CoroutineInstrumenter.COROUTINE_DESCRIPTOR, false)
                .visitEnd();
        method.visitCode();
        method.visitInsn(Opcodes.ACONST_NULL);
        method.visitInsn(Opcodes.ARETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A class that passes the verifier: {@code static int answer() { return 42; }}. */
    private static byte[] validClass(String internalName) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, "answer", "()I", null, null);
        method.visitCode();
        method.visitIntInsn(Opcodes.BIPUSH, 42);
        method.visitInsn(Opcodes.IRETURN);
        method.visitMaxs(1, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * A class the JVM would reject: its method pops from an empty operand stack at line 7. Written
     * without COMPUTE_FRAMES or COMPUTE_MAXS, which would not accept it.
     */
    private static byte[] brokenClass(String internalName) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        writer.visitSource("Sample.java", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, "broken", "()V", null, null);
        method.visitCode();
        Label start = new Label();
        method.visitLabel(start);
        method.visitLineNumber(7, start);
        method.visitInsn(Opcodes.POP);
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(1, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
