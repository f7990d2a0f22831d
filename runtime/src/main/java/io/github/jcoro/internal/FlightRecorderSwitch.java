package io.github.jcoro.internal;

/**
 * Whether jcoro emits its JDK Flight Recorder events: the system property {@code jcoro.jfr} is
 * {@code true}. Read once, into a constant the JIT folds, so the runtime's hooks cost nothing when
 * it is off; this class names no {@code jdk.jfr} type, and {@link FlightRecorderEvents} (which does)
 * is never loaded then.
 *
 * <p>Not for users.
 */
public final class FlightRecorderSwitch {
    /** Whether the events are emitted ({@code -Djcoro.jfr=true}). */
    public static final boolean ENABLED = enabled();

    private FlightRecorderSwitch() {}

    private static boolean enabled() {
        try {
            return Boolean.getBoolean("jcoro.jfr");
        } catch (SecurityException e) {
            return false;
        }
    }
}
