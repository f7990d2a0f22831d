package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jcoro.Generator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunningAverageTest {
    @Test
    void answersEachSentNumberWithTheAverageSoFar() {
        assertEquals(
                List.of(
                        "primed: null",
                        "send 10 -> average 10.00",
                        "send 20 -> average 15.00",
                        "send 60 -> average 30.00",
                        "send 2 -> average 23.00",
                        "send 3 -> average 19.00"),
                RunningAverage.run());
    }

    @Test
    void mustBePrimedBeforeTheFirstSend() {
        try (Generator<Double> averager = RunningAverage.averager()) {
            assertThrows(IllegalStateException.class, () -> averager.send(1));
        }
    }

    @Test
    void acceptsAnyNumber() {
        try (Generator<Double> averager = RunningAverage.averager()) {
            assertNull(averager.next());
            assertEquals(0.5, averager.send(0.5f));
            assertEquals(1.25, averager.send(2L));
        }
    }
}
