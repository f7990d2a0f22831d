package io.github.jcoro.instrument;

/**
 * Rewrites the {@code @Coroutine} methods of a class file into resumable state machines.
 * (Implementation in progress.)
 */
public final class CoroutineInstrumenter {
    /** Descriptor of {@code @io.github.jcoro.Coroutine}. */
    public static final String COROUTINE_DESCRIPTOR = "Lio/github/jcoro/Coroutine;";

    /** Descriptor of the marker put on instrumented classes. */
    public static final String INSTRUMENTED_DESCRIPTOR = "Lio/github/jcoro/internal/Instrumented;";

    /**
     * @param classFile the bytes of one class file
     * @return the rewritten class file, or {@code null} when the class has no {@code @Coroutine}
     *     method or was instrumented already
     * @throws InstrumentationException when a coroutine cannot be rewritten (every problem listed)
     */
    public byte[] instrument(byte[] classFile) {
        throw new IllegalStateException("in progress");
    }
}
