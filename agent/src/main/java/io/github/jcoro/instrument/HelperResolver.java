package io.github.jcoro.instrument;

/**
 * Tells the instrumenter which methods of <em>other</em> classes are suspendable helpers, so that
 * calls of them from a coroutine are rewritten to pass the generator down. The agent answers from
 * the class files its class loader can find; the instrumenter knows the helpers of the class it
 * rewrites by itself.
 */
@FunctionalInterface
public interface HelperResolver {
    /** Knows no helper outside the class being rewritten. */
    HelperResolver NONE = (owner, name, descriptor) -> -1;

    /**
     * @param owner the internal name of the method's class
     * @param name the method's name
     * @param descriptor the method's descriptor
     * @return {@code -1} if the method is not a {@code @Coroutine} helper (or is not found);
     *     otherwise its access flags, with {@code Opcodes.ACC_FINAL} added when its class is final
     */
    int helperAccess(String owner, String name, String descriptor);

    /**
     * The class or interface that declares the helper a call of {@code owner.name(descriptor)}
     * resolves to: {@code owner} itself, or, for an inherited helper, a superclass or
     * superinterface of it. A helper's body is a static method of its declaring class.
     *
     * @param owner the internal name of the method's class, as the call names it
     * @param name the method's name
     * @param descriptor the method's descriptor
     * @return the internal name of the declaring class, or {@code null} if the method is not a
     *     {@code @Coroutine} helper
     */
    default String declaringClass(String owner, String name, String descriptor) {
        return helperAccess(owner, name, descriptor) < 0 ? null : owner;
    }
}
