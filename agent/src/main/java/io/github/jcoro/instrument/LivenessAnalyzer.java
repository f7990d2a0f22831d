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
 *
 * <p>A worklist drives the fix point: an instruction is visited again only when the live-in set of
 * one of its successors or handlers grew, and the sets are updated in place, so a method costs
 * about one visit per instruction, plus one per loop and handler edge that carries a change.
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
        int[][] predecessors = predecessors(graph);
        // A stack of the instructions to visit, last instruction on top first (a backward analysis
        // converges fastest in reverse order), each at most once at a time.
        int[] work = new int[count];
        boolean[] queued = new boolean[count];
        int top = 0;
        for (int i = 0; i < count; i++) {
            work[top++] = i;
            queued[i] = true;
        }
        BitSet scratch = new BitSet();
        while (top > 0) {
            int index = work[--top];
            queued[index] = false;
            transfer(index, scratch);
            if (!scratch.equals(liveIn[index])) {
                // The sets only grow: scratch holds the old set and more.
                liveIn[index].or(scratch);
                for (int predecessor : predecessors[index]) {
                    if (!queued[predecessor]) {
                        queued[predecessor] = true;
                        work[top++] = predecessor;
                    }
                }
            }
        }
    }

    /** For each instruction, those that reach it by a normal or an exceptional edge. */
    private static int[][] predecessors(ControlFlowGraph graph) {
        int count = graph.size();
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            for (int successor : graph.successors(i)) {
                sizes[successor]++;
            }
            for (int handler : graph.handlers(i)) {
                sizes[handler]++;
            }
        }
        int[][] predecessors = new int[count][];
        for (int i = 0; i < count; i++) {
            predecessors[i] = new int[sizes[i]];
            sizes[i] = 0;
        }
        for (int i = 0; i < count; i++) {
            for (int successor : graph.successors(i)) {
                predecessors[successor][sizes[successor]++] = i;
            }
            for (int handler : graph.handlers(i)) {
                predecessors[handler][sizes[handler]++] = i;
            }
        }
        return predecessors;
    }

    /** Puts the live-in set of the instruction at {@code index}, from its successors', into {@code in}. */
    private void transfer(int index, BitSet in) {
        in.clear();
        for (int successor : graph.successors(index)) {
            in.or(liveIn[successor]);
        }
        AbstractInsnNode insn = graph.insns[index];
        int opcode = insn.getOpcode();
        if (insn instanceof VarInsnNode) {
            int var = ((VarInsnNode) insn).var;
            if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE) {
                in.clear(var);
            } else {
                in.set(var);
            }
        } else if (insn instanceof IincInsnNode) {
            in.set(((IincInsnNode) insn).var);
        }
        // An exception may be thrown before the instruction has written its local: what a handler
        // reads is live before the instruction.
        for (int handler : graph.handlers(index)) {
            in.or(liveIn[handler]);
        }
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
