package io.github.jcoro.internal;

/**
 * Re-enters the state machine of one {@code @Coroutine} method. The instrumenter makes one
 * (stateless, shared) instance per coroutine method with {@code invokedynamic} and {@code
 * LambdaMetafactory}, pointing at the method's synthetic body.
 *
 * <p>Not for users: only woven code implements it.
 */
@FunctionalInterface
public interface Resumer {
    /**
     * Runs the body of the coroutine from resume point {@code label} until it suspends or ends.
     *
     * @param frame the activation's frame (a {@link GeneratorFrame} or a {@link HelperFrame}),
     *     which holds the saved locals and operand stack
     * @param label where to resume: 0 is the start of the body, {@code k > 0} the {@code k}-th
     *     suspension point
     * @param sent the value the pending suspension returns inside the body
     * @param thrown if not {@code null}, raised at the pending suspension instead
     * @return when the body suspended (it stored a new label in the frame) the yielded value;
     *     otherwise what the body returned
     */
    Object resume(Object frame, int label, Object sent, Throwable thrown);
}
