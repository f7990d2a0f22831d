package io.github.jcoro.instrument;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.objectweb.asm.Opcodes;

/**
 * How many monitors ({@code synchronized} blocks) are held at each instruction: a forward walk
 * counting {@code MONITORENTER}/{@code MONITOREXIT}. A coroutine must not suspend while holding
 * one: it would resume on a stack that no longer owns it.
 */
final class MonitorAnalyzer {
    private final int[] depth;
    private final int maximum;

    MonitorAnalyzer(ControlFlowGraph graph) {
        int count = graph.size();
        depth = new int[count];
        Arrays.fill(depth, -1);
        int enters = 0;
        for (int i = 0; i < count; i++) {
            if (graph.insns[i].getOpcode() == Opcodes.MONITORENTER) {
                enters++;
            }
        }
        // No path can hold more monitors than the method has MONITORENTERs, unless it loops
        // around an unbalanced one; the cap keeps the walk finite for such (non-javac) code.
        maximum = enters;
        if (count == 0) {
            return;
        }
        Deque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int index = work.poll();
            int before = depth[index];
            int opcode = graph.insns[index].getOpcode();
            int after = before;
            if (opcode == Opcodes.MONITORENTER) {
                after = before + 1;
            } else if (opcode == Opcodes.MONITOREXIT) {
                after = Math.max(0, before - 1);
            }
            for (int successor : graph.successors(index)) {
                reach(work, successor, after);
            }
            for (int handler : graph.handlers(index)) {
                reach(work, handler, before);
            }
        }
    }

    private void reach(Deque<Integer> work, int index, int value) {
        value = Math.min(value, maximum);
        if (depth[index] < value) {
            depth[index] = value;
            work.add(index);
        }
    }

    /** The number of monitors held before the instruction at {@code index} (-1 if unreachable). */
    int heldAt(int index) {
        return depth[index];
    }
}
