package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.Generator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Bytecode javac never emits, built with ASM: {@code jsr}/{@code ret} in an old class file, values of
 * several types merging at a suspension point, an uninitialized {@code this}, and methods near the
 * JVM's limit of 65535 bytes of code. The instrumenter must either produce a class the verifier
 * accepts and that behaves as the original, or refuse it with a clear {@link InstrumentationException};
 * never throw anything else, never produce an invalid class.
 */
class SyntheticShapesTest {
    private static final String CO = "io/github/jcoro/Co";
    private static final String YIELD = "(Ljava/lang/Object;)Ljava/lang/Object;";
    private static final String GENERATOR = "io/github/jcoro/Generator";
    private static final String COROUTINE = "Lio/github/jcoro/Coroutine;";

    @Test
    void jsrAndRetInAJava5ClassAreRefusedForTheClassVersion() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, "synthetic/Jsr", null, "java/lang/Object", null);
        MethodVisitor m = coroutine(writer, "gen", "()L" + GENERATOR + ";");
        Label subroutine = new Label();
        Label after = new Label();
        m.visitJumpInsn(Opcodes.JSR, subroutine);
        m.visitJumpInsn(Opcodes.GOTO, after);
        m.visitLabel(subroutine);
        m.visitVarInsn(Opcodes.ASTORE, 0);
        m.visitLdcInsn("in a subroutine");
        m.visitMethodInsn(Opcodes.INVOKESTATIC, CO, "yield", YIELD, false);
        m.visitInsn(Opcodes.POP);
        m.visitVarInsn(Opcodes.RET, 0);
        m.visitLabel(after);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, GENERATOR, "empty", "()L" + GENERATOR + ";", false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        InstrumentationException refusal = assertThrows(
                InstrumentationException.class, () -> new CoroutineInstrumenter().instrument(writer.toByteArray()));
        assertTrue(refusal.getMessage().contains("synthetic.Jsr"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("older than Java 8"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("--release 8"), refusal.getMessage());
    }

    /**
     * At the merge, a local holds a String on one path and an Integer on the other (Object), another
     * an int on one path and a String on the other (unusable: top), and the operand stack holds a
     * String or an Integer under the yield's argument.
     */
    @Test
    void valuesOfSeveralTypesMergeAtASuspensionPoint() throws Exception {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "synthetic/Merge", null, "java/lang/Object", null);
        MethodVisitor m = coroutine(writer, "gen", "(Z)L" + GENERATOR + ";");
        Label otherwise = new Label();
        Label merge = new Label();
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFEQ, otherwise);
        m.visitLdcInsn("string");
        m.visitVarInsn(Opcodes.ASTORE, 1);
        m.visitInsn(Opcodes.ICONST_3);
        m.visitVarInsn(Opcodes.ISTORE, 2);
        m.visitLdcInsn(2.5f);
        m.visitVarInsn(Opcodes.FSTORE, 3);
        m.visitLdcInsn("on the stack");
        m.visitJumpInsn(Opcodes.GOTO, merge);
        m.visitLabel(otherwise);
        m.visitIntInsn(Opcodes.BIPUSH, 7);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        m.visitVarInsn(Opcodes.ASTORE, 1);
        m.visitLdcInsn("not an int");
        m.visitVarInsn(Opcodes.ASTORE, 2);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitVarInsn(Opcodes.ASTORE, 3);
        m.visitIntInsn(Opcodes.SIPUSH, 1234);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        m.visitLabel(merge);
        // stack: String | Integer; local 1: String | Integer; local 2: int | String; local 3: float | null
        m.visitLdcInsn("first");
        m.visitMethodInsn(Opcodes.INVOKESTATIC, CO, "yield", YIELD, false);
        m.visitInsn(Opcodes.POP);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, CO, "yield", YIELD, false); // the merged stack value
        m.visitInsn(Opcodes.POP);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, CO, "yield", YIELD, false); // the merged local
        m.visitInsn(Opcodes.POP);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, GENERATOR, "empty", "()L" + GENERATOR + ";", false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        Class<?> type = instrumentAndLoad("synthetic.Merge", writer.toByteArray());
        Method gen = type.getDeclaredMethod("gen", boolean.class);
        gen.setAccessible(true);
        assertEquals(List.of("first", "on the stack", "string"), drain((Generator<?>) gen.invoke(null, true)));
        assertEquals(List.of("first", 1234, 7), drain((Generator<?>) gen.invoke(null, false)));
    }

    /** A @Coroutine constructor (javac refuses the annotation there; ASM does not) is refused, not crashed on. */
    @Test
    void aCoroutineConstructorIsRefusedClearly() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "synthetic/Ctor", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        m.visitAnnotation(COROUTINE, false).visitEnd();
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0); // uninitialized this, on the stack across the yield
        m.visitLdcInsn("before super()");
        m.visitMethodInsn(Opcodes.INVOKESTATIC, CO, "yield", YIELD, false);
        m.visitInsn(Opcodes.POP);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        InstrumentationException refusal = assertThrows(
                InstrumentationException.class, () -> new CoroutineInstrumenter().instrument(writer.toByteArray()));
        assertTrue(refusal.getMessage().contains("synthetic.Ctor"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("<init>"), refusal.getMessage());
    }

    /**
     * A class whose constructor passes the result of a call to {@code this(...)} while {@code this} is
     * uninitialized, next to a coroutine: the constructor is left alone, the class verifies and runs.
     */
    @Test
    void anUninitializedThisInAConstructorNextToACoroutine() throws Exception {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "synthetic/CtorChain", null, "java/lang/Object", null);
        writer.visitField(Opcodes.ACC_FINAL, "name", "Ljava/lang/String;", null, null)
                .visitEnd();
        MethodVisitor c = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Ljava/lang/String;)V", null, null);
        c.visitCode();
        c.visitVarInsn(Opcodes.ALOAD, 0);
        c.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        c.visitVarInsn(Opcodes.ALOAD, 0);
        c.visitVarInsn(Opcodes.ALOAD, 1);
        c.visitFieldInsn(Opcodes.PUTFIELD, "synthetic/CtorChain", "name", "Ljava/lang/String;");
        c.visitInsn(Opcodes.RETURN);
        c.visitMaxs(0, 0);
        c.visitEnd();
        MethodVisitor d = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(I)V", null, null);
        d.visitCode();
        d.visitVarInsn(Opcodes.ALOAD, 0); // uninitializedThis
        d.visitVarInsn(Opcodes.ILOAD, 1);
        d.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "toString", "(I)Ljava/lang/String;", false);
        d.visitMethodInsn(Opcodes.INVOKESPECIAL, "synthetic/CtorChain", "<init>", "(Ljava/lang/String;)V", false);
        d.visitInsn(Opcodes.RETURN);
        d.visitMaxs(0, 0);
        d.visitEnd();
        MethodVisitor m = coroutine(writer, "gen", "(I)L" + GENERATOR + ";");
        m.visitTypeInsn(Opcodes.NEW, "synthetic/CtorChain");
        m.visitInsn(Opcodes.DUP);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitLdcInsn("argument");
        m.visitMethodInsn(Opcodes.INVOKESTATIC, CO, "yield", YIELD, false); // a NEW on the stack across it
        m.visitInsn(Opcodes.POP);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "synthetic/CtorChain", "<init>", "(I)V", false);
        m.visitFieldInsn(Opcodes.GETFIELD, "synthetic/CtorChain", "name", "Ljava/lang/String;");
        m.visitMethodInsn(Opcodes.INVOKESTATIC, CO, "yield", YIELD, false);
        m.visitInsn(Opcodes.POP);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, GENERATOR, "empty", "()L" + GENERATOR + ";", false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        Class<?> type = instrumentAndLoad("synthetic.CtorChain", writer.toByteArray());
        Method gen = type.getDeclaredMethod("gen", int.class);
        gen.setAccessible(true);
        assertEquals(List.of("argument", "42"), drain((Generator<?>) gen.invoke(null, 42)));
    }

    /** Near the limit: a method that fits before and after is rewritten and verified. */
    @Test
    void aLargeMethodThatStillFitsIsRewritten() throws Exception {
        byte[] bytes = manyYields("synthetic/Large", 300, 8);
        Class<?> type = instrumentAndLoad("synthetic.Large", bytes);
        Method gen = type.getDeclaredMethod("gen", int.class);
        gen.setAccessible(true);
        List<Object> values = drain((Generator<?>) gen.invoke(null, 1));
        assertEquals(301, values.size());
        assertEquals("y299", values.get(299));
        assertEquals(8 * 9 / 2 + 8, values.get(300)); // sum of seed + i over the 8 locals, seed 1
    }

    /** Original code near 64 KiB: the rewritten method cannot fit; a clear refusal, never a broken class. */
    @Test
    void aMethodThatNoLongerFitsIsRefusedClearly() {
        byte[] bytes = manyYields("synthetic/Huge", 6000, 20);
        InstrumentationException refusal =
                assertThrows(InstrumentationException.class, () -> new CoroutineInstrumenter().instrument(bytes));
        assertTrue(refusal.getMessage().contains("65535"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("synthetic.Huge"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("gen"), refusal.getMessage());
    }

    /**
     * {@code gen(int seed)}: {@code locals} int locals (seed + i) live across {@code yields} yields of
     * {@code "y" + i}, then yields their sum.
     */
    private static byte[] manyYields(String name, int yields, int locals) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor m = coroutine(writer, "gen", "(I)L" + GENERATOR + ";");
        for (int i = 0; i < locals; i++) {
            m.visitVarInsn(Opcodes.ILOAD, 0);
            m.visitIntInsn(Opcodes.BIPUSH, i + 1);
            m.visitInsn(Opcodes.IADD);
            m.visitVarInsn(Opcodes.ISTORE, 1 + i);
        }
        for (int i = 0; i < yields; i++) {
            m.visitLdcInsn("y" + i);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, CO, "yield", YIELD, false);
            m.visitInsn(Opcodes.POP);
        }
        m.visitInsn(Opcodes.ICONST_0);
        for (int i = 0; i < locals; i++) {
            m.visitVarInsn(Opcodes.ILOAD, 1 + i);
            m.visitInsn(Opcodes.IADD);
        }
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, CO, "yield", YIELD, false);
        m.visitInsn(Opcodes.POP);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, GENERATOR, "empty", "()L" + GENERATOR + ";", false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static MethodVisitor coroutine(ClassWriter writer, String name, String descriptor) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_STATIC, name, descriptor, null, null);
        m.visitAnnotation(COROUTINE, false).visitEnd();
        m.visitCode();
        return m;
    }

    /** Instruments, checks with ASM's verifier, and loads (JVM verifier) the class. */
    private static Class<?> instrumentAndLoad(String name, byte[] original) throws Exception {
        byte[] out = new CoroutineInstrumenter().instrument(original);
        assertNotNull(out, name + " has a coroutine");
        ClassLoader parent = SyntheticShapesTest.class.getClassLoader();
        StringWriter report = new StringWriter();
        CheckClassAdapter.verify(
                new ClassReader(out),
                new FixtureClassLoader("asm", parent, Map.of(name, out)),
                false,
                new PrintWriter(report));
        assertTrue(report.toString().isBlank(), () -> name + " fails ASM's verifier:\n" + report);
        return Class.forName(name, true, new FixtureClassLoader("jvm " + name, parent, Map.of(name, out)));
    }

    private static List<Object> drain(Generator<?> generator) {
        List<Object> values = new ArrayList<>();
        try {
            while (true) {
                values.add(generator.next());
            }
        } catch (NoSuchElementException e) {
            return values;
        }
    }
}
