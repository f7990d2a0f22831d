package io.github.jcoro.instrument;

import java.util.List;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Computes exact value types instruction by instruction, without checking them (the class was
 * verified by javac's rules already) and without merging (the class file's stack map frames give
 * the types at every merge point; see {@link MethodTypeAnalyzer}). Loads no class.
 */
final class TypedInterpreter extends Interpreter<TypedValue> {
    TypedInterpreter() {
        super(Opcodes.ASM9);
    }

    @Override
    public TypedValue newValue(Type type) {
        if (type == null) {
            return TypedValue.TOP;
        }
        return TypedValue.of(type);
    }

    @Override
    public TypedValue newOperation(AbstractInsnNode insn) {
        switch (insn.getOpcode()) {
            case Opcodes.ACONST_NULL:
                return TypedValue.NULL;
            case Opcodes.ICONST_M1:
            case Opcodes.ICONST_0:
            case Opcodes.ICONST_1:
            case Opcodes.ICONST_2:
            case Opcodes.ICONST_3:
            case Opcodes.ICONST_4:
            case Opcodes.ICONST_5:
            case Opcodes.BIPUSH:
            case Opcodes.SIPUSH:
                return TypedValue.INT;
            case Opcodes.LCONST_0:
            case Opcodes.LCONST_1:
                return TypedValue.LONG;
            case Opcodes.FCONST_0:
            case Opcodes.FCONST_1:
            case Opcodes.FCONST_2:
                return TypedValue.FLOAT;
            case Opcodes.DCONST_0:
            case Opcodes.DCONST_1:
                return TypedValue.DOUBLE;
            case Opcodes.LDC:
                return constant(((LdcInsnNode) insn).cst);
            case Opcodes.GETSTATIC:
                return TypedValue.of(Type.getType(((FieldInsnNode) insn).desc));
            case Opcodes.NEW:
                return TypedValue.uninitialized(((TypeInsnNode) insn).desc, insn);
            default:
                throw new IllegalArgumentException("unexpected opcode " + insn.getOpcode());
        }
    }

    private static TypedValue constant(Object value) {
        if (value instanceof Integer) {
            return TypedValue.INT;
        }
        if (value instanceof Float) {
            return TypedValue.FLOAT;
        }
        if (value instanceof Long) {
            return TypedValue.LONG;
        }
        if (value instanceof Double) {
            return TypedValue.DOUBLE;
        }
        if (value instanceof String) {
            return TypedValue.reference("java/lang/String");
        }
        if (value instanceof Type) {
            int sort = ((Type) value).getSort();
            if (sort == Type.METHOD) {
                return TypedValue.reference("java/lang/invoke/MethodType");
            }
            return TypedValue.reference("java/lang/Class");
        }
        if (value instanceof Handle) {
            return TypedValue.reference("java/lang/invoke/MethodHandle");
        }
        if (value instanceof ConstantDynamic) {
            return TypedValue.of(Type.getType(((ConstantDynamic) value).getDescriptor()));
        }
        throw new IllegalArgumentException("unexpected constant " + value);
    }

    @Override
    public TypedValue copyOperation(AbstractInsnNode insn, TypedValue value) {
        return value;
    }

    @Override
    public TypedValue unaryOperation(AbstractInsnNode insn, TypedValue value) {
        switch (insn.getOpcode()) {
            case Opcodes.INEG:
            case Opcodes.IINC:
            case Opcodes.L2I:
            case Opcodes.F2I:
            case Opcodes.D2I:
            case Opcodes.I2B:
            case Opcodes.I2C:
            case Opcodes.I2S:
            case Opcodes.ARRAYLENGTH:
            case Opcodes.INSTANCEOF:
                return TypedValue.INT;
            case Opcodes.FNEG:
            case Opcodes.I2F:
            case Opcodes.L2F:
            case Opcodes.D2F:
                return TypedValue.FLOAT;
            case Opcodes.LNEG:
            case Opcodes.I2L:
            case Opcodes.F2L:
            case Opcodes.D2L:
                return TypedValue.LONG;
            case Opcodes.DNEG:
            case Opcodes.I2D:
            case Opcodes.L2D:
            case Opcodes.F2D:
                return TypedValue.DOUBLE;
            case Opcodes.GETFIELD:
                return TypedValue.of(Type.getType(((FieldInsnNode) insn).desc));
            case Opcodes.NEWARRAY:
                return TypedValue.reference(primitiveArray(((IntInsnNode) insn).operand));
            case Opcodes.ANEWARRAY:
                return TypedValue.reference(
                        "[" + Type.getObjectType(((TypeInsnNode) insn).desc).getDescriptor());
            case Opcodes.CHECKCAST:
                return TypedValue.reference(((TypeInsnNode) insn).desc);
            default:
                // jumps, switches, returns, PUTSTATIC, ATHROW, MONITORENTER/EXIT: no result
                return null;
        }
    }

