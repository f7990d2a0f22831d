package io.github.jcoro.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites one coroutine method into a state machine.
 *
 * <p>A <b>generator</b> method becomes two methods: the <em>factory</em>, with the original name,
 * descriptor and annotations, which allocates the frame (a {@code GeneratorFrames} shape), saves
 * the live arguments into it and returns it; and the <em>body</em>, a private static synthetic
 * method {@code (frame, label, sent, thrown)} holding the original code, its locals moved up by
 * four slots.
 *
 * <p>A <b>helper</b> method becomes: the <em>plain entry</em>, with the original name and
 * descriptor, which calls the body with no generator (so the helper fails if it tries to
 * suspend); the <em>body</em>, {@code (receiver?, arguments..., generator, frame, label, sent,
 * thrown)}, its locals after the arguments moved up by five slots; and the <em>resume bridge</em>
 * {@code (frame, label, sent, thrown)}, which the frame's {@code Resumer} points at. Coroutine
 * bodies call the helper's body directly, passing their generator down.
 *
 * <p>In every body, an entry dispatch on {@code label} restores the locals and operand stack saved
 * at that suspension point and jumps back into the code. A {@code Co.yield} saves the live values,
 * stores its label and returns (a generator's body returns the value; a helper hands it to the
 * generator and starts the unwinding of its callers). After a helper call, a caller checks whether
 * the generator is unwinding, and if so saves itself and returns in turn. On resume the suspension
 * raises {@code thrown} if given, else pushes {@code sent} as its result. The class file's own stack
 * map frames stay valid (with the protocol slots inserted); new frames are written only at the new
 * jump targets, from the types {@link MethodTypeAnalyzer} found. Restore code lives before the
 * original code, outside every exception range, and jumps to its suspension point with the locals
 * and stack in place, so the handlers' frames always hold.
 */
final class StateMachineGenerator {
    static final String GENERATOR_FRAME = "io/github/jcoro/internal/GeneratorFrame";
    static final String HELPER_FRAME = "io/github/jcoro/internal/HelperFrame";
    static final String GENERATOR = "Lio/github/jcoro/Generator;";
    static final String ASYNC_TASK = "io/github/jcoro/internal/AsyncTask";
    static final String RESUMERS = "io/github/jcoro/internal/Resumers";

    private static final String OBJECT = "java/lang/Object";
    private static final String THROWABLE = "java/lang/Throwable";
    private static final String RESUME_DESCRIPTOR =
            "(L" + OBJECT + ";IL" + OBJECT + ";L" + THROWABLE + ";)L" + OBJECT + ";";

    private final ClassNode owner;
    private final MethodNode method;
    private final CoroutineKind kind;
    private final List<SuspensionPoint> points;
    private final FrameShape shape;
    private final String bodyName;
    private final String bodyDescriptor;
    private final boolean ownerIsInterface;
    /** For a helper, what it is; {@code null} for a generator. */
    private final HelperMethod helper;

    /** Where the original locals start moving up, and by how much. */
    private final int protocolStart;

    private final int protocolSize;
    private final int generatorLocal;
    private final int frameLocal;
    private final int labelLocal;
    private final int sentLocal;
    private final int thrownLocal;

    private final List<LabelNode> insideLabels = new ArrayList<>();

    /** For a lambda passed to {@code Generator.of}, the name of its factory; else {@code null}. */
    private String lambdaFactory;

    /**
     * @param helper {@code null} to rewrite a generator method, else the helper being rewritten
     */
    StateMachineGenerator(
            ClassNode owner,
            MethodNode method,
            CoroutineKind kind,
            List<SuspensionPoint> points,
            FrameShape shape,
            String bodyName,
            HelperMethod helper) {
        this.owner = owner;
        this.method = method;
        this.kind = kind;
        this.points = points;
        this.shape = shape;
        this.bodyName = bodyName;
        this.helper = helper;
        this.ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        if (helper == null) {
            protocolStart = 0;
            protocolSize = 4;
            frameLocal = 0;
            generatorLocal = 0;
            labelLocal = 1;
            sentLocal = 2;
            thrownLocal = 3;
            bodyDescriptor = generatorBodyDescriptor(shape);
        } else {
            protocolStart = argumentSlots();
            protocolSize = 5;
            generatorLocal = protocolStart;
            frameLocal = protocolStart + 1;
            labelLocal = protocolStart + 2;
            sentLocal = protocolStart + 3;
            thrownLocal = protocolStart + 4;
            bodyDescriptor = helper.bodyDescriptor();
        }
    }

    /**
     * Rewrites a lambda's synthetic method as a generator: the factory gets {@code factoryName}
     * (its parameters are the captured values), and the lambda's {@code return} ends the generator.
     *
     * @param factoryName the factory's name, or {@code null} for a {@code @Coroutine} method
     * @return this generator
     */
    StateMachineGenerator asLambda(String factoryName) {
        this.lambdaFactory = factoryName;
        return this;
    }

