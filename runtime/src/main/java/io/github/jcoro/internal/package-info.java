/**
 * Support for the code jcoro's instrumenter weaves into {@code @Coroutine} methods. <b>Not for
 * users:</b> everything here may change in any release, and only woven code may call it.
 */
package io.github.jcoro.internal;
