package io.github.jcoro.samples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entry point of {@code jcoro-samples.jar}: {@code java -jar samples/target/jcoro-samples.jar
 * <sample> [arguments]} runs one sample by name, with the arguments of its own {@code main}; with
 * no name it runs every sample ({@link AllSamples}).
 */
public final class SampleLauncher {
    private SampleLauncher() {}

    /** A sample's {@code main}. */
    private interface Main {
        void run(String[] args) throws Exception;
    }

    private static final class Entry {
        final String what;
        final Main main;

        Entry(String what, Main main) {
            this.what = what;
            this.main = main;
        }
    }

    private static final Map<String, Entry> SAMPLES = new LinkedHashMap<>();

    private static void sample(String name, String what, Main main) {
        SAMPLES.put(name, new Entry(what, main));
    }

    static {
        sample("all", "every sample below that ends by itself, in order", AllSamples::main);
        sample("fibonacci", "an infinite generator, taken with a limit (seed 003)", Fibonacci::main);
        sample("countdowns", "two generators interleaved by hand (seed 004)", Countdowns::main);
        sample("running-average", "a generator driven by send() (seed 004)", RunningAverage::main);
        sample("csv-pipeline", "a lazy chain of generators over a file (seed 004)", CsvPipeline::main);
        sample("lua-producer", "producer, filter, consumer yielding from nested helpers (seed 004)", LuaProducer::main);
        sample("tree-walk", "a recursive helper yields a tree in order (seed 004)", TreeWalk::main);
        sample(
                "close-and-throw-into",
                "close() and throwInto() reach a suspended helper (seed 004)",
                CloseAndThrowInto::main);
        sample("generator-pipeline", "stages delegating with Co.yieldAll (seed 004)", GeneratorPipeline::main);
        sample("ten-slow-reads", "ten 1-second reads on one loop take 1 s (seed 003)", TenSlowReads::main);
        sample("fetch-all", "100 URLs: sequential vs thread pool vs jcoro tasks (seed 004)", FetchAll::main);
        sample("slow-consumer", "a bounded channel paces a fast producer (seed 001)", SlowConsumer::main);
        sample("channel-pipeline", "stages joined by channels (issue #6)", ChannelPipeline::main);
        sample("mirror-race", "the first mirror wins, the loser is cancelled (issue #6)", MirrorRace::main);
        sample("failing-scope", "one child fails, its siblings are cancelled first (seed 004)", FailingScope::main);
        sample(
                "timeline",
                "seed 000's stop-signal trial; keys from the terminal, --demo, --timing N [ms]",
                TrialTimeline::main);
        sample(
                "http-server",
                "seed 002's HTTP/1.1 server: --port P [--loops N] [--threads|--virtual|--reactor]",
                HttpServerSample::main);
        sample("http-load", "a one-thread NIO load generator against the servers (seed 002)", HttpLoad::main);
    }

    /**
     * Runs the sample named by {@code args[0]} with the rest of the arguments.
     *
     * @param args the sample's name, then its arguments
     * @throws Exception what the sample throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            AllSamples.main(args);
            return;
        }
        Entry entry = SAMPLES.get(args[0]);
        if (entry == null) {
            boolean help = args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help");
            (help ? System.out : System.err).print(usage(help ? null : args[0]));
            if (!help) {
                System.exit(2);
            }
            return;
        }
        entry.main.run(Arrays.copyOfRange(args, 1, args.length));
    }

    static String usage(String unknown) {
        StringBuilder out = new StringBuilder();
        if (unknown != null) {
            out.append("no sample named '").append(unknown).append("'; expected one of these:\n");
        }
        out.append("usage: java -jar jcoro-samples.jar <sample> [arguments]\n");
        for (Map.Entry<String, Entry> e : SAMPLES.entrySet()) {
            out.append(String.format("  %-22s %s%n", e.getKey(), e.getValue().what));
        }
        return out.toString();
    }
}
