package io.github.jcoro.agent;

import java.util.Locale;

/**
 * What the agent's transformer has done so far, as the {@code verbose} option's summary at exit
 * prints it. Every class the JVM passed to the transformer is counted once, in exactly one of the
 * skipped, instrumented and failed counts.
 *
 * @param scanned the classes passed to the transformer
 * @param skippedByName the classes skipped without looking at their bytes: the JDK's, jcoro's own,
 *     the bootstrap loader's, redefinitions
 * @param skippedByPrecheck the classes whose constant pool names no {@code @Coroutine}
 * @param unchanged the classes parsed that turned out to need no rewriting
 * @param instrumented the classes rewritten and handed back to the JVM
 * @param failed the classes that could not be instrumented (refused, failing the verifier, or an
 *     unexpected exception), left unchanged
 * @param nanoseconds the time spent in the transformer, all classes together
 */
public record TransformSummary(
        long scanned,
        long skippedByName,
        long skippedByPrecheck,
        long unchanged,
        long instrumented,
        long failed,
        long nanoseconds) {
    /** @return the classes skipped, whatever the reason */
    public long skipped() {
        return skippedByName + skippedByPrecheck + unchanged;
    }

    /**
     * @return one line: {@code 6235 classes scanned, 6201 skipped (5120 by name, 1081 by the
     *     pre-check, 0 after parsing), 30 instrumented, 4 failed, 182 ms in the transformer}
     */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%d %s scanned, %d skipped (%d by name, %d by the pre-check, %d after parsing), %d instrumented,"
                        + " %d failed, %d ms in the transformer",
                scanned,
                scanned == 1 ? "class" : "classes",
                skipped(),
                skippedByName,
                skippedByPrecheck,
                unchanged,
                instrumented,
                failed,
                Math.round(nanoseconds / 1_000_000.0));
    }
}