    /**
     * Turns {@code method} into the body (in place) and returns the methods that go beside it: the
     * factory that takes the generator method's place, or the helper's plain entry and resume
     * bridge.
     */
    List<MethodNode> generate() {
        List<MethodNode> added = new ArrayList<>();
        if (helper == null) {
            added.add(factory());
        } else {
            added.add(plainEntry());
            added.add(resumeBridge());
            if (helper.virtual) {
                added.add(dispatcher());
            }
        }
        int usedRefs = 0;
        for (SuspensionPoint point : points) {
            if (point.label > 0 || helper == null) {
                usedRefs = Math.max(usedRefs, point.referenceSlots);
            }
        }
        int firstTemp = method.maxLocals + protocolSize;
        if (lambdaFactory != null) {
            endWithEmptyGenerator();
        }
        if (helper != null && helper.bodyReturnsObject() && helper.returnType.getSort() == Type.VOID) {
            returnNullFromVoidBody();
        }
        renumberLocals();
        if (helper != null) {
            markReturns();
        }
        InsnList head = dispatch();
        for (SuspensionPoint point : points) {
            if (point.label > 0) {
                replaceCall(point, usedRefs, firstTemp);
            }
        }
        LabelNode originalStart = new LabelNode();
        method.instructions.insert(originalStart);
        method.instructions.insert(head);
        LocalVariableScopes.trim(method, restoredValues(originalStart));
        nameProtocolForDebuggers();
        turnIntoBody();
        return added;
    }

    /** The {@code LocalVariableTable} name of a body's frame parameter, where debuggers may read it. */
    static final String FRAME_VARIABLE = "jcoro$frame";

    /** The {@code LocalVariableTable} name of a body's label parameter, where debuggers may read it. */
    static final String LABEL_VARIABLE = "jcoro$label";

