package io.github.jcoro.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Checks the calls of one attributed class (javac's ANALYZE step): {@code Co} suspension calls
 * outside a coroutine body or inside {@code synchronized}, helper calls inside {@code
 * synchronized}, and async tasks whose future is dropped: by a call statement, by a lambda whose
 * expression body is the call and whose functional interface returns {@code void}, or by a method
 * reference of such an interface. A task is a method annotated {@code @Coroutine} (in this
 * compilation or in a class file on the class path) returning a {@code CompletableFuture} or {@code
 * CompletionStage}; a future used in any other way (awaited, stored, returned, passed on, chained) is
 * not reported. It also tells the {@link ClassRewriter}
 * which classes hold coroutine code, and where their lines are.
 */
final class CallChecker extends TreePathScanner<Void, Void> {
    /** The method, lambda or class whose code is being scanned. */
    private static final class Context {
        final boolean coroutine;
        private final String what;
        private final Object subject;
        int synchronizedDepth;

        /**
         * @param what how the code is described, before its subject
         * @param subject the class or method element or name that ends the description, or {@code null}
         */
        Context(boolean coroutine, String what, Object subject) {
            this.coroutine = coroutine;
            this.what = what;
            this.subject = subject;
        }

        /**
         * The code's description, for an error message. Made only when needed: a method element's
         * text is its whole signature, and most methods are never named in a message.
         */
        String description() {
            if (subject instanceof TypeElement) {
                return what + describe((TypeElement) subject);
            }
            return subject == null ? what : what + subject;
        }
    }

    private final Trees trees;
    private final Elements elements;
    private final CoroutineModel model;
    private final Reporter reporter;
    private final ClassRewriter rewriter;
    private final Deque<Context> contexts = new ArrayDeque<>();
    private final Deque<TypeElement> classes = new ArrayDeque<>();

    CallChecker(Trees trees, Elements elements, CoroutineModel model, Reporter reporter, ClassRewriter rewriter) {
        this.trees = trees;
        this.elements = elements;
        this.model = model;
        this.reporter = reporter;
        this.rewriter = rewriter;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        TypeElement type = element instanceof TypeElement ? (TypeElement) element : null;
        if (type != null) {
            classes.push(type);
        }
        contexts.push(new Context(false, "an initializer of ", type == null ? "a class" : type));
        try {
            return super.visitClass(tree, unused);
        } finally {
            contexts.pop();
            if (type != null) {
                classes.pop();
            }
        }
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        boolean coroutine = model.isCoroutine(element);
        if (coroutine) {
            coroutineCodeIn(tree);
        }
        contexts.push(new Context(coroutine, "the method ", element == null ? tree.getName() : element));
        try {
            return super.visitMethod(tree, unused);
        } finally {
            contexts.pop();
        }
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        TypeMirror type = trees.getTypeMirror(getCurrentPath());
        boolean body = model.isGeneratorBody(type) || model.isTaskLambda(type);
        if (body) {
            coroutineCodeIn(tree);
        }
        checkLambdaBody(tree, type);
        contexts.push(new Context(
                body,
                "this lambda (only a lambda given to Generator.of, or one returning a CompletableFuture or"
                        + " CompletionStage, is a coroutine)",
                null));
        try {
            return super.visitLambdaExpression(tree, unused);
        } finally {
            contexts.pop();
        }
    }

    @Override
    public Void visitSynchronized(SynchronizedTree tree, Void unused) {
        scan(tree.getExpression(), unused);
        Context context = contexts.peek();
        if (context != null) {
            context.synchronizedDepth++;
        }
        try {
            return scan(tree.getBlock(), unused);
        } finally {
            if (context != null) {
                context.synchronizedDepth--;
            }
        }
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
        Element called = trees.getElement(getCurrentPath());
        Context context = contexts.peek();
        if (context != null && called != null) {
            if (model.isSuspension(called)) {
                String name = "Co." + called.getSimpleName();
                if (!context.coroutine) {
                    reporter.at(
                            Reporter.Tag.SUSPEND_OUTSIDE_COROUTINE,
                            getCurrentPath(),
                            name
                                    + " suspends only the body of a coroutine (a @Coroutine method, a Generator.of lambda, a lambda"
                                    + " returning a future), but"
                                    + " it is called in " + context.description()
                                    + "; make it a coroutine: mark the method @Coroutine"
                                    + " (returning Generator<T>: a generator; CompletableFuture<T>: an async task;"
                                    + " any other type: a suspendable helper)");
                } else if (context.synchronizedDepth > 0) {
                    reporter.at(Reporter.Tag.SUSPEND_IN_SYNCHRONIZED, getCurrentPath(), inSynchronized(name));
                }
            } else if (context.coroutine
                    && context.synchronizedDepth > 0
                    && model.isCoroutine(called)
                    && model.kindOf((ExecutableElement) called) == CoroutineModel.Kind.HELPER) {
                reporter.at(
                        Reporter.Tag.SUSPEND_IN_SYNCHRONIZED,
                        getCurrentPath(),
                        inSynchronized("the call of the suspendable helper " + describe(called)));
            }
        }
        return super.visitMethodInvocation(tree, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
        Element referenced = trees.getElement(getCurrentPath());
        if (referenced != null && model.isSuspension(referenced)) {
            reporter.at(
                    Reporter.Tag.SUSPEND_OUTSIDE_COROUTINE,
                    getCurrentPath(),
                    "a method reference to Co." + referenced.getSimpleName() + " cannot suspend anything: the"
                            + " method it makes is not a coroutine; call Co." + referenced.getSimpleName()
                            + " in the body of a @Coroutine method instead");
        } else if (referenced != null && model.returnsVoid(trees.getTypeMirror(getCurrentPath()))) {
            TypeMirror type = trees.getTypeMirror(getCurrentPath());
            warnIfTaskDropped(
                    getCurrentPath(),
                    referenced,
                    " by the method reference, whose functional interface " + CoroutineModel.qualifiedName(type)
                            + " returns void");
        }
        return super.visitMemberReference(tree, unused);
    }

    @Override
    public Void visitExpressionStatement(ExpressionStatementTree tree, Void unused) {
        if (tree.getExpression() instanceof MethodInvocationTree) {
            TreePath call = new TreePath(getCurrentPath(), tree.getExpression());
            warnIfTaskDropped(call, trees.getElement(call), "");
        }
        return super.visitExpressionStatement(tree, unused);
    }

    /**
     * A task's future dropped by the caller of a lambda: {@code executor.execute(() -> fetch(key))},
     * whose functional interface returns {@code void}.
     */
    private void checkLambdaBody(LambdaExpressionTree tree, TypeMirror type) {
        if (tree.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION
                && tree.getBody() instanceof MethodInvocationTree
                && model.returnsVoid(type)) {
            TreePath call = new TreePath(getCurrentPath(), tree.getBody());
            warnIfTaskDropped(
                    call,
                    trees.getElement(call),
                    " by the lambda, whose functional interface " + CoroutineModel.qualifiedName(type)
                            + " returns void");
        }
    }

    /**
     * Warns when {@code called} is an async task, whose future the code at {@code path} drops.
     *
     * @param how how it is dropped, after "is dropped"; empty for a call statement
     */
    private void warnIfTaskDropped(TreePath path, Element called, String how) {
        if (!model.isCoroutine(called) || model.kindOf((ExecutableElement) called) != CoroutineModel.Kind.TASK) {
            return;
        }
        String name = called.getSimpleName().toString();
        reporter.at(
                Reporter.Tag.DROPPED_TASK,
                path,
                "the future of the async task " + describe(called) + ", called in " + where(path) + ", is dropped"
                        + how + ": nothing awaits its result or sees its failure; await it (Co.await(" + name
                        + "(...))), store it to join or await later, or spawn it in a TaskScope (scope.spawn(() -> "
                        + name + "(...))); @SuppressWarnings(\"jcoro:dropped-task\") if fire-and-forget is meant");
    }

    /** The method (or lambda in it, or initializer) whose code holds the path's leaf. */
    private String where(TreePath path) {
        String lambda = "";
        for (TreePath at = path.getParentPath(); at != null; at = at.getParentPath()) {
            Tree leaf = at.getLeaf();
            if (leaf instanceof LambdaExpressionTree && lambda.isEmpty()) {
                lambda = "a lambda in ";
            } else if (leaf instanceof MethodTree) {
                Element method = trees.getElement(at);
                return lambda + (method == null ? ((MethodTree) leaf).getName().toString() : describe(method));
            } else if (leaf instanceof ClassTree) {
                Element type = trees.getElement(at);
                return lambda + "an initializer of "
                        + (type instanceof TypeElement ? describe((TypeElement) type) : "a class");
            }
        }
        return "unknown code";
    }

    private static String inSynchronized(String what) {
        return what + " is inside a synchronized block: a coroutine must not suspend while holding a monitor"
                + " (it would resume on a thread that does not own it); move it out of the synchronized block";
    }

    private String describe(Element method) {
        Element owner = method.getEnclosingElement();
        return (owner instanceof TypeElement ? describe((TypeElement) owner) + "." : "") + method;
    }

    private static String describe(TypeElement type) {
        return type.getQualifiedName().length() > 0 ? type.getQualifiedName().toString() : "an anonymous class";
    }

    /** Tells the rewriter that the innermost class holds coroutine code, and the lines of that code. */
    private void coroutineCodeIn(Tree code) {
        TypeElement type = classes.peek();
        if (type == null) {
            return;
        }
        CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
        String binaryName = elements.getBinaryName(type).toString();
        SourcePositions positions = trees.getSourcePositions();
        LineMap lines = unit.getLineMap();
        ClassRewriter.CoroutineClass coroutineClass = rewriter.coroutineClass(binaryName, type, unit);
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void unused) {
                if (tree instanceof StatementTree
                        || tree instanceof MethodTree
                        || tree instanceof LambdaExpressionTree) {
                    long start = positions.getStartPosition(unit, tree);
                    if (start >= 0 && lines != null) {
                        coroutineClass.firstTreeAt((int) lines.getLineNumber(start), tree);
                    }
                }
                return super.scan(tree, unused);
            }
        }.scan(getCurrentPath(), null);
    }
}
