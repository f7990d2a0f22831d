package io.github.jcoro.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.jcoro.Channel;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A waiting receive (a task's {@code Co.await(channel.receive())}) races with what can end its wait:
 * a sender, the receiver giving up ({@code cancel}, as a cancelled task does), an outside
 * completion. The channel's waiter is claimed by the sender and abandoned by the others through one
 * compare-and-set: exactly one side wins, and an item is never lost or delivered twice.
 */
public final class ReceiveRaces {
    private ReceiveRaces() {}

    /** Results: the send succeeded; the cancel succeeded; the receive's outcome; what is left buffered. */
    @JCStressTest
    @Outcome(id = "1, 0, 7, 0", expect = ACCEPTABLE, desc = "the send reached the waiting receiver first")
    @Outcome(id = "1, 1, -2, 7", expect = ACCEPTABLE, desc = "the receive was withdrawn first; the item is buffered")
    @Outcome(expect = FORBIDDEN, desc = "an item lost or delivered twice, or both sides won")
    @State
    public static class BufferedSendVersusCancel {
        private final Channel<Integer> channel = new Channel<>(1);
        private final CompletableFuture<Integer> receive = channel.receive();

        @Actor
        public void sender(IIII_Result r) {
            r.r1 = channel.trySend(7) ? 1 : 0;
        }

        @Actor
        public void receiverGivesUp(IIII_Result r) {
            r.r2 = receive.cancel(false) ? 1 : 0;
        }

        @Arbiter
        public void outcome(IIII_Result r) {
            r.r3 = Outcomes.of(receive);
            r.r4 = Outcomes.item(channel.tryReceive());
        }
    }

    /** Results: the send succeeded; the cancel succeeded; the receive's outcome. */
    @JCStressTest
    @Outcome(id = "1, 0, 7", expect = ACCEPTABLE, desc = "the send handed the item to the receiver")
    @Outcome(id = "0, 1, -2", expect = ACCEPTABLE, desc = "the receive was withdrawn; nobody to hand to")
    @Outcome(expect = FORBIDDEN, desc = "an item handed to a withdrawn receiver, or both sides won")
    @State
    public static class RendezvousSendVersusCancel {
        private final Channel<Integer> channel = new Channel<>(0);
        private final CompletableFuture<Integer> receive = channel.receive();

        @Actor
        public void sender(III_Result r) {
            r.r1 = channel.trySend(7) ? 1 : 0;
        }

        @Actor
        public void receiverGivesUp(III_Result r) {
            r.r2 = receive.cancel(false) ? 1 : 0;
        }

        @Arbiter
        public void outcome(III_Result r) {
            r.r3 = Outcomes.of(receive);
        }
    }

    /** Results: the send succeeded; the outside completion succeeded; the receive's outcome. */
    @JCStressTest
    @Outcome(id = "1, 0, 7", expect = ACCEPTABLE, desc = "the send claimed the receiver first")
    @Outcome(id = "0, 1, 42", expect = ACCEPTABLE, desc = "completed from outside first; the send found nobody")
    @Outcome(expect = FORBIDDEN, desc = "the item lost under the outside value, or both sides won")
    @State
    public static class SendVersusOutsideCompletion {
        private final Channel<Integer> channel = new Channel<>(0);
        private final CompletableFuture<Integer> receive = channel.receive();

        @Actor
        public void sender(III_Result r) {
            r.r1 = channel.trySend(7) ? 1 : 0;
        }

        @Actor
        public void outside(III_Result r) {
            r.r2 = receive.complete(42) ? 1 : 0;
        }

        @Arbiter
        public void outcome(III_Result r) {
            r.r3 = Outcomes.of(receive);
        }
    }

    /** Results: both sends succeeded (1 each); the first receive's item; the second's. */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "the first waiter took the first sender's item")
    @Outcome(id = "1, 1, 2, 1", expect = ACCEPTABLE, desc = "the first waiter took the second sender's item")
    @Outcome(expect = FORBIDDEN, desc = "an item delivered twice, or a waiter left waiting beside a sent item")
    @State
    public static class TwoSendersTwoWaiters {
        private final Channel<Integer> channel = new Channel<>(0);
        private final CompletableFuture<Integer> first = channel.receive();
        private final CompletableFuture<Integer> second = channel.receive();

        @Actor
        public void senderOne(IIII_Result r) {
            r.r1 = channel.trySend(1) ? 1 : 0;
        }

        @Actor
        public void senderTwo(IIII_Result r) {
            r.r2 = channel.trySend(2) ? 1 : 0;
        }

        @Arbiter
        public void outcome(IIII_Result r) {
            r.r3 = Outcomes.of(first);
            r.r4 = Outcomes.of(second);
        }
    }

    /** Results: the send (1 sent, -1 closed); close succeeded; the receive's outcome. */
    @JCStressTest
    @Outcome(id = "1, 1, 7", expect = ACCEPTABLE, desc = "sent before the close: the receiver has the item")
    @Outcome(id = "-1, 1, -1", expect = ACCEPTABLE, desc = "closed first: the send failed, the receiver saw the end")
    @Outcome(expect = FORBIDDEN, desc = "the receiver left waiting, or an item sent into a closed channel")
    @State
    public static class SendVersusClose {
        private final Channel<Integer> channel = new Channel<>(1);
        private final CompletableFuture<Integer> receive = channel.receive();

        @Actor
        public void sender(III_Result r) {
            try {
                r.r1 = channel.trySend(7) ? 1 : 0;
            } catch (io.github.jcoro.ChannelClosedException e) {
                r.r1 = -1;
            }
        }

        @Actor
        public void closer(III_Result r) {
            r.r2 = channel.close() ? 1 : 0;
        }

        @Arbiter
        public void outcome(III_Result r) {
            r.r3 = Outcomes.of(receive);
        }
    }
}
