package io.github.jcoro.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Instructions that move values between their own type and {@code Object}: a helper's result
 * travels boxed from its resume bridge to its caller's resume point, and placeholders stand in for
 * arguments the frame restores.
 */
final class Conversions {
    private static final String OBJECT = "java/lang/Object";

    private Conversions() {}

    /** Pushes the zero (or {@code null}) of {@code type}; nothing for void. */
    static void pushZero(InsnList code, Type type) {
        switch (type.getSort()) {
            case Type.VOID:
                break;
            case Type.LONG:
                code.add(new InsnNode(Opcodes.LCONST_0));
                break;
            case Type.FLOAT:
                code.add(new InsnNode(Opcodes.FCONST_0));
                break;
            case Type.DOUBLE:
                code.add(new InsnNode(Opcodes.DCONST_0));
                break;
            case Type.OBJECT:
            case Type.ARRAY:
                code.add(new InsnNode(Opcodes.ACONST_NULL));
                break;
            default:
                code.add(new InsnNode(Opcodes.ICONST_0));
                break;
        }
    }

    /** Boxes the value of {@code type} on the stack into an Object ({@code null} for void). */
    static void box(InsnList code, Type type) {
        if (type.getSort() == Type.VOID) {
            code.add(new InsnNode(Opcodes.ACONST_NULL));
        } else if (type.getSort() != Type.OBJECT && type.getSort() != Type.ARRAY) {
            Type boxed = boxedType(type);
            code.add(new MethodInsnNode(
                    Opcodes.INVOKESTATIC,
                    boxed.getInternalName(),
                    "valueOf",
                    "(" + type.getDescriptor() + ")" + boxed.getDescriptor(),
                    false));
        }
    }

    /** Converts the Object on the stack (a helper's boxed result) back to {@code type}. */
    static void unbox(InsnList code, Type type) {
        if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
            if (!type.getInternalName().equals(OBJECT)) {
                code.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
            }
            return;
        }
        Type boxed = boxedType(type);
        code.add(new TypeInsnNode(Opcodes.CHECKCAST, boxed.getInternalName()));
        code.add(new MethodInsnNode(
                Opcodes.INVOKEVIRTUAL,
                boxed.getInternalName(),
                type.getClassName() + "Value",
                "()" + type.getDescriptor(),
                false));
    }

    static Type boxedType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
                return Type.getObjectType("java/lang/Boolean");
            case Type.CHAR:
                return Type.getObjectType("java/lang/Character");
            case Type.BYTE:
                return Type.getObjectType("java/lang/Byte");
            case Type.SHORT:
                return Type.getObjectType("java/lang/Short");
            case Type.INT:
                return Type.getObjectType("java/lang/Integer");
            case Type.FLOAT:
                return Type.getObjectType("java/lang/Float");
            case Type.LONG:
                return Type.getObjectType("java/lang/Long");
            case Type.DOUBLE:
                return Type.getObjectType("java/lang/Double");
            default:
                throw new IllegalArgumentException("not a primitive: " + type);
        }
    }
}