    private static String primitiveArray(int type) {
        switch (type) {
            case Opcodes.T_BOOLEAN:
                return "[Z";
            case Opcodes.T_CHAR:
                return "[C";
            case Opcodes.T_BYTE:
                return "[B";
            case Opcodes.T_SHORT:
                return "[S";
            case Opcodes.T_INT:
                return "[I";
            case Opcodes.T_FLOAT:
                return "[F";
            case Opcodes.T_DOUBLE:
                return "[D";
            case Opcodes.T_LONG:
                return "[J";
            default:
                throw new IllegalArgumentException("unexpected NEWARRAY type " + type);
        }
    }

    @Override
    public TypedValue binaryOperation(AbstractInsnNode insn, TypedValue value1, TypedValue value2) {
        switch (insn.getOpcode()) {
            case Opcodes.IALOAD:
            case Opcodes.BALOAD:
            case Opcodes.CALOAD:
            case Opcodes.SALOAD:
            case Opcodes.IADD:
            case Opcodes.ISUB:
            case Opcodes.IMUL:
            case Opcodes.IDIV:
            case Opcodes.IREM:
            case Opcodes.ISHL:
            case Opcodes.ISHR:
            case Opcodes.IUSHR:
            case Opcodes.IAND:
            case Opcodes.IOR:
            case Opcodes.IXOR:
            case Opcodes.LCMP:
            case Opcodes.FCMPL:
            case Opcodes.FCMPG:
            case Opcodes.DCMPL:
            case Opcodes.DCMPG:
                return TypedValue.INT;
            case Opcodes.FALOAD:
            case Opcodes.FADD:
            case Opcodes.FSUB:
            case Opcodes.FMUL:
            case Opcodes.FDIV:
            case Opcodes.FREM:
                return TypedValue.FLOAT;
            case Opcodes.LALOAD:
            case Opcodes.LADD:
            case Opcodes.LSUB:
            case Opcodes.LMUL:
            case Opcodes.LDIV:
            case Opcodes.LREM:
            case Opcodes.LSHL:
            case Opcodes.LSHR:
            case Opcodes.LUSHR:
            case Opcodes.LAND:
            case Opcodes.LOR:
            case Opcodes.LXOR:
                return TypedValue.LONG;
            case Opcodes.DALOAD:
            case Opcodes.DADD:
            case Opcodes.DSUB:
            case Opcodes.DMUL:
            case Opcodes.DDIV:
            case Opcodes.DREM:
                return TypedValue.DOUBLE;
            case Opcodes.AALOAD:
                return arrayElement(value1);
            default:
                // conditional jumps and PUTFIELD: no result
                return null;
        }
    }

    private static TypedValue arrayElement(TypedValue array) {
        if (array.kind == TypedValue.Kind.NULL) {
            return TypedValue.NULL;
        }
        if (array.kind == TypedValue.Kind.REFERENCE && array.internalName.startsWith("[")) {
            return TypedValue.of(Type.getType(array.internalName.substring(1)));
        }
        throw new IllegalArgumentException("AALOAD on a value of type " + array);
    }

    @Override
    public TypedValue ternaryOperation(AbstractInsnNode insn, TypedValue value1, TypedValue value2, TypedValue value3) {
        return null;
    }

    @Override
    public TypedValue naryOperation(AbstractInsnNode insn, List<? extends TypedValue> values) {
        switch (insn.getOpcode()) {
            case Opcodes.MULTIANEWARRAY:
                return TypedValue.reference(((MultiANewArrayInsnNode) insn).desc);
            case Opcodes.INVOKEDYNAMIC:
                return TypedValue.of(Type.getReturnType(((InvokeDynamicInsnNode) insn).desc));
            default:
                return TypedValue.of(Type.getReturnType(((MethodInsnNode) insn).desc));
        }
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, TypedValue value, TypedValue expected) {
        // javac's output is trusted here; the rewritten class is verified by the JVM.
    }

    @Override
    public TypedValue merge(TypedValue value1, TypedValue value2) {
        throw new UnsupportedOperationException("types are taken from stack map frames, never merged");
    }
}
