package io.github.jcoro.instrument;

import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Moves the allocation of {@code NEW T; DUP} past a suspension point. In {@code new Pair(a,
 * Co.yield(b))} javac pushes the uninitialized {@code Pair} before evaluating the arguments, so it
 * sits on the operand stack when the coroutine suspends; an uninitialized object is not a value and
 * cannot be saved. The rewrite turns the early {@code NEW T; DUP} into {@code NEW T; POP} (which
 * still initializes class {@code T} at the same moment, as JLS 12.4.1 requires, and which the JIT
 * turns into a bare class-initialization check), drops any spill of the uninitialized object into
 * locals, and at the constructor call stores the arguments in fresh locals, then does {@code NEW T;
 * DUP}, reloads them and calls the constructor. The arguments are still evaluated in source order.
 */
final class UninitializedNewRewriter {
    private UninitializedNewRewriter() {}

    /**
     * @param method the method, changed in place (instructions, frames and {@code maxLocals})
     * @param news the {@code NEW} instructions to move
     * @param types the analysis that found them, which knows their constructor calls
     * @return {@code null} if done, or why a {@code NEW} could not be moved
     */
    static String rewrite(MethodNode method, Set<AbstractInsnNode> news, MethodTypeAnalyzer types) {
        InsnList insns = method.instructions;
        for (AbstractInsnNode newInsn : news) {
            AbstractInsnNode init = types.initializers.get(newInsn);
            AbstractInsnNode dup = newInsn.getNext();
            if (init == null) {
                return "the object made by `new " + className(newInsn) + "` is never initialized";
            }
            if (dup == null || dup.getOpcode() != Opcodes.DUP) {
                return "`new " + className(newInsn) + "` is not followed by DUP, the only shape javac emits";
            }
            LabelNode label = labelBefore(newInsn);
            if (label != null) {
                for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
                    if (insn instanceof FrameNode) {
                        FrameNode frame = (FrameNode) insn;
                        if (frame.local != null) {
                            frame.local.replaceAll(element -> element == label ? Opcodes.TOP : element);
                        }
                        if (frame.stack != null) {
                            frame.stack.removeIf(element -> element == label);
                        }
                    }
                }
            }
            for (var move : types.uninitializedMoves.entrySet()) {
                if (move.getValue() == newInsn) {
                    insns.remove(move.getKey());
                }
            }
            Type[] arguments = Type.getArgumentTypes(((MethodInsnNode) init).desc);
            int[] locals = new int[arguments.length];
            for (int i = 0; i < arguments.length; i++) {
                locals[i] = method.maxLocals;
                method.maxLocals += arguments[i].getSize();
            }
            InsnList before = new InsnList();
            for (int i = arguments.length - 1; i >= 0; i--) {
                before.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ISTORE), locals[i]));
            }
            before.add(new TypeInsnNode(Opcodes.NEW, ((TypeInsnNode) newInsn).desc));
            before.add(new InsnNode(Opcodes.DUP));
            for (int i = 0; i < arguments.length; i++) {
                before.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ILOAD), locals[i]));
            }
            insns.insertBefore(init, before);
            insns.set(dup, new InsnNode(Opcodes.POP));
        }
        return null;
    }

    private static LabelNode labelBefore(AbstractInsnNode insn) {
        for (AbstractInsnNode previous = insn.getPrevious();
                previous != null && previous.getOpcode() < 0;
                previous = previous.getPrevious()) {
            if (previous instanceof LabelNode) {
                return (LabelNode) previous;
            }
        }
        return null;
    }

    private static String className(AbstractInsnNode newInsn) {
        return Type.getObjectType(((TypeInsnNode) newInsn).desc).getClassName();
    }
}
