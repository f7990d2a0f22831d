package io.github.jcoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.internal.Abandonable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Select driven with plain futures. */
class SelectTest {
    @Test
    void firesTheFirstReadyClause_inClauseOrder() {
        Channel<String> a = new Channel<>(1, "a");
        Channel<String> b = new Channel<>(1, "b");
        b.send("from b");
        a.send("from a");
        CompletableFuture<String> picked = Select.<String>builder()
                .onReceive(a, x -> "a: " + x)
                .onReceive(b, x -> "b: " + x)
                .select();
        assertEquals("a: from a", picked.join());
        assertEquals("from b", b.tryReceive(), "the clause that did not fire took nothing");
    }

    @Test
    void waits_thenTheFirstOperationFires_andTheOtherRegistrationsAreWithdrawn() {
        Channel<String> a = new Channel<>(0, "a");
        Channel<String> b = new Channel<>(0, "b");
        Channel<String> out = new Channel<>(0, "out");
        CompletableFuture<String> picked = Select.<String>builder()
                .onReceive(a, x -> "a: " + x)
                .onReceive(b, x -> "b: " + x)
                .onSend(out, "offer", () -> "sent")
                .select();
        assertInstanceOf(Abandonable.class, picked);
        assertFalse(picked.isDone());
        assertEquals(1, a.queuedReceivers());
        assertTrue(b.trySend("x"), "the select's receiver takes it");
        assertEquals("b: x", picked.join());
        assertEquals(0, a.queuedReceivers(), "withdrawn from a");
        assertEquals(0, out.queuedSenders(), "withdrawn from out");
        assertFalse(a.trySend("y"), "nobody receives from a any more");
        assertNull(out.tryReceive(), "the offer was withdrawn");
    }

    @Test
    void sendClause_firesWhenAReceiverTakesTheItem() {
        Channel<Integer> out = new Channel<>(0);
        Channel<Integer> in = new Channel<>(0);
        CompletableFuture<String> picked = Select.<String>builder()
                .onReceive(in, x -> "got " + x)
                .onSend(out, 42, () -> "sent 42")
                .select();
        assertEquals(42, out.receive().join());
        assertEquals("sent 42", picked.join());
    }

    @Test
    void twoSelectsMeet_oneSendsAndTheOtherReceives() {
        Channel<Integer> c = new Channel<>(0);
        Channel<Integer> idle = new Channel<>(0);
        CompletableFuture<String> receiving = Select.<String>builder()
                .onReceive(idle, x -> "idle")
                .onReceive(c, x -> "received " + x)
                .select();
        CompletableFuture<String> sending = Select.<String>builder()
                .onReceive(idle, x -> "idle")
                .onSend(c, 7, () -> "sent")
                .select();
        assertEquals("received 7", receiving.join());
        assertEquals("sent", sending.join());
        assertEquals(0, idle.queuedReceivers());
    }

    @Test
    void timeout_firesWhenNothingElseDid_offTheLoop() {
        Channel<String> a = new Channel<>(0);
        long start = System.nanoTime();
        String picked = Select.<String>builder()
                .onReceive(a, x -> x)
                .onTimeout(Duration.ofMillis(50), () -> "timed out")
                .select()
                .join();
        assertEquals("timed out", picked);
        assertTrue(System.nanoTime() - start >= 45_000_000L);
        assertEquals(0, a.queuedReceivers());
        assertFalse(a.trySend("late"));
    }

    @Test
    void orElse_firesWhenNothingIsReady_andNeverWaits() {
        Channel<String> a = new Channel<>(1);
        assertEquals(
                "nothing",
                Select.<String>builder()
                        .onReceive(a, x -> x)
                        .orElse(() -> "nothing")
                        .select()
                        .join());
        assertEquals(0, a.queuedReceivers());
        a.send("x");
        assertEquals(
                "x",
                Select.<String>builder()
                        .onReceive(a, x -> x)
                        .orElse(() -> "nothing")
                        .select()
                        .join());
    }

    @Test
    void cancelledSelect_isWithdrawn_andTheItemGoesToTheNextReceiver() {
        Channel<String> a = new Channel<>(0);
        CompletableFuture<String> select =
                Select.<String>builder().onReceive(a, x -> x).select();
        CompletableFuture<String> next = a.receive();
        assertTrue(select.cancel(false));
        a.send("x");
        assertEquals("x", next.join());
        assertTrue(select.isCancelled());
    }

    @Test
    void closedChannels_failTheSelect() {
        Channel<String> a = new Channel<>(0, "a");
        CompletableFuture<String> waiting =
                Select.<String>builder().onReceive(a, x -> x).select();
        a.close();
        CompletionException e = assertThrows(CompletionException.class, waiting::join);
        assertInstanceOf(ChannelClosedException.class, e.getCause());
        CompletionException send = assertThrows(
                CompletionException.class,
                Select.<String>builder().onSend(a, "x", () -> "sent").select()::join);
        assertEquals("cannot send to a: the channel was closed", send.getCause().getMessage());
    }

    @Test
    void anExceptionOfTheClauseFailsTheSelect_andMisuseIsRefused() {
        Channel<String> a = new Channel<>(1);
        a.send("x");
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> failed = Select.<String>builder()
                .onReceive(a, x -> {
                    throw boom;
                })
                .select();
        assertSame(boom, assertThrows(CompletionException.class, failed::join).getCause());
        assertThrows(IllegalStateException.class, () -> Select.builder().select());
        Select.Builder<String> builder = Select.<String>builder().onReceive(a, x -> x);
        builder.orElse(() -> "");
        builder.select();
        assertThrows(IllegalStateException.class, builder::select);
        assertThrows(
                IllegalStateException.class,
                () -> Select.<String>builder().orElse(() -> "").onTimeout(Duration.ZERO, () -> ""));
    }
}
