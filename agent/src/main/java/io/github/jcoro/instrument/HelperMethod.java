package io.github.jcoro.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * A suspendable helper: a {@code @Coroutine} method that returns neither a generator nor a future.
 * Its code moves to a static synthetic method with the same parameters (the receiver first, for
 * an instance method) plus the generator and the frame-protocol parameters; coroutine bodies of
 * the class call that method directly, passing their generator down.
 */
final class HelperMethod {
    final String owner;
    final String name;
    final String descriptor;
    final boolean isStatic;
    /** The body's name, chosen once every coroutine of the class is analyzed. */
    String bodyName;

    /** The resume bridge's name, chosen with the body's. */
    String bridgeName;

    final Type returnType;

    /** The helper's frame shape, known once its method has been analyzed. */
    FrameShape shape;

    HelperMethod(String owner, MethodNode method) {
        this.owner = owner;
        this.name = method.name;
        this.descriptor = method.desc;
        this.isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        this.returnType = Type.getReturnType(method.desc);
    }

    /** The descriptor of the body: the helper's parameters, then generator, frame, label, sent, thrown. */
    String bodyDescriptor() {
        StringBuilder descriptor = new StringBuilder("(");
        if (!isStatic) {
            descriptor.append('L').append(owner).append(';');
        }
        for (Type argument : Type.getArgumentTypes(this.descriptor)) {
            descriptor.append(argument.getDescriptor());
        }
        descriptor
                .append('L')
                .append(StateMachineGenerator.GENERATOR_FRAME)
                .append(';')
                .append(shape.descriptor())
                .append("ILjava/lang/Object;Ljava/lang/Throwable;");
        return descriptor.append(')').append(returnType.getDescriptor()).toString();
    }

    boolean matches(String callOwner, String callName, String callDescriptor) {
        return owner.equals(callOwner) && name.equals(callName) && descriptor.equals(callDescriptor);
    }

    String describe() {
        return Type.getObjectType(owner).getClassName() + "." + name + descriptor;
    }
}
