package io.github.jcoro.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The runtime class a coroutine's frame is an instance of, and how to reach its slots: one of the
 * {@code GeneratorFrames.LnRm} classes with {@code long} fields {@code l0..} and {@code Object}
 * fields {@code r0..}, or {@code GeneratorFrames.Large} with two arrays; for a helper, the same in
 * {@code HelperFrames}, whose base class {@code HelperFrame} holds {@code l0} and {@code r0}
 * itself. A helper that needs no more than those two slots has the <em>small</em> shape: woven code
 * declares its frame as {@code HelperFrame}, so a resume never checks the frame's class (the driver
 * passes a {@code HelperFrame} already).
 */
final class FrameShape {
    static final String FRAMES = "io/github/jcoro/internal/GeneratorFrames";
    static final String HELPER_FRAMES = "io/github/jcoro/internal/HelperFrames";
    static final String RESUMER = "io/github/jcoro/internal/Resumer";
    static final String HELPER_FRAME = "io/github/jcoro/internal/HelperFrame";

    /** The slot counts a shape class exists for; mirrors {@code GeneratorFrames.SIZES}. */
    static final int[] SIZES = {0, 1, 2, 3, 4, 6, 8};

    private static final String LONG = "J";
    private static final String OBJECT = "Ljava/lang/Object;";

    /** The class allocated. */
    final String internalName;

    /**
     * The type woven code declares the frame as: {@link #internalName}, or for the small helper
     * shape {@code HelperFrame}, whose own fields are its slots.
     */
    final String declaredName;

    final int longs;
    final int refs;
    final boolean large;
    final boolean helper;

    private FrameShape(String internalName, int longs, int refs, boolean large, boolean helper) {
        this(internalName, internalName, longs, refs, large, helper);
    }

    private FrameShape(String internalName, String declaredName, int longs, int refs, boolean large, boolean helper) {
        this.internalName = internalName;
        this.declaredName = declaredName;
        this.helper = helper;
        this.longs = longs;
        this.refs = refs;
        this.large = large;
    }

    /** The smallest generator shape with at least {@code longs} primitive and {@code refs} reference slots. */
    static FrameShape forCounts(int longs, int refs) {
        return forCounts(false, longs, refs);
    }

    /** The smallest generator or helper shape with at least so many slots. */
    static FrameShape forCounts(boolean helper, int longs, int refs) {
        String family = helper ? HELPER_FRAMES : FRAMES;
        int maximum = SIZES[SIZES.length - 1];
        if (longs > maximum || refs > maximum) {
            return new FrameShape(family + "$Large", longs, refs, true, helper);
        }
        if (helper && longs <= 1 && refs <= 1) {
            // The base class's two slots: one class for all small helpers, never cast to.
            return new FrameShape(family + "$L1R1", HELPER_FRAME, 1, 1, false, true);
        }
        int roundedLongs = roundUp(longs);
        int roundedRefs = roundUp(refs);
        return new FrameShape(
                family + "$L" + roundedLongs + "R" + roundedRefs, roundedLongs, roundedRefs, false, helper);
    }

    private static int roundUp(int count) {
        for (int size : SIZES) {
            if (size >= count) {
                return size;
            }
        }
        throw new IllegalArgumentException("no shape for " + count + " slots");
    }

    /** The descriptor of the type woven code declares the frame as. */
    String descriptor() {
        return "L" + declaredName + ";";
    }

    /**
     * Whether reaching the slots takes a cast from {@code HelperFrame} (how a helper's frame is
     * passed) to the shape: not for the small helper shape.
     */
    boolean needsCast() {
        return !declaredName.equals(HELPER_FRAME);
    }

