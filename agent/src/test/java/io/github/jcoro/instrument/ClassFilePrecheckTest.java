package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.agent.JavaSourceCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class ClassFilePrecheckTest {
    private static final String COROUTINE_METHOD = """
            @io.github.jcoro.Coroutine
            static io.github.jcoro.Generator<Integer> numbers() {
                io.github.jcoro.Co.yield(1);
                return io.github.jcoro.Generator.empty();
            }
            """;

    /** The marker of a class rewritten for this layout version. */
    private static final String MARKER =
            "@io.github.jcoro.internal.Instrumented(version = " + CoroutineInstrumenter.LAYOUT_VERSION + ")";

    private static byte[] compile(String body) {
        String source = "package demo;\npublic class Sample {\n" + body + "\n}\n";
        return JavaSourceCompiler.compile(Map.of("demo.Sample", source)).get("demo.Sample");
    }

    private static byte[] compile(String annotations, String body) {
        String source = "package demo;\n" + annotations + "\npublic class Sample {\n" + body + "\n}\n";
        return JavaSourceCompiler.compile(Map.of("demo.Sample", source)).get("demo.Sample");
    }

    @Test
    void plainClassNeedsNoInstrumentation() {
        byte[] plain = compile("static long twice(long x) { return 2 * x + 1234567890123L; } double d = 2.5;");

        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(plain));
    }

    @Test
    void classWithCoroutineMethodMayNeedInstrumentation() {
        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(compile(COROUTINE_METHOD)));
    }

    @Test
    void classWhoseOnlyCoroutineIsAnAsyncLambdaMayNeedInstrumentation() {
        byte[] asyncLambda = compile("""
                static java.util.concurrent.Callable<java.util.concurrent.CompletableFuture<String>> task() {
                    return () -> java.util.concurrent.CompletableFuture.completedFuture(
                            io.github.jcoro.Co.await(java.util.concurrent.CompletableFuture.completedFuture("x")));
                }
                """);

        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(asyncLambda));
    }

    @Test
    void classAlreadyInstrumentedNeedsNoInstrumentation() {
        byte[] instrumented = compile(MARKER, COROUTINE_METHOD);

        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(instrumented));
    }

    /**
     * A class marked for another layout version is handed to the instrumenter, which refuses it
     * ({@link CoroutineInstrumenterTest}): its pool lacks this version's integer.
     */
    @Test
    void classInstrumentedForAnotherLayoutMayNeedInstrumentation() {
        int older = CoroutineInstrumenter.LAYOUT_VERSION - 1;
        byte[] instrumented =
                compile("@io.github.jcoro.internal.Instrumented(version = " + older + ")", COROUTINE_METHOD);

        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(instrumented));
    }

    /**
     * The pre-check reads the constant pool only: a string literal equal to the annotation's
     * descriptor passes it (the instrumenter then finds no {@code @Coroutine} method), while a
     * literal merely containing that text does not, as entries are compared whole.
     */
    @Test
    void stringLiteralEqualToTheDescriptorPassesButOneContainingItDoesNot() {
        byte[] equal = compile("static final String TEXT = \"Lio/github/jcoro/Coroutine;\"; String text = TEXT;");
        byte[] containing = compile("String text = \"uses Lio/github/jcoro/Coroutine; inside\";");

        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(equal));
        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(containing));
    }

    /**
     * The marker's text used as a string literal is not mistaken for the marker: the pre-check
     * reads the class's annotations once the pool names the marker, and skips only a class that
     * carries it.
     */
    @Test
    void markerTextAsStringLiteralDoesNotHideACoroutine() {
        byte[] literalOnly = compile(COROUTINE_METHOD + "String text = \"Lio/github/jcoro/internal/Instrumented;\";");
        byte[] literalAndAnnotation =
                compile(MARKER, COROUTINE_METHOD + "String text = \"Lio/github/jcoro/internal/Instrumented;\";");

        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(literalOnly));
        // Annotation and literal share one pool entry; the annotations tell.
        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(literalAndAnnotation));
    }

    @Test
    void constantPoolTruncatedAnywhereGivesTrue() {
        byte[] plain = compile("static long big = 1234567890123L; static double d = 2.5; Object o = \"text\";");
        int poolEnd = new ClassReader(plain).header;

        for (int length = 0; length < poolEnd; length++) {
            assertTrue(
                    ClassFilePrecheck.mayNeedInstrumentation(Arrays.copyOf(plain, length)),
                    "expected true for the class cut to " + length + " of its " + plain.length + " bytes");
        }
        // Cut after its constant pool, a class without @Coroutine is left to the JVM's own parser.
        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(Arrays.copyOf(plain, poolEnd)));
    }

    @Test
    void coroutineClassTruncatedAnywhereGivesTrue() {
        byte[] coroutine = compile(COROUTINE_METHOD);

        for (int length = 0; length < coroutine.length; length++) {
            assertTrue(ClassFilePrecheck.mayNeedInstrumentation(Arrays.copyOf(coroutine, length)));
        }
    }

    @Test
    void garbageGivesTrue() {
        Random random = new Random(20240917L);
        for (int attempt = 0; attempt < 1000; attempt++) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            assertTrue(ClassFilePrecheck.mayNeedInstrumentation(garbage));
        }
        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(null));
        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(new byte[0]));
    }

    @Test
    void garbageAfterAValidHeaderNeverThrows() {
        Random random = new Random(7L);
        for (int attempt = 0; attempt < 2000; attempt++) {
            byte[] bytes = new byte[10 + random.nextInt(300)];
            random.nextBytes(bytes);
            System.arraycopy(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}, 0, bytes, 0, 4);
            assertDoesNotThrow(() -> ClassFilePrecheck.mayNeedInstrumentation(bytes));
            // 65534 entries of at least 3 bytes each cannot fit: the pool is truncated.
            bytes[8] = (byte) 0xFF;
            bytes[9] = (byte) 0xFF;
            assertTrue(ClassFilePrecheck.mayNeedInstrumentation(bytes), () -> Arrays.toString(bytes));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 13, 14, 21, 255})
    void unknownConstantTagGivesTrue(int tag) {
        byte[] bytes = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 2, (byte) tag, 0, 1, 0, 0};

        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(bytes));
    }

    /** Every kind of constant, Long and Double taking two slots, before the descriptors. */
    @Test
    void walksEveryKindOfConstant() {
        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(everyConstantThen(false)));
        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(everyConstantThen(true)));
    }

    @Test
    void jdkClassesNeedNoInstrumentation() throws IOException {
        for (String name : new String[] {
            "java/lang/Object",
            "java/lang/String",
            "java/lang/Thread",
            "java/util/HashMap",
            "java/lang/invoke/MethodHandles",
            "java/util/stream/Collectors",
            "java/lang/Math"
        }) {
            try (InputStream input = ClassLoader.getSystemResourceAsStream(name + ".class")) {
                assertFalse(ClassFilePrecheck.mayNeedInstrumentation(input.readAllBytes()), name);
            }
        }
        // module-info holds CONSTANT_Module and CONSTANT_Package entries.
        byte[] moduleInfo = Files.readAllBytes(
                FileSystems.getFileSystem(URI.create("jrt:/")).getPath("modules", "java.base", "module-info.class"));
        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(moduleInfo));
    }

    private static byte[] everyConstantThen(boolean withMarker) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "demo/Constants", null, "java/lang/Object", null);
        Handle handle =
                new Handle(Opcodes.H_INVOKESTATIC, "demo/Constants", "bootstrap", "()Ljava/lang/Object;", false);
        writer.newConst(1234567890123L);
        writer.newConst(2.5d);
        writer.newConst(42);
        writer.newConst(1.5f);
        writer.newConst("text");
        writer.newConst(new ConstantDynamic("constant", "I", handle));
        writer.newInvokeDynamic("call", "()V", handle);
        writer.newField("demo/Constants", "field", "I");
        writer.newMethod("demo/Constants", "method", "()V", false);
        writer.newMethod("demo/Interface", "method", "()V", true);
        writer.newMethodType("(J)D");
        writer.newModule("demo.module");
        writer.newPackage("demo/package");
        writer.newConst(7L);
        MethodVisitor method =
                writer.visitMethod(Opcodes.ACC_STATIC, "numbers", "()Lio/github/jcoro/Generator;", null, null);
        method.visitAnnotation(CoroutineInstrumenter.COROUTINE_DESCRIPTOR, false);
        method.visitCode();
        method.visitInsn(Opcodes.ACONST_NULL);
        method.visitInsn(Opcodes.ARETURN);
        method.visitMaxs(1, 0);
        method.visitEnd();
        if (withMarker) {
            AnnotationVisitor marker = writer.visitAnnotation(CoroutineInstrumenter.INSTRUMENTED_DESCRIPTOR, false);
            marker.visit("version", CoroutineInstrumenter.LAYOUT_VERSION);
            marker.visitEnd();
        }
        writer.visitEnd();
        return writer.toByteArray();
    }
}
