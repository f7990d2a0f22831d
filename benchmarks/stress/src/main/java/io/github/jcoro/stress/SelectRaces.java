package io.github.jcoro.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.jcoro.Channel;
import io.github.jcoro.Select;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A waiting select is registered with several channels at once; the first operation to come fires
 * one clause, and the others must find its registrations withdrawn: no item is taken by a clause
 * that did not fire.
 */
public final class SelectRaces {
    private SelectRaces() {}

    /** Results: send on a succeeded; send on b succeeded; the select's result (a's item, or b's + 10). */
    @JCStressTest
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "a's clause fired; b's registration was withdrawn")
    @Outcome(id = "0, 1, 12", expect = ACCEPTABLE, desc = "b's clause fired; a's registration was withdrawn")
    @Outcome(expect = FORBIDDEN, desc = "both sends taken by one select: an item lost")
    @State
    public static class TwoChannelsOneSelect {
        private final Channel<Integer> a = new Channel<>(0);
        private final Channel<Integer> b = new Channel<>(0);
        private final CompletableFuture<Integer> selected = Select.<Integer>builder()
                .onReceive(a, item -> item)
                .onReceive(b, item -> item + 10)
                .select();

        @Actor
        public void senderOnA(III_Result r) {
            r.r1 = a.trySend(1) ? 1 : 0;
        }

        @Actor
        public void senderOnB(III_Result r) {
            r.r2 = b.trySend(2) ? 1 : 0;
        }

        @Arbiter
        public void outcome(III_Result r) {
            r.r3 = Outcomes.of(selected);
        }
    }

    /** Results: the send succeeded; the cancel succeeded; the select's outcome; what is buffered. */
    @JCStressTest
    @Outcome(id = "1, 0, 7, 0", expect = ACCEPTABLE, desc = "the clause fired first; cancel came too late")
    @Outcome(id = "1, 1, -2, 7", expect = ACCEPTABLE, desc = "the select was withdrawn first; the item is buffered")
    @Outcome(expect = FORBIDDEN, desc = "an item taken by a cancelled select, or lost")
    @State
    public static class SendVersusCancelledSelect {
        private final Channel<Integer> channel = new Channel<>(1);
        private final CompletableFuture<Integer> selected =
                Select.<Integer>builder().onReceive(channel, item -> item).select();

        @Actor
        public void sender(IIII_Result r) {
            r.r1 = channel.trySend(7) ? 1 : 0;
        }

        @Actor
        public void selectorGivesUp(IIII_Result r) {
            r.r2 = selected.cancel(false) ? 1 : 0;
        }

        @Arbiter
        public void outcome(IIII_Result r) {
            r.r3 = Outcomes.of(selected);
            r.r4 = Outcomes.item(channel.tryReceive());
        }
    }
}
