package io.github.jcoro.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The counter on Loom's own one-shot continuation, {@code jdk.internal.vm.Continuation}, the
 * mechanism under virtual threads: {@link #next()} runs the continuation, whose body stores the
 * next value and yields its scope.
 *
 * <p>The class is internal to {@code java.base}: it needs JDK 21 or newer and {@code --add-exports
 * java.base/jdk.internal.vm=ALL-UNNAMED} at run time. The benchmarks compile with {@code --release
 * 17} (where the class does not exist, and where javac refuses {@code --add-exports} of a system
 * module), so it is reached through method handles found once, in static finals: the JIT treats
 * them as constants and inlines through them as through direct calls. On an older JDK, or without
 * the export, {@link #UNAVAILABLE} says why, and creating a generator throws.
 */
public final class LoomGenerator {
    /** Why Loom's continuation cannot be used here, or {@code null} if it can. */
    public static final String UNAVAILABLE;

    /** Whether Loom's continuation can be used here. */
    public static final boolean AVAILABLE;

    private static final Object SCOPE;
    private static final MethodHandle NEW; // (Object scope, Runnable) Object
    private static final MethodHandle RUN; // (Object) void
    private static final MethodHandle YIELD; // (Object scope) boolean

    static {
        String unavailable = null;
        Object scope = null;
        MethodHandle create = null;
        MethodHandle run = null;
        MethodHandle yield = null;
        try {
            Class<?> scopeType = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> continuationType = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            scope = lookup.findConstructor(scopeType, MethodType.methodType(void.class, String.class))
                    .invoke("jcoro-benchmarks");
            create = lookup.findConstructor(
                            continuationType, MethodType.methodType(void.class, scopeType, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            run = lookup.findVirtual(continuationType, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            yield = lookup.findStatic(continuationType, "yield", MethodType.methodType(boolean.class, scopeType))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (ClassNotFoundException e) {
            unavailable = "jdk.internal.vm.Continuation does not exist on JDK "
                    + Runtime.version().feature() + " (JDK 21 or newer has it)";
        } catch (IllegalAccessException e) {
            unavailable = "jdk.internal.vm is not exported: run with --add-exports "
                    + "java.base/jdk.internal.vm=ALL-UNNAMED (" + e.getMessage() + ")";
        } catch (Throwable e) {
            unavailable = "jdk.internal.vm.Continuation cannot be used: " + e;
        }
        UNAVAILABLE = unavailable;
        AVAILABLE = unavailable == null;
        SCOPE = scope;
        NEW = create;
        RUN = run;
        YIELD = yield;
    }

    private final Object continuation;
    private long value;

    /** Creates a counter at 0, not yet started. */
    public LoomGenerator() {
        if (!AVAILABLE) {
            throw new UnsupportedOperationException(UNAVAILABLE);
        }
        try {
            continuation = (Object) NEW.invokeExact(SCOPE, (Runnable) this::body);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the continuation to its next yield.
     *
     * @return the value it stored
     */
    public long next() {
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return value;
    }

    private void body() {
        for (long i = 0; ; i++) {
            value = i & 127;
            try {
                boolean yielded = (boolean) YIELD.invokeExact(SCOPE);
                if (!yielded) {
                    throw new IllegalStateException("the continuation is pinned");
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
