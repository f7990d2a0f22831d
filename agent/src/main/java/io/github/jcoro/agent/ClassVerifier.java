package io.github.jcoro.agent;

import io.github.jcoro.instrument.Problem;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The {@code verify} option: the checks of ASM's {@code CheckClassAdapter.verify} (the structure of
 * the class through {@link CheckClassAdapter}, then each method's data flow through {@link
 * SimpleVerifier}), returning one {@link Problem} per failing method instead of printing stack
 * traces.
 *
 * <p>{@link SimpleVerifier} loads (without initializing) the classes it must compare through the
 * loader of the class being verified, so verifying may load some classes earlier than the program
 * would; a class that cannot be loaded then is reported as a problem.
 */
final class ClassVerifier {
    private ClassVerifier() {}

    /**
     * @param classFile a rewritten class file
     * @param className the class, in Java form, for the problems
     * @param loader the loader defining the class, to resolve the types the code mentions; {@code
     *     null} for the bootstrap loader
     * @return what is wrong, empty when the class passes
     */
    static List<Problem> verify(byte[] classFile, String className, ClassLoader loader) {
        ClassNode classNode = new ClassNode();
        try {
            new ClassReader(classFile).accept(new CheckClassAdapter(classNode, false), 0);
        } catch (RuntimeException e) {
            return List.of(new Problem(className, null, -1, "the rewritten class is malformed: " + e));
        }
        Type superType = classNode.superName == null ? null : Type.getObjectType(classNode.superName);
        List<Type> interfaces = new ArrayList<>();
        for (String interfaceName : classNode.interfaces) {
            interfaces.add(Type.getObjectType(interfaceName));
        }
        boolean isInterface = (classNode.access & Opcodes.ACC_INTERFACE) != 0;
        List<Problem> problems = new ArrayList<>();
        for (MethodNode method : classNode.methods) {
            SimpleVerifier verifier =
                    new SimpleVerifier(Type.getObjectType(classNode.name), superType, interfaces, isInterface);
            if (loader != null) {
                verifier.setClassLoader(loader);
            }
            String methodName = method.name + method.desc;
            try {
                new Analyzer<>(verifier).analyze(classNode.name, method);
            } catch (AnalyzerException e) {
                problems.add(new Problem(
                        className,
                        methodName,
                        lineOf(e.node),
                        "the rewritten code fails ASM's verifier: " + e.getMessage()));
            } catch (RuntimeException | LinkageError e) {
                problems.add(new Problem(className, methodName, -1, "the rewritten code could not be verified: " + e));
            }
        }
        return problems;
    }

    /** @return the source line of an instruction, or -1 when unknown */
    private static int lineOf(AbstractInsnNode instruction) {
        for (AbstractInsnNode node = instruction; node != null; node = node.getPrevious()) {
            if (node instanceof LineNumberNode lineNumber) {
                return lineNumber.line;
            }
        }
        return -1;
    }
}
