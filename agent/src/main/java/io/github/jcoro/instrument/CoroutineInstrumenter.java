package io.github.jcoro.instrument;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Rewrites the {@code @Coroutine} methods of a class file into resumable state machines; the one
 * code path both the agent and the processor use. Stateless and thread-safe.
 *
 * <p>For each coroutine method: find the suspension calls ({@code Co.yield}); compute the exact
 * types of locals and stack there ({@link MethodTypeAnalyzer}) and which locals are live ({@link
 * LivenessAnalyzer}); move any {@code NEW} that would be on the stack at a suspension past it
 * ({@link UninitializedNewRewriter}); reject suspension inside {@code synchronized} ({@link
 * MonitorAnalyzer}); then emit the factory and the body ({@link StateMachineGenerator}). The class
 * is marked with {@code @Instrumented} so it is never rewritten twice.
 */
public final class CoroutineInstrumenter {
    /** Descriptor of {@code @io.github.jcoro.Coroutine}. */
    public static final String COROUTINE_DESCRIPTOR = "Lio/github/jcoro/Coroutine;";

    /** Descriptor of the marker put on instrumented classes. */
    public static final String INSTRUMENTED_DESCRIPTOR = "Lio/github/jcoro/internal/Instrumented;";

    /**
     * The layout version recorded in the marker: the contract between woven code and the runtime's
     * {@code internal} package. 2 (since 0f40c3b): a helper's small frame shape is {@code
     * HelperFrame} itself, and a helper marks its frame where it returns. A class marked with
     * another version is refused ({@link #instrument}); {@link ClassFilePrecheck} lets it through
     * to be refused.
     */
    public static final int LAYOUT_VERSION = 2;

    static final String CO = "io/github/jcoro/Co";
    static final String TASK_SCOPE = "io/github/jcoro/TaskScope";
    static final String GENERATOR_DESCRIPTOR = "Lio/github/jcoro/Generator;";

    private static final int JAVA_8 = Opcodes.V1_8 & 0xFFFF;

    private final HelperResolver resolver;

    /** An instrumenter that knows only the helpers of the class it rewrites. */
    public CoroutineInstrumenter() {
        this(HelperResolver.NONE);
    }

