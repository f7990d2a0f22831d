package io.github.jcoro.benchmarks;

import com.offbynull.coroutines.user.Continuation;
import com.offbynull.coroutines.user.Coroutine;

/**
 * The counter of the other rows as an offbynull coroutine: {@code run} takes a {@link Continuation},
 * so offbynull's maven-plugin instruments it at build time, and each {@code c.suspend()} saves its
 * frame. offbynull coroutines return no value: the counter leaves each value in a {@code long}
 * field, which {@link OffbynullGenerator} reads after each resume, as offbynull's users do (or
 * through {@code Continuation.setContext}, which would box).
 *
 * <p>A top-level class on purpose: nested classes carry Java 11 nest attributes, which offbynull's
 * instrumenter (written against ASM 6) is not asked to read.
 */
public final class OffbynullCounter implements Coroutine {

    /** The value of the last suspension. */
    long value;

    /** Creates a counter at 0, not yet started. */
    public OffbynullCounter() {}

    @Override
    public void run(Continuation c) {
        for (long i = 0; ; i++) {
            value = i & 127;
            c.suspend();
        }
    }
}
