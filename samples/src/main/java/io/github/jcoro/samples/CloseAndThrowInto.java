package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code close()} and {@code throwInto(t)} reach a generator suspended inside a helper.
 *
 * <p><b>close().</b> A generator reads from a resource inside a helper, in a try-with-resources and
 * a {@code finally}. Closed after two values, it receives a {@link io.github.jcoro.GeneratorExit}
 * at the helper's pending {@code Co.yield}: the resource is closed, the helper's {@code finally}
 * runs, then the body's, innermost first, exactly as if an exception had unwound a normal call
 * stack.
 *
 * <p><b>throwInto(t).</b> A generator's body calls a helper per step. The caller raises a {@link
 * Glitch} at the helper's pending {@code Co.yield}; the helper does not catch it, so it leaves the
 * helper, and the body's {@code catch} handles it, yields a recovery value (which {@code
 * throwInto} returns) and carries on with the next step.
 */
public final class CloseAndThrowInto {
    private CloseAndThrowInto() {}

    /** The exception thrown into the generator. */
    public static final class Glitch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what went wrong
         */
        public Glitch(String message) {
            super(message);
        }
    }

    /** A resource that logs its opening and closing. */
    private static final class Connection implements AutoCloseable {
        private final List<String> log;

        Connection(List<String> log) {
            this.log = log;
            log.add("  connection opened");
        }

        String read(int row) {
            return "row " + row;
        }

        @Override
        public void close() {
            log.add("  connection closed (try-with-resources in readRows)");
        }
    }

    /**
     * Yields rows read from a connection, forever; the reading happens in a nested helper.
     *
     * @param log where the body and its helper log their clean-up
     * @return a lazy, infinite generator of rows
     */
    @Coroutine
    public static Generator<String> rows(List<String> log) {
        try {
            readRows(log);
        } finally {
            log.add("  finally in the body of rows");
        }
        return Generator.empty();
    }

    /** Opens a connection and yields its rows, from one call below the generator's body. */
    @Coroutine
    private static void readRows(List<String> log) {
        try (Connection connection = new Connection(log)) {
            for (int row = 1; ; row++) {
                Co.yield(connection.read(row));
            }
        } finally {
            log.add("  finally in readRows");
        }
    }

    /**
     * Takes two rows, then closes the generator while its helper is suspended.
     *
     * @return the lines the first part of the sample prints
     */
    public static List<String> closeEarly() {
        List<String> log = new ArrayList<>();
        Generator<String> rows = rows(log);
        log.add("next() -> " + rows.next());
        log.add("next() -> " + rows.next());
        log.add("close()");
        rows.close();
        log.add("after close(): hasNext() = " + rows.hasNext());
        return log;
    }

    /**
     * Yields {@code "step 1"}, {@code "step 2"}, ... up to {@code steps}, each from a helper; a
     * {@link Glitch} raised at a step is caught by the body, which yields a recovery value and goes
     * on with the next step.
     *
     * @param steps how many steps
     * @param log where the body logs what it catches
     * @return a lazy generator of the steps and recoveries
     */
    @Coroutine
    public static Generator<String> steps(int steps, List<String> log) {
        int recovered = 0;
        for (int step = 1; step <= steps; step++) {
            try {
                doStep(step);
            } catch (Glitch glitch) {
                recovered++;
                log.add("  the body caught Glitch(\"" + glitch.getMessage() + "\") from doStep(" + step + ")");
                Co.yield("recovered from " + glitch.getMessage() + " (recovery " + recovered + ")");
            }
        }
        log.add("  the body finished after " + steps + " steps, " + recovered + " recovered");
        return Generator.empty();
    }

    /** One step: yields its name; a Glitch thrown into that yield leaves this helper uncaught. */
    @Coroutine
    private static void doStep(int step) {
        Co.yield("step " + step);
    }

    /**
     * Pulls four steps, throwing a {@link Glitch} into the generator at step 2.
     *
     * @return the lines the second part of the sample prints
     */
    public static List<String> throwIntoAndRecover() {
        List<String> log = new ArrayList<>();
        Generator<String> steps = steps(4, log);
        log.add("next() -> " + steps.next());
        log.add("next() -> " + steps.next());
        log.add("throwInto(Glitch(\"disk full\"))");
        String recovery = steps.throwInto(new Glitch("disk full"));
        log.add("throwInto returned -> " + recovery);
        while (steps.hasNext()) {
            log.add("next() -> " + steps.next());
        }
        log.add("hasNext() = false");
        return log;
    }

    /**
     * Runs the sample.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        List<String> out = new ArrayList<>();
        out.add("-- close() while suspended in a helper --");
        out.addAll(closeEarly());
        out.add("-- throwInto() caught by the body, one call above the helper --");
        out.addAll(throwIntoAndRecover());
        return out;
    }

    /**
     * Prints what closing and throwing into a suspended generator do.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
