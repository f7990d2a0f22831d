package io.github.jcoro.instrument;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The exact type of every local and stack value before each instruction, in one forward pass: at
 * each stack map frame of the class file the types restart from that frame (it is the verifier's
 * own merge result there), and between frames {@link TypedInterpreter} steps through the
 * instructions. So no class is loaded and no common super class is ever computed.
 *
 * <p>Needs the frames in expanded form ({@code ClassReader.EXPAND_FRAMES}) and a class file of
 * version 50 or later, whose every merge point carries a frame.
 */
final class MethodTypeAnalyzer {
    private final Frame<TypedValue>[] frames;

    /** For each {@code NEW} instruction, the {@code INVOKESPECIAL <init>} that initializes its value. */
    final Map<AbstractInsnNode, AbstractInsnNode> initializers = new HashMap<>();

    /**
     * The {@code ALOAD}/{@code ASTORE} instructions that move an uninitialized object (javac spills
     * the operand stack into locals around a switch expression that contains a {@code try}), with
     * the {@code NEW} that made it.
     */
    final Map<AbstractInsnNode, AbstractInsnNode> uninitializedMoves = new HashMap<>();

    @SuppressWarnings("unchecked")
    MethodTypeAnalyzer(String owner, MethodNode method, ControlFlowGraph graph, Predicate<AbstractInsnNode> keep)
            throws AnalyzerException {
        AbstractInsnNode[] insns = graph.insns;
        frames = (Frame<TypedValue>[]) new Frame<?>[insns.length];
        TypedInterpreter interpreter = new TypedInterpreter();
        int maxLocals = method.maxLocals;
        int maxStack = method.maxStack + 2;
        Frame<TypedValue> current = entryFrame(owner, method, maxLocals, maxStack);
        for (int i = 0; i < insns.length; i++) {
            AbstractInsnNode insn = insns[i];
            if (insn instanceof FrameNode) {
                current = fromFrameNode((FrameNode) insn, method, maxLocals, maxStack);
            }
            if (current == null) {
                continue; // unreachable code, up to the next frame
            }
            if (keep.test(insn)) {
                frames[i] = new Frame<>(current);
            }
            int opcode = insn.getOpcode();
            if (opcode < 0) {
                continue;
            }
            TypedValue receiver = null;
            if (opcode == Opcodes.ASTORE || opcode == Opcodes.ALOAD) {
                TypedValue moved = opcode == Opcodes.ASTORE
                        ? current.getStack(current.getStackSize() - 1)
                        : current.getLocal(((org.objectweb.asm.tree.VarInsnNode) insn).var);
                if (moved.kind == TypedValue.Kind.UNINITIALIZED) {
                    uninitializedMoves.put(insn, moved.newInsn);
                }
            }
            if (opcode == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name)) {
                int arguments = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
                receiver = current.getStack(current.getStackSize() - 1 - arguments);
            }
            try {
                current.execute(insn, interpreter);
            } catch (AnalyzerException | RuntimeException e) {
                throw new AnalyzerException(insn, "at instruction " + i + ": " + e.getMessage(), e);
            }
            if (receiver != null && receiver.kind == TypedValue.Kind.UNINITIALIZED) {
                initializers.put(receiver.newInsn, insn);
                replace(current, receiver, TypedValue.reference(receiver.internalName));
            }
            if (ControlFlowGraph.isExit(opcode)) {
                current = null;
            }
        }
    }

    /**
     * The types before the instruction at {@code index}: kept only for the instructions the
     * constructor's predicate selected; {@code null} otherwise or if the instruction is unreachable.
     */
    Frame<TypedValue> frameAt(int index) {
        return frames[index];
    }

    private static Frame<TypedValue> entryFrame(String owner, MethodNode method, int maxLocals, int maxStack) {
        Frame<TypedValue> frame = new Frame<>(maxLocals, maxStack);
        int local = 0;
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            frame.setLocal(local++, TypedValue.reference(owner));
        }
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            TypedValue value = TypedValue.of(argument);
            frame.setLocal(local++, value);
            if (value.getSize() == 2) {
                frame.setLocal(local++, TypedValue.TOP);
            }
        }
        while (local < maxLocals) {
            frame.setLocal(local++, TypedValue.TOP);
        }
        return frame;
    }

    private static Frame<TypedValue> fromFrameNode(FrameNode node, MethodNode method, int maxLocals, int maxStack) {
        if (node.type != Opcodes.F_NEW) {
            throw new IllegalStateException("frames must be expanded (ClassReader.EXPAND_FRAMES)");
        }
        Frame<TypedValue> frame = new Frame<>(maxLocals, maxStack);
        int local = 0;
        for (Object element : node.local) {
            TypedValue value = element(element, method);
            frame.setLocal(local++, value);
            if (value.getSize() == 2) {
                frame.setLocal(local++, TypedValue.TOP);
            }
        }
        while (local < maxLocals) {
            frame.setLocal(local++, TypedValue.TOP);
        }
        for (Object element : node.stack) {
            frame.push(element(element, method));
        }
        return frame;
    }

    private static TypedValue element(Object element, MethodNode method) {
        if (element instanceof LabelNode) {
            AbstractInsnNode insn = (LabelNode) element;
            while (insn != null && insn.getOpcode() < 0) {
                insn = insn.getNext();
            }
            if (insn == null || insn.getOpcode() != Opcodes.NEW) {
                throw new IllegalStateException("an uninitialized frame entry does not point at a NEW");
            }
            return TypedValue.uninitialized(((org.objectweb.asm.tree.TypeInsnNode) insn).desc, insn);
        }
        if (Opcodes.UNINITIALIZED_THIS.equals(element)) {
            throw new IllegalStateException("uninitializedThis outside a constructor");
        }
        return TypedValue.ofFrameElement(element);
    }

    private static void replace(Frame<TypedValue> frame, TypedValue from, TypedValue to) {
        for (int i = 0; i < frame.getLocals(); i++) {
            if (from.equals(frame.getLocal(i))) {
                frame.setLocal(i, to);
            }
        }
        for (int i = 0; i < frame.getStackSize(); i++) {
            if (from.equals(frame.getStack(i))) {
                frame.setStack(i, to);
            }
        }
    }
}
