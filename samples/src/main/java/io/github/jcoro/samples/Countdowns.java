package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * Two countdowns interleaved by hand: the caller decides who runs, one {@code next()} at a time.
 *
 * <p>Each generator keeps its own loop counter across its suspensions, so the two bodies advance
 * independently while a single thread drives them both.
 */
public final class Countdowns {
    private Countdowns() {}

    /**
     * Counts down from {@code from} to 1.
     *
     * @param from the first value
     * @return a lazy generator of {@code from, from - 1, ..., 1}
     */
    @Coroutine
    public static Generator<Integer> countdown(int from) {
        for (int i = from; i > 0; i--) {
            Co.yield(i);
        }
        return Generator.empty();
    }

    /**
     * Alternates between a countdown named A and one named B until both are done.
     *
     * @param fromA where A starts
     * @param fromB where B starts
     * @return one line per step, such as {@code "A 3"}, and {@code "A done"} when A runs out
     */
    public static List<String> interleave(int fromA, int fromB) {
        Generator<Integer> a = countdown(fromA);
        Generator<Integer> b = countdown(fromB);
        List<String> lines = new ArrayList<>();
        boolean aRunning = true;
        boolean bRunning = true;
        while (aRunning || bRunning) {
            if (aRunning) {
                aRunning = step("A", a, lines);
            }
            if (bRunning) {
                bRunning = step("B", b, lines);
            }
        }
        return lines;
    }

    private static boolean step(String name, Generator<Integer> countdown, List<String> lines) {
        if (countdown.hasNext()) {
            lines.add(name + " " + countdown.next());
            return true;
        }
        lines.add(name + " done");
        return false;
    }

    /**
     * Runs the sample.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        return List.of(String.join(", ", interleave(3, 5)));
    }

    /**
     * Prints the interleaving of a countdown from 3 and one from 5.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
