package io.github.jcoro.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The edges between the instructions of one method: normal successors (fall-through, jumps,
 * switches) and exceptional ones (the handlers whose range covers an instruction), by index in the
 * method's instruction list. Also the source line of each instruction.
 */
final class ControlFlowGraph {
    final AbstractInsnNode[] insns;
    private final int[][] successors;
    private final int[][] handlers;
    private final int[] lines;

    ControlFlowGraph(MethodNode method) {
        InsnList list = method.instructions;
        insns = list.toArray();
        int count = insns.length;
        successors = new int[count][];
        lines = new int[count];
        int line = -1;
        for (int i = 0; i < count; i++) {
            AbstractInsnNode insn = insns[i];
            if (insn instanceof LineNumberNode) {
                line = ((LineNumberNode) insn).line;
            }
            lines[i] = line;
            successors[i] = successorsOf(list, insn, i, count);
        }
        List<List<Integer>> covering = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            covering.add(null);
        }
        // The JVM searches the exception table in order and takes the first entry that matches:
        // after a catch-all entry (javac's finally and synchronized handlers), no later entry can
        // be reached from the same instruction.
        boolean[] caughtByAll = new boolean[count];
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            int start = list.indexOf(block.start);
            int end = list.indexOf(block.end);
            int handler = list.indexOf(block.handler);
            for (int i = start; i < end; i++) {
                if (caughtByAll[i]) {
                    continue;
                }
                if (covering.get(i) == null) {
                    covering.set(i, new ArrayList<>(2));
                }
                if (!covering.get(i).contains(handler)) {
                    covering.get(i).add(handler);
                }
                if (block.type == null) {
                    caughtByAll[i] = true;
                }
            }
        }
        handlers = new int[count][];
        for (int i = 0; i < count; i++) {
            handlers[i] = toArray(covering.get(i));
        }
    }

    /** The handlers covering an instruction, as an array (a loop, not a stream: this runs at start-up). */
    private static int[] toArray(List<Integer> handlers) {
        if (handlers == null) {
            return new int[0];
        }
        int[] array = new int[handlers.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = handlers.get(i);
        }
        return array;
    }

    private static int[] successorsOf(InsnList list, AbstractInsnNode insn, int index, int count) {
        int opcode = insn.getOpcode();
        boolean next = index + 1 < count;
        if (insn instanceof JumpInsnNode) {
            int target = list.indexOf(((JumpInsnNode) insn).label);
            if (opcode == Opcodes.GOTO || !next) {
                return new int[] {target};
            }
            return new int[] {index + 1, target};
        }
        if (insn instanceof TableSwitchInsnNode) {
            TableSwitchInsnNode table = (TableSwitchInsnNode) insn;
            return targets(list, table.dflt, table.labels);
        }
        if (insn instanceof LookupSwitchInsnNode) {
            LookupSwitchInsnNode lookup = (LookupSwitchInsnNode) insn;
            return targets(list, lookup.dflt, lookup.labels);
        }
        if (isExit(opcode) || !next) {
            return new int[0];
        }
        return new int[] {index + 1};
    }

    private static int[] targets(InsnList list, LabelNode dflt, List<LabelNode> labels) {
        int[] result = new int[labels.size() + 1];
        result[0] = list.indexOf(dflt);
        for (int i = 0; i < labels.size(); i++) {
            result[i + 1] = list.indexOf(labels.get(i));
        }
        return result;
    }

    /** Whether control never falls through {@code opcode} to the next instruction. */
    static boolean isExit(int opcode) {
        return (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN)
                || opcode == Opcodes.ATHROW
                || opcode == Opcodes.GOTO
                || opcode == Opcodes.TABLESWITCH
                || opcode == Opcodes.LOOKUPSWITCH
                || opcode == Opcodes.RET;
    }

    int size() {
        return insns.length;
    }

    int[] successors(int index) {
        return successors[index];
    }

    /**
     * The handlers an exception thrown at {@code index} can reach: those whose range covers it, in
     * exception-table order, up to the first catch-all.
     */
    int[] handlers(int index) {
        return handlers[index];
    }

    /** The source line of the instruction at {@code index}, or -1 when unknown. */
    int line(int index) {
        return lines[index];
    }
}
