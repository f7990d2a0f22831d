package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

class LivenessAnalyzerTest {
    /** A method whose live sets are known by hand: locals a=0, b=1, c=2, e=3. */
    private static final String SOURCE = "package fixtures;\n"
            + "public class Live {\n"
            + "    static int f(int a, int b) {\n"
            + "        int c = a + 1;\n" // a is dead once c is stored
            + "        while (c < 10) {\n"
            + "            c += b;\n"
            + "        }\n"
            + "        try {\n"
            + "            c = c * 2;\n"
            + "        } catch (RuntimeException e) {\n"
            + "            return b;\n" // keeps b live across the whole try
            + "        }\n"
            + "        return c;\n"
            + "    }\n"
            + "}\n";

    @Test
    void liveness_storesKillAndHandlersKeepWhatTheyRead() {
        MethodNode method = method(
                InMemoryCompiler.compile("fixtures.Live", SOURCE, 17, List.of()).get("fixtures.Live"), "f");
        ControlFlowGraph graph = new ControlFlowGraph(method);
        LivenessAnalyzer liveness = new LivenessAnalyzer(graph);
        assertEquals(bits(0, 1), liveness.liveBefore(0), "a and b are read before written");
        int storeC = -1;
        int multiplyStore = -1;
        for (int i = 0; i < graph.size(); i++) {
            AbstractInsnNode insn = graph.insns[i];
            if (insn.getOpcode() == Opcodes.ISTORE && ((VarInsnNode) insn).var == 2) {
                if (storeC < 0) {
                    storeC = i;
                } else {
                    multiplyStore = i;
                }
            }
        }
        assertTrue(storeC >= 0 && multiplyStore > storeC, "two stores of c");
        assertEquals(bits(1, 2), liveness.liveAfter(storeC), "after int c = a + 1: a is dead, b and c live");
        assertEquals(bits(1, 2), liveness.liveAfter(multiplyStore), "in the try: b for the handler, c for return");
    }

    /**
     * The worklist reaches the same fix point as the plain round-robin iteration, on every method of
     * every class of the fixture corpus (least fix points are unique; this checks the worklist misses
     * no edge).
     */
    @Test
    void liveness_matchesTheRoundRobinFixPointOnEveryCorpusMethod() {
        int methods = 0;
        for (Fixture fixture : FixtureCorpusTest.fixtures()) {
            Map<String, byte[]> classes;
            try {
                classes = FixtureHarness.compiled(fixture, FixtureHarness.NEWEST);
            } catch (IllegalStateException e) {
                continue; // a fixture that needs another release
            }
            for (byte[] bytes : classes.values()) {
                ClassNode type = new ClassNode();
                new ClassReader(bytes).accept(type, ClassReader.EXPAND_FRAMES);
                for (MethodNode method : type.methods) {
                    if (method.instructions.size() == 0) {
                        continue;
                    }
                    ControlFlowGraph graph = new ControlFlowGraph(method);
                    LivenessAnalyzer liveness = new LivenessAnalyzer(graph);
                    BitSet[] reference = roundRobin(graph);
                    for (int i = 0; i < graph.size(); i++) {
                        assertEquals(
                                reference[i],
                                liveness.liveBefore(i),
                                type.name + "." + method.name + method.desc + " at instruction " + i);
                    }
                    methods++;
                }
            }
        }
        assertTrue(methods > 500, "the corpus has methods: " + methods);
    }

    /** The textbook iteration: every instruction, last to first, until nothing changes. */
    private static BitSet[] roundRobin(ControlFlowGraph graph) {
        int count = graph.size();
        BitSet[] in = new BitSet[count];
        for (int i = 0; i < count; i++) {
            in[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = count - 1; i >= 0; i--) {
                BitSet live = new BitSet();
                for (int successor : graph.successors(i)) {
                    live.or(in[successor]);
                }
                AbstractInsnNode insn = graph.insns[i];
                if (insn instanceof VarInsnNode) {
                    int var = ((VarInsnNode) insn).var;
                    if (insn.getOpcode() >= Opcodes.ISTORE && insn.getOpcode() <= Opcodes.ASTORE) {
                        live.clear(var);
                    } else {
                        live.set(var);
                    }
                } else if (insn instanceof IincInsnNode) {
                    live.set(((IincInsnNode) insn).var);
                }
                for (int handler : graph.handlers(i)) {
                    live.or(in[handler]);
                }
                if (!live.equals(in[i])) {
                    in[i] = live;
                    changed = true;
                }
            }
        }
        return in;
    }

    private static MethodNode method(byte[] bytes, String name) {
        ClassNode type = new ClassNode();
        new ClassReader(bytes).accept(type, 0);
        return type.methods.stream()
                .filter(m -> m.name.equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static BitSet bits(int... indices) {
        BitSet bits = new BitSet();
        for (int index : indices) {
            bits.set(index);
        }
        return bits;
    }
}
