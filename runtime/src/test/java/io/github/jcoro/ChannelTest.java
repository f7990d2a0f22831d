package io.github.jcoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.internal.Abandonable;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Channels driven with plain futures, on one thread: the rules, step by step. */
class ChannelTest {
    static Throwable failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        return e.getCause();
    }

    @Test
    void bounded_sendCompletesWhileThereIsRoom_thenWaitsForASlot() {
        Channel<String> ch = new Channel<>(2, "jobs");
        CompletableFuture<Void> a = ch.send("a");
        CompletableFuture<Void> b = ch.send("b");
        assertSame(a, b, "sends into room share one completed future");
        assertTrue(a.isDone());
        CompletableFuture<Void> c = ch.send("c");
        assertFalse(c.isDone(), "full: the third send waits");
        assertInstanceOf(Abandonable.class, c);
        assertEquals("a", ch.receive().join());
        assertTrue(c.isDone(), "the freed slot went to the waiting sender");
        assertEquals(2, ch.size());
        assertEquals("b", ch.receive().join());
        assertEquals("c", ch.receive().join());
        CompletableFuture<String> d = ch.receive();
        assertFalse(d.isDone());
        assertInstanceOf(Abandonable.class, d);
        ch.send("d");
        assertEquals("d", d.join());
    }

    @Test
    void rendezvous_sendCompletesOnlyWhenTaken() {
        Channel<Integer> ch = new Channel<>(0);
        CompletableFuture<Void> sent = ch.send(1);
        assertFalse(sent.isDone());
        assertEquals(0, ch.size());
        assertEquals(1, ch.receive().join());
        assertTrue(sent.isDone());
        CompletableFuture<Integer> received = ch.receive();
        assertFalse(received.isDone());
        assertTrue(ch.send(2).isDone(), "a waiting receiver takes the item at once");
        assertEquals(2, received.join());
        assertFalse(ch.trySend(3), "nobody waits: a rendezvous cannot take it");
        assertNull(ch.tryReceive());
    }

    @Test
    void waitingReceiversAndSendersAreServedFirstComeFirstServed() {
        Channel<String> ch = new Channel<>(1);
        List<CompletableFuture<String>> receivers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            receivers.add(ch.receive());
        }
        ch.send("x");
        ch.send("y");
        ch.send("z");
        assertEquals(
                List.of("x", "y", "z"),
                receivers.stream().map(CompletableFuture::join).toList());

        ch.send("0");
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            senders.add(ch.send(String.valueOf(i)));
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(ch.receive().join());
            for (int s = 0; s < 3; s++) {
                assertEquals(s <= i, senders.get(s).isDone(), "sender " + s + " after " + (i + 1) + " receives");
            }
        }
        assertEquals(List.of("0", "1", "2", "3"), got);
    }

    @Test
    void close_receiversDrainBufferedAndWaitingSendersItems_thenSeeTheEnd() {
        Channel<String> ch = new Channel<>(1, "words");
        ch.send("buffered");
        CompletableFuture<Void> waiting = ch.send("waiting");
        assertTrue(ch.close());
        assertFalse(ch.close(), "closing twice does nothing");
        assertTrue(ch.isClosed());

        Throwable late = failure(ch.send("late"));
        assertInstanceOf(ChannelClosedException.class, late);
        assertEquals("cannot send to words: the channel was closed", late.getMessage());
        assertEquals("words", ((ChannelClosedException) late).channelName());
        assertThrows(ChannelClosedException.class, () -> ch.trySend("late"));

        assertEquals("buffered", ch.receive().join());
        assertTrue(waiting.isDone(), "a sender waiting at the close completes when its item moves in");
        ChannelIterator<String> it = ch.iterator();
        assertTrue(it.hasNext().join());
        assertEquals("waiting", it.next());
        assertSame(Channel.AT_END, it.hasNext());
        assertFalse(it.hasNext().join());
        Throwable end = failure(ch.receive());
        assertInstanceOf(ChannelClosedException.class, end);
        assertEquals("words was closed and every item in it has been received", end.getMessage());
    }

    @Test
    void close_wakesWaitingReceiversWithTheEnd_andACauseTravels() {
        Channel<String> ch = new Channel<>(4, "stage");
        CompletableFuture<String> receiver = ch.receive();
        CompletableFuture<Boolean> hasNext = ch.iterator().hasNext();
        IllegalArgumentException cause = new IllegalArgumentException("bad input");
        ch.close(cause);
        assertInstanceOf(ChannelClosedException.class, failure(receiver));
        Throwable viaIterator = failure(hasNext);
        assertInstanceOf(ChannelClosedException.class, viaIterator);
        assertSame(cause, viaIterator.getCause());
        assertEquals(
                "stage was closed (cause: java.lang.IllegalArgumentException: bad input) and every item in it has"
                        + " been received",
                viaIterator.getMessage());
    }

    @Test
    void iterator_overBufferedItemsAllocatesNoFuture_andNextWithoutHasNextFails() {
        Channel<Integer> ch = new Channel<>(8);
        for (int i = 0; i < 5; i++) {
            ch.send(i);
        }
        ch.close();
        ChannelIterator<Integer> it = ch.iterator();
        assertThrows(NoSuchElementException.class, it::next);
        int sum = 0;
        CompletableFuture<Boolean> f;
        while ((f = it.hasNext()).join()) {
            assertTrue(f == Channel.HAS_NEXT);
            assertSame(it.hasNext(), f, "hasNext twice keeps the item");
            sum += it.next();
        }
        assertEquals(10, sum);
    }

    @Test
    void abandonedReceiver_itsItemGoesToTheNextOne() {
        Channel<String> ch = new Channel<>(0);
        CompletableFuture<String> first = ch.receive();
        CompletableFuture<String> second = ch.receive();
        assertTrue(first.cancel(false));
        ch.send("x");
        assertEquals("x", second.join());
        assertTrue(first.isCancelled());
        CompletableFuture<String> third = ch.receive();
        third.complete("from outside"); // completing it from outside withdraws it too
        CompletableFuture<Void> sent = ch.send("y");
        assertFalse(sent.isDone(), "nobody waits any more");
        assertEquals("y", ch.receive().join());
    }

    @Test
    void abandonedSender_itsItemNeverEntersTheChannel() {
        Channel<String> ch = new Channel<>(1);
        ch.send("a");
        CompletableFuture<Void> b = ch.send("b");
        CompletableFuture<Void> c = ch.send("c");
        assertTrue(b.cancel(false));
        assertEquals("a", ch.receive().join());
        assertTrue(c.isDone());
        assertEquals("c", ch.receive().join());
        assertNull(ch.tryReceive());
    }

    @Test
    void claimedWaiter_cannotBeCancelledAnyMore() {
        Channel<String> ch = new Channel<>(0);
        CompletableFuture<String> receiver = ch.receive();
        ch.send("x");
        assertFalse(receiver.cancel(false));
        assertEquals("x", receiver.join());
    }

    @Test
    void abandonedWaitersAreDropped_notRetained() {
        Channel<String> ch = new Channel<>(0);
        CompletableFuture<String> live = ch.receive();
        for (int i = 0; i < 100_000; i++) {
            ch.receive().cancel(false);
            assertTrue(ch.queuedReceivers() <= 3, "receivers queued: " + ch.queuedReceivers());
        }
        List<CompletableFuture<String>> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(ch.receive());
        }
        many.forEach(f -> f.cancel(false));
        assertEquals(1, ch.queuedReceivers(), "only the live one stays");
        ch.send("x");
        assertEquals("x", live.join());
        for (int i = 0; i < 10_000; i++) {
            ch.send("s" + i).cancel(false);
        }
        assertTrue(ch.queuedSenders() <= 1, "senders queued: " + ch.queuedSenders());
    }

    @Test
    void misuse() {
        assertThrows(IllegalArgumentException.class, () -> new Channel<>(-1));
        assertThrows(NullPointerException.class, () -> new Channel<String>(1).send(null));
        Channel<String> ch = new Channel<>(3, "named");
        ch.send("a");
        ch.receive();
        ch.send("b");
        assertEquals("Channel[named, capacity 3, 1 buffered, 0 senders and 0 receivers queued, open]", ch.toString());
        assertTrue(new Channel<>(0).name().startsWith("channel#"));
        assertThrows(UnsupportedOperationException.class, () -> Channel.SENT.obtrudeException(new Error()));
    }

    @Test
    @org.junit.jupiter.api.Timeout(10) // before the fix the item went to the timed-out receive: a hang
    void receiveWithTimeout_timedOut_theNextItemGoesToTheNextReceiver() {
        List<String> seen = new ArrayList<>();
        String got = EventLoop.run(() -> {
            Channel<String> ch = new Channel<>(0, "jobs");
            CompletableFuture<String> first = ch.receive();
            return Tasks.orTimeout(first, java.time.Duration.ofMillis(20))
                    .handle((v, t) -> {
                        seen.add(t.getClass().getSimpleName());
                        seen.add(first.isCancelled() ? "abandoned receive dropped" : "abandoned receive pending");
                        CompletableFuture<String> second = ch.receive();
                        assertTrue(ch.trySend("item"), "the second receiver waits for it");
                        return second;
                    })
                    .thenCompose(second -> second);
        });
        assertEquals(List.of("TaskTimeoutException", "abandoned receive dropped"), seen);
        assertEquals("item", got, "not lost to the receive that timed out");
    }
}
