package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A log-processing pipeline of generators, each stage pulling from the one before it, with {@code
 * Co.yieldAll} (Python's {@code yield from}) where a stage hands its place to another generator:
 *
 * <ol>
 *   <li>{@link #readFile} yields the lines of one log file and ends with {@code
 *       Generator.returning(count)};
 *   <li>{@link #flatten} yields every line of every file, delegating to one {@code readFile} after
 *       the other with {@code Co.yieldAll}, which gives back each file's line count;
 *   <li>{@link #parse} turns lines into entries and skips the malformed ones;
 *   <li>{@link #atLeast} keeps the entries of a level or above; it is a {@code Generator.of} lambda;
 *   <li>{@link #format} turns entries into report lines, counting them by level and by service, and
 *       ends with {@code Generator.returning(summary)};
 *   <li>{@link #report} yields all of {@code format}'s lines with {@code Co.yieldAll}, gets the
 *       summary back from it, and yields the summary line last.
 * </ol>
 *
 * <p>Nothing runs ahead: taking the first three report lines reads only as far as the third match.
 * Each stage holds the stage before it in a try-with-resources, and {@code close()} reaches the
 * generator a {@code Co.yieldAll} delegates to, so closing the report closes the file being read.
 */
public final class GeneratorPipeline {
    private GeneratorPipeline() {}

    /** The levels of a log entry, from the least to the most severe. */
    public enum Level {
        /** Routine events. */
        INFO,
        /** Something to look at. */
        WARN,
        /** A failure. */
        ERROR
    }

    /**
     * One log file, in memory.
     *
     * @param name the file's name
     * @param text its lines
     */
    public record LogFile(String name, String text) {}

    /**
     * One parsed line: {@code time level service message}.
     *
     * @param time the time stamp
     * @param level the level
     * @param service the service that logged it
     * @param message the rest of the line
     */
    public record Entry(String time, Level level, String service, String message) {}

    /**
     * What {@link #format} saw: the entries it formatted, by level and by service.
     *
     * @param byLevel the count of entries of each level
     * @param byService the count of entries of each service, by name
     */
    public record Summary(Map<Level, Integer> byLevel, Map<String, Integer> byService) {
        @Override
        public String toString() {
            return byLevel.entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", "))
                    + "; by service: "
                    + byService.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "));
        }
    }

    /** How far the pipeline read, shared by the stages. */
    public static final class Stats {
        private int linesRead;
        private final List<String> malformed = new ArrayList<>();

        /** Creates empty stats. */
        public Stats() {}

        /**
         * @return the number of lines read from all files so far
         */
        public int linesRead() {
            return linesRead;
        }

        /**
         * @return the lines {@link #parse} could not read, in order
         */
        public List<String> malformed() {
            return malformed;
        }
    }

    /** Three log files, with one line that is not a log entry. */
    public static final List<LogFile> FILES =
            List.of(new LogFile("app.log", """
                    09:00:01 INFO app started
                    09:00:02 WARN app config key 'timeout' is deprecated
                    09:00:05 INFO app listening on :8080
                    09:01:10 ERROR app request /orders failed: timeout
                    """), new LogFile("db.log", """
                    09:00:03 INFO db pool ready (8 connections)
                    09:00:40 WARN db slow query (1200 ms)
                    -- rotated --
                    09:01:09 ERROR db connection reset
                    """), new LogFile("auth.log", """
                    09:00:04 INFO auth keys loaded
                    09:02:00 ERROR auth token signature invalid
                    09:02:01 WARN auth 3 failed logins for bob
                    """));

    /**
     * Yields the lines of one file, then ends with the number of lines it read as its result.
     * Logs when it is done, or closed early.
     *
     * @param file the file
     * @param stats where each line read is counted
     * @param log where the stage writes what it does
     * @return a lazy generator of the file's lines, whose result is its line count
     */
    @Coroutine
    public static Generator<String> readFile(LogFile file, Stats stats, List<String> log) {
        int count = 0;
        try {
            for (String line : file.text().split("\n")) {
                stats.linesRead++;
                count++;
                Co.yield(line);
            }
        } finally {
            log.add("  [" + file.name() + ": " + count + " lines read, file closed]");
        }
        return Generator.returning(count);
    }

    /**
     * Yields every line of every file, in order: {@code Co.yieldAll} hands each file's lines
     * straight through and returns the file's line count.
     *
     * @param files the files
     * @param stats where each line read is counted
     * @param log where the stages write what they do
     * @return a lazy generator of all the lines
     */
    @Coroutine
    public static Generator<String> flatten(List<LogFile> files, Stats stats, List<String> log) {
        int total = 0;
        for (LogFile file : files) {
            int lines = Co.yieldAll(readFile(file, stats, log));
            total += lines;
            log.add("  [flatten: " + file.name() + " gave " + lines + " lines, " + total + " so far]");
        }
        return Generator.empty();
    }

    /**
     * Parses lines of the form {@code time level service message}; a line that does not fit is
     * recorded in {@code stats} and skipped.
     *
     * @param lines the lines; closed when this generator is closed or ends
     * @param stats where malformed lines are recorded
     * @return a lazy generator of the entries
     */
    @Coroutine
    public static Generator<Entry> parse(Generator<String> lines, Stats stats) {
        try (lines) {
            for (String line : lines) {
                String[] parts = line.split(" ", 4);
                Level level = parts.length == 4 ? levelOf(parts[1]) : null;
                if (level == null) {
                    stats.malformed.add(line);
                    continue;
                }
                Co.yield(new Entry(parts[0], level, parts[2], parts[3]));
            }
        }
        return Generator.empty();
    }

    private static Level levelOf(String text) {
        for (Level level : Level.values()) {
            if (level.name().equals(text)) {
                return level;
            }
        }
        return null;
    }

    /**
     * Keeps the entries of level {@code min} or above. A plain method: the stage is a lambda body,
     * which {@code Generator.of} makes a generator of, with {@code entries} and {@code min} captured.
     *
     * @param min the lowest level kept
     * @param entries the entries; closed when this generator is closed or ends
     * @return a lazy generator of the entries kept
     */
    public static Generator<Entry> atLeast(Level min, Generator<Entry> entries) {
        return Generator.of(() -> {
            try (entries) {
                for (Entry entry : entries) {
                    if (entry.level().compareTo(min) >= 0) {
                        Co.yield(entry);
                    }
                }
            }
        });
    }

    /**
     * Formats each entry as a report line, counting the entries by level and by service; its result
     * ({@code Generator.returning}) is the {@link Summary}.
     *
     * @param entries the entries; closed when this generator is closed or ends
     * @return a lazy generator of report lines, whose result is the summary
     */
    @Coroutine
    public static Generator<String> format(Generator<Entry> entries) {
        Map<Level, Integer> byLevel = new EnumMap<>(Level.class);
        Map<String, Integer> byService = new TreeMap<>();
        try (entries) {
            for (Entry e : entries) {
                byLevel.merge(e.level(), 1, Integer::sum);
                byService.merge(e.service(), 1, Integer::sum);
                Co.yield(
                        String.format(Locale.ROOT, "%s %-5s %-4s | %s", e.time(), e.level(), e.service(), e.message()));
            }
        }
        return Generator.returning(new Summary(byLevel, byService));
    }

    /**
     * The whole pipeline: the report lines of every entry of level {@code min} or above, then a
     * summary line, which {@code Co.yieldAll} gets back from {@link #format} as its result.
     *
     * @param files the log files
     * @param min the lowest level reported
     * @param stats where the stages count what they read
     * @param log where the stages write what they do
     * @return a lazy generator of the report
     */
    @Coroutine
    public static Generator<String> report(List<LogFile> files, Level min, Stats stats, List<String> log) {
        Generator<Entry> entries = atLeast(min, parse(flatten(files, stats, log), stats));
        Summary summary = Co.yieldAll(format(entries));
        Co.yield("summary: " + summary);
        return Generator.empty();
    }

    /**
     * Runs the sample: the whole report of warnings and errors, then only its first three lines.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        List<String> out = new ArrayList<>();

        out.add("-- the whole report, WARN and above --");
        Stats stats = new Stats();
        for (String line : report(FILES, Level.WARN, stats, out)) {
            out.add(line);
        }
        out.add("read " + stats.linesRead() + " lines, skipped " + stats.malformed());

        out.add("-- only the first three lines --");
        Stats partial = new Stats();
        Generator<String> report = report(FILES, Level.WARN, partial, out);
        out.add("pipeline built, lines read so far: " + partial.linesRead());
        try (Stream<String> lines = report.stream()) {
            lines.limit(3).forEach(out::add);
            out.add("lines read: " + partial.linesRead() + "; closing the report");
        }
        out.add("closed, lines read: " + partial.linesRead());
        return out;
    }

    /**
     * Prints the report, and how little of the files its first three lines need.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
