package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jcoro.Generator;
import java.util.List;
import org.junit.jupiter.api.Test;

class FibonacciTest {
    @Test
    void takesTheFirstTenOfAnInfiniteGenerator() {
        assertEquals(List.of(0L, 1L, 1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L), Fibonacci.first(10));
    }

    @Test
    void printsTheFirstTenAndThe90th() {
        assertEquals(
                List.of("first 10: [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]", "the 90th: 2880067194370816120"),
                Fibonacci.run());
    }

    @Test
    void canBePulledByHandAndClosedWhileSuspended() {
        Generator<Long> numbers = Fibonacci.numbers();
        assertEquals(0L, numbers.next());
        assertEquals(1L, numbers.next());
        assertEquals(1L, numbers.next());
        assertEquals(2L, numbers.next());
        numbers.close();
        assertEquals(false, numbers.hasNext());
    }
}
