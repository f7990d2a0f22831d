package io.github.jcoro.agent;

import io.github.jcoro.instrument.ClassFilePrecheck;
import io.github.jcoro.instrument.CoroutineInstrumenter;
import io.github.jcoro.instrument.InstrumentationException;
import io.github.jcoro.instrument.Problem;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Rewrites the {@code @Coroutine} methods of each class as it is loaded.
 *
 * <p>Most classes cost a name test or a {@linkplain ClassFilePrecheck byte-level scan} of their
 * constant pool: classes of the bootstrap loader, of the JDK and of jcoro itself are skipped by
 * name, and only classes whose constant pool names {@code @Coroutine} (and not the instrumented
 * marker) are parsed.
 *
 * <p>{@link #transform} never throws: a class that cannot be instrumented is reported to the
 * {@link TransformListener} and loaded unchanged, so that its coroutines fail at their first
 * suspension with a message saying they were not instrumented. With the {@code failfast} option
 * the JVM stops instead, after the report.
 *
 * <p>With the {@code dump=<dir>} option, every class handed back to the JVM is also written under
 * that directory; a file that cannot be written is reported to the listener, and the class is
 * loaded instrumented all the same. Every call is counted, for the {@linkplain #summary() summary}
 * the {@code verbose} option prints at exit.
 *
 * <h2>Thread safety</h2>
 *
 * Safe for the concurrent class loading the JVM does: the {@link CoroutineInstrumenter} it calls
 * holds no mutable state, and the transformer's only mutable state is its counters, which are
 * thread-safe.
 */
public final class CoroutineTransformer implements ClassFileTransformer {
    /** Internal-name prefixes of classes that are never instrumented. */
    private static final List<String> EXCLUDED_PREFIXES = List.of(
            "java/",
            "javax/",
            "jdk/",
            "sun/",
            "com/sun/",
            "io/github/jcoro/internal/",
            "io/github/jcoro/agent/",
            "io/github/jcoro/instrument/");

    /** The package of jcoro's public runtime classes ({@code Co}, {@code Generator}, ...). */
    private static final String RUNTIME_PACKAGE = "io/github/jcoro/";

    private final AgentOptions options;
    private final TransformListener listener;
    private final BiFunction<ClassLoader, byte[], byte[]> instrumenter;
    private final Runnable failFast;
    private final ClassFileDump dump;
    private final TransformStatistics statistics = new TransformStatistics();

    /**
     * @param options the agent's options
     * @param listener where to report instrumented classes and errors
     */
    public CoroutineTransformer(AgentOptions options, TransformListener listener) {
        // Helpers of other classes are found through the loader of the class being transformed.
        this(
                options,
                listener,
                (BiFunction<ClassLoader, byte[], byte[]>) (loader, bytes) ->
                        new CoroutineInstrumenter(new ClassLoaderHelperResolver(loader)).instrument(bytes),
                CoroutineTransformer::halt);
    }

    /**
     * @param instrumenter rewrites a class file, or returns {@code null} to leave it unchanged
     * @param failFast run after the first error is reported when the {@code failfast} option is set
     */
    CoroutineTransformer(
            AgentOptions options,
            TransformListener listener,
            Function<byte[], byte[]> instrumenter,
            Runnable failFast) {
        this(options, listener, (loader, bytes) -> instrumenter.apply(bytes), failFast);
        Objects.requireNonNull(instrumenter, "instrumenter");
    }

    private CoroutineTransformer(
            AgentOptions options,
            TransformListener listener,
            BiFunction<ClassLoader, byte[], byte[]> instrumenter,
            Runnable failFast) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.instrumenter = Objects.requireNonNull(instrumenter, "instrumenter");
        this.failFast = Objects.requireNonNull(failFast, "failFast");
        this.dump = options.dumpDirectory() == null ? null : new ClassFileDump(options.dumpDirectory());
    }

    /**
     * Tells whether a class is never instrumented because of its name: the JDK's classes and
     * jcoro's own.
     *
     * @param internalName a class name with slashes ({@code com/example/Foo})
     * @return {@code true} if the class is skipped without looking at its bytes
     */
    public static boolean isExcluded(String internalName) {
        for (String prefix : EXCLUDED_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return internalName.startsWith(RUNTIME_PACKAGE) && internalName.indexOf('/', RUNTIME_PACKAGE.length()) < 0;
    }

    /**
     * Returns the rewritten class, or {@code null} to leave it unchanged: when it needs no
     * instrumentation, and when it cannot be instrumented (reported to the listener). Never throws.
     */
    @Override
    public byte[] transform(
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classfileBuffer) {
        long start = System.nanoTime();
        statistics.scanned.increment();
        try {
            return transform(loader, className, classBeingRedefined, classfileBuffer, start);
        } finally {
            statistics.nanoseconds.add(System.nanoTime() - start);
        }
    }

    /**
     * What the transformer has done so far: the classes it was passed, skipped, instrumented and
     * failed, and the time it took.
     *
     * @return the counts at the time of the call
     */
    public TransformSummary summary() {
        return statistics.summary();
    }

    private byte[] transform(
            ClassLoader loader, String className, Class<?> classBeingRedefined, byte[] classfileBuffer, long start) {
        if (className == null || loader == null || classBeingRedefined != null || isExcluded(className)) {
            statistics.skippedByName.increment();
            return null;
        }
        if (!ClassFilePrecheck.mayNeedInstrumentation(classfileBuffer)) {
            statistics.skippedByPrecheck.increment();
            return null;
        }
        String javaName = className.replace('/', '.');
        try {
            byte[] rewritten = instrumenter.apply(loader, classfileBuffer);
            if (rewritten == null) {
                statistics.unchanged.increment();
                return null;
            }
            if (options.verify()) {
                List<Problem> problems = ClassVerifier.verify(rewritten, javaName, loader);
                if (!problems.isEmpty()) {
                    statistics.failed.increment();
                    reportProblems(javaName, problems);
                    return null;
                }
            }
            if (options.verbose()) {
                long elapsed = System.nanoTime() - start;
                report(() -> listener.onTransformed(javaName, elapsed));
            }
            if (dump != null) {
                write(className, javaName, rewritten);
            }
            statistics.instrumented.increment();
            return rewritten;
        } catch (InstrumentationException e) {
            statistics.failed.increment();
            reportProblems(javaName, e.problems());
            return null;
        } catch (Throwable e) {
            statistics.failed.increment();
            report(() -> listener.onError(javaName, e));
            stopIfFailFast();
            return null;
        }
    }

    /** Writes a class to the dump directory; a failure is reported, and the class loads all the same. */
    private void write(String internalName, String javaName, byte[] classFile) {
        Path file = null;
        try {
            file = dump.fileOf(internalName);
            dump.write(internalName, classFile);
        } catch (IOException | RuntimeException e) {
            Path failed = file;
            report(() -> listener.onDumpFailed(javaName, failed, e));
        }
    }

    private void reportProblems(String javaName, List<Problem> problems) {
        for (Problem problem : problems) {
            // The instrumenter names the class it read; when it could not read the class file at all,
            // the name the JVM gave is the better one.
            Problem named = problem.className().equals(javaName)
                    ? problem
                    : new Problem(javaName, problem.method(), problem.line(), problem.message());
            report(() -> listener.onError(javaName, named));
        }
        stopIfFailFast();
    }

    private void stopIfFailFast() {
        if (options.failFast()) {
            failFast.run();
        }
    }

    /** Runs a call of the listener, which must not make class loading fail. */
    private static void report(Runnable call) {
        try {
            call.run();
        } catch (Throwable ignored) {
            // A listener that fails has nowhere to report to; the class is still handled.
        }
    }

    private static void halt() {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }
}
