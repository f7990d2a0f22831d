package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

/**
 * What stack-trace recovery costs: an exception thrown three helpers deep after a resume, caught by
 * the caller of next(); run in a child JVM with and without -Djcoro.stackTraceRecovery=false.
 * Prints the mean time per failing step, and per step that does not fail, after a warm-up, and the
 * number of frames of the failure's trace. -Dscale=N divides the counts by N (StackTraceRecoveryTest
 * runs it small, and asserts only the frame count; the docs quote a full run).
 */
public class RecoveryCost {
    @Coroutine
    static Generator<Integer> numbers(boolean fail) {
        outer(fail);
        return Generator.empty();
    }

    @Coroutine
    static void outer(boolean fail) {
        middle(fail);
    }

    @Coroutine
    static void middle(boolean fail) {
        deepest(fail);
    }

    @Coroutine
    static void deepest(boolean fail) {
        while (true) {
            Co.yield(1);
            if (fail) {
                throw new IllegalStateException("deepest failed");
            }
        }
    }

    static int frames;

    static long failingSteps(int count) {
        long frames = 0;
        for (int i = 0; i < count; i++) {
            Generator<Integer> generator = numbers(true);
            generator.next();
            try {
                generator.next();
            } catch (IllegalStateException e) {
                frames += e.getStackTrace().length;
                RecoveryCost.frames = e.getStackTrace().length;
            }
        }
        return frames;
    }

    static long steps(int count) {
        Generator<Integer> generator = numbers(false);
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += generator.next();
        }
        return sum;
    }

    public static void main(String[] args) {
        int scale = Integer.getInteger("scale", 1);
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            sink += failingSteps(20_000 / scale) + steps(2_000_000 / scale);
        }
        int failing = 100_000 / scale;
        long start = System.nanoTime();
        sink += failingSteps(failing);
        long failed = System.nanoTime() - start;
        int plain = 20_000_000 / scale;
        start = System.nanoTime();
        sink += steps(plain);
        long stepped = System.nanoTime() - start;
        System.out.printf(
                "recovery %s: %.0f ns per failing step (exception made, thrown, caught, trace read),"
                        + " %.1f ns per plain step (%d)%n",
                System.getProperty("jcoro.stackTraceRecovery", "on (default)"),
                failed / (double) failing,
                stepped / (double) plain,
                sink % 10);
        System.out.println("the failure's trace has " + frames + " frames");
    }
}
