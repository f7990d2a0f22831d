package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountdownsTest {
    @Test
    void alternatesBetweenTheTwoCountdowns() {
        assertEquals(List.of("A 3, B 5, A 2, B 4, A 1, B 3, A done, B 2, B 1, B done"), Countdowns.run());
    }

    @Test
    void eachCountdownIsAnIterable() {
        List<Integer> values = new ArrayList<>();
        for (int i : Countdowns.countdown(4)) {
            values.add(i);
        }
        assertEquals(List.of(4, 3, 2, 1), values);
    }

    @Test
    void anEmptyCountdownIsDoneAtOnce() {
        assertEquals(List.of("A done", "B 1", "B done"), Countdowns.interleave(0, 1));
    }
}
