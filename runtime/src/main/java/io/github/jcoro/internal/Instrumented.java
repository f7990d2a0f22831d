package io.github.jcoro.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on every class jcoro rewrote (by the agent or the processor), so that no route instruments a
 * class twice. Not for users.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Instrumented {
    /**
     * The version of the state-machine layout the class was rewritten for.
     *
     * @return the layout version
     */
    int version();
}
