package io.github.jcoro;

/**
 * Raised at the pending {@link Co#yield(Object) Co.yield} of a generator that is being {@linkplain
 * Generator#close() closed}, so that its {@code finally} blocks and try-with-resources run.
 *
 * <p>It is an {@link Error}, so {@code catch (Exception e)} does not swallow it. A body that catches
 * it must not yield again (then {@code close()} throws {@link IllegalStateException}); rethrowing
 * it or returning ends the generator quietly.
 */
public final class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the signal; it carries no stack trace, as it is control flow, not a failure. */
    public GeneratorExit() {
        super("generator closed", null, false, false);
    }
}
