package io.github.jcoro.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The one way the processor reports anything. Every message starts with a stable tag, {@code
 * [jcoro:name]}, that build logs, IDEs and tests can match; a warning is dropped where an enclosing
 * declaration says {@code @SuppressWarnings("jcoro")} or {@code @SuppressWarnings("jcoro:name")}.
 */
final class Reporter {
    /** What the processor reports; the name is the stable tag. */
    enum Tag {
        /** A {@code Co} suspension call (or a method reference to one) outside a coroutine body. */
        SUSPEND_OUTSIDE_COROUTINE(Diagnostic.Kind.ERROR),
        /** A suspension inside a {@code synchronized} block of a coroutine. */
        SUSPEND_IN_SYNCHRONIZED(Diagnostic.Kind.ERROR),
        /** An abstract {@code @Coroutine} method. */
        ABSTRACT_COROUTINE(Diagnostic.Kind.ERROR),
        /** A native {@code @Coroutine} method. */
        NATIVE_COROUTINE(Diagnostic.Kind.ERROR),
        /** A synchronized {@code @Coroutine} method. */
        SYNCHRONIZED_COROUTINE(Diagnostic.Kind.ERROR),
        /** A {@code @Coroutine} method whose return type makes no sense for a coroutine. */
        UNSUPPORTED_RETURN_TYPE(Diagnostic.Kind.ERROR),
        /** The future of an async task started by a call and then dropped, never awaited. */
        DROPPED_TASK(Diagnostic.Kind.WARNING),
        /** A class file the instrumenter refuses; the class file is deleted. */
        CANNOT_INSTRUMENT(Diagnostic.Kind.ERROR),
        /** A class file of a coroutine that cannot be read or written back. */
        CANNOT_REWRITE(Diagnostic.Kind.ERROR),
        /** The compiler is not javac, so class files cannot be rewritten. */
        NOT_JAVAC(Diagnostic.Kind.MANDATORY_WARNING),
        /** A bug of the processor itself, reported instead of a crash. */
        INTERNAL_ERROR(Diagnostic.Kind.ERROR);

        final Diagnostic.Kind kind;
        final String tag;

        Tag(Diagnostic.Kind kind) {
            this.kind = kind;
            this.tag = name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @return {@code [jcoro:name]} */
        String label() {
            return "[jcoro:" + tag + "]";
        }
    }

    private final Messager messager;
    private final Trees trees;

    Reporter(Messager messager, Trees trees) {
        this.messager = messager;
        this.trees = trees;
    }

    /** Reports at the exact source position of the path's leaf. */
    void at(Tag tag, TreePath path, String message) {
        if (tag.kind != Diagnostic.Kind.ERROR && suppressed(tag, path)) {
            return;
        }
        print(tag, message, path.getLeaf(), path.getCompilationUnit());
    }

    /** Reports at the position of a tree of a compilation unit. */
    void at(Tag tag, Tree tree, CompilationUnitTree unit, String message) {
        if (tag.kind != Diagnostic.Kind.ERROR) {
            TreePath path = TreePath.getPath(unit, tree);
            if (path != null && suppressed(tag, path)) {
                return;
            }
        }
        print(tag, message, tree, unit);
    }

    /** Reports at the declaration of an element, or without a position when it is {@code null}. */
    void at(Tag tag, Element element, String message) {
        if (tag.kind != Diagnostic.Kind.ERROR && element != null && suppressed(tag, element)) {
            return;
        }
        if (element == null) {
            messager.printMessage(tag.kind, tag.label() + " " + message);
        } else {
            messager.printMessage(tag.kind, tag.label() + " " + message, element);
        }
    }

    private void print(Tag tag, String message, Tree tree, CompilationUnitTree unit) {
        trees.printMessage(tag.kind, tag.label() + " " + message, tree, unit);
    }

    private boolean suppressed(Tag tag, TreePath path) {
        for (TreePath at = path; at != null; at = at.getParentPath()) {
            Tree leaf = at.getLeaf();
            if (leaf instanceof MethodTree || leaf instanceof ClassTree || leaf instanceof VariableTree) {
                Element element = trees.getElement(at);
                if (element != null && suppresses(tag, element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean suppressed(Tag tag, Element element) {
        for (Element at = element; at != null; at = at.getEnclosingElement()) {
            if (suppresses(tag, at)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code element} carries {@code @SuppressWarnings("jcoro")} or {@code
     * "jcoro:<tag>"}. Read from the annotation mirrors rather than with {@code getAnnotation}, which
     * makes a reflective proxy: a cost at javac's start-up that a warning check need not pay.
     */
    private static boolean suppresses(Tag tag, Element element) {
        for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) annotation.getAnnotationType().asElement();
            if (!type.getQualifiedName().contentEquals("java.lang.SuppressWarnings")) {
                continue;
            }
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
                    annotation.getElementValues().entrySet()) {
                if (entry.getKey().getSimpleName().contentEquals("value")
                        && names(tag, entry.getValue().getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a {@code @SuppressWarnings} value (a list of strings, or one) names {@code tag}. */
    private static boolean names(Tag tag, Object value) {
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                if (item instanceof AnnotationValue && names(tag, ((AnnotationValue) item).getValue())) {
                    return true;
                }
            }
            return false;
        }
        return value instanceof String && (value.equals("jcoro") || value.equals("jcoro:" + tag.tag));
    }
}
