package io.github.jcoro.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * A suspendable helper: a {@code @Coroutine} method that returns neither a generator nor a future.
 * Its code moves to a static synthetic method of the same name and visibility, with the same
 * parameters (the receiver first, for an instance method) plus the generator and the frame-protocol
 * parameters; coroutine bodies call that method directly, passing their generator down. Its
 * descriptor depends only on the helper's own, so callers in other classes can call it without
 * analyzing the helper.
 */
final class HelperMethod {
    final String owner;
    final String name;
    final String descriptor;
    final boolean isStatic;

    /** Whether a call through {@code invokevirtual}/{@code invokeinterface} always reaches this method. */
    final boolean cannotBeOverridden;

    final Type returnType;

    /**
     * Whether the helper is a virtual method (an instance method, not private): one that may
     * override a helper of a superclass or interface, even when it cannot be overridden itself.
     * It gets a dispatcher, which overrides the overridden helper's.
     */
    final boolean virtual;

    /** The resume bridge's name, chosen once every coroutine of the class is analyzed. */
    String bridgeName;

    /** The helper's frame shape, known once its method has been analyzed (in its own class). */
    FrameShape shape;

    HelperMethod(String owner, boolean finalClass, MethodNode method) {
        this(owner, method.name, method.desc, method.access, finalClass);
    }

    /**
     * @param access the helper's access flags
     * @param finalClass whether its class is final
     */
    HelperMethod(String owner, String name, String descriptor, int access, boolean finalClass) {
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.cannotBeOverridden = isStatic || finalClass || (access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0;
        this.virtual = !isStatic && (access & Opcodes.ACC_PRIVATE) == 0;
        this.returnType = Type.getReturnType(descriptor);
    }

    /** The body's name: the helper's own (the descriptor tells them apart). */
    String bodyName() {
        return name;
    }

    /** The descriptor of the body: the helper's parameters, then generator, frame, label, sent, thrown. */
    String bodyDescriptor() {
        StringBuilder body = new StringBuilder("(");
        if (!isStatic) {
            body.append('L').append(owner).append(';');
        }
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            body.append(argument.getDescriptor());
        }
        body.append('L')
                .append(StateMachineGenerator.GENERATOR_FRAME)
                .append(";L")
                .append(StateMachineGenerator.HELPER_FRAME)
                .append(";ILjava/lang/Object;Ljava/lang/Throwable;");
        return body.append(')').append(bodyReturnType().getDescriptor()).toString();
    }

    /**
     * Whether the body returns {@code Object} rather than the helper's own type: for a {@code void}
     * or reference helper it does, so that a resumed activation hands what it yields (or waits on)
     * back to the driver as its return value, with no field store and no GC write barrier. Its
     * callers pop the result ({@code void}) or cast it to the helper's type. A helper returning a
     * primitive keeps its type, so that a direct call never boxes, and leaves what it yields in the
     * generator instead.
     */
    boolean bodyReturnsObject() {
        int sort = returnType.getSort();
        return sort == Type.VOID || sort == Type.OBJECT || sort == Type.ARRAY;
    }

    /**
     * Whether a call of this helper dispatches on its receiver: an instance helper that a subclass
     * (or an implementing class) may override. Such a call goes to the helper's <em>dispatcher</em>,
     * an instance method that each rewritten override has too (every {@link #virtual} helper has
     * one); see {@code Overrides}.
     */
    boolean dispatched() {
        return !cannotBeOverridden;
    }

    /** The dispatcher's descriptor: the helper's arguments and the generator, returning what the body returns. */
    String dispatcherDescriptor() {
        StringBuilder dispatcher = new StringBuilder("(");
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            dispatcher.append(argument.getDescriptor());
        }
        dispatcher.append('L').append(StateMachineGenerator.GENERATOR_FRAME).append(';');
        return dispatcher.append(')').append(bodyReturnType().getDescriptor()).toString();
    }

    /** What the body returns: {@code Object} (see {@link #bodyReturnsObject}) or the helper's type. */
    Type bodyReturnType() {
        return bodyReturnsObject() ? Type.getObjectType("java/lang/Object") : returnType;
    }

    boolean matches(String callOwner, String callName, String callDescriptor) {
        return owner.equals(callOwner) && name.equals(callName) && descriptor.equals(callDescriptor);
    }

    String describe() {
        return Type.getObjectType(owner).getClassName() + "." + name + descriptor;
    }
}
