package io.github.jcoro.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;

/**
 * Ways to get debug mode's live dump without writing code, installed once when the {@link
 * DebugRegistry} starts (at the first generator or task, or the first call of {@code
 * io.github.jcoro.Debug}):
 *
 * <ul>
 *   <li>{@code -Djcoro.debug.dumpOnExit=true}: a shutdown hook prints the dump to standard error
 *       when the JVM exits normally (not on {@code halt} or a crash);
 *   <li>{@code -Djcoro.debug.dumpOnSignal=USR2} (any signal name the JVM lets programs handle,
 *       with or without {@code SIG}): each time the process receives the signal, the dump is printed
 *       to standard error, as {@code kill -3} prints a thread dump. The handler is installed through
 *       {@code sun.misc.Signal} (module {@code jdk.unsupported}), found by reflection: where it is
 *       missing, or the signal cannot be handled (unknown, or the JVM's own, as {@code QUIT}), one
 *       line on standard error says so and the program runs on.
 * </ul>
 *
 * <p>Each dump printed is headed by one line, {@code [jcoro] dump at exit:} or {@code [jcoro] dump
 * on signal USR2:}. With debug mode off, a hook asked for is not installed, and one line says why.
 *
 * <p>Thread-safe: {@link #install} runs once, from the registry's class initialization; the handler
 * runs on the JVM's signal-dispatching thread, the exit hook on a shutdown-hook thread, and the dump
 * they print is a snapshot, as {@link DebugRegistry#dump()} is.
 */
final class DebugHooks {
    /** The system property that asks for the dump at exit. */
    static final String DUMP_ON_EXIT = "jcoro.debug.dumpOnExit";

    /** The system property naming the signal that prints the dump. */
    static final String DUMP_ON_SIGNAL = "jcoro.debug.dumpOnSignal";

    private static final String PREFIX = "[jcoro] ";

    private DebugHooks() {}

    /**
     * Installs the hooks the system properties ask for.
     *
     * @param enabled whether debug mode is on; when it is off, nothing is installed and a property
     *     set is reported as ignored
     */
    static void install(boolean enabled) {
        boolean onExit = Boolean.parseBoolean(property(DUMP_ON_EXIT));
        String signal = property(DUMP_ON_SIGNAL);
        if (!enabled) {
            if (onExit || (signal != null && !signal.isBlank())) {
                warn("-D" + (onExit ? DUMP_ON_EXIT : DUMP_ON_SIGNAL) + " is ignored: debug mode is off; add"
                        + " -Djcoro.debug=true to track coroutines");
            }
            return;
        }
        if (onExit) {
            installExitHook();
        }
        if (signal != null && !signal.isBlank()) {
            installSignalHandler(signalName(signal));
        }
    }

    /** @return the signal's name as {@code sun.misc.Signal} takes it: {@code USR2} for {@code sigusr2} */
    static String signalName(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        return name.startsWith("SIG") ? name.substring(3) : name;
    }

    private static void installExitHook() {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> print("dump at exit"), "jcoro-debug-dump-on-exit"));
        } catch (IllegalStateException | SecurityException e) {
            warn("cannot dump at exit (-D" + DUMP_ON_EXIT + "=true): " + e);
        }
    }

    /**
     * {@code sun.misc.Signal.handle(new Signal(name), handler)}, by reflection, so that the runtime
     * needs {@code jdk.unsupported} neither to compile nor to run.
     */
    static boolean installSignalHandler(String name) {
        String label = "dump on signal " + name;
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler onSignal = (proxy, method, arguments) -> switch (method.getName()) {
                case "handle" -> {
                    print(label);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == arguments[0];
                case "toString" -> "jcoro " + label;
                default -> throw new UnsupportedOperationException(method.toString());
            };
            Object handler =
                    Proxy.newProxyInstance(DebugHooks.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            handle.invoke(null, signal, handler);
            return true;
        } catch (ClassNotFoundException e) {
            warn("cannot dump on signal " + name + " (-D" + DUMP_ON_SIGNAL + "): this JVM has no sun.misc.Signal"
                    + " (module jdk.unsupported); use io.github.jcoro.Debug.dump() or the JMX operation dump of"
                    + " io.github.jcoro:type=Debug instead");
        } catch (InvocationTargetException e) {
            // Unknown signal, or one the JVM or the OS keeps for itself (QUIT, for thread dumps).
            warn("cannot dump on signal " + name + " (-D" + DUMP_ON_SIGNAL + "): "
                    + e.getCause().getMessage() + "; expected a signal the JVM lets programs handle, such as USR2");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            warn("cannot dump on signal " + name + " (-D" + DUMP_ON_SIGNAL + "): " + e);
        }
        return false;
    }

    private static void print(String label) {
        try {
            String dump = DebugRegistry.dump();
            System.err.print(PREFIX + label + ":\n" + dump);
            System.err.flush();
        } catch (Throwable ignored) {
            // Nothing to report to: a dump that fails must not kill the signal or shutdown thread.
        }
    }

    private static void warn(String message) {
        System.err.println(PREFIX + "debug: " + message);
    }

    private static String property(String name) {
        try {
            return System.getProperty(name);
        } catch (SecurityException e) {
            return null;
        }
    }
}
