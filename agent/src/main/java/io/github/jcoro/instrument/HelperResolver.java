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
}
