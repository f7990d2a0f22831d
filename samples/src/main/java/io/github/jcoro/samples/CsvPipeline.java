package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A lazy CSV pipeline made of generators: read lines, drop empty ones, split into fields, keep the
 * rows whose column matches, and take only the first few.
 *
 * <p>Nothing is read ahead: each stage pulls one value from the stage before it only when the stage
 * after it asks, so taking three matches reads the file only up to the third match. Each stage
 * holds the stage before it in a try-with-resources, so closing the last stage closes the whole
 * chain, down to the file reader, whose try-with-resources runs when its generator is closed while
 * suspended at a {@code Co.yield}.
 */
public final class CsvPipeline {
    private static final String[] CITIES = {"Lyon", "Paris", "Oslo", "Lima", "Kyiv"};

    private CsvPipeline() {}

    /** What the reading stage saw: how many lines it read, and whether its reader was closed. */
    public static final class Counters {
        private int linesRead;
        private boolean readerClosed;

        /** Creates counters at zero. */
        public Counters() {}

        /**
         * @return the number of lines read from the file so far
         */
        public int linesRead() {
            return linesRead;
        }

        /**
         * @return whether the reader's {@code close()} has run
         */
        public boolean readerClosed() {
            return readerClosed;
        }
    }

    /** A reader that records in the counters that it was closed. */
    private static final class ObservedReader extends BufferedReader {
        private final Counters counters;

        ObservedReader(Reader in, Counters counters) {
            super(in);
            this.counters = counters;
        }

        @Override
        public void close() throws IOException {
            counters.readerClosed = true;
            super.close();
        }
    }

    /**
     * Yields the lines of a file, one per pull, counting each line read. The reader is opened on
     * the first pull and closed when the file ends or the generator is closed.
     *
     * @param file the file to read
     * @param counters where the lines read and the closing are recorded
     * @return a lazy generator of the file's lines
     * @throws IOException (from {@code next()}) if the file cannot be read
     */
    @Coroutine
    public static Generator<String> readLines(Path file, Counters counters) throws IOException {
        try (BufferedReader reader =
                new ObservedReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), counters)) {
            String line;
            while ((line = reader.readLine()) != null) {
                counters.linesRead++;
                Co.yield(line);
            }
        }
        return Generator.empty();
    }

    /**
     * Passes on the lines that are not blank.
     *
     * @param lines the lines; closed when this generator is closed or ends
     * @return a lazy generator of the non-blank lines
     */
    @Coroutine
    public static Generator<String> dropEmpty(Generator<String> lines) {
        try (lines) {
            for (String line : lines) {
                if (!line.isBlank()) {
                    Co.yield(line);
                }
            }
        }
        return Generator.empty();
    }

    /**
     * Splits each line on commas.
     *
     * @param lines the lines; closed when this generator is closed or ends
     * @return a lazy generator of the lines' fields
     */
    @Coroutine
    public static Generator<String[]> split(Generator<String> lines) {
        try (lines) {
            for (String line : lines) {
                Co.yield(line.split(",", -1));
            }
        }
        return Generator.empty();
    }

    /**
     * Passes on the rows whose {@code column} equals {@code value}.
     *
     * @param rows the rows; closed when this generator is closed or ends
     * @param column the index of the column to compare
     * @param value the value to keep
     * @return a lazy generator of the matching rows
     */
    @Coroutine
    public static Generator<String[]> where(Generator<String[]> rows, int column, String value) {
        try (rows) {
            for (String[] row : rows) {
                if (row.length > column && row[column].equals(value)) {
                    Co.yield(row);
                }
            }
        }
        return Generator.empty();
    }

    /**
     * Writes a CSV file of {@code rows} rows under the header {@code id,city,amount}, with an empty
     * line after every tenth row. Row {@code id} is in city {@code CITIES[id % 5]}: Oslo for ids 2,
     * 7, 12, ...
     *
     * @param file where to write
     * @param rows how many rows
     * @return the number of lines written
     * @throws IOException if the file cannot be written
     */
    public static int writeCsv(Path file, int rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("id,city,amount");
        for (int id = 1; id <= rows; id++) {
            lines.add(id + "," + CITIES[id % CITIES.length] + "," + (id * 37 % 100));
            if (id % 10 == 0) {
                lines.add("");
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return lines.size();
    }

    /**
     * Runs the pipeline over a fresh CSV file in a temporary directory, takes the first {@code
     * wanted} rows of Oslo, and reports what was read.
     *
     * @param wanted how many matching rows to take
     * @return the lines the sample prints
     */
    public static List<String> run(int wanted) {
        try {
            Path dir = Files.createTempDirectory("jcoro-csv");
            Path file = dir.resolve("payments.csv");
            try {
                return run(file, wanted);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> run(Path file, int wanted) throws IOException {
        List<String> out = new ArrayList<>();
        int total = writeCsv(file, 1000);
        out.add("wrote " + total + " lines (header, 1000 rows, an empty line every 10 rows)");

        Counters counters = new Counters();
        Generator<String[]> oslo = where(split(dropEmpty(readLines(file, counters))), 1, "Oslo");
        out.add("pipeline built, lines read so far: " + counters.linesRead());
        try (Stream<String[]> matches = oslo.stream()) {
            List<String[]> taken = matches.limit(wanted).collect(Collectors.toList());
            for (String[] row : taken) {
                out.add("match: id=" + row[0] + " city=" + row[1] + " amount=" + row[2]);
            }
            out.add("lines read: " + counters.linesRead() + " of " + total);
            out.add("reader closed before close(): " + counters.readerClosed());
        }
        out.add("reader closed after close(): " + counters.readerClosed());

        if (counters.linesRead() >= total) {
            throw new AssertionError("the pipeline read the whole file: " + counters.linesRead());
        }
        if (!counters.readerClosed()) {
            throw new AssertionError("closing the pipeline did not close the reader");
        }
        return out;
    }

    /**
     * Runs the sample.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        return run(3);
    }

    /**
     * Prints the first three rows of Oslo and how much of the file was read to find them.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
