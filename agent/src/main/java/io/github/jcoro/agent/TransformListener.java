package io.github.jcoro.agent;

import io.github.jcoro.instrument.Problem;

/**
 * Receives what the agent has to say: classes instrumented (with the {@code verbose} option), classes
 * it could not instrument, and notes. Class names are in Java form ({@code com.example.Foo}).
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
}
