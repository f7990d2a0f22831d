package io.github.jcoro.instrument;

import java.util.BitSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local variables are live (may be read before being written) at each instruction: the
 * backward data-flow fix point over normal and exceptional edges. A suspended coroutine saves only
 * live locals, and drops the rest.
 */
final class LivenessAnalyzer {
    private final ControlFlowGraph graph;
    private final BitSet[] liveIn;

    LivenessAnalyzer(ControlFlowGraph graph) {
        this.graph = graph;
        int count = graph.size();
        liveIn = new BitSet[count];
        for (int i = 0; i < count; i++) {
            liveIn[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = count - 1; i >= 0; i--) {
                BitSet in = transfer(i);
                if (!in.equals(liveIn[i])) {
                    liveIn[i] = in;
                    changed = true;
                }
            }
        }
    }

    private BitSet transfer(int index) {
        BitSet out = liveAfter(index);
        AbstractInsnNode insn = graph.insns[index];
        int opcode = insn.getOpcode();
        if (insn instanceof VarInsnNode) {
            int var = ((VarInsnNode) insn).var;
            if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE) {
                out.clear(var);
            } else {
                out.set(var);
            }
        } else if (insn instanceof IincInsnNode) {
            out.set(((IincInsnNode) insn).var);
        }
        for (int handler : graph.handlers(index)) {
            out.or(liveIn[handler]);
        }
        return out;
    }

    /** The locals live right after the instruction at {@code index}, exceptional exits included. */
    BitSet liveAfter(int index) {
        BitSet out = new BitSet();
        for (int successor : graph.successors(index)) {
            out.or(liveIn[successor]);
        }
        for (int handler : graph.handlers(index)) {
            out.or(liveIn[handler]);
        }
        return out;
    }

    /** The locals live before the instruction at {@code index}. */
    BitSet liveBefore(int index) {
        return (BitSet) liveIn[index].clone();
    }
}
