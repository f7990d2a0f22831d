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
 * A waiting send (a producer held back by a full channel) races with a receiver taking its item and
 * with the producer giving up: the item is taken exactly when the send completes, never both taken
 * and withdrawn.
 */
public final class SendRaces {
    private SendRaces() {}

    /** Results: the item received (0: none); the cancel succeeded; the send's outcome (1 sent). */
    @JCStressTest
    @Outcome(id = "7, 0, 1", expect = ACCEPTABLE, desc = "the receiver took the waiting item; the send completed")
    @Outcome(id = "0, 1, -2", expect = ACCEPTABLE, desc = "the send was withdrawn first; nothing to receive")
    @Outcome(expect = FORBIDDEN, desc = "an item received from a withdrawn send, or a send completed and lost")
    @State
    public static class ReceiveVersusCancelledSend {
        private final Channel<Integer> channel = new Channel<>(0);
        private final CompletableFuture<Void> send = channel.send(7);

        @Actor
        public void receiver(III_Result r) {
            r.r1 = Outcomes.item(channel.tryReceive());
        }

        @Actor
        public void producerGivesUp(III_Result r) {
            r.r2 = send.cancel(false) ? 1 : 0;
        }

        @Arbiter
        public void outcome(III_Result r) {
            r.r3 = Outcomes.of(send);
        }
    }

    /**
     * Results: the receiver's item; the waiting send's outcome; whether the second producer's
     * {@code trySend} got in; what a last receive finds. The channel holds one item and a send waits
     * behind it: a receive takes the buffered item and moves the waiting one into the buffer.
     */
    @JCStressTest
    @Outcome(
            id = "1, 1, 0, 2",
            expect = ACCEPTABLE,
            desc = "the receive moved the waiting send in; the buffer is full again")
    @Outcome(expect = FORBIDDEN, desc = "items reordered, lost, or the waiting send overtaken")
    @State
    public static class ReceiveMovesTheWaitingSendIn {
        private final Channel<Integer> channel = new Channel<>(1);
        private final CompletableFuture<Void> waiting;

        public ReceiveMovesTheWaitingSendIn() {
            channel.trySend(1);
            waiting = channel.send(2);
        }

        @Actor
        public void receiver(IIII_Result r) {
            r.r1 = Outcomes.item(channel.tryReceive());
        }

        @Actor
        public void overtaker(IIII_Result r) {
            // Runs before or after the receive; either way the buffer's one place goes to the send
            // that waited, so this never gets in (fairness: waiting senders first).
            r.r3 = channel.trySend(3) ? 1 : 0;
        }

        @Arbiter
        public void outcome(IIII_Result r) {
            r.r2 = Outcomes.of(waiting);
            r.r4 = Outcomes.item(channel.tryReceive());
        }
    }
}