    /**
     * @param resolver tells which methods of other classes are suspendable helpers
     */
    public CoroutineInstrumenter(HelperResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param classFile the bytes of one class file
     * @return the rewritten class file, or {@code null} when the class has no {@code @Coroutine}
     *     method or was instrumented already, for this {@link #LAYOUT_VERSION}
     * @throws InstrumentationException when a coroutine cannot be rewritten (every problem listed),
     *     or the class was instrumented for another layout version
     */
    public byte[] instrument(byte[] classFile) {
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new InstrumentationException(new Problem(
                    "<unknown class>",
                    null,
                    -1,
                    "cannot read the class file (" + e.getMessage() + "); jcoro reads class files up to" + " Java "
                            + (Opcodes.V26 - Opcodes.V1_8 + 8) + " with ASM"));
        }
        ClassNode owner = new ClassNode();
        reader.accept(owner, ClassReader.EXPAND_FRAMES);
        AnnotationNode rewritten = annotation(owner.invisibleAnnotations, INSTRUMENTED_DESCRIPTOR);
        if (rewritten == null) {
            rewritten = annotation(owner.visibleAnnotations, INSTRUMENTED_DESCRIPTOR);
        }
        if (rewritten != null) {
            requireLayoutVersion(rewritten, Type.getObjectType(owner.name).getClassName());
            return null;
        }
        List<MethodNode> coroutines = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            if ((method.access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0
                    && (hasAnnotation(method.invisibleAnnotations, COROUTINE_DESCRIPTOR)
                            || hasAnnotation(method.visibleAnnotations, COROUTINE_DESCRIPTOR))) {
                coroutines.add(method);
            }
        }
        String className = Type.getObjectType(owner.name).getClassName();
        Map<MethodNode, List<InvokeDynamicInsnNode>> lambdas = GeneratorLambdas.find(owner);
        coroutines.addAll(lambdas.keySet());
        coroutines.addAll(asyncLambdas(owner));
        if (coroutines.isEmpty()) {
            return null;
        }
        int version = owner.version & 0xFFFF;
        if (version < JAVA_8) {
            throw new InstrumentationException(new Problem(
                    className,
                    null,
                    -1,
                    "class file version " + version + " (Java " + (version - 44) + ") is older than Java 8,"
                            + " the oldest jcoro instruments; recompile with --release 8 or later"));
        }
        List<Problem> problems = new ArrayList<>();
        Set<String> signatures = new HashSet<>();
        for (MethodNode method : owner.methods) {
            signatures.add(method.name + method.desc);
        }
        // Phase 1: check and classify every coroutine, so that call sites know the helpers.
        List<MethodNode> valid = new ArrayList<>();
        Map<MethodNode, HelperMethod> helpers = new HashMap<>();
        for (MethodNode method : coroutines) {
            if (check(method, className, problems)) {
                valid.add(method);
                if (!lambdas.containsKey(method) && CoroutineKind.of(method.desc) == CoroutineKind.HELPER) {
                    helpers.put(method, new HelperMethod(owner.name, (owner.access & Opcodes.ACC_FINAL) != 0, method));
                }
            }
        }
        HelperLookup lookup = new HelperLookup(owner.name, helpers.values(), resolver);
        // Phase 2: analyze each one; a helper's frame shape becomes part of its body's descriptor.
        Map<MethodNode, List<SuspensionPoint>> analyzed = new LinkedHashMap<>();
        Map<MethodNode, FrameShape> shapes = new HashMap<>();
        for (MethodNode method : valid) {
            String where = method.name + method.desc;
            try {
                List<SuspensionPoint> points =
                        analyze(owner, method, kindOf(method, lambdas), className, where, lookup, problems);
                if (points != null) {
                    HelperMethod helper = helpers.get(method);
                    FrameShape shape = shapeFor(points, helper != null);
                    if (helper != null) {
                        helper.shape = shape;
                    }
                    analyzed.put(method, points);
                    shapes.put(method, shape);
                }
            } catch (AnalyzerException | RuntimeException e) {
                problems.add(new Problem(
                        className,
                        where,
                        firstLine(method),
                        "cannot analyze the method's bytecode: " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InstrumentationException(problems);
        }
        // The bodies keep their method's name (the descriptor tells them apart), so that stack
        // traces show the user's names; a helper's body must, for callers in other classes.
        Map<MethodNode, String> bodyNames = new HashMap<>();
        for (MethodNode method : analyzed.keySet()) {
            HelperMethod helper = helpers.get(method);
            if (helper == null) {
                String descriptor = StateMachineGenerator.generatorBodyDescriptor(shapes.get(method));
                bodyNames.put(method, freeName(method.name, descriptor, signatures));
                continue;
            }
            if (!signatures.add(helper.bodyName() + helper.bodyDescriptor())) {
                problems.add(new Problem(
                        className,
                        method.name + method.desc,
                        firstLine(method),
                        "the class already has a method " + helper.bodyName() + helper.bodyDescriptor()
                                + ", the signature jcoro gives the helper's state machine; rename it"));
            }
            if (helper.virtual && !signatures.add(method.name + helper.dispatcherDescriptor())) {
                problems.add(new Problem(
                        className,
                        method.name + method.desc,
                        firstLine(method),
                        "the class already has a method " + method.name + helper.dispatcherDescriptor()
                                + ", the signature jcoro gives the overridable helper's dispatcher; rename it"));
            }
            bodyNames.put(method, helper.bodyName());
            helper.bridgeName = freeName(method.name, StateMachineGenerator.bridgeDescriptor(helper.shape), signatures);
        }
        if (!problems.isEmpty()) {
            throw new InstrumentationException(problems);
        }
        // Phase 3: rewrite.
        for (Map.Entry<MethodNode, List<SuspensionPoint>> entry : analyzed.entrySet()) {
            MethodNode method = entry.getKey();
            HelperMethod helper = helpers.get(method);
            String bodyName = bodyNames.get(method);
            String factoryName = null;
            if (lambdas.containsKey(method)) {
                factoryName = method.name + "$generator";
                GeneratorLambdas.redirect(owner, method, factoryName, lambdas.get(method));
            }
            List<MethodNode> added = new StateMachineGenerator(
                            owner,
                            method,
                            kindOf(method, lambdas),
                            entry.getValue(),
                            shapes.get(method),
                            bodyName,
                            helper)
                    .asLambda(factoryName)
                    .generate();
            owner.methods.set(owner.methods.indexOf(method), added.get(0));
            owner.methods.add(method);
            owner.methods.addAll(added.subList(1, added.size()));
        }
        AnnotationNode marker = new AnnotationNode(INSTRUMENTED_DESCRIPTOR);
        marker.values = new ArrayList<>(List.of("version", LAYOUT_VERSION));
        if (owner.invisibleAnnotations == null) {
            owner.invisibleAnnotations = new ArrayList<>();
        }
        owner.invisibleAnnotations.add(marker);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        try {
            owner.accept(writer);
            return writer.toByteArray();
        } catch (MethodTooLargeException e) {
            throw new InstrumentationException(new Problem(
                    className,
                    e.getMethodName().replaceAll("\\$jcoro.*", "") + "(...)",
                    -1,
                    "the rewritten method needs " + e.getCodeSize() + " bytes of code, more than the 65535"
                            + " the JVM allows; split the coroutine into smaller helper methods"));
        } catch (ClassTooLargeException e) {
            throw new InstrumentationException(new Problem(
                    className, null, -1, "the rewritten class has too many constants (" + e.getMessage() + ")"));
        }
    }

    private static CoroutineKind kindOf(MethodNode method, Map<MethodNode, ?> generatorLambdas) {
        return generatorLambdas.containsKey(method) ? CoroutineKind.GENERATOR : CoroutineKind.of(method.desc);
    }

    /**
     * The synthetic methods of lambdas that return a future and wait in their body ({@code Co.await},
     * {@code Co.sleep}, {@code Co.pause}): each becomes an async task, in place, so the lambda starts
     * the task when it is called.
     */
    private static List<MethodNode> asyncLambdas(ClassNode owner) {
        List<MethodNode> found = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            if ((method.access & Opcodes.ACC_SYNTHETIC) == 0
                    || !method.name.startsWith("lambda$")
                    || CoroutineKind.of(method.desc) != CoroutineKind.TASK) {
                continue;
            }
            for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                SuspensionPoint.Kind kind = SuspensionPoint.Kind.ofCall(insn);
                if (kind != null && kind.waits()) {
                    found.add(method);
                    break;
                }
            }
        }
        return found;
    }

    /** {@code name}, or {@code name$jcoroN}, whichever is not taken with {@code descriptor}; then taken. */
    private static String freeName(String name, String descriptor, Set<String> signatures) {
        String candidate = name;
        for (int i = 2; signatures.contains(candidate + descriptor); i++) {
            candidate = name + "$jcoro" + i;
        }
        signatures.add(candidate + descriptor);
        return candidate;
    }

    private static FrameShape shapeFor(List<SuspensionPoint> points, boolean helper) {
        int longs = 0;
        int refs = 0;
        for (SuspensionPoint point : points) {
            // A helper's arguments arrive as arguments; only a generator saves them at label 0.
            if (point.label > 0 || !helper) {
                longs = Math.max(longs, point.longSlots);
                refs = Math.max(refs, point.referenceSlots);
            }
        }
        return FrameShape.forCounts(helper, longs, refs);
    }

    /** Whether the method can be a coroutine; adds a problem for each reason it cannot. */
    private static boolean check(MethodNode method, String className, List<Problem> problems) {
        String where = method.name + method.desc;
        int firstLine = firstLine(method);
        int before = problems.size();
        if (method.name.charAt(0) == '<') {
            problems.add(new Problem(
                    className,
                    where,
                    firstLine,
                    "a constructor or class initializer cannot be a @Coroutine (it cannot return a"
                            + " generator or a future); move the body into a @Coroutine method"));
            return false;
        }
        if ((method.access & Opcodes.ACC_ABSTRACT) != 0) {
            problems.add(new Problem(
                    className,
                    where,
                    firstLine,
                    "a @Coroutine method must have a body to rewrite, but this one is abstract"));
        }
        if ((method.access & Opcodes.ACC_NATIVE) != 0) {
            problems.add(new Problem(
                    className,
                    where,
                    firstLine,
                    "a @Coroutine method must have a body to rewrite, but this one is native"));
        }
        if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            problems.add(new Problem(
                    className,
                    where,
                    firstLine,
                    "a @Coroutine method must not be synchronized: it would suspend while holding the"
                            + " monitor, and resume on a thread that does not own it"));
        }
        return problems.size() == before && method.instructions.size() > 0;
    }

    /**
     * For the reliability tests only (the real-world corpus): runs the analyses of phase 2 (types,
     * moving {@code NEW}s, liveness, monitors) over any method with code as if it were a generator
     * whose every call of a method outside {@code java/} and its own class were a call of a helper.
     * Nothing is rewritten; {@code method} may be changed (pass a copy).
     *
     * @return the suspension points, or {@code null} after adding problems
     */
    static List<SuspensionPoint> analyzeAsCoroutine(ClassNode owner, MethodNode method, List<Problem> problems)
            throws AnalyzerException {
        HelperLookup everyCall = new HelperLookup(
                owner.name, List.of(), (callee, name, descriptor) -> Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL);
        return analyze(
                owner,
                method,
                CoroutineKind.GENERATOR,
                Type.getObjectType(owner.name).getClassName(),
                method.name + method.desc,
                everyCall,
                problems);
    }

    /** The suspension points of the method, or {@code null} after adding problems. */
    private static List<SuspensionPoint> analyze(
            ClassNode owner,
            MethodNode method,
            CoroutineKind coroutine,
            String className,
            String where,
            HelperLookup helpers,
            List<Problem> problems)
            throws AnalyzerException {
        if (coroutine != CoroutineKind.GENERATOR) {
            closeScopesBySuspending(method);
        }
        Predicate<AbstractInsnNode> isSuspension =
                insn -> SuspensionPoint.Kind.ofCall(insn) != null || helpers.calledBy(insn) != null;

        ControlFlowGraph graph = new ControlFlowGraph(method);
        AbstractInsnNode first = graph.insns[0];
        MethodTypeAnalyzer types =
                new MethodTypeAnalyzer(owner.name, method, graph, insn -> insn == first || isSuspension.test(insn));
        Set<AbstractInsnNode> news = new LinkedHashSet<>();
        for (int i = 0; i < graph.size(); i++) {
            Frame<TypedValue> frame = types.frameAt(i);
            if (frame != null && isSuspension.test(graph.insns[i])) {
                int below = frame.getStackSize() - argumentCount(graph.insns[i]);
                for (int s = 0; s < below; s++) {
                    TypedValue value = frame.getStack(s);
                    if (value.kind == TypedValue.Kind.UNINITIALIZED) {
                        news.add(value.newInsn);
                    }
                }
                for (int l = 0; l < frame.getLocals(); l++) {
                    TypedValue value = frame.getLocal(l);
                    if (value.kind == TypedValue.Kind.UNINITIALIZED) {
                        news.add(value.newInsn);
                    }
                }
            }
        }
        if (!news.isEmpty()) {
            String error = UninitializedNewRewriter.rewrite(method, news, types);
            if (error != null) {
                problems.add(new Problem(className, where, firstLine(method), error));
                return null;
            }
            graph = new ControlFlowGraph(method);
            AbstractInsnNode newFirst = graph.insns[0];
            types = new MethodTypeAnalyzer(
                    owner.name, method, graph, insn -> insn == newFirst || isSuspension.test(insn));
        }
        LivenessAnalyzer liveness = new LivenessAnalyzer(graph);
        MonitorAnalyzer monitors = new MonitorAnalyzer(graph);
        List<SuspensionPoint> points = new ArrayList<>();
        points.add(point(0, null, null, graph.line(0), types.frameAt(0), 0, liveness.liveBefore(0)));
        int before = problems.size();
        for (int i = 0; i < graph.size(); i++) {
            AbstractInsnNode insn = graph.insns[i];
            Frame<TypedValue> frame = types.frameAt(i);
            if (!isSuspension.test(insn) || frame == null) {
                continue;
            }
            int line = graph.line(i);
            HelperMethod helper = helpers.calledBy(insn);
            if (helper != null && monitors.heldAt(i) > 0) {
                problems.add(new Problem(
                        className,
                        where,
                        line,
                        "a call of the @Coroutine helper " + helper.describe() + " inside a synchronized block:"
                                + " the helper may suspend while the monitor is held; move the call out of the"
                                + " synchronized block"));
                continue;
            }
            SuspensionPoint.Kind kind = SuspensionPoint.Kind.ofCall(insn);
            if (kind != null && coroutine == CoroutineKind.TASK && kind.yields()) {
                problems.add(new Problem(
                        className,
                        where,
                        line,
                        callName(insn) + " in an async task (a method returning "
                                + Type.getReturnType(method.desc).getClassName() + "): a task waits with"
                                + " Co.await, Co.sleep or Co.pause; only a generator (a method returning"
                                + " io.github.jcoro.Generator) yields values"));
                continue;
            }
            if (kind != null && coroutine == CoroutineKind.GENERATOR && kind.waits()) {
                problems.add(new Problem(
                        className,
                        where,
                        line,
                        callName(insn) + " in a generator: a generator cannot wait for a future or a timer,"
                                + " its caller pulls its values; expected Co.yield or Co.yieldAll here, or make"
                                + " the method an async task (returning CompletableFuture)"));
                continue;
            }
            if (monitors.heldAt(i) > 0) {
                problems.add(new Problem(
                        className,
                        where,
                        line,
                        callName(insn) + " inside a synchronized block: a coroutine must not suspend while"
                                + " holding a monitor (it would resume on a thread that does not own it); move"
                                + " the " + callName(insn) + " out of the synchronized block"));
                continue;
            }
            SuspensionPoint point =
                    point(points.size(), insn, helper, line, frame, argumentCount(insn), liveness.liveAfter(i));
            TypedValue unsaveable = point.unsaveable();
            if (unsaveable != null) {
                problems.add(new Problem(
                        className,
                        where,
                        line,
                        "expected every object under construction to be initialized or moved past"
                                + " Co.yield, but found " + unsaveable + " still held there, in a bytecode"
                                + " shape jcoro does not know; please report it with the class file"));
                continue;
            }
            points.add(point);
        }
        return problems.size() > before ? null : points;
    }

    /**
     * In an async task or a helper, {@code scope.close()} of a {@code TaskScope} (the end of its
     * try-with-resources block) becomes {@code Co.await(scope.closeAsync())}, so the block does not
     * end before the scope's children. The replacement leaves the stack as the call did, and adds no
     * branch, so the method's frames stay valid.
     */
    private static void closeScopesBySuspending(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.INVOKEVIRTUAL
                    && ((MethodInsnNode) insn).owner.equals(TASK_SCOPE)
                    && ((MethodInsnNode) insn).name.equals("close")
                    && ((MethodInsnNode) insn).desc.equals("()V")) {
                org.objectweb.asm.tree.InsnList await = new org.objectweb.asm.tree.InsnList();
                await.add(new MethodInsnNode(
                        Opcodes.INVOKEVIRTUAL,
                        TASK_SCOPE,
                        "closeAsync",
                        "()Ljava/util/concurrent/CompletableFuture;",
                        false));
                await.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC,
                        CO,
                        "await",
                        "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;",
                        false));
                AbstractInsnNode pop = new org.objectweb.asm.tree.InsnNode(Opcodes.POP);
                await.add(pop);
                method.instructions.insertBefore(insn, await);
                method.instructions.remove(insn);
                insn = pop;
            }
        }
    }

    private static SuspensionPoint point(
            int label,
            AbstractInsnNode call,
            HelperMethod helper,
            int line,
            Frame<TypedValue> frame,
            int arguments,
            BitSet live) {
        TypedValue[] locals = new TypedValue[frame.getLocals()];
        for (int i = 0; i < locals.length; i++) {
            locals[i] = frame.getLocal(i);
        }
        TypedValue[] stack = new TypedValue[frame.getStackSize() - arguments];
        for (int i = 0; i < stack.length; i++) {
            stack[i] = frame.getStack(i);
        }
        return new SuspensionPoint(label, call, helper, line, locals, stack, live);
    }

    private static String callName(AbstractInsnNode insn) {
        return "Co." + ((MethodInsnNode) insn).name;
    }

    /** The number of stack values a suspension call consumes (receiver included). */
    private static int argumentCount(AbstractInsnNode insn) {
        MethodInsnNode call = (MethodInsnNode) insn;
        int count = Type.getArgumentTypes(call.desc).length;
        return call.getOpcode() == Opcodes.INVOKESTATIC ? count : count + 1;
    }

    private static int firstLine(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof org.objectweb.asm.tree.LineNumberNode) {
                return ((org.objectweb.asm.tree.LineNumberNode) insn).line;
            }
        }
        return -1;
    }

    private static boolean hasAnnotation(List<AnnotationNode> annotations, String descriptor) {
        return annotation(annotations, descriptor) != null;
    }

    private static AnnotationNode annotation(List<AnnotationNode> annotations, String descriptor) {
        if (annotations == null) {
            return null;
        }
        for (AnnotationNode annotation : annotations) {
            if (annotation.desc.equals(descriptor)) {
                return annotation;
            }
        }
        return null;
    }

    /**
     * A class rewritten already must have been rewritten for this jcoro's layout: woven code of
     * another layout links against the runtime (the names it uses may all still exist) and then
     * misbehaves, a helper's return taken for a yield, say. Refused, so that the agent reports it
     * instead of loading it as it is.
     */
    private static void requireLayoutVersion(AnnotationNode marker, String className) {
        Object version = null;
        if (marker.values != null) {
            for (int i = 0; i + 1 < marker.values.size(); i += 2) {
                if ("version".equals(marker.values.get(i))) {
                    version = marker.values.get(i + 1);
                }
            }
        }
        if (Integer.valueOf(LAYOUT_VERSION).equals(version)) {
            return;
        }
        String found = version == null ? "a marker without a version" : "layout version " + version;
        throw new InstrumentationException(new Problem(
                className,
                null,
                -1,
                "was rewritten by another jcoro (@Instrumented: " + found + "), and this jcoro's runtime"
                        + " expects layout version " + LAYOUT_VERSION + ": its woven code would misbehave;"
                        + " rebuild it with this jcoro's processor, or compile it without the processor"
                        + " and let the agent rewrite it"));
    }
}
