package io.github.jcoro.instrument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Lambdas written for {@code Generator.of(() -> ...)}: javac compiles each into a synthetic method
 * and an {@code invokedynamic} that makes a {@code Generator.Body}. The method is rewritten as a
 * generator (its {@code return} ends the generator), and the {@code invokedynamic} is redirected to
 * make a {@code GeneratorSupplier} (a {@code Body} too) whose {@code get()} calls the generator's
 * factory with the captured values; {@code Generator.of} calls it.
 */
final class GeneratorLambdas {
    static final String BODY = "io/github/jcoro/Generator$Body";
    static final String SUPPLIER = "io/github/jcoro/internal/GeneratorSupplier";
    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private GeneratorLambdas() {}

    /**
     * The synthetic lambda methods of the class that become generator bodies, each with the
     * {@code invokedynamic} instructions that create it; a problem for each body that is not such a
     * lambda (a method reference).
     */
    static Map<MethodNode, List<InvokeDynamicInsnNode>> find(
            ClassNode owner, String className, List<Problem> problems) {
        Map<MethodNode, List<InvokeDynamicInsnNode>> found = new LinkedHashMap<>();
        for (MethodNode method : owner.methods) {
            int line = -1;
            for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LineNumberNode) {
                    line = ((LineNumberNode) insn).line;
                }
                if (!(insn instanceof InvokeDynamicInsnNode)) {
                    continue;
                }
                InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) insn;
                if (!indy.bsm.getOwner().equals(METAFACTORY)
                        || !Type.getReturnType(indy.desc).getInternalName().equals(BODY)) {
                    continue;
                }
                Handle target = (Handle) indy.bsmArgs[1];
                MethodNode lambda = lambdaMethod(owner, target);
                if (lambda == null) {
                    problems.add(new Problem(
                            className,
                            method.name + method.desc,
                            line,
                            "Generator.of expects a lambda written in place, but found a reference to "
                                    + Type.getObjectType(target.getOwner()).getClassName() + "::" + target.getName()
                                    + "; write a lambda that calls it instead, e.g. () -> "
                                    + target.getName() + "(...), with the method a @Coroutine helper"));
                    continue;
                }
                found.computeIfAbsent(lambda, key -> new ArrayList<>()).add(indy);
            }
        }
        return found;
    }

    private static MethodNode lambdaMethod(ClassNode owner, Handle target) {
        if (!target.getOwner().equals(owner.name) || !target.getName().startsWith("lambda$")) {
            return null;
        }
        for (MethodNode method : owner.methods) {
            if (method.name.equals(target.getName())
                    && method.desc.equals(target.getDesc())
                    && (method.access & Opcodes.ACC_SYNTHETIC) != 0) {
                return method;
            }
        }
        return null;
    }

    /** The descriptor of the factory of {@code lambda}: its parameters, returning a generator. */
    static String factoryDescriptor(MethodNode lambda) {
        return Type.getMethodDescriptor(
                Type.getType(StateMachineGenerator.GENERATOR), Type.getArgumentTypes(lambda.desc));
    }

    /** Makes each {@code invokedynamic} create a {@code GeneratorSupplier} calling the factory. */
    static void redirect(ClassNode owner, MethodNode lambda, String factoryName, List<InvokeDynamicInsnNode> sites) {
        String factoryDescriptor = factoryDescriptor(lambda);
        for (InvokeDynamicInsnNode indy : sites) {
            Handle target = (Handle) indy.bsmArgs[1];
            Type supplier = Type.getMethodType("()" + StateMachineGenerator.GENERATOR);
            indy.name = "get";
            indy.desc = Type.getMethodDescriptor(Type.getObjectType(SUPPLIER), Type.getArgumentTypes(indy.desc));
            indy.bsm = new Handle(
                    Opcodes.H_INVOKESTATIC,
                    METAFACTORY,
                    "metafactory",
                    "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
                            + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;",
                    false);
            indy.bsmArgs = new Object[] {
                supplier,
                new Handle(target.getTag(), owner.name, factoryName, factoryDescriptor, target.isInterface()),
                supplier
            };
        }
    }
}
