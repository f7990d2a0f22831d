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
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Lambdas written for {@code Generator.of(() -> ...)}: javac compiles each into a synthetic method
 * and an {@code invokedynamic} that makes a {@code Generator.Body}. The method is rewritten as a
 * generator (its {@code return} ends the generator), and the {@code invokedynamic} is redirected to
 * make a {@code GeneratorSupplier} (a {@code Body} too) whose {@code get()} calls the generator's
 * factory with the captured values; {@code Generator.of} calls it. A method reference is first
 * given a synthetic lambda that calls the referenced method.
 */
final class GeneratorLambdas {
    static final String BODY = "io/github/jcoro/Generator$Body";
    static final String SUPPLIER = "io/github/jcoro/internal/GeneratorSupplier";
    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private GeneratorLambdas() {}

    /**
     * The synthetic lambda methods of the class that become generator bodies, each with the
     * {@code invokedynamic} instructions that create it. A method reference ({@code
     * Generator.of(this::produce)}) gets a synthetic lambda of its own that calls the method, so
     * that a {@code @Coroutine} helper referenced this way yields into the generator.
     */
    static Map<MethodNode, List<InvokeDynamicInsnNode>> find(ClassNode owner) {
        Map<MethodNode, List<InvokeDynamicInsnNode>> found = new LinkedHashMap<>();
        List<MethodNode> synthesized = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
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
                    lambda = callerOf(owner, indy, target, owner.methods.size() + synthesized.size());
                    synthesized.add(lambda);
                }
                found.computeIfAbsent(lambda, key -> new ArrayList<>()).add(indy);
            }
        }
        owner.methods.addAll(synthesized);
        return found;
    }

    /**
     * A synthetic lambda for a method reference: it takes the captured values (the bound receiver
     * first) and calls the referenced method with them; the {@code invokedynamic} now makes it.
     */
    private static MethodNode callerOf(ClassNode owner, InvokeDynamicInsnNode indy, Handle target, int number) {
        boolean ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        String descriptor = Type.getMethodDescriptor(Type.VOID_TYPE, Type.getArgumentTypes(indy.desc));
        MethodNode caller = new MethodNode(
                Opcodes.ASM9,
                Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                "lambda$jcoro$reference$" + number,
                descriptor,
                null,
                null);
        InsnList code = caller.instructions;
        int local = 0;
        if (target.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
            code.add(new TypeInsnNode(Opcodes.NEW, target.getOwner()));
            code.add(new InsnNode(Opcodes.DUP));
        }
        for (Type argument : Type.getArgumentTypes(indy.desc)) {
            code.add(new VarInsnNode(argument.getOpcode(Opcodes.ILOAD), local));
            local += argument.getSize();
        }
        int opcode;
        switch (target.getTag()) {
            case Opcodes.H_INVOKESTATIC:
                opcode = Opcodes.INVOKESTATIC;
                break;
            case Opcodes.H_INVOKEINTERFACE:
                opcode = Opcodes.INVOKEINTERFACE;
                break;
            case Opcodes.H_INVOKESPECIAL:
            case Opcodes.H_NEWINVOKESPECIAL:
                opcode = Opcodes.INVOKESPECIAL;
                break;
            default:
                opcode = Opcodes.INVOKEVIRTUAL;
                break;
        }
        code.add(new MethodInsnNode(
                opcode, target.getOwner(), target.getName(), target.getDesc(), target.isInterface()));
        Type result = target.getTag() == Opcodes.H_NEWINVOKESPECIAL
                ? Type.getObjectType(target.getOwner())
                : Type.getReturnType(target.getDesc());
        if (result.getSize() > 0) {
            code.add(new InsnNode(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP));
        }
        code.add(new InsnNode(Opcodes.RETURN));
        caller.maxLocals = local;
        caller.maxStack = local + 2;
        indy.bsmArgs[1] = new Handle(Opcodes.H_INVOKESTATIC, owner.name, caller.name, descriptor, ownerIsInterface);
        return caller;
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
