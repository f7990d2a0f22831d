package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A running average kept by a generator that is fed with {@code send}: the value sent comes back
 * inside the body as the result of {@code Co.yield}, and the value yielded is the average so far.
 *
 * <p>As in Python, the generator is primed with a first {@code next()}, which runs it to its first
 * {@code Co.yield}, where it waits for the first number.
 */
public final class RunningAverage {
    private RunningAverage() {}

    /**
     * An accumulator: each number sent to it is answered with the average of all numbers so far.
     *
     * @return a generator whose first {@code next()} yields {@code null}, and each {@code send(n)}
     *     yields the new average
     */
    @Coroutine
    public static Generator<Double> averager() {
        double sum = 0;
        long count = 0;
        Double average = null;
        while (true) {
            Number value = Co.yield(average);
            sum += value.doubleValue();
            count++;
            average = sum / count;
        }
    }

    /**
     * Sends each number to a fresh averager.
     *
     * @param numbers the numbers to average
     * @return one line per number, such as {@code "send 10 -> average 10.00"}
     */
    public static List<String> feed(int... numbers) {
        List<String> lines = new ArrayList<>();
        try (Generator<Double> averager = averager()) {
            Double primed = averager.next();
            lines.add("primed: " + primed);
            for (int number : numbers) {
                double average = averager.send(number);
                lines.add(String.format(Locale.ROOT, "send %d -> average %.2f", number, average));
            }
        }
        return lines;
    }

    /**
     * Runs the sample.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        return feed(10, 20, 60, 2, 3);
    }

    /**
     * Prints the running average of a few numbers.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
