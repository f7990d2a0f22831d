package io.github.jcoro.internal;

/**
 * The frame of one activation of a suspendable helper (a {@code @Coroutine} method that returns
 * neither a generator nor a future), allocated when the activation first suspends, never before.
 * It holds the activation's saved locals and operand stack in typed slots: the first {@code long}
 * and the first {@code Object} slot here, the others in a subclass from {@link HelperFrames}. A
 * helper that needs no more than these two is an instance of the small shape, {@link
 * HelperFrames.L1R1}, and its woven code never casts its frame: resuming it costs no class check
 * beyond the call of its resumer.
 *
 * <p>Suspended frames form a chain from the innermost activation outward through {@link #caller}
 * to the generator, which resumes the innermost frame directly: a resume costs the same at any
 * depth. When a resumed frame returns, the generator resumes its caller with the result.
 *
 * <p>Not for users.
 */
public abstract class HelperFrame {
    /**
     * {@link #label} once a resumed activation has returned: the driver tells so a helper that
     * returned from one that suspended again (which stored the label of its new suspension point).
     */
    public static final int RETURNED = -1;

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

    /** The first primitive slot ({@code int}, {@code float} and {@code double} by their bits). */
    public long l0;

    /** The first reference slot. */
    public Object r0;

    /**
     * For woven code where a helper's body returns: marks the frame of a resumed activation as
     * {@link #RETURNED}. An activation called directly and never suspended has no frame.
     *
     * @param frame the activation's frame, or {@code null}
     */
    public static void returning(HelperFrame frame) {
        if (frame != null) {
            frame.label = RETURNED;
        }
    }

    /**
     * @param resumer the entry into the helper's body
     * @param generator the generator the helper runs in
     */
    protected HelperFrame(Resumer resumer, GeneratorFrame<?> generator) {
        this.resumer = resumer;
        this.generator = generator;
    }
}
