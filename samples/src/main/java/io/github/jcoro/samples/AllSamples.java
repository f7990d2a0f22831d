package io.github.jcoro.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Runs every sample in order, each under a heading. */
public final class AllSamples {
    private AllSamples() {}

    /**
     * Runs every sample, handing each line to {@code out} as soon as its sample has run.
     *
     * @param out receives, for each sample, a heading {@code "== name =="}, then the sample's lines,
     *     with an empty line between samples
     */
    public static void run(Consumer<String> out) {
        section(out, true, "Fibonacci: an infinite generator, taken with a limit", Fibonacci::run);
        section(out, false, "Countdowns: two generators interleaved by hand", Countdowns::run);
        section(out, false, "RunningAverage: a generator driven by send()", RunningAverage::run);
        section(out, false, "CsvPipeline: a lazy chain of generators over a file", CsvPipeline::run);
        section(
                out,
                false,
                "LuaProducer: producer, filter and consumer, yielding from nested helpers",
                LuaProducer::run);
        section(out, false, "TreeWalk: a recursive helper yields a tree in order, lazily", TreeWalk::run);
        section(
                out,
                false,
                "CloseAndThrowInto: close() and throwInto() reach a suspended helper",
                CloseAndThrowInto::run);
        section(
                out,
                false,
                "GeneratorPipeline: stages that delegate with Co.yieldAll and get results back",
                GeneratorPipeline::run);
        section(out, false, "TenSlowReads: ten 1-second reads on one event loop take 1 s, not 10", TenSlowReads::run);
        section(
                out,
                false,
                "FetchAll: 100 URLs from a slow local server, sequential vs thread pool vs jcoro",
                FetchAll::run);
        section(
                out,
                false,
                "SlowConsumer: a bounded channel holds a fast producer back to a slow consumer's pace",
                SlowConsumer::run);
        section(
                out,
                false,
                "ChannelPipeline: stages joined by channels, two workers sharing one input",
                ChannelPipeline::run);
        section(out, false, "MirrorRace: the first mirror wins, the loser is cancelled and cleans up", MirrorRace::run);
        section(out, false, "FailingScope: one child fails, its siblings are cancelled first", FailingScope::run);
        section(
                out,
                false,
                "TrialTimeline: seed 000's stop-signal trial, items alternating on one loop (virtual clock)",
                TrialTimeline::run);
        section(
                out,
                false,
                "HttpServerSample: a coroutine per connection on NIO, keep-alive requests checked",
                HttpServerSample::run);
    }

    /**
     * Runs every sample.
     *
     * @return the lines {@link #main} prints
     */
    public static List<String> run() {
        List<String> lines = new ArrayList<>();
        run(lines::add);
        return lines;
    }

    private static void section(Consumer<String> out, boolean first, String heading, Supplier<List<String>> sample) {
        if (!first) {
            out.accept("");
        }
        out.accept("== " + heading + " ==");
        sample.get().forEach(out);
    }

    /**
     * Prints the output of every sample.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out::println);
    }
}
