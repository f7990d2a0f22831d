package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelPipelineTest {
    @Test
    void twoWorkersShareTheLines_theEndAndAFailureTravelDownThePipeline() {
        assertEquals(
                List.of(
                        "10.0.0.1 -> host-1 (worker A, 30 ms)",
                        "10.0.0.2 -> host-2 (worker B, 30 ms)",
                        "10.0.0.3 -> host-3 (worker A, 60 ms)",
                        "10.0.0.4 -> host-4 (worker B, 60 ms)",
                        "10.0.0.5 -> host-5 (worker A, 90 ms)",
                        "done",
                        "10.0.0.7 -> host-7 (worker A, 30 ms)",
                        "failed: ChannelClosedException from java.lang.IllegalArgumentException: not 'address path':"
                                + " garbage"),
                ChannelPipeline.run());
    }
}
