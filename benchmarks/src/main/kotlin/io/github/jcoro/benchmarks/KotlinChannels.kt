// The Kotlin row of ChannelHandoff, written in Kotlin so that the Kotlin compiler makes the state
// machines, as it does for a Kotlin user; ChannelHandoff calls it through @JvmStatic.
package io.github.jcoro.benchmarks

import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

object KotlinChannels {
    /**
     * A producer and a consumer coroutine in one `runBlocking` event loop, [items] items through a
     * `Channel(capacity)` (capacity 0 is Kotlin's rendezvous channel), as jcoro's
     * `ChannelTasks.handoff`: the consumer sums until the producer closes the channel.
     *
     * @return the sum of the items, to be consumed by the caller
     */
    @JvmStatic
    fun handoff(items: Int, capacity: Int): Long =
        runBlocking {
            val channel = Channel<Int>(capacity)
            val consumer =
                async {
                    var sum = 0L
                    for (item in channel) {
                        sum += item
                    }
                    sum
                }
            launch {
                for (i in 0 until items) {
                    channel.send(i)
                }
                channel.close()
            }
            consumer.await()
        }
}
