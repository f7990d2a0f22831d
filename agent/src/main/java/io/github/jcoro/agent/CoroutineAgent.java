package io.github.jcoro.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point of {@code -javaagent:jcoro-agent.jar[=options]}: registers a {@link
 * CoroutineTransformer} that rewrites {@code @Coroutine} methods as classes load. The options are
 * those of {@link AgentOptions}, for instance {@code -javaagent:jcoro-agent.jar=verbose,verify}. With
 * {@code verbose}, a shutdown hook prints a {@linkplain TransformSummary summary} of the agent's work
 * when the JVM exits (not when {@code failfast} halts it).
 *
 * <p>The agent can also be attached to a running JVM ({@code agentmain}); classes loaded before
 * that are not rewritten, since the agent does not retransform classes.
 */
public final class CoroutineAgent {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private CoroutineAgent() {}

    /**
     * Called by the JVM before {@code main} for {@code -javaagent}.
     *
     * @param argument the options, or {@code null}
     * @param instrumentation the JVM's instrumentation service
     * @throws IllegalArgumentException for an unknown option, so that the JVM does not start
     */
    public static void premain(String argument, Instrumentation instrumentation) {
        install(argument, instrumentation, new StderrListener());
    }

    /**
     * Called by the JVM when the agent is attached to a running JVM. Reports, as a note, how many
     * application classes were loaded before and so are not instrumented.
     *
     * @param argument the options, or {@code null}
     * @param instrumentation the JVM's instrumentation service
     * @throws IllegalArgumentException for an unknown option, so that the attach fails
     */
    public static void agentmain(String argument, Instrumentation instrumentation) {
        StderrListener listener = new StderrListener();
        if (!install(argument, instrumentation, listener)) {
            return;
        }
        int loadedBefore = 0;
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.getClassLoader() != null
                    && !type.isArray()
                    && !type.isHidden()
                    && !CoroutineTransformer.isExcluded(type.getName().replace('.', '/'))) {
                loadedBefore++;
            }
        }
        if (loadedBefore > 0) {
            listener.onNote(loadedBefore + (loadedBefore == 1 ? " application class was" : " application classes were")
                    + " loaded before the agent was attached and cannot be instrumented any more; a @Coroutine"
                    + " method among them throws IllegalStateException at its first suspension. Use -javaagent"
                    + " at start-up to instrument every class.");
        }
    }

    /** The {@code verbose} option's last line, printed by a shutdown hook. */
    private static void summarize(CoroutineTransformer transformer, TransformListener listener) {
        try {
            listener.onSummary(transformer.summary());
        } catch (RuntimeException ignored) {
            // Nothing is left to report to while the JVM exits.
        }
    }

    /**
     * @return {@code true} if the transformer was registered, {@code false} if an earlier call did
     */
    private static boolean install(String argument, Instrumentation instrumentation, TransformListener listener) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(argument);
        } catch (IllegalArgumentException e) {
            // The JVM's own report of a failing premain is a long stack trace; say it plainly first.
            System.err.println(StderrListener.PREFIX + "error: " + e.getMessage());
            throw e;
        }
        if (!INSTALLED.compareAndSet(false, true)) {
            listener.onNote("the agent is already installed; ignoring its second installation"
                    + (argument == null ? "" : " (options '" + argument + "')"));
            return false;
        }
        CoroutineTransformer transformer = new CoroutineTransformer(options, listener);
        instrumentation.addTransformer(transformer, false);
        if (options.verbose()) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> summarize(transformer, listener), "jcoro-agent-summary"));
        }
        startDebugHooks();
        return true;
    }

    /**
     * With {@code -Djcoro.debug.dumpOnSignal}, starts debug mode now, so the signal's handler is in
     * place before {@code main} (else it would be installed at the first coroutine, and the signal
     * arriving before that would end the JVM). Nothing happens when jcoro's runtime is not on the
     * system class path: debug mode then starts with the first coroutine, as without the agent.
     */
    private static void startDebugHooks() {
        if (System.getProperty("jcoro.debug.dumpOnSignal") == null) {
            return;
        }
        try {
            Class.forName("io.github.jcoro.internal.DebugRegistry", true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // the runtime is loaded later, by another loader
        }
    }
}
