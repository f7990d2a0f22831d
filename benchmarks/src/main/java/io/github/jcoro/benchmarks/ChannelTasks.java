package io.github.jcoro.benchmarks;

import io.github.jcoro.Channel;
import io.github.jcoro.ChannelIterator;
import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import java.util.concurrent.CompletableFuture;

/** The channel tasks {@link ChannelHandoff} runs; instrumented by the jcoro agent. */
final class ChannelTasks {
    private ChannelTasks() {}

    /** Sends {@code 0 .. count-1}, then closes the channel. */
    @Coroutine
    static CompletableFuture<Void> produce(Channel<Integer> channel, int count) {
        for (int i = 0; i < count; i++) {
            Co.await(channel.send(i));
        }
        channel.close();
        return CompletableFuture.completedFuture(null);
    }

    /** Receives until the channel is closed and drained; returns the sum. */
    @Coroutine
    static CompletableFuture<Long> consume(Channel<Integer> channel) {
        long sum = 0;
        ChannelIterator<Integer> items = channel.iterator();
        while (Co.await(items.hasNext())) {
            sum += items.next();
        }
        return CompletableFuture.completedFuture(sum);
    }

    /** A producer and a consumer task on the current loop, {@code count} items between them. */
    @Coroutine
    static CompletableFuture<Long> handoff(int count, int capacity) {
        Channel<Integer> channel = new Channel<>(capacity);
        CompletableFuture<Long> consumer = consume(channel);
        CompletableFuture<Void> producer = produce(channel, count);
        Co.await(producer);
        return CompletableFuture.completedFuture(Co.await(consumer));
    }
}
