package io.github.jcoro;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body is rewritten into a resumable state machine.
 *
 * <p>The kind of coroutine is told by the declared return type. A method returning {@link
 * Generator} is a <em>generator</em>: calling it runs nothing and returns a lazy generator whose
 * body runs up to the next {@link Co#yield(Object) Co.yield} each time the caller pulls a value.
 * The body ends with {@code return Generator.empty();}.
 *
 * <p>The rewrite happens either at class-load time ({@code -javaagent:jcoro-agent.jar}) or at
 * build time (the {@code jcoro-processor} annotation processor). A class whose coroutines were not
 * rewritten fails loudly: the first {@code Co.yield} throws {@link IllegalStateException} saying how
 * to instrument it.
 *
 * <p>A coroutine method must not be {@code abstract}, {@code native} or {@code synchronized}, and
 * must not suspend while holding a monitor; the instrumenter rejects those with the class, method
 * and source line.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Coroutine {}
