package io.github.jcoro;

import io.github.jcoro.instrument.fixture.Trace;

/**
 * The eager reference of the fixture corpus: the same public signature as the runtime's Co, but
 * Co.yield does not suspend. It records "yield v" in the trace and returns the value the driver of
 * the instrumented run sends at that point (null by default, see Trace.reply). Fixture classes are
 * run un-instrumented against this class in a class loader of their own.
 */
public final class Co {
    private Co() {}

    @SuppressWarnings("unchecked")
    public static <R> R yield(Object value) {
        return (R) Trace.eagerYield(value);
    }
}
