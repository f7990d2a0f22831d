package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An infinite generator of Fibonacci numbers, of which the caller takes only what it needs.
 *
 * <p>The body is an endless loop: it is lazy, so it runs only as far as the stream pulls, and the
 * stream's {@code limit} decides where it stops. Closing the stream closes the generator.
 */
public final class Fibonacci {
    private Fibonacci() {}

    /**
     * Yields 0, 1, 1, 2, 3, 5, ... forever.
     *
     * @return a lazy, infinite generator
     */
    @Coroutine
    public static Generator<Long> numbers() {
        long current = 0;
        long following = 1;
        while (true) {
            Co.yield(current);
            long sum = current + following;
            current = following;
            following = sum;
        }
    }

    /**
     * Takes the first {@code count} Fibonacci numbers.
     *
     * @param count how many to take
     * @return the numbers, in order
     */
    public static List<Long> first(int count) {
        try (Stream<Long> stream = numbers().stream()) {
            return stream.limit(count).collect(Collectors.toList());
        }
    }

    /**
     * Runs the sample.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        return List.of("first 10: " + first(10), "the 90th: " + first(91).get(90));
    }

    /**
     * Prints the first Fibonacci numbers.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
