package io.github.jcoro.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The bootstrap of the {@code invokedynamic} that makes a coroutine frame's {@link Resumer}: it is
 * {@link LambdaMetafactory#metafactory}, plus one static argument the instrumenter writes, the
 * method's source file, name and the source line of each of its resume points. The bootstrap runs
 * once per call site, when the JVM links it; it notes that description against the lambda's class,
 * so that a debug dump can print a suspended frame as {@code Class.method(File.java:line)}. Nothing
 * is added to the frames, and nothing runs on the yield/resume path.
 *
 * <p>Thread-safe. Not for users.
 */
public final class Resumers {
    /** Resumer lambda class to its method. Weak keys: a class that is unloaded drops its entry. */
    private static final Map<Class<?>, Site> SITES = Collections.synchronizedMap(new WeakHashMap<>());

    private Resumers() {}

    /**
     * A coroutine method (generator or task body, or helper) as the instrumenter described it.
     *
     * @param className the binary name of the declaring class
     * @param method the method's source name
     * @param file the source file, or {@code null} if the class file does not say
     * @param lines the source line of each label (index), 0 where unknown
     */
    public record Site(String className, String method, String file, int[] lines) {
        /**
         * @param label a resume point of the method
         * @return {@code Class.method(File.java:line)}, as in a stack trace
         */
        public String frame(int label) {
            int line = label >= 0 && label < lines.length ? lines[label] : 0;
            String where = file == null ? "Unknown Source" : line > 0 ? file + ":" + line : file;
            return className + "." + method + "(" + where + ")";
        }
    }

    /**
     * The bootstrap method of a resumer's {@code invokedynamic}: {@link LambdaMetafactory#metafactory}
     * with the same arguments, and the method's description.
     *
     * @param caller the class with the call site
     * @param name {@code resume}
     * @param type {@code ()Resumer}
     * @param samMethodType the erased type of {@link Resumer#resume}
     * @param implementation the body (or helper resume bridge)
     * @param instantiatedMethodType the implementation's type
     * @param description {@code file|method|line0,line1,...} (file empty when unknown)
     * @return the call site, as the metafactory made it
     * @throws LambdaConversionException as {@link LambdaMetafactory#metafactory}
     */
    public static CallSite metafactory(
            MethodHandles.Lookup caller,
            String name,
            MethodType type,
            MethodType samMethodType,
            MethodHandle implementation,
            MethodType instantiatedMethodType,
            String description)
            throws LambdaConversionException {
        CallSite site = LambdaMetafactory.metafactory(
                caller, name, type, samMethodType, implementation, instantiatedMethodType);
        if (type.parameterCount() == 0) {
            try {
                Object resumer = site.getTarget().invoke();
                SITES.put(resumer.getClass(), parse(caller.lookupClass().getName(), description));
            } catch (Throwable ignored) {
                // only a debug aid: a site that cannot be described prints as unknown
            }
        }
        return site;
    }

    /**
     * The method a resumer enters.
     *
     * @param resumer a frame's resumer, or {@code null}
     * @return its method, or {@code null} if unknown
     */
    public static Site site(Object resumer) {
        return resumer == null ? null : SITES.get(resumer.getClass());
    }

    static Site parse(String className, String description) {
        int bar2 = description.lastIndexOf('|');
        int bar1 = description.lastIndexOf('|', bar2 - 1);
        String file = description.substring(0, bar1);
        String method = description.substring(bar1 + 1, bar2);
        String numbers = description.substring(bar2 + 1);
        String[] parts = numbers.isEmpty() ? new String[0] : numbers.split(",");
        int[] lines = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            lines[i] = Integer.parseInt(parts[i]);
        }
        return new Site(className, method, file.isEmpty() ? null : file, lines);
    }
}