    /**
     * Gives the frame and label parameters entries in the {@code LocalVariableTable} of a body that
     * has one, covering only its first instruction and its return instructions: there a debugger
     * can read which activation enters or leaves (the JVM refuses to read a slot the table does not
     * cover), and nowhere a line starts, so a debugger stopped on a source line shows the source's
     * variables alone ({@code io.github.jcoro.debugger.CoroutineStep} reads them).
     */
    private void nameProtocolForDebuggers() {
        if (method.localVariables == null || method.localVariables.isEmpty()) {
            return; // no table: a debugger reads every slot by its number
        }
        String frameDescriptor = helper == null ? shape.descriptor() : "L" + HELPER_FRAME + ";";
        List<AbstractInsnNode> covered = new ArrayList<>();
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            int opcode = insn.getOpcode();
            if ((covered.isEmpty() && opcode >= 0) || (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN)) {
                covered.add(insn);
            }
        }
        for (AbstractInsnNode insn : covered) {
            LabelNode start = new LabelNode();
            LabelNode end = new LabelNode();
            method.instructions.insertBefore(insn, start);
            method.instructions.insert(insn, end);
            method.localVariables.add(
                    new LocalVariableNode(FRAME_VARIABLE, frameDescriptor, null, start, end, frameLocal));
            method.localVariables.add(new LocalVariableNode(LABEL_VARIABLE, "I", null, start, end, labelLocal));
        }
    }

    /**
     * Where a resume enters the original code (and, for a generator, where the restore of label 0
     * enters it), with the slots that hold their real value there: the live locals restored.
     */
    private Map<LabelNode, BitSet> restoredValues(LabelNode originalStart) {
        Map<LabelNode, BitSet> starts = new LinkedHashMap<>();
        for (SuspensionPoint point : points) {
            if (point.label == 0 && helper != null) {
                continue; // a helper's arguments arrive as arguments
            }
            BitSet restored = new BitSet();
            for (SuspensionPoint.SavedValue value : point.savedLocals) {
                if (value.live) {
                    restored.set(remap(value.local));
                }
            }
            starts.put(point.label == 0 ? originalStart : insideLabels.get(point.label), restored);
        }
        return starts;
    }

    /** A {@code void} helper's body returns {@code Object} (see {@link HelperMethod#bodyReturnsObject}). */
    private void returnNullFromVoidBody() {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.RETURN) {
                AbstractInsnNode areturn = new InsnNode(Opcodes.ARETURN);
                method.instructions.insertBefore(insn, new InsnNode(Opcodes.ACONST_NULL));
                method.instructions.set(insn, areturn);
                insn = areturn;
            }
        }
    }

    /**
     * Before each of a helper body's own returns, {@code HelperFrame.returning(frame)}: a resumed
     * activation (one with a frame) marks its frame as returned, which tells the driver that the
     * value the resume bridge hands back is the helper's result, not a new suspension's. Costs a
     * null test where a helper returns, and nothing where it suspends again (the hot path).
     */
    private void markReturns() {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            int opcode = insn.getOpcode();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                InsnList mark = new InsnList();
                mark.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
                mark.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, HELPER_FRAME, "returning", "(L" + HELPER_FRAME + ";)V", false));
                method.instructions.insertBefore(insn, mark);
            }
        }
    }

    /** A lambda body returns nothing; as a generator body it returns {@code Generator.empty()}. */
    private void endWithEmptyGenerator() {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.RETURN) {
                InsnList end = new InsnList();
                end.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, "io/github/jcoro/Generator", "empty", "()" + GENERATOR, false));
                AbstractInsnNode areturn = new InsnNode(Opcodes.ARETURN);
                end.add(areturn);
                method.instructions.insertBefore(insn, end);
                method.instructions.remove(insn);
                insn = areturn;
            }
        }
    }

    private int remap(int local) {
        return local < protocolStart ? local : local + protocolSize;
    }

    private MethodNode copyOfSignature() {
        MethodNode copy = new MethodNode(
                Opcodes.ASM9,
                method.access,
                lambdaFactory != null ? lambdaFactory : method.name,
                lambdaFactory != null ? GeneratorLambdas.factoryDescriptor(method) : method.desc,
                method.signature,
                method.exceptions.toArray(new String[0]));
        copy.visibleAnnotations = method.visibleAnnotations;
        copy.invisibleAnnotations = method.invisibleAnnotations;
        copy.visibleTypeAnnotations = method.visibleTypeAnnotations;
        copy.invisibleTypeAnnotations = method.invisibleTypeAnnotations;
        copy.visibleParameterAnnotations = method.visibleParameterAnnotations;
        copy.invisibleParameterAnnotations = method.invisibleParameterAnnotations;
        copy.visibleAnnotableParameterCount = method.visibleAnnotableParameterCount;
        copy.invisibleAnnotableParameterCount = method.invisibleAnnotableParameterCount;
        copy.parameters = method.parameters;
        copy.attrs = method.attrs;
        // No line numbers: the source lines belong to the body alone, so that a breakpoint on the
        // method's first line stops where that line runs (in the body), not when a generator is
        // created, and a step into the call passes through this method to the body.
        return copy;
    }

    private int argumentSlots() {
        int size = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        return (method.access & Opcodes.ACC_STATIC) != 0 ? size - 1 : size;
    }

    private InsnList resumer(String target, String targetDescriptor) {
        InsnList out = new InsnList();
        out.add(new InvokeDynamicInsnNode(
                "resume",
                "()L" + FrameShape.RESUMER + ";",
                new Handle(
                        Opcodes.H_INVOKESTATIC,
                        RESUMERS,
                        "metafactory",
                        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                                + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
                                + "Ljava/lang/invoke/MethodType;Ljava/lang/String;)Ljava/lang/invoke/CallSite;",
                        false),
                Type.getMethodType(RESUME_DESCRIPTOR),
                new Handle(Opcodes.H_INVOKESTATIC, owner.name, target, targetDescriptor, ownerIsInterface),
                Type.getMethodType(targetDescriptor),
                description()));
        return out;
    }

    /**
     * What the debug dump prints for this method, read by {@code Resumers} when the call site links:
     * {@code file|method|line0,line1,...}, the source line of each label (0 where unknown).
     */
    private String description() {
        int[] lines = new int[points.size()];
        for (SuspensionPoint point : points) {
            if (point.label >= 0 && point.label < lines.length) {
                lines[point.label] = Math.max(point.line, 0);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(owner.sourceFile == null ? "" : owner.sourceFile)
                .append('|')
                .append(method.name)
                .append('|');
        for (int i = 0; i < lines.length; i++) {
            out.append(i == 0 ? "" : ",").append(lines[i]);
        }
        return out.toString();
    }

    /** The descriptor of a generator's body: {@code (frame, label, sent, thrown)}, returning Object. */
    static String generatorBodyDescriptor(FrameShape shape) {
        return "(" + shape.descriptor() + "IL" + OBJECT + ";L" + THROWABLE + ";)L" + OBJECT + ";";
    }

    /** The descriptor of a helper's resume bridge: as a generator's body, with a helper frame. */
    static String bridgeDescriptor(FrameShape shape) {
        return generatorBodyDescriptor(shape);
    }

    private String bridgeName() {
        return helper.bridgeName;
    }

    private String bridgeDescriptor() {
        return bridgeDescriptor(shape);
    }

    /** The generator's factory: allocate the frame, save the live arguments, return the frame. */
    private MethodNode factory() {
        MethodNode factory = copyOfSignature();
        InsnList code = factory.instructions;
        int local = argumentSlots();
        shape.allocate(code, resumer(bodyName, bodyDescriptor));
        code.add(new VarInsnNode(Opcodes.ASTORE, local));
        for (SuspensionPoint.SavedValue value : points.get(0).savedLocals) {
            if (value.slot >= 0) {
                saveFromLocal(code, local, value, value.local);
            }
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, local));
        if (kind == CoroutineKind.TASK) {
            // An async task starts at once and runs up to its first suspension.
            code.add(new MethodInsnNode(
                    Opcodes.INVOKESTATIC,
                    ASYNC_TASK,
                    "start",
                    "(L" + GENERATOR_FRAME + ";)Ljava/util/concurrent/CompletableFuture;",
                    false));
        }
        code.add(new InsnNode(Opcodes.ARETURN));
        factory.maxLocals = local + 1;
        factory.maxStack = 8;
        return factory;
    }

    /** The helper's entry for plain callers: the body, with no generator to suspend. */
    private MethodNode plainEntry() {
        MethodNode entry = copyOfSignature();
        InsnList code = entry.instructions;
        int local = 0;
        if (!helper.isStatic) {
            code.add(new VarInsnNode(Opcodes.ALOAD, local++));
        }
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            code.add(new VarInsnNode(argument.getOpcode(Opcodes.ILOAD), local));
            local += argument.getSize();
        }
        pushProtocolForCall(code, null);
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, bodyName, bodyDescriptor, ownerIsInterface));
        fromBodyResult(code, helper);
        code.add(new InsnNode(helper.returnType.getOpcode(Opcodes.IRETURN)));
        entry.maxLocals = local;
        entry.maxStack = local + 8;
        return entry;
    }

    /** The helper's resume bridge: the body with placeholder arguments (the frame restores them). */
    private MethodNode resumeBridge() {
        MethodNode bridge = new MethodNode(
                Opcodes.ASM9,
                Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                bridgeName(),
                bridgeDescriptor(),
                null,
                null);
        InsnList code = bridge.instructions;
        if (!helper.isStatic) {
            code.add(new InsnNode(Opcodes.ACONST_NULL));
        }
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            Conversions.pushZero(code, argument);
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, shape.declaredName, "generator", "L" + GENERATOR_FRAME + ";"));
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new VarInsnNode(Opcodes.ILOAD, 1));
        code.add(new VarInsnNode(Opcodes.ALOAD, 2));
        code.add(new VarInsnNode(Opcodes.ALOAD, 3));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, bodyName, bodyDescriptor, ownerIsInterface));
        if (!helper.bodyReturnsObject()) {
            // A primitive helper: if it suspended, hand out what it left in the generator (before
            // boxing, so a suspension never boxes its placeholder result); else box its result.
            LabelNode returned = new LabelNode();
            code.add(new VarInsnNode(Opcodes.ALOAD, 0));
            code.add(new FieldInsnNode(Opcodes.GETFIELD, shape.declaredName, "label", "I"));
            code.add(new InsnNode(Opcodes.ICONST_M1));
            code.add(new JumpInsnNode(Opcodes.IF_ICMPEQ, returned));
            code.add(new InsnNode(helper.returnType.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP));
            code.add(new VarInsnNode(Opcodes.ALOAD, 0));
            code.add(new MethodInsnNode(
                    Opcodes.INVOKESTATIC,
                    GENERATOR_FRAME,
                    "handOut",
                    "(L" + HELPER_FRAME + ";)L" + OBJECT + ";",
                    false));
            code.add(new InsnNode(Opcodes.ARETURN));
            code.add(returned);
            code.add(new FrameNode(
                    Opcodes.F_NEW,
                    4,
                    new Object[] {shape.declaredName, Opcodes.INTEGER, OBJECT, THROWABLE},
                    1,
                    new Object[] {TypedValue.of(helper.returnType).toFrameElement()}));
            Conversions.box(code, helper.returnType);
        }
        code.add(new InsnNode(Opcodes.ARETURN));
        bridge.maxLocals = 4;
        bridge.maxStack = 8;
        return bridge;
    }

    /**
     * The dispatcher of an overridable helper: what a coroutine calls, virtually, so that an
     * override runs. A rewritten override has a dispatcher of its own; for a receiver whose class
     * overrides the helper with a plain method ({@code Overrides}), this one calls that method;
     * else it calls this helper's body, as a fresh activation.
     */
    private MethodNode dispatcher() {
        int visibility = method.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED);
        MethodNode dispatcher = new MethodNode(
                Opcodes.ASM9,
                (ownerIsInterface ? Opcodes.ACC_PUBLIC : visibility) | Opcodes.ACC_SYNTHETIC,
                method.name,
                helper.dispatcherDescriptor(),
                null,
                null);
        InsnList code = dispatcher.instructions;
        Type[] arguments = Type.getArgumentTypes(method.desc);
        LabelNode body = new LabelNode();
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, OBJECT, "getClass", "()Ljava/lang/Class;", false));
        code.add(new LdcInsnNode(Type.getObjectType(owner.name)));
        code.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, body));
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new LdcInsnNode(Type.getObjectType(owner.name)));
        code.add(new LdcInsnNode(method.name));
        code.add(new LdcInsnNode(method.desc));
        code.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC,
                "io/github/jcoro/internal/Overrides",
                "plainlyOverridden",
                "(L" + OBJECT + ";Ljava/lang/Class;Ljava/lang/String;Ljava/lang/String;)Z",
                false));
        code.add(new JumpInsnNode(Opcodes.IFEQ, body));
        // A plain override: call it as the helper is called from plain code.
        int local = loadReceiverAndArguments(code, arguments);
        code.add(new MethodInsnNode(
                ownerIsInterface ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL,
                owner.name,
                method.name,
                method.desc,
                ownerIsInterface));
        if (helper.returnType.getSort() == Type.VOID) {
            code.add(new InsnNode(Opcodes.ACONST_NULL));
        }
        code.add(new InsnNode(helper.bodyReturnType().getOpcode(Opcodes.IRETURN)));
        code.add(body);
        List<Object> locals = new ArrayList<>();
        locals.add(owner.name);
        for (Type argument : arguments) {
            locals.add(TypedValue.of(argument).toFrameElement());
        }
        locals.add(GENERATOR_FRAME);
        code.add(new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), 0, new Object[0]));
        loadReceiverAndArguments(code, arguments);
        pushProtocolForCall(code, local);
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, bodyName, bodyDescriptor, ownerIsInterface));
        code.add(new InsnNode(helper.bodyReturnType().getOpcode(Opcodes.IRETURN)));
        dispatcher.maxLocals = local + 1;
        dispatcher.maxStack = local + 8;
        return dispatcher;
    }

    /** Loads {@code this} and the arguments of an instance method; returns the next free local. */
    private static int loadReceiverAndArguments(InsnList code, Type[] arguments) {
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        int local = 1;
        for (Type argument : arguments) {
            code.add(new VarInsnNode(argument.getOpcode(Opcodes.ILOAD), local));
            local += argument.getSize();
        }
        return local;
    }

    /**
     * After a call of {@code callee}'s body: turns what the body returned into what the helper
     * returns ({@code Object} bodies: popped for a {@code void} helper, cast for a reference one).
     */
    private static void fromBodyResult(InsnList code, HelperMethod callee) {
        if (!callee.bodyReturnsObject()) {
            return;
        }
        if (callee.returnType.getSort() == Type.VOID) {
            code.add(new InsnNode(Opcodes.POP));
        } else if (!callee.returnType.getInternalName().equals(OBJECT)) {
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, callee.returnType.getInternalName()));
        }
    }

    /** Pushes the protocol arguments of a fresh call: generator (from {@code generator}, or null), no frame, label 0. */
    private static void pushProtocolForCall(InsnList code, Integer generator) {
        if (generator == null) {
            code.add(new InsnNode(Opcodes.ACONST_NULL));
        } else {
            code.add(new VarInsnNode(Opcodes.ALOAD, generator));
        }
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new InsnNode(Opcodes.ICONST_0));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
    }

    private void saveFromLocal(InsnList out, int frame, SuspensionPoint.SavedValue value, int local) {
        InsnList push = new InsnList();
        push.add(new VarInsnNode(FrameShape.varOpcode(value.type.kind, Opcodes.ILOAD), local));
        if (value.type.isPrimitive()) {
            FrameShape.toLong(push, value.type.kind);
        }
        shape.store(out, frame, value.type.isReference(), value.slot, push);
    }

    /** Pushes the saved value (or the stand-in for a dead or {@code null} one) in its original type. */
    private void restore(InsnList out, SuspensionPoint.SavedValue value) {
        if (value.slot >= 0) {
            shape.load(out, frameLocal, value.type.isReference(), value.slot);
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
                VarInsnNode var = (VarInsnNode) insn;
                var.var = remap(var.var);
            } else if (insn instanceof IincInsnNode) {
                IincInsnNode increment = (IincInsnNode) insn;
                increment.var = remap(increment.var);
            } else if (insn instanceof FrameNode) {
                FrameNode frame = (FrameNode) insn;
                frame.local = withProtocol(frame.local == null ? List.of() : frame.local);
            }
        }
        if (method.localVariables != null) {
            for (LocalVariableNode variable : method.localVariables) {
                variable.index = remap(variable.index);
            }
        }
    }

    /** A frame's locals (expanded form) with the protocol slots inserted at {@link #protocolStart}. */
    private List<Object> withProtocol(List<Object> locals) {
        List<Object> result = new ArrayList<>();
        int slot = 0;
        int index = 0;
        while (slot < protocolStart) {
            Object element = index < locals.size() ? locals.get(index++) : Opcodes.TOP;
            result.add(element);
            slot += element.equals(Opcodes.LONG) || element.equals(Opcodes.DOUBLE) ? 2 : 1;
        }
        result.addAll(protocolElements());
        while (index < locals.size()) {
            result.add(locals.get(index++));
        }
        return result;
    }

    private List<Object> protocolElements() {
        if (helper == null) {
            return List.of(shape.declaredName, Opcodes.INTEGER, OBJECT, THROWABLE);
        }
        return List.of(GENERATOR_FRAME, shape.declaredName, Opcodes.INTEGER, OBJECT, THROWABLE);
    }

    /** The frame at a dispatch target: only the arguments (as passed) and the protocol slots. */
    private FrameNode entryFrame() {
        List<Object> locals = new ArrayList<>();
        if (helper != null) {
            if (!helper.isStatic) {
                locals.add(owner.name);
            }
            for (Type argument : Type.getArgumentTypes(method.desc)) {
                locals.add(TypedValue.of(argument).toFrameElement());
            }
        }
        List<Object> protocol = new ArrayList<>(protocolElements());
        if (helper != null) {
            protocol.set(1, HELPER_FRAME); // as passed; the dispatch narrows it to the shape
        }
        locals.addAll(protocol);
        return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), 0, new Object[0]);
    }

    /** The frame at a suspension point, with {@code extra} on top of the saved stack. */
    private FrameNode naturalFrame(SuspensionPoint point, Object extra) {
        List<Object> original = new ArrayList<>();
        int lastTyped = 0;
        for (int i = 0; i < point.locals.length; i++) {
            TypedValue value = point.locals[i];
            original.add(value.kind == TypedValue.Kind.TOP ? Opcodes.TOP : value.toFrameElement());
            if (value.kind != TypedValue.Kind.TOP) {
                lastTyped = original.size();
            }
            if (value.getSize() == 2) {
                i++;
            }
        }
        List<Object> locals = withProtocol(original.subList(0, lastTyped));
        List<Object> stack = new ArrayList<>();
        for (TypedValue value : point.stack) {
            stack.add(value.toFrameElement());
        }
        if (extra != null) {
            stack.add(extra);
        }
        return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.size(), stack.toArray());
    }

    /** The entry dispatch and the restore blocks, which end by jumping to their suspension point. */
    private InsnList dispatch() {
        InsnList head = new InsnList();
        LabelNode corrupt = new LabelNode();
        LabelNode[] targets = new LabelNode[points.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new LabelNode();
            insideLabels.add(new LabelNode());
        }
        if (helper == null) {
            head.add(new VarInsnNode(Opcodes.ILOAD, labelLocal));
            head.add(new TableSwitchInsnNode(0, targets.length - 1, corrupt, targets));
        } else {
            // A helper is entered without a frame when called, and with its frame (label >= 1)
            // when resumed: the dispatch tests the frame first, so that a JIT inlining the resume
            // bridge, where the frame is known not to be null, drops the body's start and with it
            // the allocation of a first frame, which would otherwise join the resumed path.
            head.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
            head.add(new JumpInsnNode(Opcodes.IFNULL, targets[0]));
            if (targets.length > 1) {
                head.add(new VarInsnNode(Opcodes.ILOAD, labelLocal));
                head.add(new TableSwitchInsnNode(
                        1, targets.length - 1, corrupt, Arrays.copyOfRange(targets, 1, targets.length)));
            }
        }

        head.add(corrupt);
        head.add(entryFrame());
        head.add(new VarInsnNode(Opcodes.ILOAD, labelLocal));
        head.add(new LdcInsnNode(methodName()));
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
            if (helper != null && shape.needsCast()) {
                head.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
                head.add(new TypeInsnNode(Opcodes.CHECKCAST, shape.declaredName));
                head.add(new VarInsnNode(Opcodes.ASTORE, frameLocal));
            }
            restoreLocals(head, point);
            for (SuspensionPoint.SavedValue value : point.savedStack) {
                restore(head, value);
            }
            head.add(new JumpInsnNode(Opcodes.GOTO, insideLabels.get(point.label)));
        }
        head.add(targets[0]);
        head.add(entryFrame());
        int before = head.size();
        if (helper == null) {
            restoreLocals(head, points.get(0));
        } else {
            // A fresh activation has no frame until it first suspends.
            head.add(new InsnNode(Opcodes.ACONST_NULL));
            head.add(new VarInsnNode(Opcodes.ASTORE, frameLocal));
            if (!helper.isStatic) {
                // The call was an instance call: a null receiver fails there, before the body runs.
                head.add(new VarInsnNode(Opcodes.ALOAD, 0));
                head.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC,
                        "java/util/Objects",
                        "requireNonNull",
                        "(Ljava/lang/Object;)Ljava/lang/Object;",
                        false));
                head.add(new InsnNode(Opcodes.POP));
            }
        }
        if (head.size() == before) {
            head.add(new InsnNode(Opcodes.NOP));
        }
        return head;
    }

    private void restoreLocals(InsnList out, SuspensionPoint point) {
        for (SuspensionPoint.SavedValue value : point.savedLocals) {
            restore(out, value);
            out.add(new VarInsnNode(FrameShape.varOpcode(value.type.kind, Opcodes.ISTORE), remap(value.local)));
        }
    }

    /** Replaces a suspension call with the suspension and the resume point. */
    private void replaceCall(SuspensionPoint point, int usedRefs, int firstTemp) {
        InsnList code = new InsnList();
        LabelNode proceed = new LabelNode();
        LabelNode continuation = point.helper != null ? new LabelNode() : null;
        Type result = point.helper != null ? point.helper.returnType : null;
        int valueTemp = firstTemp;
        SuspensionPoint.Kind pointKind = point.kind;
        LabelNode ready = null;
        if (pointKind.waits()) {
            if (helper != null) {
                code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
                code.add(new VarInsnNode(Opcodes.ALOAD, generatorLocal));
                code.add(new LdcInsnNode(methodName()));
                code.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC,
                        GENERATOR_FRAME,
                        "requireTask",
                        "(L" + HELPER_FRAME + ";L" + GENERATOR_FRAME + ";Ljava/lang/String;)V",
                        false));
            }
            if (pointKind == SuspensionPoint.Kind.AWAIT) {
                if (((MethodInsnNode) point.call).desc.contains("Ljava/time/Duration;")) {
                    // Co.await(future, timeout) awaits Tasks.orTimeout(future, timeout).
                    code.add(new MethodInsnNode(
                            Opcodes.INVOKESTATIC,
                            "io/github/jcoro/Tasks",
                            "orTimeout",
                            "(Ljava/util/concurrent/CompletionStage;Ljava/time/Duration;)"
                                    + "Ljava/util/concurrent/CompletableFuture;",
                            false));
                }
                // A future that has completed is read at once: no suspension, no allocation.
                ready = new LabelNode();
                code.add(new VarInsnNode(Opcodes.ASTORE, valueTemp));
                code.add(new VarInsnNode(Opcodes.ALOAD, valueTemp));
                code.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC,
                        ASYNC_TASK,
                        "poll",
                        "(Ljava/util/concurrent/CompletionStage;)L" + OBJECT + ";",
                        false));
                code.add(new InsnNode(Opcodes.DUP));
                code.add(new FieldInsnNode(Opcodes.GETSTATIC, ASYNC_TASK, "PENDING", "L" + OBJECT + ";"));
                code.add(new JumpInsnNode(Opcodes.IF_ACMPNE, ready));
                code.add(new InsnNode(Opcodes.POP));
            } else if (pointKind == SuspensionPoint.Kind.SLEEP) {
                code.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, ASYNC_TASK, "sleep", "(Ljava/time/Duration;)L" + OBJECT + ";", false));
                code.add(new VarInsnNode(Opcodes.ASTORE, valueTemp));
            } else {
                code.add(new FieldInsnNode(Opcodes.GETSTATIC, ASYNC_TASK, "PAUSE", "L" + OBJECT + ";"));
                code.add(new VarInsnNode(Opcodes.ASTORE, valueTemp));
            }
        } else if (point.helper == null) {
            code.add(new VarInsnNode(Opcodes.ASTORE, valueTemp));
        } else {
            MethodInsnNode call = (MethodInsnNode) point.call;
            if (point.helper.dispatched() && call.getOpcode() != Opcodes.INVOKESPECIAL) {
                // An overridable helper: through its dispatcher, virtually, so that an override runs.
                code.add(new VarInsnNode(Opcodes.ALOAD, generatorLocal));
                code.add(new MethodInsnNode(
                        call.getOpcode(), call.owner, call.name, point.helper.dispatcherDescriptor(), call.itf));
            } else {
                pushProtocolForCall(code, generatorLocal);
                code.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC,
                        point.helper.owner,
                        point.helper.bodyName(),
                        point.helper.bodyDescriptor(),
                        call.itf));
            }
            if (point.helper.bodyReturnsObject() && result.getSort() == Type.VOID) {
                code.add(new InsnNode(Opcodes.POP));
            }
            code.add(new VarInsnNode(Opcodes.ALOAD, generatorLocal));
            code.add(new MethodInsnNode(
                    Opcodes.INVOKESTATIC, GENERATOR_FRAME, "isUnwinding", "(L" + GENERATOR_FRAME + ";)Z", false));
            code.add(new JumpInsnNode(Opcodes.IFEQ, continuation));
            if (result.getSize() > 0) {
                code.add(new InsnNode(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP));
            }
        }
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
        if (helper != null && suspendsFirstInShape(point)) {
            // One call that, for an activation without a frame, makes it and hands the suspension to
            // the generator (checking, at a Co.yield, that there is one); a resumed activation has a
            // frame, and suspends again with this null test only (GeneratorFrame.suspendFirst).
            shape.ensureHelperFrameFirst(
                    code,
                    frameLocal,
                    resumer(bridgeName(), bridgeDescriptor()),
                    generatorLocal,
                    valueTemp,
                    pointKind.yields() ? methodName() : null);
        } else if (helper != null) {
            if (pointKind.yields()) {
                code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
                code.add(new VarInsnNode(Opcodes.ALOAD, generatorLocal));
                code.add(new LdcInsnNode(methodName()));
                code.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC,
                        GENERATOR_FRAME,
                        "requireGenerator",
                        "(L" + HELPER_FRAME + ";L" + GENERATOR_FRAME + ";Ljava/lang/String;)V",
                        false));
            }
            if (point.delegates) {
                // Co.yieldAll(null) fails before the activation makes a frame: one the body caught
                // the failure of would be left unlinked, and its next suspension taken for a resumed one.
                code.add(new VarInsnNode(Opcodes.ALOAD, valueTemp));
                code.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, GENERATOR_FRAME, "requireDelegate", "(" + GENERATOR + ")V", false));
            }
            shape.ensureHelperFrame(code, frameLocal, resumer(bridgeName(), bridgeDescriptor()), generatorLocal);
        }
        for (SuspensionPoint.SavedValue value : point.savedLocals) {
            if (value.slot >= 0) {
                saveFromLocal(code, frameLocal, value, remap(value.local));
            }
        }
        for (int i = 0; i < stackTemps.length; i++) {
            SuspensionPoint.SavedValue value = point.savedStack.get(i);
            if (value.slot >= 0) {
                saveFromLocal(code, frameLocal, value, stackTemps[i]);
            }
        }
        for (int slot = point.referenceSlots; slot < usedRefs; slot++) {
            InsnList nothing = new InsnList();
            nothing.add(new InsnNode(Opcodes.ACONST_NULL));
            shape.store(code, frameLocal, true, slot, nothing);
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        code.add(new LdcInsnNode(point.label));
        code.add(new FieldInsnNode(Opcodes.PUTFIELD, shape.declaredName, "label", "I"));
        suspendAndReturn(code, point, valueTemp);

        LabelNode inside = insideLabels.get(point.label);
        code.add(inside);
        code.add(naturalFrame(point, null));
        code.add(new VarInsnNode(Opcodes.ALOAD, thrownLocal));
        code.add(new JumpInsnNode(Opcodes.IFNULL, proceed));
        code.add(new VarInsnNode(Opcodes.ALOAD, thrownLocal));
        code.add(new InsnNode(Opcodes.ATHROW));
        code.add(proceed);
        code.add(naturalFrame(point, null));
        if (pointKind.waits()) {
            if (pointKind == SuspensionPoint.Kind.AWAIT) {
                code.add(new VarInsnNode(Opcodes.ALOAD, sentLocal));
                code.add(ready);
                code.add(naturalFrame(point, OBJECT));
            }
            // The original code may have a frame of its own right after the call.
            code.add(new InsnNode(Opcodes.NOP));
        } else if (point.helper == null) {
            code.add(new VarInsnNode(Opcodes.ALOAD, sentLocal));
        } else {
            if (point.helper.bodyReturnsObject() && result.getSort() != Type.VOID) {
                // Both ways arrive with an Object: the body's result, or the result sent on resume.
                code.add(new VarInsnNode(Opcodes.ALOAD, sentLocal));
                code.add(continuation);
                code.add(naturalFrame(point, OBJECT));
                fromBodyResult(code, point.helper);
            } else if (result.getSort() != Type.VOID) {
                code.add(new VarInsnNode(Opcodes.ALOAD, sentLocal));
                Conversions.unbox(code, result);
                code.add(continuation);
                code.add(naturalFrame(point, TypedValue.of(result).toFrameElement()));
            } else {
                code.add(continuation); // same place and frame as `proceed`
            }
            // The original code may have a frame of its own right after the call.
            code.add(new InsnNode(Opcodes.NOP));
        }
        method.instructions.insertBefore(point.call, code);
        method.instructions.remove(point.call);
    }

    /** The method, as {@code Class.method(descriptor)}, for messages. */
    private String methodName() {
        return Type.getObjectType(owner.name).getClassName() + "." + method.name + method.desc;
    }

    /**
     * Whether this helper suspends at {@code point} through its frame shape's {@code orFirst}: a
     * {@code Co.yield} or a wait (not a delegation, not a call of a helper that suspended) in a helper
     * whose body returns {@code Object}, which hands what it yields or waits on to the driver by
     * returning it.
     */
    private boolean suspendsFirstInShape(SuspensionPoint point) {
        return helper != null && helper.bodyReturnsObject() && !point.delegates && point.helper == null;
    }

    /** Hands the suspension to the generator and returns from the body. */
    private void suspendAndReturn(InsnList code, SuspensionPoint point, int valueTemp) {
        if (helper == null) {
            if (point.delegates) {
                code.add(new VarInsnNode(Opcodes.ALOAD, generatorLocal));
                code.add(new VarInsnNode(Opcodes.ALOAD, valueTemp));
                code.add(new MethodInsnNode(
                        Opcodes.INVOKEVIRTUAL, GENERATOR_FRAME, "delegateTo", "(" + GENERATOR + ")V", false));
                code.add(new InsnNode(Opcodes.ACONST_NULL));
            } else if (point.helper == null) {
                code.add(new VarInsnNode(Opcodes.ALOAD, valueTemp));
            } else {
                code.add(new VarInsnNode(Opcodes.ALOAD, generatorLocal));
                code.add(
                        new MethodInsnNode(Opcodes.INVOKEVIRTUAL, GENERATOR_FRAME, "unwoundThroughBody", "()V", false));
                code.add(new InsnNode(Opcodes.ACONST_NULL));
            }
            code.add(new InsnNode(Opcodes.ARETURN));
            return;
        }
        if (suspendsFirstInShape(point)) {
            // The frame shape's orFirst did the rest: the body returns what it yields or waits on.
            code.add(new VarInsnNode(Opcodes.ALOAD, valueTemp));
            code.add(new InsnNode(Opcodes.ARETURN));
            return;
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, generatorLocal));
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        if (point.delegates) {
            code.add(new VarInsnNode(Opcodes.ALOAD, valueTemp));
            code.add(new MethodInsnNode(
                    Opcodes.INVOKEVIRTUAL,
                    GENERATOR_FRAME,
                    "suspendDelegating",
                    "(L" + HELPER_FRAME + ";" + GENERATOR + ")V",
                    false));
        } else if (point.helper == null) {
            code.add(new VarInsnNode(Opcodes.ALOAD, valueTemp));
            code.add(new MethodInsnNode(
                    Opcodes.INVOKEVIRTUAL,
                    GENERATOR_FRAME,
                    helper.bodyReturnsObject() ? "suspendIn" : "suspendInKeeping",
                    "(L" + HELPER_FRAME + ";L" + OBJECT + ";)V",
                    false));
        } else {
            code.add(new MethodInsnNode(
                    Opcodes.INVOKEVIRTUAL, GENERATOR_FRAME, "unwoundThrough", "(L" + HELPER_FRAME + ";)V", false));
        }
        if (helper.bodyReturnsObject()) {
            // The body returns what it yields or waits on: a resumed activation hands it to the driver.
            if (!point.delegates && point.helper == null) {
                code.add(new VarInsnNode(Opcodes.ALOAD, valueTemp));
            } else {
                code.add(new FieldInsnNode(Opcodes.GETSTATIC, GENERATOR_FRAME, "DEEPER", "L" + OBJECT + ";"));
            }
            code.add(new InsnNode(Opcodes.ARETURN));
        } else {
            Conversions.pushZero(code, helper.returnType);
            code.add(new InsnNode(helper.returnType.getOpcode(Opcodes.IRETURN)));
        }
    }

    private void turnIntoBody() {
        int visibility = Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_PRIVATE;
        method.name = bodyName;
        method.desc = bodyDescriptor;
        // A helper's body is called from other classes as the helper is; a generator's only here.
        method.access = (helper != null ? method.access & visibility : Opcodes.ACC_PRIVATE)
                | Opcodes.ACC_STATIC
                | Opcodes.ACC_SYNTHETIC;
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
