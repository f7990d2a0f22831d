package io.github.jcoro.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Checks a class file's {@code LocalVariableTable}s against the code, as a debugger relies on them:
 * every entry has a non-empty range inside its method and a slot below {@code max_locals}, and at
 * every reachable instruction of its range the slot holds a value of the entry's kind (ASM's {@link
 * BasicInterpreter} frames: int, long, float, double or reference; never unset).
 */
final class LocalVariableTableCheck {
    private LocalVariableTableCheck() {}

    /** @return one line per problem, naming class, method, variable and line; empty when the tables hold */
    static List<String> problems(byte[] classFile) {
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, 0);
        List<String> problems = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            if (method.localVariables == null || method.localVariables.isEmpty()) {
                continue;
            }
            Frame<BasicValue>[] frames;
            try {
                frames = new Analyzer<>(new BasicInterpreter()).analyze(owner.name, method);
            } catch (AnalyzerException e) {
                problems.add(where(owner, method, null, -1) + ": cannot analyze: " + e.getMessage());
                continue;
            }
            for (LocalVariableNode variable : method.localVariables) {
                check(owner, method, frames, variable, problems);
            }
        }
        return problems;
    }

    private static void check(
            ClassNode owner,
            MethodNode method,
            Frame<BasicValue>[] frames,
            LocalVariableNode variable,
            List<String> problems) {
        int start = method.instructions.indexOf(variable.start);
        int end = method.instructions.indexOf(variable.end);
        if (start < 0 || end <= start) {
            problems.add(where(owner, method, variable, -1) + ": empty or reversed range " + start + ".." + end);
            return;
        }
        boolean hasCode = false;
        for (int i = start; i < end; i++) {
            hasCode |= method.instructions.get(i).getOpcode() >= 0;
        }
        if (!hasCode) {
            problems.add(where(owner, method, variable, -1) + ": a range without instructions");
        }
        Type type = Type.getType(variable.desc);
        if (variable.index + type.getSize() > method.maxLocals) {
            problems.add(where(owner, method, variable, -1) + ": slot " + variable.index + " beyond max_locals "
                    + method.maxLocals);
            return;
        }
        BasicValue expected = expectedKind(type);
        for (int i = start; i < end; i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            Frame<BasicValue> frame = frames[i];
            if (frame == null || insn.getOpcode() < 0) {
                continue; // unreachable, or not an instruction
            }
            BasicValue found = frame.getLocal(variable.index);
            if (!expected.equals(found)) {
                problems.add(where(owner, method, variable, lineOf(method, i)) + ": expected slot "
                        + variable.index + " to hold " + expected + " at instruction " + i + ", found "
                        + (found == BasicValue.UNINITIALIZED_VALUE ? "nothing (unset)" : found));
                return;
            }
        }
    }

    private static BasicValue expectedKind(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return BasicValue.INT_VALUE;
            case Type.LONG:
                return BasicValue.LONG_VALUE;
            case Type.FLOAT:
                return BasicValue.FLOAT_VALUE;
            case Type.DOUBLE:
                return BasicValue.DOUBLE_VALUE;
            default:
                return BasicValue.REFERENCE_VALUE;
        }
    }

    private static int lineOf(MethodNode method, int index) {
        for (AbstractInsnNode insn = method.instructions.get(index); insn != null; insn = insn.getPrevious()) {
            if (insn instanceof LineNumberNode) {
                return ((LineNumberNode) insn).line;
            }
        }
        return -1;
    }

    private static String where(ClassNode owner, MethodNode method, LocalVariableNode variable, int line) {
        return Type.getObjectType(owner.name).getClassName() + "." + method.name + method.desc
                + (variable == null ? "" : " variable " + variable.name + " " + variable.desc)
                + (line > 0 ? " (line " + line + ")" : "");
    }
}
