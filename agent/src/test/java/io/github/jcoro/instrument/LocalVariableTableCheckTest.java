package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The local variable tables of rewritten bodies, at the class-file level: {@link
 * LocalVariableTableCheck} accepts those of {@code programs/SourceDebugging} and catches a wrong
 * kind and a range that starts before the restore; a variable dead at a suspension point is out of
 * scope on the lines after it, a live one in scope.
 */
class LocalVariableTableCheckTest {
    private static final String CLASS = "programs.SourceDebugging";

    @Test
    void theRewrittenTablesMatchTheCode() throws Exception {
        assertEquals(List.of(), LocalVariableTableCheck.problems(rewritten()));
    }

    @Test
    void aVariableOfTheWrongKindIsReported() throws Exception {
        byte[] broken = changeBody("numbers", (start, variable) -> {
            if (variable.name.equals("total")) {
                variable.desc = "Ljava/lang/String;";
            }
        });
        List<String> problems = LocalVariableTableCheck.problems(broken);
        assertEquals(2, problems.size(), "expected both entries of total reported, found " + problems);
        assertTrue(
                problems.get(0).contains("variable total Ljava/lang/String;")
                        && problems.get(0).contains("expected slot 7 to hold R"),
                problems.get(0));
    }

    @Test
    void aRangeThatCoversTheRestoreCodeIsReported() throws Exception {
        byte[] broken = changeBody("numbers", (start, variable) -> {
            if (variable.name.equals("tag")) {
                variable.start = start;
            }
        });
        List<String> problems = LocalVariableTableCheck.problems(broken);
        assertEquals(1, problems.size(), "expected tag reported, found " + problems);
        assertTrue(
                problems.get(0).contains("variable tag") && problems.get(0).contains("nothing (unset)"),
                problems.get(0));
    }

    @Test
    void deadVariablesAreOutOfScopeAfterTheSuspensionLiveOnesIn() throws Exception {
        // (at the first instruction of each marked line of programs/SourceDebugging)
        ProgramLines lines = new ProgramLines();
        // banner is dead after the yield; tag, total and i are live there.
        assertEquals(Set.of("count", "tag", "total", "i"), lines.inScope("numbers", "after-yield"));
        assertEquals(Set.of("count", "banner"), lines.inScope("numbers", "before-loop"), "before the loop");
        // In the helper, prefix and text are dead after its yield; value is live.
        assertEquals(Set.of("value"), lines.inScope("doubled", "helper-after"));
        // In the task, input is dead after the await.
        assertEquals(Set.of("greeting", "got"), lines.inScope("fetch", "after-await"));
    }

    /**
     * The rewritten class with {@code change} applied to each variable of the body of {@code method},
     * given a label at the body's first instruction.
     */
    private static byte[] changeBody(String method, BiConsumer<LabelNode, LocalVariableNode> change) throws Exception {
        ClassNode owner = new ClassNode();
        new ClassReader(rewritten()).accept(owner, 0);
        for (MethodNode candidate : owner.methods) {
            if (candidate.name.equals(method) && candidate.localVariables != null && isBody(candidate)) {
                LabelNode start = new LabelNode();
                candidate.instructions.insert(start);
                candidate.localVariables.forEach(variable -> change.accept(start, variable));
            }
        }
        ClassWriter writer = new ClassWriter(0);
        owner.accept(writer);
        return writer.toByteArray();
    }

    private static boolean isBody(MethodNode method) {
        return method.desc.contains("Lio/github/jcoro/internal/");
    }

    private static byte[] rewritten() throws Exception {
        Map<String, byte[]> classes = ProgramRunner.instrumented("SourceDebugging", FixtureCorpusTest.NEWEST);
        return classes.get(CLASS);
    }

    /** Which variables of a body are in scope at the first instruction of a source line. */
    private static final class ProgramLines {
        private final ClassNode owner = new ClassNode();

        ProgramLines() throws Exception {
            new ClassReader(rewritten()).accept(owner, 0);
        }

        Set<String> inScope(String method, String marker) throws Exception {
            int line = DebuggedProgram.markers("SourceDebugging").get(marker);
            for (MethodNode candidate : owner.methods) {
                if (!candidate.name.equals(method) || !isBody(candidate)) {
                    continue;
                }
                for (AbstractInsnNode insn : candidate.instructions) {
                    if (insn instanceof LineNumberNode && ((LineNumberNode) insn).line == line) {
                        int at = candidate.instructions.indexOf(insn);
                        Set<String> names = new TreeSet<>();
                        for (LocalVariableNode variable : candidate.localVariables) {
                            if (candidate.instructions.indexOf(variable.start) <= at
                                    && at < candidate.instructions.indexOf(variable.end)) {
                                names.add(variable.name);
                            }
                        }
                        return names;
                    }
                }
            }
            throw new AssertionError("no line " + line + " in the body of " + method);
        }
    }
}
