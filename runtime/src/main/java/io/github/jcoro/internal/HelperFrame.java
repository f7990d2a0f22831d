package io.github.jcoro.internal;

/**
 * The frame of one activation of a suspendable helper (a {@code @Coroutine} method that returns
 * neither a generator nor a future), allocated when the activation first suspends, never before.
 * A subclass from {@link HelperFrames} adds the typed slots that hold its saved locals and stack.
 *
 * <p>Suspended frames form a chain from the innermost activation outward through {@link #caller}
 * to the generator, which resumes the innermost frame directly: a resume costs the same at any
 * depth. When a resumed frame returns, the generator resumes its caller with the result.
 *
 * <p>Not for users.
 */
public abstract class HelperFrame {
    /** {@link #label} while the driver runs this frame's code. */
    public static final int RUNNING = -1;

    /** Where the activation resumes: the label of its pending suspension point. */
    public int label;

    /**
     * The frame to resume when this one returns: another {@code HelperFrame}, or the {@link
     * GeneratorFrame} itself; {@code null} until the caller has saved itself.
     */
    public Object caller;

    /** The generator this activation runs in. */
    public final GeneratorFrame<?> generator;

    final Resumer resumer;

    /**
     * @param resumer the entry into the helper's body
     * @param generator the generator the helper runs in
     */
    protected HelperFrame(Resumer resumer, GeneratorFrame<?> generator) {
        this.resumer = resumer;
        this.generator = generator;
    }
}