    /** Instructions that allocate the frame, given the resumer on the stack is pushed by {@code resumer}. */
    void allocate(InsnList out, InsnList resumer) {
        out.add(new TypeInsnNode(Opcodes.NEW, internalName));
        out.add(new InsnNode(Opcodes.DUP));
        out.add(resumer);
        if (large) {
            out.add(new LdcInsnNode(longs));
            out.add(new LdcInsnNode(refs));
            out.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, internalName, "<init>", "(L" + RESUMER + ";II)V", false));
        } else {
            out.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, internalName, "<init>", "(L" + RESUMER + ";)V", false));
        }
    }

    /**
     * Instructions that make {@code frameLocal} hold a helper's frame: the one it has, or a new one
     * ({@code orNew}), given the resumer pushed by {@code resumer} and the generator in {@code
     * generatorLocal}.
     */
    void ensureHelperFrame(InsnList out, int frameLocal, InsnList resumer, int generatorLocal) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        out.add(resumer);
        out.add(new VarInsnNode(Opcodes.ALOAD, generatorLocal));
        String generator = "Lio/github/jcoro/internal/GeneratorFrame;";
        if (large) {
            out.add(new LdcInsnNode(longs));
            out.add(new LdcInsnNode(refs));
            out.add(new MethodInsnNode(
                    Opcodes.INVOKESTATIC,
                    internalName,
                    "orNew",
                    "(" + descriptor() + "L" + RESUMER + ";" + generator + "II)" + descriptor(),
                    false));
        } else {
            out.add(new MethodInsnNode(
                    Opcodes.INVOKESTATIC,
                    internalName,
                    "orNew",
                    "(" + descriptor() + "L" + RESUMER + ";" + generator + ")" + descriptor(),
                    false));
        }
        out.add(new VarInsnNode(Opcodes.ASTORE, frameLocal));
    }

    /**
     * As {@link #ensureHelperFrame}, through the shape's {@code orFirst}: a new frame's first
     * suspension, on the value in {@code valueLocal}, is handed to the generator at once.
     *
     * @param helper at a {@code Co.yield}, the helper's name for the check that a generator runs
     *     it; {@code null} at a wait, checked before
     */
    void ensureHelperFrameFirst(
            InsnList out, int frameLocal, InsnList resumer, int generatorLocal, int valueLocal, String helper) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        out.add(resumer);
        out.add(new VarInsnNode(Opcodes.ALOAD, generatorLocal));
        String generator = "Lio/github/jcoro/internal/GeneratorFrame;";
        String tail = OBJECT + "Ljava/lang/String;)" + descriptor();
        if (large) {
            out.add(new LdcInsnNode(longs));
            out.add(new LdcInsnNode(refs));
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, valueLocal));
        out.add(helper != null ? new LdcInsnNode(helper) : new InsnNode(Opcodes.ACONST_NULL));
        out.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC,
                internalName,
                "orFirst",
                "(" + descriptor() + "L" + RESUMER + ";" + generator + (large ? "II" : "") + tail,
                false));
        out.add(new VarInsnNode(Opcodes.ASTORE, frameLocal));
    }

    /** Stores into a slot: {@code before} pushes the value (after the frame reference) . */
    void store(InsnList out, int frameLocal, boolean reference, int slot, InsnList value) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        if (large) {
            out.add(new FieldInsnNode(
                    Opcodes.GETFIELD, internalName, reference ? "refs" : "longs", reference ? "[" + OBJECT : "[J"));
            out.add(new LdcInsnNode(slot));
            out.add(value);
            out.add(new InsnNode(reference ? Opcodes.AASTORE : Opcodes.LASTORE));
        } else {
            out.add(value);
            out.add(new FieldInsnNode(
                    Opcodes.PUTFIELD, declaredName, (reference ? "r" : "l") + slot, reference ? OBJECT : LONG));
        }
    }

    /** Pushes the content of a slot: a {@code long} or an {@code Object}. */
    void load(InsnList out, int frameLocal, boolean reference, int slot) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        if (large) {
            out.add(new FieldInsnNode(
                    Opcodes.GETFIELD, internalName, reference ? "refs" : "longs", reference ? "[" + OBJECT : "[J"));
            out.add(new LdcInsnNode(slot));
            out.add(new InsnNode(reference ? Opcodes.AALOAD : Opcodes.LALOAD));
        } else {
            out.add(new FieldInsnNode(
                    Opcodes.GETFIELD, declaredName, (reference ? "r" : "l") + slot, reference ? OBJECT : LONG));
        }
    }

    /** Converts the primitive of {@code kind} on the stack to the {@code long} a slot holds. */
    static void toLong(InsnList out, TypedValue.Kind kind) {
        switch (kind) {
            case INT:
                out.add(new InsnNode(Opcodes.I2L));
                break;
            case FLOAT:
                out.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
                out.add(new InsnNode(Opcodes.I2L));
                break;
            case DOUBLE:
                out.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false));
                break;
            case LONG:
                break;
            default:
                throw new IllegalArgumentException("not a primitive: " + kind);
        }
    }

    /** Converts the {@code long} of a slot on the stack back to a primitive of {@code kind}. */
    static void fromLong(InsnList out, TypedValue.Kind kind) {
        switch (kind) {
            case INT:
                out.add(new InsnNode(Opcodes.L2I));
                break;
            case FLOAT:
                out.add(new InsnNode(Opcodes.L2I));
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
                break;
            case DOUBLE:
                out.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false));
                break;
            case LONG:
                break;
            default:
                throw new IllegalArgumentException("not a primitive: " + kind);
        }
    }

    /** The load or store opcode for a value of {@code kind} ({@code ILOAD} or {@code ISTORE} given). */
    static int varOpcode(TypedValue.Kind kind, int intOpcode) {
        switch (kind) {
            case INT:
                return Type.INT_TYPE.getOpcode(intOpcode);
            case FLOAT:
                return Type.FLOAT_TYPE.getOpcode(intOpcode);
            case LONG:
                return Type.LONG_TYPE.getOpcode(intOpcode);
            case DOUBLE:
                return Type.DOUBLE_TYPE.getOpcode(intOpcode);
            default:
                return Type.getType(Object.class).getOpcode(intOpcode);
        }
    }
}
