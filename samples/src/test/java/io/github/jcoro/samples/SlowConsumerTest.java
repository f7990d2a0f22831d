package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlowConsumerTest {
    @Test
    void theProducerIsHeldBackToTheConsumersPace_once_theCounterIsFull() {
        assertEquals(
                List.of(
                        "10 ms: baked pizza 1",
                        "20 ms: baked pizza 2",
                        "30 ms: baked pizza 3",
                        "110 ms:     ate pizza 1",
                        "110 ms: baked pizza 4, held back 70 ms (counter full)",
                        "210 ms:     ate pizza 2",
                        "210 ms: baked pizza 5, held back 90 ms (counter full)",
                        "310 ms:     ate pizza 3",
                        "310 ms: baked pizza 6, held back 90 ms (counter full)",
                        "310 ms: oven off, counter closed",
                        "410 ms:     ate pizza 4",
                        "510 ms:     ate pizza 5",
                        "610 ms:     ate pizza 6",
                        "610 ms:     full"),
                SlowConsumer.run());
    }
}
