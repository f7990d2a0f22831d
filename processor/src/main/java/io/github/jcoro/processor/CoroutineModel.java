package io.github.jcoro.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What jcoro's names mean in javac's model: which methods are coroutines and of which kind, which
 * calls suspend. Only names are compared, so the processor needs no jcoro class on its own path.
 */
final class CoroutineModel {
    static final String COROUTINE = "io.github.jcoro.Coroutine";
    static final String CO = "io.github.jcoro.Co";
    static final String GENERATOR = "io.github.jcoro.Generator";
    static final String BODY = "io.github.jcoro.Generator.Body";
    static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
    static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

    private static final Set<String> SUSPENSIONS = Set.of("yield", "yieldAll", "await", "sleep", "pause");
    private static final Set<String> ITERATION_TYPES = Set.of(
            "java.util.Iterator",
            "java.lang.Iterable",
            "java.util.Spliterator",
            "java.util.stream.Stream",
            "java.util.stream.BaseStream");

    /** The three kinds of coroutine, told apart by the declared return type. */
    enum Kind {
        GENERATOR,
        TASK,
        HELPER
    }

    private final Elements elements;
    private final Types types;
    private final Map<TypeElement, List<ExecutableElement>> abstractMethods = new HashMap<>();

    CoroutineModel(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** Whether the element is a method marked {@code @Coroutine}. */
    boolean isCoroutine(Element element) {
        if (!(element instanceof ExecutableElement)) {
            return false;
        }
        for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
            Element type = annotation.getAnnotationType().asElement();
            if (type instanceof TypeElement
                    && ((TypeElement) type).getQualifiedName().contentEquals(COROUTINE)) {
                return true;
            }
        }
        return false;
    }

    /** The kind of a coroutine method, by its declared return type. */
    Kind kindOf(ExecutableElement method) {
        String returned = qualifiedName(method.getReturnType());
        if (GENERATOR.equals(returned)) {
            return Kind.GENERATOR;
        }
        if (COMPLETABLE_FUTURE.equals(returned) || COMPLETION_STAGE.equals(returned)) {
            return Kind.TASK;
        }
        return Kind.HELPER;
    }

    /** Whether the method is one of {@code Co}'s suspension points. */
    boolean isSuspension(Element element) {
        return element instanceof ExecutableElement
                && SUSPENSIONS.contains(element.getSimpleName().toString())
                && element.getEnclosingElement() instanceof TypeElement
                && ((TypeElement) element.getEnclosingElement())
                        .getQualifiedName()
                        .contentEquals(CO);
    }

    /** Whether a lambda of this type is a generator body ({@code Generator.Body}). */
    boolean isGeneratorBody(TypeMirror type) {
        return BODY.equals(qualifiedName(type));
    }

    /**
     * Whether a lambda of this functional interface type returns a future, so that the instrumenter
     * makes it an async task when it waits ({@code Co.await}, {@code Co.sleep}, {@code Co.pause}).
     */
    boolean isTaskLambda(TypeMirror type) {
        if (type == null || type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        DeclaredType functional = (DeclaredType) type;
        for (ExecutableElement member : abstractMethods(functional)) {
            TypeMirror returned;
            try {
                returned =
                        ((javax.lang.model.type.ExecutableType) types.asMemberOf(functional, member)).getReturnType();
            } catch (IllegalArgumentException e) {
                returned = member.getReturnType();
            }
            if (returned.getKind() == TypeKind.WILDCARD) {
                TypeMirror bound = ((javax.lang.model.type.WildcardType) returned).getExtendsBound();
                returned = bound == null ? returned : bound;
            }
            String name = qualifiedName(types.erasure(returned));
            if (COMPLETABLE_FUTURE.equals(name) || COMPLETION_STAGE.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the single abstract method of a functional interface type returns {@code void}: a
     * lambda or method reference of that type drops what its body returns. Public methods of {@code
     * Object} redeclared abstract (as {@code Comparator.equals}) are not the functional method.
     */
    boolean returnsVoid(TypeMirror type) {
        if (type == null || type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        ExecutableElement method = null;
        for (ExecutableElement member : abstractMethods((DeclaredType) type)) {
            if (!isObjectMethod(member)) {
                if (method != null) {
                    return false;
                }
                method = member;
            }
        }
        return method != null && method.getReturnType().getKind() == TypeKind.VOID;
    }

    /**
     * The abstract methods of a type, inherited ones included; kept per type, since a compilation
     * asks again for each lambda and method reference of the same functional interface, and {@link
     * Elements#getAllMembers} builds the whole member scope each time.
     */
    private List<ExecutableElement> abstractMethods(DeclaredType type) {
        TypeElement element = (TypeElement) type.asElement();
        List<ExecutableElement> methods = abstractMethods.get(element);
        if (methods == null) {
            methods = new ArrayList<>();
            for (Element member : elements.getAllMembers(element)) {
                if (member instanceof ExecutableElement
                        && member.getModifiers().contains(javax.lang.model.element.Modifier.ABSTRACT)) {
                    methods.add((ExecutableElement) member);
                }
            }
            abstractMethods.put(element, methods);
        }
        return methods;
    }

    private static boolean isObjectMethod(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        int parameters = method.getParameters().size();
        return (name.equals("equals") && parameters == 1)
                || (name.equals("hashCode") && parameters == 0)
                || (name.equals("toString") && parameters == 0);
    }

    /**
     * Why the return type of a coroutine method is refused, or {@code null} when it is one of the
     * three kinds. Refused: types that look like a generator or a task but are not the ones jcoro
     * drives, which would silently make the method a mere helper.
     */
    String unsupportedReturnType(ExecutableElement method) {
        TypeMirror returned = method.getReturnType();
        String name = qualifiedName(returned);
        if (name == null
                || GENERATOR.equals(name)
                || COMPLETABLE_FUTURE.equals(name)
                || COMPLETION_STAGE.equals(name)) {
            return null;
        }
        TypeMirror erased = types.erasure(returned);
        if (ITERATION_TYPES.contains(name) || isSubtype(erased, GENERATOR)) {
            return "a @Coroutine method returning " + name + " would be a suspendable helper, not a generator;"
                    + " declare the return type io.github.jcoro.Generator<T> (it is an Iterator, an Iterable"
                    + " and has stream())";
        }
        if (isSubtype(erased, "java.util.concurrent.Future") || isSubtype(erased, COMPLETION_STAGE)) {
            return "a @Coroutine method returning " + name + " would be a suspendable helper, not an async task;"
                    + " declare the return type java.util.concurrent.CompletableFuture<T> or"
                    + " java.util.concurrent.CompletionStage<T>";
        }
        return null;
    }

    private boolean isSubtype(TypeMirror erased, String supertype) {
        TypeElement element = elements.getTypeElement(supertype);
        return element != null && types.isSubtype(erased, types.erasure(element.asType()));
    }

    /** The qualified name of a declared type, or {@code null} for any other type. */
    static String qualifiedName(TypeMirror type) {
        if (type == null || type.getKind() != TypeKind.DECLARED) {
            return null;
        }
        Element element = ((DeclaredType) type).asElement();
        return element instanceof TypeElement
                ? ((TypeElement) element).getQualifiedName().toString()
                : null;
    }
}
