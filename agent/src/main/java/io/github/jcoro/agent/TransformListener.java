package io.github.jcoro.agent;

import io.github.jcoro.instrument.Problem;
import java.nio.file.Path;

/**
 * Receives what the agent has to say: classes instrumented (with the {@code verbose} option), classes
 * it could not instrument, class files it could not dump (with {@code dump=<dir>}), the summary at
 * exit (with {@code verbose}), and notes. Class names are in Java form ({@code com.example.Foo}).
 *
 * <p>Called from the threads that load classes, possibly several at once: implementations must be
 * thread-safe. An exception thrown by a listener is swallowed by the agent, never by class loading.
 */
public interface TransformListener {
    /**
     * A class was rewritten (reported with the {@code verbose} option only).
     *
     * @param className the class
     * @param nanoseconds the time spent rewriting (and verifying) it
     */
    void onTransformed(String className, long nanoseconds);

    /**
     * One reason a class cannot be instrumented; the class is left unchanged. A class with several
     * problems gets one call per problem.
     *
     * @param className the class
     * @param problem what is wrong, naming the method and line
     */
    void onError(String className, Problem problem);

    /**
     * A class could not be instrumented because of an unexpected failure (an unreadable class file,
     * a bug of the instrumenter); the class is left unchanged.
     *
     * @param className the class
     * @param error what was thrown
     */
    void onError(String className, Throwable error);

    /**
     * Something the user should know that concerns no single class.
     *
     * @param message one line of text
     */
    void onNote(String message);

    /**
     * An instrumented class could not be written to the dump directory ({@code dump=<dir>} option).
     * The class itself is instrumented and loaded as usual. By default, reported as a {@linkplain
     * #onNote note}.
     *
     * @param className the class
     * @param file the file it was to be written to
     * @param error why writing failed
     */
    default void onDumpFailed(String className, Path file, Exception error) {
        onNote("cannot write the instrumented class " + className + " to " + file + ": " + error);
    }

    /**
     * The agent's work, once, when the JVM exits ({@code verbose} option only). Called from a
     * shutdown hook. By default, reported as a {@linkplain #onNote note}.
     *
     * @param summary what the transformer did
     */
    default void onSummary(TransformSummary summary) {
        onNote("summary: " + summary.describe());
    }
}
