package io.github.jcoro.instrument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Keeps a rewritten body's {@code LocalVariableTable} true for a debugger: a variable is in scope
 * only where its slot holds the variable's value.
 *
 * <p>A resume restores the live locals of its suspension point; a local that is dead there (never
 * read again before it is written) is restored as {@code 0} or {@code null}, and a local the
 * analysis found unset is not restored at all. From the resume point on, until the slot is written,
 * a debugger would show that stand-in under the variable's name. So each entry of the table is cut
 * out of the instructions a resume can reach with a stand-in in its slot: the result of one forward
 * data flow over the rewritten body, started at every resume point (and, for a generator, at the
 * start of the original code, which the restore of label 0 reaches with the dead arguments unset).
 * An entry may so become several entries over the same slot; those of no instruction are dropped.
 */
final class LocalVariableScopes {
    private LocalVariableScopes() {}

    /**
     * @param method the rewritten body, its locals already at their final slots
     * @param starts where a resume (or the start) enters the original code, with the slots that
     *     hold a real value there; every other slot of a variable holds a stand-in
     */
    static void trim(MethodNode method, Map<LabelNode, BitSet> starts) {
        if (method.localVariables == null
                || method.localVariables.isEmpty()
                || starts.isEmpty()
                || tooLargeForTheJvm(method)) {
            return;
        }
        BitSet variables = new BitSet();
        for (LocalVariableNode variable : method.localVariables) {
            variables.set(variable.index);
        }
        ControlFlowGraph graph = new ControlFlowGraph(method);
        InsnList list = method.instructions;
        BitSet[] standIns = new BitSet[graph.size()];
        Deque<Integer> work = new ArrayDeque<>();
        for (Map.Entry<LabelNode, BitSet> start : starts.entrySet()) {
            BitSet unrestored = (BitSet) variables.clone();
            unrestored.andNot(start.getValue());
            if (!unrestored.isEmpty()) {
                flowInto(list.indexOf(start.getKey()), unrestored, standIns, work);
            }
        }
        while (!work.isEmpty()) {
            int index = work.poll();
            BitSet before = standIns[index];
            // An exception leaves an instruction before it completes: its handlers see the slots as they were.
            for (int handler : graph.handlers(index)) {
                flowInto(handler, before, standIns, work);
            }
            BitSet after = afterStores(graph.insns[index], before);
            if (after.isEmpty()) {
                continue;
            }
            for (int successor : graph.successors(index)) {
                flowInto(successor, after, standIns, work);
            }
        }
        // The ranges by index in the graph, before any label is inserted.
        int[][] ranges = new int[method.localVariables.size()][];
        for (int v = 0; v < ranges.length; v++) {
            LocalVariableNode variable = method.localVariables.get(v);
            ranges[v] = new int[] {list.indexOf(variable.start), list.indexOf(variable.end)};
        }
        List<LocalVariableNode> kept = new ArrayList<>();
        for (int v = 0; v < ranges.length; v++) {
            split(list, graph, method.localVariables.get(v), ranges[v][0], ranges[v][1], standIns, kept);
        }
        method.localVariables = kept;
    }

    private static void flowInto(int index, BitSet slots, BitSet[] standIns, Deque<Integer> work) {
        if (standIns[index] == null) {
            standIns[index] = (BitSet) slots.clone();
            work.add(index);
            return;
        }
        BitSet added = (BitSet) slots.clone();
        added.andNot(standIns[index]);
        if (!added.isEmpty()) {
            added.or(standIns[index]);
            standIns[index] = added;
            work.add(index);
        }
    }

    /**
     * The slots still holding a stand-in after {@code insn}: a store writes a real value into its slot
     * (both slots for a {@code long} or {@code double}). {@code slots} itself when nothing changes.
     */
    private static BitSet afterStores(AbstractInsnNode insn, BitSet slots) {
        int opcode = insn.getOpcode();
        if (!(insn instanceof VarInsnNode) || opcode < Opcodes.ISTORE || opcode > Opcodes.ASTORE) {
            return slots;
        }
        int slot = ((VarInsnNode) insn).var;
        boolean wide = opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE;
        if (!slots.get(slot) && !(wide && slots.get(slot + 1))) {
            return slots;
        }
        BitSet after = (BitSet) slots.clone();
        after.clear(slot);
        if (wide) {
            after.clear(slot + 1);
        }
        return after;
    }

    /**
     * Whether the method has more instructions than 64 KiB of code can hold: the class cannot be
     * written (the instrumenter reports it), so its tables need no work.
     */
    private static boolean tooLargeForTheJvm(MethodNode method) {
        int instructions = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0 && ++instructions > 65535) {
                return true;
            }
        }
        return false;
    }

    /** Adds to {@code kept} the parts of {@code variable}'s range where its slot holds its value. */
    private static void split(
            InsnList list,
            ControlFlowGraph graph,
            LocalVariableNode variable,
            int start,
            int end,
            BitSet[] standIns,
            List<LocalVariableNode> kept) {
        int runStart = -1;
        boolean runHasCode = false;
        for (int i = start; i <= end; i++) {
            boolean excluded = i == end || (standIns[i] != null && standIns[i].get(variable.index));
            if (!excluded) {
                if (runStart < 0) {
                    runStart = i;
                    runHasCode = false;
                }
                runHasCode |= graph.insns[i].getOpcode() >= 0;
                continue;
            }
            if (runStart >= 0 && runHasCode) {
                kept.add(new LocalVariableNode(
                        variable.name,
                        variable.desc,
                        variable.signature,
                        labelBefore(list, graph.insns[runStart]),
                        i == end ? variable.end : labelBefore(list, graph.insns[i]),
                        variable.index));
            }
            runStart = -1;
        }
    }

    /** The label right before {@code insn}, inserted if there is none. */
    private static LabelNode labelBefore(InsnList list, AbstractInsnNode insn) {
        if (insn instanceof LabelNode) {
            return (LabelNode) insn;
        }
        AbstractInsnNode previous = insn.getPrevious();
        if (previous instanceof LabelNode) {
            return (LabelNode) previous;
        }
        LabelNode label = new LabelNode();
        list.insertBefore(insn, label);
        return label;
    }
}
