package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import io.github.jcoro.TaskScope;
import io.github.jcoro.TaskTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Seed 000: experiment items running "simultaneously" on one trial timeline, one thread, no thread
 * per item.
 *
 * <p>A trial has a total duration; each item has a start time and, unless it is one-shot, an end
 * time. The stop-signal trial of the seed: the target display at 0 ms; when {@code stopAfter} is
 * set, the stop-signal display at {@code stopAfter} ms; a keyboard response collected over the
 * whole 2000 ms; and the user's generator function, which follows the seed's protocol exactly: it
 * is primed by a first {@code next()} (its preparation phase), then resumed every cycle with {@code
 * send(true)}, and stops when it receives {@code false}, printing how many cycles it ran.
 *
 * <p>Each item is an async task on one {@link EventLoop}; they alternate at their suspension points
 * ({@code Co.sleep} until an onset, {@code Co.await} on the next key press). On a virtual clock
 * ({@link EventLoop#createVirtual()}) with scripted key presses the whole trial is deterministic,
 * which is how the tests check the log. On the real clock, {@link #main} reads keys from the
 * terminal, and {@code --timing N} measures the error between planned and actual onsets.
 */
public final class TrialTimeline {
    private TrialTimeline() {}

    /** The trial's total duration, as in the seed's example. */
    public static final Duration TRIAL = Duration.ofMillis(2000);

    /** How often the user's generator is resumed: one cycle of the items' alternation. */
    public static final Duration CYCLE = Duration.ofMillis(1);

    /**
     * One trial's plan.
     *
     * @param duration the total duration
     * @param stopAfter when the stop signal is shown, or {@code null} for a go trial
     * @param cycle how often the user's generator is resumed
     */
    public record Plan(Duration duration, Duration stopAfter, Duration cycle) {
        /**
         * @param stopAfterMillis the stop-signal delay in ms, or {@code null}
         * @return a 2000 ms stop-signal trial with a 1 ms cycle
         */
        public static Plan stopSignal(Integer stopAfterMillis) {
            return new Plan(TRIAL, stopAfterMillis == null ? null : Duration.ofMillis(stopAfterMillis), CYCLE);
        }
    }

    /**
     * What a trial recorded.
     *
     * @param key the key pressed in the response window, or {@code null} when there was none
     * @param reactionNanos the reaction time from the collector's onset, or -1 without a key
     * @param cycles how many cycles the user's generator ran
     * @param onsetErrors for each timed item (displays and the collector), actual minus planned
     *     onset, in ns, on the loop's clock
     */
    public record Result(String key, long reactionNanos, int cycles, long[] onsetErrors) {}

    /** Key presses handed to the loop, each with the loop time it happened at. */
    public static final class Keys {
        private final ArrayDeque<long[]> pressed = new ArrayDeque<>();
        private CompletableFuture<long[]> waiter;

        /**
         * Records a key press; call on the loop's thread.
         *
         * @param key the key's code point
         * @param atNanos when it was pressed, on the loop's clock
         */
        public void press(int key, long atNanos) {
            long[] press = {key, atNanos};
            CompletableFuture<long[]> w = waiter;
            if (w != null) {
                waiter = null;
                w.complete(press);
            } else {
                pressed.add(press);
            }
        }

        /** Drops presses made before now, as a keyboard response item does at its onset. */
        void flush() {
            pressed.clear();
        }

        /** @return the next press, {key, atNanos}, completed when it happens */
        CompletableFuture<long[]> next() {
            long[] press = pressed.poll();
            if (press != null) {
                return CompletableFuture.completedFuture(press);
            }
            waiter = new CompletableFuture<>();
            return waiter;
        }
    }

    /**
     * The seed's example generator function, in Java: initialisation, a bare yield to end the
     * preparation, then one cycle per resumption until it is sent {@code false}.
     *
     * @param out receives {@code "Stopped after <i> cycles!"}
     * @return the generator; prime it with {@code next()}
     */
    @Coroutine
    public static Generator<Void> myCoroutine(Consumer<String> out) {
        // All initialisation stuff goes here
        int i = 0;
        Co.yield(null); // signal the end of the preparation
        while (true) {
            // Do some important stuff here; not too long, or it holds up the other items.
            i++;
            Boolean keepGoing = Co.yield(null);
            if (!keepGoing) {
                break;
            }
        }
        out.accept("Stopped after " + i + " cycles!");
        return Generator.empty();
    }

    /**
     * Runs one trial on the current loop, starting at loop time {@code startNanos} (waiting for it).
     *
     * @param plan the trial's plan
     * @param startNanos the planned start, on the loop's clock
     * @param keys the key presses
     * @param log receives one line per onset and response, prefixed by the time from the planned
     *     start in ms
     * @return what the trial recorded
     */
    @Coroutine
    public static CompletableFuture<Result> trial(Plan plan, long startNanos, Keys keys, Consumer<String> log) {
        EventLoop loop = EventLoop.current();
        long end = startNanos + plan.duration().toNanos();
        long[] errors = new long[plan.stopAfter() == null ? 2 : 3];
        String[] key = {null};
        long[] reaction = {-1};
        int[] cycles = {0};
        // Preparation of the user's generator, before the trial starts.
        Generator<Void> user = myCoroutine(line -> log.accept(stamp(loop, startNanos) + line));
        user.next();
        sleepUntil(startNanos);
        Co.await(TaskScope.run(scope -> {
            scope.spawn(() -> display("target", startNanos, 0, errors, 0, log));
            if (plan.stopAfter() != null) {
                scope.spawn(() ->
                        display("stop signal", startNanos, plan.stopAfter().toNanos(), errors, 2, log));
            }
            scope.spawn(() -> keyboard(keys, startNanos, 0, end, errors, key, reaction, log));
            scope.spawn(() -> cycle(user, startNanos, plan.cycle().toNanos(), end, cycles));
            return CompletableFuture.completedFuture(null);
        }));
        log.accept(stamp(loop, startNanos) + "trial ends: "
                + (key[0] == null
                        ? "no response"
                        : "response " + quote(key[0]) + ", RT " + reaction[0] / 1_000_000 + " ms"));
        return CompletableFuture.completedFuture(new Result(key[0], reaction[0], cycles[0], errors));
    }

    /** A one-shot item: shows its display at its onset and ends. */
    @Coroutine
    private static CompletableFuture<Void> display(
            String name, long trialStart, long onset, long[] errors, int slot, Consumer<String> log) {
        sleepUntil(trialStart + onset);
        EventLoop loop = EventLoop.current();
        errors[slot] = loop.nanoTime() - (trialStart + onset);
        log.accept(stamp(loop, trialStart) + name + " shown");
        return CompletableFuture.completedFuture(null);
    }

    /** Collects the first key pressed between its onset and {@code end}. */
    @Coroutine
    private static CompletableFuture<Void> keyboard(
            Keys keys,
            long trialStart,
            long onset,
            long end,
            long[] errors,
            String[] key,
            long[] reaction,
            Consumer<String> log) {
        sleepUntil(trialStart + onset);
        EventLoop loop = EventLoop.current();
        long started = loop.nanoTime();
        errors[1] = started - (trialStart + onset);
        keys.flush();
        try {
            long[] press = Co.await(keys.next(), Duration.ofNanos(Math.max(0, end - started)));
            if (press[1] >= end) {
                return CompletableFuture.completedFuture(null); // at the window's end: too late
            }
            key[0] = new String(Character.toChars((int) press[0]));
            reaction[0] = press[1] - started;
            log.accept(stamp(loop, trialStart) + "key " + quote(key[0]) + " pressed, RT " + reaction[0] / 1_000_000
                    + " ms");
        } catch (TaskTimeoutException e) {
            // no key in the window: a correct stop trial
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Drives the user's generator: {@code send(true)} every cycle, {@code send(false)} at the end. */
    @Coroutine
    private static CompletableFuture<Void> cycle(
            Generator<Void> user, long trialStart, long period, long end, int[] cycles) {
        for (long t = trialStart; t < end; t += period) {
            sleepUntil(t);
            user.send(true);
            cycles[0]++;
        }
        sleepUntil(end);
        try {
            user.send(false);
        } catch (NoSuchElementException finished) {
            // the generator stopped, as the protocol expects
        }
        return CompletableFuture.completedFuture(null);
    }

    @Coroutine
    private static void sleepUntil(long deadline) {
        long delay = deadline - EventLoop.current().nanoTime();
        if (delay > 0) {
            Co.sleep(Duration.ofNanos(delay));
        }
    }

    private static String stamp(EventLoop loop, long trialStart) {
        return String.format(Locale.ROOT, "%5d ms  ", (loop.nanoTime() - trialStart) / 1_000_000);
    }

    private static String quote(String key) {
        return key.codePointAt(0) < ' ' ? "\\x" + Integer.toHexString(key.codePointAt(0)) : "'" + key + "'";
    }

    /**
     * Runs a trial on a virtual clock with scripted key presses.
     *
     * @param plan the plan
     * @param presses pairs of (key, ms from the trial's start)
     * @return the log, including the generator's line
     */
    public static List<String> simulate(Plan plan, Object... presses) {
        EventLoop loop = EventLoop.createVirtual();
        List<String> log = new ArrayList<>();
        Keys keys = new Keys();
        loop.runUntilComplete(() -> {
            for (int i = 0; i < presses.length; i += 2) {
                int key = ((String) presses[i]).codePointAt(0);
                long at = ((Number) presses[i + 1]).longValue() * 1_000_000;
                loop.schedule(Duration.ofNanos(at), () -> keys.press(key, loop.nanoTime()));
            }
            return trial(plan, 0, keys, log::add);
        });
        return log;
    }

    /**
     * The sample's output: a go trial answered at 412 ms, a stop trial (signal at 250 ms) withheld,
     * and a stop trial answered anyway, all on the virtual clock.
     *
     * @return the lines
     */
    public static List<String> run() {
        List<String> out = new ArrayList<>();
        out.add("go trial, key 'z' at 412 ms:");
        simulate(Plan.stopSignal(null), "z", 412).forEach(line -> out.add("  " + line));
        out.add("stop trial (stop signal at 250 ms), no key:");
        simulate(Plan.stopSignal(250)).forEach(line -> out.add("  " + line));
        out.add("stop trial (stop signal at 250 ms), key 'm' at 180 ms and 'z' at 300 ms:");
        simulate(Plan.stopSignal(250), "m", 180, "z", 300).forEach(line -> out.add("  " + line));
        return out;
    }

    /**
     * Measures, on the real clock, the error between each timed item's planned and actual onset
     * over {@code trials} back-to-back trials of {@code trialMillis} ms (stop signal at half).
     *
     * @param trials how many trials
     * @param trialMillis each trial's duration
     * @return the report lines
     */
    public static List<String> timing(int trials, int trialMillis) {
        List<long[]> measured = new ArrayList<>();
        EventLoop.run(() -> timingRun(WARM_UP_TRIALS + trials, trialMillis, measured));
        // The first trials run while the JVM still loads and compiles the loop's code: counted apart,
        // as the practice trials of an experiment would be.
        List<long[]> warmUp = new ArrayList<>(measured.subList(0, WARM_UP_TRIALS));
        List<long[]> all = new ArrayList<>(measured.subList(WARM_UP_TRIALS, measured.size()));
        long warmUpWorst = warmUp.stream().flatMapToLong(Arrays::stream).max().orElse(0);
        long[] onsets = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        List<String> out = new ArrayList<>();
        out.add(String.format(
                Locale.ROOT,
                "%d trials of %d ms, %d onsets (target, keyboard, stop signal): error actual - planned",
                trials,
                trialMillis,
                onsets.length));
        out.add(String.format(
                Locale.ROOT,
                "  median %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms, min %.3f ms",
                percentile(onsets, 0.5) / 1e6,
                percentile(onsets, 0.9) / 1e6,
                percentile(onsets, 0.99) / 1e6,
                percentile(onsets, 0.999) / 1e6,
                onsets[onsets.length - 1] / 1e6,
                onsets[0] / 1e6));
        // Where the tail is: the five latest onsets, with the trial each belongs to.
        List<long[]> late = new ArrayList<>();
        for (int trial = 0; trial < all.size(); trial++) {
            for (long error : all.get(trial)) {
                late.add(new long[] {error, trial + 1});
            }
        }
        late.sort((x, y) -> Long.compare(y[0], x[0]));
        StringBuilder worst = new StringBuilder("  latest onsets:");
        for (int i = 0; i < Math.min(5, late.size()); i++) {
            worst.append(String.format(Locale.ROOT, " %.3f ms (trial %d)", late.get(i)[0] / 1e6, late.get(i)[1]));
        }
        out.add(worst.toString());
        out.add(String.format(
                Locale.ROOT,
                "  before them, %d warm-up trials (not counted): latest onset %.3f ms",
                WARM_UP_TRIALS,
                warmUpWorst / 1e6));
        return out;
    }

    /** Trials run before the measured ones, while the JVM warms up. */
    static final int WARM_UP_TRIALS = 10;

    @Coroutine
    private static CompletableFuture<Void> timingRun(int trials, int trialMillis, List<long[]> all) {
        EventLoop loop = EventLoop.current();
        Keys keys = new Keys();
        Plan plan = new Plan(Duration.ofMillis(trialMillis), Duration.ofMillis(trialMillis / 2), CYCLE);
        long gap = 5_000_000; // 5 ms between trials
        long start = loop.nanoTime() + 20_000_000;
        for (int i = 0; i < trials; i++) {
            long planned = start + i * (plan.duration().toNanos() + gap);
            Result result = Co.await(trial(plan, planned, keys, line -> {}));
            all.add(result.onsetErrors());
        }
        return CompletableFuture.completedFuture(null);
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * Runs trials on the real clock with keys from the terminal, or measures onset timing.
     *
     * <p>{@code TrialTimeline} runs four trials (go, stop at 250 ms, go, stop at 200 ms);
     * {@code --timing [N]} runs N (default 1000) 20 ms trials without keys and prints the onset
     * error's median and percentiles; {@code --demo} prints the virtual-clock sample.
     *
     * @param args see above
     * @throws Exception when the terminal cannot be read
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--demo")) {
            run().forEach(System.out::println);
            return;
        }
        if (args.length > 0 && args[0].equals("--timing")) {
            int trials = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
            int millis = args.length > 2 ? Integer.parseInt(args[2]) : 20;
            timing(trials, millis).forEach(System.out::println);
            return;
        }
        String restore = rawMode();
        try {
            interactive(new Integer[] {null, 250, null, 200});
        } finally {
            if (restore != null) {
                stty(restore);
            }
        }
    }

    private static void interactive(Integer[] stopAfters) {
        System.out.println("Press a key as fast as you can when the target appears,"
                + " unless a STOP signal appears after it. 'q' quits.");
        EventLoop loop = EventLoop.create();
        Keys keys = new Keys();
        InputStream in = System.in;
        boolean[] quit = {false};
        Thread reader = new Thread(
                () -> {
                    try {
                        int b;
                        while ((b = in.read()) >= 0) {
                            if (b == '\n' || b == '\r') {
                                continue;
                            }
                            long at = loop.nanoTime(); // the loop's clock is readable from any thread
                            int key = b;
                            loop.execute(() -> {
                                if (key == 'q') {
                                    quit[0] = true;
                                }
                                keys.press(key, at);
                            });
                        }
                    } catch (IOException | RuntimeException e) {
                        // stdin closed, or the loop has finished
                    }
                },
                "trial-keys");
        reader.setDaemon(true);
        reader.start();
        loop.runUntilComplete(() -> interactiveTrials(stopAfters, keys, quit));
    }

    @Coroutine
    private static CompletableFuture<Void> interactiveTrials(Integer[] stopAfters, Keys keys, boolean[] quit) {
        EventLoop loop = EventLoop.current();
        for (int i = 0; i < stopAfters.length && !quit[0]; i++) {
            System.out.println();
            System.out.println("Trial " + (i + 1) + " of " + stopAfters.length + " in 1 s"
                    + (stopAfters[i] == null ? "" : " (stop signal at " + stopAfters[i] + " ms)"));
            long start = loop.nanoTime() + 1_000_000_000L;
            Co.await(trial(Plan.stopSignal(stopAfters[i]), start, keys, line -> System.out.println(line)));
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Puts the terminal in raw mode (no line buffering, no echo) when stdin is one.
     *
     * @return the settings to restore, or {@code null} when stdin is not a terminal
     */
    private static String rawMode() {
        if (System.console() == null) {
            System.out.println("stdin is not a terminal: keys are read as they arrive on stdin"
                    + " (line-buffered if it is a pipe; type a key and Enter, reaction times then include"
                    + " the Enter)");
            return null;
        }
        try {
            String saved = stty("-g").trim();
            stty("-icanon -echo min 1");
            return saved;
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.out.println("could not set raw mode with stty (" + e.getMessage()
                    + "): type a key and Enter; reaction times then include the Enter");
            return null;
        }
    }

    private static String stty(String args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "stty " + args + " < /dev/tty")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("stty " + args + ": " + output.trim());
        }
        return output;
    }
}
