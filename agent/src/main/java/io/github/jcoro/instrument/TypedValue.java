package io.github.jcoro.instrument;

import java.util.Objects;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.Value;

/**
 * The verifier's view of one local or operand-stack value: its kind and, for references, its exact
 * type as the class file's own stack map frames and instructions give it.
 */
final class TypedValue implements Value {
    /** The verifier's categories; {@code int}, {@code short}, {@code byte}, {@code char}, {@code boolean} are all INT. */
    enum Kind {
        TOP,
        INT,
        FLOAT,
        LONG,
        DOUBLE,
        NULL,
        REFERENCE,
        UNINITIALIZED
    }

    static final TypedValue TOP = new TypedValue(Kind.TOP, null, null);
    static final TypedValue INT = new TypedValue(Kind.INT, null, null);
    static final TypedValue FLOAT = new TypedValue(Kind.FLOAT, null, null);
    static final TypedValue LONG = new TypedValue(Kind.LONG, null, null);
    static final TypedValue DOUBLE = new TypedValue(Kind.DOUBLE, null, null);
    static final TypedValue NULL = new TypedValue(Kind.NULL, null, null);

    final Kind kind;

    /** For references: the internal name, or the descriptor of an array type. */
    final String internalName;

    /** For uninitialized values: the {@code NEW} instruction that made them. */
    final AbstractInsnNode newInsn;

    private TypedValue(Kind kind, String internalName, AbstractInsnNode newInsn) {
        this.kind = kind;
        this.internalName = internalName;
        this.newInsn = newInsn;
    }

    static TypedValue reference(String internalName) {
        return new TypedValue(Kind.REFERENCE, internalName, null);
    }

    static TypedValue uninitialized(String internalName, AbstractInsnNode newInsn) {
        return new TypedValue(Kind.UNINITIALIZED, internalName, newInsn);
    }

    /** The value of a field, argument or result of type {@code type}; {@code null} for void. */
    static TypedValue of(Type type) {
        switch (type.getSort()) {
            case Type.VOID:
                return null;
            case Type.BOOLEAN:
            case Type.CHAR:
            case Type.BYTE:
            case Type.SHORT:
            case Type.INT:
                return INT;
            case Type.FLOAT:
                return FLOAT;
            case Type.LONG:
                return LONG;
            case Type.DOUBLE:
                return DOUBLE;
            default:
                return reference(type.getInternalName());
        }
    }

    /** A value as a stack map frame lists it (expanded form); uninitialized ones are resolved by the caller. */
    static TypedValue ofFrameElement(Object element) {
        if (element instanceof String) {
            return reference((String) element);
        }
        if (element.equals(Opcodes.TOP)) {
            return TOP;
        }
        if (element.equals(Opcodes.INTEGER)) {
            return INT;
        }
        if (element.equals(Opcodes.FLOAT)) {
            return FLOAT;
        }
        if (element.equals(Opcodes.LONG)) {
            return LONG;
        }
        if (element.equals(Opcodes.DOUBLE)) {
            return DOUBLE;
        }
        if (element.equals(Opcodes.NULL)) {
            return NULL;
        }
        throw new IllegalArgumentException("unexpected stack map frame element " + element);
    }

    /** This value as a stack map frame element. */
    Object toFrameElement() {
        switch (kind) {
            case TOP:
                return Opcodes.TOP;
            case INT:
                return Opcodes.INTEGER;
            case FLOAT:
                return Opcodes.FLOAT;
            case LONG:
                return Opcodes.LONG;
            case DOUBLE:
                return Opcodes.DOUBLE;
            case NULL:
                return Opcodes.NULL;
            case REFERENCE:
                return internalName;
            default:
                throw new IllegalStateException("an uninitialized value cannot appear in a rewritten frame");
        }
    }

    boolean isPrimitive() {
        return kind == Kind.INT || kind == Kind.FLOAT || kind == Kind.LONG || kind == Kind.DOUBLE;
    }

    /** Whether the value is kept in a reference slot when saved. */
    boolean isReference() {
        return kind == Kind.REFERENCE;
    }

    @Override
    public int getSize() {
        return kind == Kind.LONG || kind == Kind.DOUBLE ? 2 : 1;
    }

    /** The Java name of the type, for messages. */
    String describe() {
        switch (kind) {
            case REFERENCE:
            case UNINITIALIZED:
                return Type.getObjectType(internalName).getClassName();
            default:
                return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TypedValue)) {
            return false;
        }
        TypedValue value = (TypedValue) other;
        return kind == value.kind && Objects.equals(internalName, value.internalName) && newInsn == value.newInsn;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, internalName) * 31 + System.identityHashCode(newInsn);
    }

    @Override
    public String toString() {
        return kind == Kind.UNINITIALIZED ? "uninitialized " + describe() : describe();
    }
}
