package io.github.jcoro.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * jcoro's build-time route. Put on javac's processor path, it
 *
 * <ul>
 *   <li>checks every {@code @Coroutine} declaration while annotations are processed (so also with
 *       {@code -proc:only});
 *   <li>checks every call in each class once javac has attributed it (its ANALYZE step): {@code Co}
 *       suspension calls outside coroutines and inside {@code synchronized}, dropped task futures;
 *   <li>rewrites the class files javac writes into state machines, through the agent's instrumenter,
 *       when the compilation has finished ({@link ClassRewriter}).
 * </ul>
 *
 * <p>It claims no annotation, so other processors see them all. Every diagnostic goes through the
 * {@link Reporter}.
 */
@AutoService(Processor.class)
public final class CoroutineProcessor extends AbstractProcessor {
    private Reporter reporter;
    private CoroutineModel model;
    private ClassRewriter rewriter;
    private Trees trees;
    private final Set<TypeElement> checked = new HashSet<>();

    /** Made by javac through the service loader. */
    public CoroutineProcessor() {}

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        // Every class, not only the annotated ones: a Co.yield outside any coroutine is an error too.
        return Set.of("*");
    }

    @Override
    public Set<String> getSupportedOptions() {
        // Overridden so that AbstractProcessor does not look for @SupportedOptions reflectively: that
        // parses the class's annotations and builds a proxy, at javac's start-up.
        return Set.of();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        ProcessingEnvironment javac = unwrap(environment);
        JavacTask task = null;
        try {
            task = JavacTask.instance(javac);
            trees = Trees.instance(javac);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // not javac
        }
        reporter = new Reporter(environment.getMessager(), trees);
        model = new CoroutineModel(environment.getElementUtils(), environment.getTypeUtils());
        if (task == null || trees == null) {
            reporter.at(
                    Reporter.Tag.NOT_JAVAC,
                    (Element) null,
                    "the compiler is not javac, so jcoro cannot rewrite the class files it writes; run the"
                            + " program with -javaagent:jcoro-agent.jar instead");
            return;
        }
        rewriter = new ClassRewriter(environment.getFiler(), environment.getElementUtils(), reporter);
        task.addTaskListener(new Listener());
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        try {
            TypeElement coroutine = processingEnv.getElementUtils().getTypeElement(CoroutineModel.COROUTINE);
            if (coroutine != null) {
                for (Element element : round.getElementsAnnotatedWith(coroutine)) {
                    if (element instanceof ExecutableElement) {
                        checkDeclaration((ExecutableElement) element);
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            internalError("checking @Coroutine declarations", e);
        }
        return false;
    }

    private void checkDeclaration(ExecutableElement method) {
        Set<Modifier> modifiers = method.getModifiers();
        if (modifiers.contains(Modifier.ABSTRACT)) {
            reporter.at(
                    Reporter.Tag.ABSTRACT_COROUTINE,
                    method,
                    "a @Coroutine method must have a body to rewrite, but " + method + " is abstract; mark the"
                            + " implementations @Coroutine instead");
        }
        if (modifiers.contains(Modifier.NATIVE)) {
            reporter.at(
                    Reporter.Tag.NATIVE_COROUTINE,
                    method,
                    "a @Coroutine method must have a body to rewrite, but " + method + " is native");
        }
        if (modifiers.contains(Modifier.SYNCHRONIZED)) {
            reporter.at(
                    Reporter.Tag.SYNCHRONIZED_COROUTINE,
                    method,
                    "a @Coroutine method must not be synchronized: it would suspend while holding the monitor,"
                            + " and resume on a thread that does not own it; synchronize around the calls"
                            + " that need it, between suspensions");
        }
        String unsupported = model.unsupportedReturnType(method);
        if (unsupported != null) {
            reporter.at(Reporter.Tag.UNSUPPORTED_RETURN_TYPE, method, unsupported);
        }
    }

    private void internalError(String what, Throwable e) {
        reporter.at(
                Reporter.Tag.INTERNAL_ERROR,
                (Element) null,
                "jcoro's processor failed while " + what + ": " + e
                        + "; please report it (with the source if you can), and build with the agent meanwhile");
    }

    /** Checks each class once javac has attributed it, and rewrites class files at the end. */
    private final class Listener implements TaskListener {
        @Override
        public void started(TaskEvent event) {}

        @Override
        public void finished(TaskEvent event) {
            try {
                switch (event.getKind()) {
                    case ANALYZE:
                        analyzed(event);
                        break;
                    case GENERATE:
                        rewriter.generated(event.getTypeElement(), event.getSourceFile());
                        break;
                    case COMPILATION:
                        rewriter.rewriteAll();
                        break;
                    default:
                        break;
                }
            } catch (RuntimeException | LinkageError e) {
                internalError("handling javac's " + event.getKind() + " step of " + event.getTypeElement(), e);
            }
        }

        private void analyzed(TaskEvent event) {
            TypeElement type = event.getTypeElement();
            if (type == null || event.getCompilationUnit() == null) {
                return;
            }
            // A top-level class's tree holds its nested classes; scan each tree once.
            Element outermost = type;
            while (outermost.getEnclosingElement() instanceof TypeElement) {
                outermost = outermost.getEnclosingElement();
            }
            if (!checked.add((TypeElement) outermost)) {
                return;
            }
            TreePath path = classPath(event.getCompilationUnit(), outermost);
            if (path != null) {
                new CallChecker(trees, processingEnv.getElementUtils(), model, reporter, rewriter).scan(path, null);
            }
        }
    }

    /**
     * The path to a top-level class's tree in its compilation unit, found among the unit's type
     * declarations: {@link Trees#getPath(Element)} searches the unit's whole tree for it, which
     * costs a compilation of many classes tens of milliseconds. {@code null} when javac knows no
     * tree for the class.
     */
    private TreePath classPath(CompilationUnitTree unit, Element type) {
        TreePath unitPath = new TreePath(unit);
        for (Tree declaration : unit.getTypeDecls()) {
            if (declaration instanceof ClassTree) {
                TreePath path = new TreePath(unitPath, declaration);
                if (type.equals(trees.getElement(path))) {
                    return path;
                }
            }
        }
        return trees.getPath(type);
    }

    /**
     * The javac environment behind a wrapper some tools put around it (IntelliJ does), found in a
     * field of the wrapper; the environment itself when it is not wrapped.
     */
    private static ProcessingEnvironment unwrap(ProcessingEnvironment environment) {
        for (Class<?> type = environment.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().startsWith("com.sun.tools.javac.")) {
                return environment;
            }
            for (Field field : type.getDeclaredFields()) {
                if (ProcessingEnvironment.class.isAssignableFrom(field.getType())) {
                    try {
                        field.setAccessible(true);
                        Object inner = field.get(environment);
                        if (inner instanceof ProcessingEnvironment && inner != environment) {
                            return unwrap((ProcessingEnvironment) inner);
                        }
                    } catch (RuntimeException | IllegalAccessException e) {
                        return environment;
                    }
                }
            }
        }
        return environment;
    }
}
