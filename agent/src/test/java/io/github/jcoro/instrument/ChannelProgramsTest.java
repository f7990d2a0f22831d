package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Channels and select between async tasks (programs in {@code src/test/resources/programs}). */
class ChannelProgramsTest {
    static java.util.List<Integer> releases() {
        return FixtureCorpusTest.RELEASES;
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void channelBasics_onTheVirtualClock(int release) throws Exception {
        // back-pressure (producer held back from 3 items on), rendezvous, close then drain, select, abandoned wait
        assertEquals(
                String.join(
                        "\n",
                        "sent 1 @0, sent 2 @0, sent 3 @0, ate 1 @100, sent 4 @100, ate 2 @200, sent 5 @200, closed @200,"
                                + " ate 3 @300, ate 4 @400, ate 5 @500, end @500",
                        "sending ping @0, receiving @50, received ping @50, ping taken @50, receiving @100, received pong"
                                + " @100, pong taken @100",
                        "send after close: cannot send to mailbox: the channel was closed @0, got a @0, got b @0, receive"
                                + " at the end: mailbox was closed and every item in it has been received @0",
                        "a:ready @0, b:later @300, timeout @1300, after the timeout, queued on a: Channel[a, capacity 1, 0"
                                + " buffered, 0 senders and 0 receivers queued, open] @1300",
                        "one stopped waiting @10, two got job @10, queued: Channel[jobs, capacity 0, 0 buffered, 0 senders"
                                + " and 0 receivers queued, open] @10"),
                ProgramRunner.run("ChannelBasics", release));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void channelStress_eightProducersEightConsumers_aMillionItems_onAPool() throws Exception {
        assertEquals(
                "delivered 1000000 of 1000000, lost 0, twice 0, Channel[stress, capacity 64, 0 buffered, 0 senders"
                        + " and 0 receivers queued, closed]",
                ProgramRunner.run("ChannelStress", FixtureCorpusTest.NEWEST));
    }
}
