package io.github.jcoro.internal;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For the dispatcher of an overridable {@code @Coroutine} helper: whether the receiver's class
 * overrides the helper with a plain (not rewritten) method.
 *
 * <p>A coroutine calls an overridable helper through its <em>dispatcher</em>, a synthetic instance
 * method with the helper's name and its arguments followed by the generator. A rewritten override
 * has a dispatcher of its own, which overrides the base's, so virtual dispatch reaches it. A plain
 * override has none: the base's dispatcher runs, asks here, and then calls the override as a plain
 * method, so the call still runs the code the receiver's class chose. The answer is cached per
 * receiver class, so after the first call it costs a {@link ClassValue} lookup, and a receiver of
 * the declaring class itself is not asked at all.
 *
 * <p>Not for users.
 */
public final class Overrides {
    private static final ClassValue<ConcurrentHashMap<String, Boolean>> PLAIN = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Boolean> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Overrides() {}

    /**
     * For woven code in the dispatcher of {@code declaring}'s helper {@code name(descriptor)}:
     * whether {@code receiver}'s class overrides it with a method that has no dispatcher.
     *
     * @param receiver the receiver of the call, an instance of a strict subtype of {@code declaring}
     * @param declaring the class or interface that declares the helper
     * @param name the helper's name
     * @param descriptor the helper's descriptor
     * @return {@code true} when the call must go to the receiver's own {@code name(descriptor)}
     */
    public static boolean plainlyOverridden(Object receiver, Class<?> declaring, String name, String descriptor) {
        Class<?> type = receiver.getClass();
        return PLAIN.get(type)
                .computeIfAbsent(
                        declaring.getName() + '.' + name + descriptor,
                        key -> findPlainOverride(type, declaring, name, descriptor));
    }

    private static boolean findPlainOverride(Class<?> type, Class<?> declaring, String name, String descriptor) {
        Class<?>[] parameters = MethodType.fromMethodDescriptorString(descriptor, declaring.getClassLoader())
                .parameterArray();
        boolean packagePrivate;
        try {
            int modifiers = declaring.getDeclaredMethod(name, parameters).getModifiers();
            packagePrivate = (modifiers & (Modifier.PUBLIC | Modifier.PROTECTED)) == 0;
        } catch (NoSuchMethodException e) {
            return false; // cannot happen: the dispatcher's own class declares the helper
        }
        // The dispatcher reached is declaring's, so no class or interface below it that the JVM
        // would have chosen has a dispatcher: any override of the helper found there is plain.
        for (Class<?> k = type; k != null && k != declaring; k = k.getSuperclass()) {
            try {
                Method method = k.getDeclaredMethod(name, parameters);
                boolean overrides = !Modifier.isStatic(method.getModifiers())
                        && !Modifier.isPrivate(method.getModifiers())
                        // a package-private helper is overridden only from its own run-time package
                        && (!packagePrivate || samePackage(k, declaring));
                if (overrides) {
                    return true;
                }
            } catch (NoSuchMethodException e) {
                // not declared here: look further up
            }
        }
        if (declaring.isInterface()) {
            try {
                // A more specific interface's default method overrides declaring's.
                return type.getMethod(name, parameters).getDeclaringClass() != declaring;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean samePackage(Class<?> a, Class<?> b) {
        return a.getClassLoader() == b.getClassLoader() && a.getPackageName().equals(b.getPackageName());
    }
}
