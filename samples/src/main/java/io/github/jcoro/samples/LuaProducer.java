package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The producer, filter and consumer of "Programming in Lua" (chapter "Coroutines"), with
 * generators: the consumer drives, and each value it asks for makes the filter ask the producer,
 * which runs just far enough to produce one.
 *
 * <p>The producer parses comma-separated records through two nested helper methods: its body calls
 * {@code readRecord}, which calls {@code readField} once per field, and {@code readField} yields
 * each field from two calls deep. The whole chain stays suspended between values; the next pull
 * resumes {@code readField} where it stopped, its return value (the delimiter it stopped at) flows
 * back into {@code readRecord}, and {@code readRecord}'s (the number of fields) into the body. The
 * log shows the three parties taking turns.
 */
public final class LuaProducer {
    /** The producer's input: three records of three fields. */
    public static final String INPUT = "Ada,Lovelace,1815\nAlan,Turing,1912\nGrace,Hopper,1906\n";

    private LuaProducer() {}

    /** A read position in a text: the state the producer's helpers share. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        /** The next character; the end of the text reads as an end of line. */
        char next() {
            return atEnd() ? '\n' : text.charAt(position++);
        }
    }

    /**
     * The producer: yields the fields of {@code text}, record by record, logging each field it
     * reads and each record it finishes.
     *
     * @param text records separated by newlines, fields by commas
     * @param log where the producer writes what it does
     * @return a lazy generator of the fields
     */
    @Coroutine
    public static Generator<String> producer(String text, List<String> log) {
        Cursor in = new Cursor(text);
        int records = 0;
        while (!in.atEnd()) {
            records++;
            int fields = readRecord(in, records, log);
            log.add("producer: end of record " + records + " (" + fields + " fields)");
        }
        log.add("producer: end of input");
        return Generator.empty();
    }

    /** Reads one record, one field at a time; each field is yielded from inside readField. */
    @Coroutine
    private static int readRecord(Cursor in, int record, List<String> log) {
        int fields = 1;
        while (readField(in, record, log) == ',') {
            fields++;
        }
        return fields;
    }

    /** Reads one field, yields it, and then returns the delimiter that ended it. */
    @Coroutine
    private static char readField(Cursor in, int record, List<String> log) {
        StringBuilder field = new StringBuilder();
        char c;
        while ((c = in.next()) != ',' && c != '\n') {
            field.append(c);
        }
        log.add("producer: read \"" + field + "\" in record " + record);
        Co.yield(field.toString());
        return c;
    }

    /**
     * The filter: numbers the values it passes on, as the Lua filter numbers lines.
     *
     * @param source the producer
     * @return a lazy generator of {@code "n value"}
     */
    @Coroutine
    public static Generator<String> filter(Generator<String> source) {
        int line = 0;
        for (String value : source) {
            line++;
            Co.yield(String.format(Locale.ROOT, "%3d %s", line, value));
        }
        return Generator.empty();
    }

    /**
     * The consumer: pulls everything from the filter and logs it.
     *
     * @param text the producer's input
     * @return the log of the producer and the consumer, in the order they ran
     */
    public static List<String> consume(String text) {
        List<String> log = new ArrayList<>();
        Generator<String> numbered = filter(producer(text, log));
        log.add("consumer: pipeline built, nothing read yet");
        for (String value : numbered) {
            log.add("consumer: " + value);
        }
        log.add("consumer: done");
        return log;
    }

    /**
     * Runs the sample.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        return consume(INPUT);
    }

    /**
     * Prints how the producer, the filter and the consumer take turns.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
