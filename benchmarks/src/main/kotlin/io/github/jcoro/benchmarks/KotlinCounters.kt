// The Kotlin rows of the benchmarks, written in Kotlin so that the Kotlin compiler makes the state
// machines, as it does for a Kotlin user; the Java benchmarks call them through @JvmStatic.
package io.github.jcoro.benchmarks

import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

object KotlinCounters {
    /**
     * The counter of the other rows as a Kotlin sequence: `i and 127` for `i = 0, 1, 2, ...`. The
     * compiler boxes each value with `kotlin.coroutines.jvm.internal.Boxing.boxLong`, which calls
     * `new Long` (not the `Long.valueOf` cache): 24 bytes per value, as a Kotlin user gets them.
     */
    @JvmStatic
    fun sequenceCounter(): Iterator<Long> =
        sequence {
            var i = 0L
            while (true) {
                yield(i and 127L)
                i++
            }
        }.iterator()

    /**
     * Two coroutines in one `runBlocking` event loop, each calling `yield()` [switchesPerTask]
     * times, so control passes between them 2 × [switchesPerTask] times.
     *
     * @return the number of `yield()` calls made, to be consumed by the caller
     */
    @JvmStatic
    fun pingPong(switchesPerTask: Int): Long {
        var count = 0L
        runBlocking {
            repeat(2) {
                launch {
                    repeat(switchesPerTask) {
                        yield()
                        count++
                    }
                }
            }
        }
        return count
    }
}
