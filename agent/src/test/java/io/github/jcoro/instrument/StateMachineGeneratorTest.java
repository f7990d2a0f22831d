package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The shape of the code the instrumenter writes where the JIT's work on a resume depends on it
 * (the behaviour of every shape is the fixture corpus's): a helper's body tests its frame before
 * its label, so that a resume bridge inlined into the driver, where the frame is known not to be
 * null, leaves the body's start out of the resumed path; a helper of the small shape never casts
 * its frame; a helper marks its frame where it returns, so the driver stores nothing before a
 * resume.
 */
class StateMachineGeneratorTest {
    private static final String CLASS_NAME = "fixtures.Dispatch";

    private static final String SOURCE = String.join(
            "\n",
            "package fixtures;",
            "",
            "import io.github.jcoro.Co;",
            "import io.github.jcoro.Coroutine;",
            "import io.github.jcoro.Generator;",
            "",
            "public class Dispatch {",
            "    @Coroutine",
            "    static Generator<Integer> body(int n) {",
            "        Co.yield(n);",
            "        helper(n);",
            "        return Generator.empty();",
            "    }",
            "",
            "    @Coroutine",
            "    static int helper(int n) {",
            "        Co.yield(n + 1);",
            "        Co.yield(n + 2);",
            "        return n;",
            "    }",
            "",
            "    @Coroutine",
            "    static void once(String s) {",
            "        Co.yield(s);",
            "    }",
            "",
            "    @Coroutine",
            "    static void wide(long a, long b, String c, String d) {",
            "        Co.yield(a);",
            "        Co.yield(a + b + c.length() + d.length());",
            "    }",
            "}");

    private static final String HELPER_PROTOCOL =
            "Lio/github/jcoro/internal/GeneratorFrame;Lio/github/jcoro/internal/HelperFrame;ILjava/lang/Object;Ljava/lang/Throwable;)";

    @Test
    void dispatch_helperTestsItsFrameBeforeItsLabel() {
        ClassNode woven = instrumented();
        MethodNode helper = method(woven, "helper", "(I" + HELPER_PROTOCOL + "I");
        int frameLocal = 2; // (int n, GeneratorFrame generator, HelperFrame frame, int label, ...)
        List<AbstractInsnNode> head = firstInstructions(helper, 4);

        VarInsnNode loadFrame = assertInstanceOf(VarInsnNode.class, head.get(0), describe(helper));
        assertEquals(Opcodes.ALOAD, loadFrame.getOpcode(), describe(helper));
        assertEquals(frameLocal, loadFrame.var, describe(helper));
        JumpInsnNode toStart = assertInstanceOf(JumpInsnNode.class, head.get(1), describe(helper));
        assertEquals(Opcodes.IFNULL, toStart.getOpcode(), describe(helper));
        assertEquals(Opcodes.ILOAD, head.get(2).getOpcode(), describe(helper));
        TableSwitchInsnNode labels = assertInstanceOf(TableSwitchInsnNode.class, head.get(3), describe(helper));
        assertEquals(1, labels.min, "a resumed helper's labels start at 1: " + describe(helper));
        assertEquals(2, labels.max, describe(helper));
        assertFalse(
                callsCorruptLabelAt(toStart.label),
                "the null frame must lead to the body's start, not to the corrupt-label error: " + describe(helper));
    }

    @Test
    void dispatch_generatorBodySwitchesOnItsLabelFromZero() {
        ClassNode woven = instrumented();
        MethodNode body = woven.methods.stream()
                .filter(m -> m.name.equals("body")
                        && m.desc.endsWith("ILjava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rewritten body of Dispatch.body in " + names(woven)));
        List<AbstractInsnNode> head = firstInstructions(body, 2);
        assertEquals(Opcodes.ILOAD, head.get(0).getOpcode(), describe(body));
        TableSwitchInsnNode labels = assertInstanceOf(TableSwitchInsnNode.class, head.get(1), describe(body));
        assertEquals(0, labels.min, describe(body));
    }

    @Test
    void dispatch_helperWithOneSuspensionPointStillChecksItsLabel() {
        ClassNode woven = instrumented();
        MethodNode once = method(woven, "once", "(Ljava/lang/String;" + HELPER_PROTOCOL + "Ljava/lang/Object;");
        List<AbstractInsnNode> head = firstInstructions(once, 4);
        assertEquals(Opcodes.IFNULL, head.get(1).getOpcode(), describe(once));
        TableSwitchInsnNode labels = assertInstanceOf(TableSwitchInsnNode.class, head.get(3), describe(once));
        assertEquals(1, labels.min, describe(once));
        assertEquals(1, labels.max, describe(once));
        assertTrue(callsCorruptLabelAt(labels.dflt), "any other label is reported as corrupt: " + describe(once));
    }

    @Test
    void resume_smallHelperNeverCastsItsFrame() {
        ClassNode woven = instrumented();
        MethodNode helper = method(woven, "helper", "(I" + HELPER_PROTOCOL + "I");
        assertEquals(List.of(), castsToFrameShapes(helper), "one long slot: the small shape, " + describe(helper));
        assertEquals(
                "Lio/github/jcoro/internal/HelperFrame;",
                bridgeOf(woven, "helper").getArgumentTypes()[0].getDescriptor(),
                "the bridge takes the frame as the driver passes it");

        MethodNode wide = method(
                woven, "wide", "(JJLjava/lang/String;Ljava/lang/String;" + HELPER_PROTOCOL + "Ljava/lang/Object;");
        assertEquals(
                List.of("io/github/jcoro/internal/HelperFrames$L2R2", "io/github/jcoro/internal/HelperFrames$L2R2"),
                castsToFrameShapes(wide),
                "two longs and two references: a shape of its own, cast to where each of its two points resumes");
        assertEquals(
                "Lio/github/jcoro/internal/HelperFrames$L2R2;",
                bridgeOf(woven, "wide").getArgumentTypes()[0].getDescriptor());
    }

    /** The descriptor of a helper's resume bridge: {@code (frame, label, sent, thrown)}, no generator. */
    private static org.objectweb.asm.Type bridgeOf(ClassNode woven, String helper) {
        return woven.methods.stream()
                .filter(m -> m.name.equals(helper)
                        && m.desc.endsWith("ILjava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;")
                        && !m.desc.contains("GeneratorFrame"))
                .map(m -> org.objectweb.asm.Type.getMethodType(m.desc))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no resume bridge of " + helper + " in " + names(woven)));
    }

    @Test
    void returns_helperMarksItsFrameWhereItReturnsOnly() {
        ClassNode woven = instrumented();
        for (MethodNode body : List.of(
                method(woven, "helper", "(I" + HELPER_PROTOCOL + "I"),
                method(woven, "once", "(Ljava/lang/String;" + HELPER_PROTOCOL + "Ljava/lang/Object;"))) {
            int marks = 0;
            for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).name.equals("returning")) {
                    marks++;
                    AbstractInsnNode next = insn.getNext();
                    while (next.getOpcode() < 0 || next.getOpcode() == Opcodes.ACONST_NULL) {
                        next = next.getNext();
                    }
                    assertTrue(
                            next.getOpcode() >= Opcodes.IRETURN && next.getOpcode() <= Opcodes.RETURN,
                            "the mark is the last thing before the return: " + describe(body));
                }
            }
            // One return in the source; the returns a suspension adds are not marked.
            assertEquals(1, marks, describe(body));
        }
    }

    private static List<String> castsToFrameShapes(MethodNode method) {
        List<String> casts = new ArrayList<>();
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.CHECKCAST && ((TypeInsnNode) insn).desc.contains("Frame")) {
                casts.add(((TypeInsnNode) insn).desc);
            }
        }
        return casts;
    }

    private static ClassNode instrumented() {
        Map<String, byte[]> compiled = InMemoryCompiler.compile(CLASS_NAME, SOURCE, 17, FixtureHarness.classpath());
        byte[] woven =
                new CoroutineInstrumenter().instrument(compiled.get(CLASS_NAME).clone());
        assertNotNull(woven, "Dispatch was not rewritten");
        ClassNode node = new ClassNode();
        new ClassReader(woven).accept(node, 0);
        return node;
    }

    private static MethodNode method(ClassNode owner, String name, String descriptor) {
        return owner.methods.stream()
                .filter(m -> m.name.equals(name) && m.desc.equals(descriptor))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + descriptor + " in " + names(owner)));
    }

    /** The first {@code count} real instructions (no labels, line numbers or frames). */
    private static List<AbstractInsnNode> firstInstructions(MethodNode method, int count) {
        List<AbstractInsnNode> found = new ArrayList<>();
        for (AbstractInsnNode insn = method.instructions.getFirst();
                insn != null && found.size() < count;
                insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                found.add(insn);
            }
        }
        assertEquals(count, found.size(), describe(method));
        return found;
    }

    /** Whether the block at {@code target} calls {@code GeneratorFrame.corruptLabel} before it jumps or ends. */
    private static boolean callsCorruptLabelAt(AbstractInsnNode target) {
        for (AbstractInsnNode insn = target; insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).name.equals("corruptLabel")) {
                return true;
            }
            int opcode = insn.getOpcode();
            if (insn instanceof JumpInsnNode
                    || opcode == Opcodes.ATHROW
                    || (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN)) {
                return false;
            }
        }
        return false;
    }

    private static String describe(MethodNode method) {
        StringBuilder text = new StringBuilder(method.name + method.desc + ":");
        int shown = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null && shown < 8; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                text.append(' ').append(org.objectweb.asm.util.Printer.OPCODES[insn.getOpcode()]);
                shown++;
            }
        }
        return text.toString();
    }

    private static List<String> names(ClassNode owner) {
        List<String> names = new ArrayList<>();
        owner.methods.forEach(m -> names.add(m.name + m.desc));
        return names;
    }
}
