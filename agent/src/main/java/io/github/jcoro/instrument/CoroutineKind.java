package io.github.jcoro.instrument;

import org.objectweb.asm.Type;

/** What a coroutine method is, told by its return type. */
enum CoroutineKind {
    /** Returns {@code Generator}: a lazy sequence, suspended at {@code Co.yield}. */
    GENERATOR,
    /** Returns {@code CompletableFuture} or {@code CompletionStage}: started at once, waits at {@code Co.await}. */
    TASK,
    /** Returns anything else: runs inside the coroutine that calls it and suspends it. */
    HELPER;

    static CoroutineKind of(String methodDescriptor) {
        String returned = Type.getReturnType(methodDescriptor).getDescriptor();
        switch (returned) {
            case CoroutineInstrumenter.GENERATOR_DESCRIPTOR:
                return GENERATOR;
            case "Ljava/util/concurrent/CompletableFuture;":
            case "Ljava/util/concurrent/CompletionStage;":
                return TASK;
            default:
                return HELPER;
        }
    }
}
