package io.github.jcoro.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites one generator method into a state machine, in two methods:
 *
 * <ul>
 *   <li>the <em>factory</em>, with the original name, descriptor and annotations: it allocates the
 *       frame (a {@code GeneratorFrames} shape), saves the live arguments into it, and returns it;
 *   <li>the <em>body</em>, a private static synthetic method {@code (frame, label, sent, thrown)}
 *       holding the original code: an entry dispatch on {@code label} restores the locals and
 *       operand stack saved at that suspension point and jumps back into the code; each {@code
 *       Co.yield} becomes "save the live values, store the label, return the yielded value", and
 *       on resume raises {@code thrown} if given, else pushes {@code sent} as the call's result.
 * </ul>
 *
 * The original locals move up by {@value #PREFIX} slots to make room for the body's parameters;
 * the class file's own stack map frames stay valid (with those four slots prepended), and new frames
 * are written only at the new jump targets, from the types {@link MethodTypeAnalyzer} found.
 * Restore code lives before the original code, outside every exception range, and jumps to the
 * suspension point with the locals and stack already in place, so the handlers' frames always hold.
 */
final class StateMachineGenerator {
    static final String GENERATOR_FRAME = "io/github/jcoro/internal/GeneratorFrame";

    /** Body parameters: frame, label, sent value, thrown. */
    static final int PREFIX = 4;

    private static final int FRAME = 0;
    private static final int LABEL = 1;
    private static final int SENT = 2;
    private static final int THROWN = 3;

    private static final String OBJECT = "java/lang/Object";
    private static final String THROWABLE = "java/lang/Throwable";

    private final ClassNode owner;
    private final MethodNode method;
    private final List<SuspensionPoint> points;
    private final FrameShape shape;
    private final String bodyName;
    private final String bodyDescriptor;
    private final boolean ownerIsInterface;

    StateMachineGenerator(ClassNode owner, MethodNode method, List<SuspensionPoint> points, String bodyName) {
        this.owner = owner;
        this.method = method;
        this.points = points;
        this.bodyName = bodyName;
        int longs = 0;
        int refs = 0;
        for (SuspensionPoint point : points) {
            longs = Math.max(longs, point.longSlots);
            refs = Math.max(refs, point.referenceSlots);
        }
        this.shape = FrameShape.forCounts(longs, refs);
        this.bodyDescriptor = "(" + shape.descriptor() + "IL" + OBJECT + ";L" + THROWABLE + ";)L" + OBJECT + ";";
        this.ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
    }

    /**
     * Turns {@code method} into the body (in place) and returns the new factory, which takes the
     * method's place in the class.
     */
    MethodNode generate() {
        MethodNode factory = factory();
        int usedRefs = 0;
        for (SuspensionPoint point : points) {
            usedRefs = Math.max(usedRefs, point.referenceSlots);
        }
        int firstTemp = method.maxLocals + PREFIX;
        renumberLocals();
        InsnList head = dispatch();
        for (SuspensionPoint point : points) {
            if (point.label > 0) {
                replaceCall(point, usedRefs, firstTemp);
            }
        }
        method.instructions.insert(head);
        turnIntoBody();
        return factory;
    }

    private MethodNode factory() {
        MethodNode factory = new MethodNode(
                Opcodes.ASM9,
                method.access,
                method.name,
                method.desc,
                method.signature,
                method.exceptions.toArray(new String[0]));
        factory.visibleAnnotations = method.visibleAnnotations;
        factory.invisibleAnnotations = method.invisibleAnnotations;
        factory.visibleTypeAnnotations = method.visibleTypeAnnotations;
        factory.invisibleTypeAnnotations = method.invisibleTypeAnnotations;
        factory.visibleParameterAnnotations = method.visibleParameterAnnotations;
        factory.invisibleParameterAnnotations = method.invisibleParameterAnnotations;
        factory.visibleAnnotableParameterCount = method.visibleAnnotableParameterCount;
        factory.invisibleAnnotableParameterCount = method.invisibleAnnotableParameterCount;
        factory.parameters = method.parameters;
        factory.attrs = method.attrs;

        InsnList code = factory.instructions;
        int line = firstLine();
        if (line > 0) {
            LabelNode start = new LabelNode();
            code.add(start);
            code.add(new LineNumberNode(line, start));
        }
        int frameLocal = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        if ((method.access & Opcodes.ACC_STATIC) != 0) {
            frameLocal--;
        }
        InsnList resumer = new InsnList();
        resumer.add(new InvokeDynamicInsnNode(
                "resume",
                "()L" + FrameShape.RESUMER + ";",
                new Handle(
                        Opcodes.H_INVOKESTATIC,
                        "java/lang/invoke/LambdaMetafactory",
                        "metafactory",
                        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                                + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
                                + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;",
                        false),
                Type.getMethodType("(L" + GENERATOR_FRAME + ";IL" + OBJECT + ";L" + THROWABLE + ";)L" + OBJECT + ";"),
                new Handle(Opcodes.H_INVOKESTATIC, owner.name, bodyName, bodyDescriptor, ownerIsInterface),
                Type.getMethodType(bodyDescriptor)));
        shape.allocate(code, resumer);
        code.add(new VarInsnNode(Opcodes.ASTORE, frameLocal));
        SuspensionPoint start = points.get(0);
        for (SuspensionPoint.SavedValue value : start.savedLocals) {
            if (value.slot >= 0) {
                saveFromLocal(code, frameLocal, value, value.local);
            }
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        code.add(new InsnNode(Opcodes.ARETURN));
        factory.maxLocals = frameLocal + 1;
        factory.maxStack = 8;
        return factory;
    }

    private int firstLine() {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode) {
                return ((LineNumberNode) insn).line;
            }
        }
        return -1;
    }

    private void saveFromLocal(InsnList out, int frameLocal, SuspensionPoint.SavedValue value, int local) {
        InsnList push = new InsnList();
        push.add(new VarInsnNode(FrameShape.varOpcode(value.type.kind, Opcodes.ILOAD), local));
        if (value.type.isPrimitive()) {
            FrameShape.toLong(push, value.type.kind);
        }
        shape.store(out, frameLocal, value.type.isReference(), value.slot, push);
    }

    /** Pushes the saved value (or the stand-in for a dead or {@code null} one) in its original type. */
    private void restore(InsnList out, SuspensionPoint.SavedValue value) {
        if (value.slot >= 0) {
            shape.load(out, FRAME, value.type.isReference(), value.slot);
            if (value.type.isPrimitive()) {
                FrameShape.fromLong(out, value.type.kind);
            } else if (!OBJECT.equals(value.type.internalName)) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, value.type.internalName));
            }
            return;
        }
        switch (value.type.kind) {
            case INT:
                out.add(new InsnNode(Opcodes.ICONST_0));
                break;
            case FLOAT:
                out.add(new InsnNode(Opcodes.FCONST_0));
                break;
            case LONG:
                out.add(new InsnNode(Opcodes.LCONST_0));
                break;
            case DOUBLE:
                out.add(new InsnNode(Opcodes.DCONST_0));
                break;
            default:
                out.add(new InsnNode(Opcodes.ACONST_NULL));
                break;
        }
    }

    private void renumberLocals() {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof VarInsnNode) {
                ((VarInsnNode) insn).var += PREFIX;
            } else if (insn instanceof IincInsnNode) {
                ((IincInsnNode) insn).var += PREFIX;
            } else if (insn instanceof FrameNode) {
                FrameNode frame = (FrameNode) insn;
                List<Object> locals = new ArrayList<>(prefixElements());
                if (frame.local != null) {
                    locals.addAll(frame.local);
                }
                frame.local = locals;
            }
        }
        if (method.localVariables != null) {
            for (LocalVariableNode variable : method.localVariables) {
                variable.index += PREFIX;
            }
        }
    }

    private List<Object> prefixElements() {
        return List.of(shape.internalName, Opcodes.INTEGER, OBJECT, THROWABLE);
    }

    private FrameNode entryFrame() {
        return new FrameNode(Opcodes.F_NEW, PREFIX, prefixElements().toArray(), 0, new Object[0]);
    }

    /** The frame right after a suspension call, before its result is pushed. */
    private FrameNode naturalFrame(SuspensionPoint point) {
        List<Object> locals = new ArrayList<>(prefixElements());
        int lastTyped = locals.size();
        for (int i = 0; i < point.locals.length; i++) {
            TypedValue value = point.locals[i];
            locals.add(value.kind == TypedValue.Kind.TOP ? Opcodes.TOP : value.toFrameElement());
            if (value.kind != TypedValue.Kind.TOP) {
                lastTyped = locals.size();
            }
            if (value.getSize() == 2) {
                i++;
            }
        }
        List<Object> trimmed = locals.subList(0, lastTyped);
        Object[] stack = new Object[point.stack.length];
        for (int i = 0; i < stack.length; i++) {
            stack[i] = point.stack[i].toFrameElement();
        }
        return new FrameNode(Opcodes.F_NEW, trimmed.size(), trimmed.toArray(), stack.length, stack);
    }

    private final List<LabelNode> insideLabels = new ArrayList<>();

    /** The entry dispatch and the restore blocks, which end by jumping to their suspension point. */
    private InsnList dispatch() {
        InsnList head = new InsnList();
        LabelNode corrupt = new LabelNode();
        LabelNode[] targets = new LabelNode[points.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new LabelNode();
            insideLabels.add(new LabelNode());
        }
        head.add(new VarInsnNode(Opcodes.ILOAD, LABEL));
        head.add(new TableSwitchInsnNode(0, targets.length - 1, corrupt, targets));

        head.add(corrupt);
        head.add(entryFrame());
        head.add(new VarInsnNode(Opcodes.ILOAD, LABEL));
        head.add(new LdcInsnNode(Type.getObjectType(owner.name).getClassName() + "." + method.name + method.desc));
        head.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC,
                GENERATOR_FRAME,
                "corruptLabel",
                "(ILjava/lang/String;)Ljava/lang/Error;",
                false));
        head.add(new InsnNode(Opcodes.ATHROW));

        for (SuspensionPoint point : points) {
            if (point.label == 0) {
                continue;
            }
            head.add(targets[point.label]);
            head.add(entryFrame());
            restoreLocals(head, point);
            for (SuspensionPoint.SavedValue value : point.savedStack) {
                restore(head, value);
            }
            head.add(new JumpInsnNode(Opcodes.GOTO, insideLabels.get(point.label)));
        }
        head.add(targets[0]);
        head.add(entryFrame());
        int before = head.size();
        restoreLocals(head, points.get(0));
        if (head.size() == before) {
            head.add(new InsnNode(Opcodes.NOP));
        }
        return head;
    }

    private void restoreLocals(InsnList out, SuspensionPoint point) {
        for (SuspensionPoint.SavedValue value : point.savedLocals) {
            restore(out, value);
            out.add(new VarInsnNode(FrameShape.varOpcode(value.type.kind, Opcodes.ISTORE), value.local + PREFIX));
        }
    }

    /** Replaces a suspension call with: save, set label, return the value; then the resume point. */
    private void replaceCall(SuspensionPoint point, int usedRefs, int firstTemp) {
        InsnList code = new InsnList();
        int valueTemp = firstTemp;
        code.add(new VarInsnNode(Opcodes.ASTORE, valueTemp));
        int[] stackTemps = new int[point.savedStack.size()];
        int next = valueTemp + 1;
        for (int i = 0; i < stackTemps.length; i++) {
            stackTemps[i] = next;
            next += point.savedStack.get(i).type.getSize();
        }
        for (int i = stackTemps.length - 1; i >= 0; i--) {
            SuspensionPoint.SavedValue value = point.savedStack.get(i);
            if (value.slot >= 0) {
                code.add(new VarInsnNode(FrameShape.varOpcode(value.type.kind, Opcodes.ISTORE), stackTemps[i]));
            } else {
                code.add(new InsnNode(value.type.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP));
            }
        }
        for (SuspensionPoint.SavedValue value : point.savedLocals) {
            if (value.slot >= 0) {
                saveFromLocal(code, FRAME, value, value.local + PREFIX);
            }
        }
        for (int i = 0; i < stackTemps.length; i++) {
            SuspensionPoint.SavedValue value = point.savedStack.get(i);
            if (value.slot >= 0) {
                saveFromLocal(code, FRAME, value, stackTemps[i]);
            }
        }
        for (int slot = point.referenceSlots; slot < usedRefs; slot++) {
            InsnList nothing = new InsnList();
            nothing.add(new InsnNode(Opcodes.ACONST_NULL));
            shape.store(code, FRAME, true, slot, nothing);
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, FRAME));
        code.add(new LdcInsnNode(point.label));
        code.add(new FieldInsnNode(Opcodes.PUTFIELD, shape.internalName, "label", "I"));
        code.add(new VarInsnNode(Opcodes.ALOAD, valueTemp));
        code.add(new InsnNode(Opcodes.ARETURN));

        LabelNode inside = insideLabels.get(point.label);
        LabelNode proceed = new LabelNode();
        code.add(inside);
        code.add(naturalFrame(point));
        code.add(new VarInsnNode(Opcodes.ALOAD, THROWN));
        code.add(new JumpInsnNode(Opcodes.IFNULL, proceed));
        code.add(new VarInsnNode(Opcodes.ALOAD, THROWN));
        code.add(new InsnNode(Opcodes.ATHROW));
        code.add(proceed);
        code.add(naturalFrame(point));
        code.add(new VarInsnNode(Opcodes.ALOAD, SENT));

        method.instructions.insertBefore(point.call, code);
        method.instructions.remove(point.call);
    }

    private void turnIntoBody() {
        method.name = bodyName;
        method.desc = bodyDescriptor;
        method.access = Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;
        method.signature = null;
        method.exceptions = new ArrayList<>();
        method.parameters = null;
        method.visibleAnnotations = null;
        method.invisibleAnnotations = null;
        method.visibleTypeAnnotations = null;
        method.invisibleTypeAnnotations = null;
        method.visibleParameterAnnotations = null;
        method.invisibleParameterAnnotations = null;
        method.visibleAnnotableParameterCount = 0;
        method.invisibleAnnotableParameterCount = 0;
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;
        method.attrs = null;
    }
}
