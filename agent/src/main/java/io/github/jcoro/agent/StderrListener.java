package io.github.jcoro.agent;

import io.github.jcoro.instrument.Problem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The agent's default {@link TransformListener}: one line on standard error per event, each
 * prefixed {@code [jcoro] }.
 *
 * <pre>
 * [jcoro] instrumented com.example.Foo in 1.2 ms
 * [jcoro] error: cannot instrument com.example.Foo.bar()Lio/github/jcoro/Generator; (line 12): ...
 * [jcoro] error: cannot instrument com.example.Foo: IllegalArgumentException: ...
 * [jcoro] error: cannot dump com.example.Foo to /tmp/dump/com/example/Foo.class: AccessDeniedException: ...
 * [jcoro] summary: 6235 classes scanned, 6201 skipped (...), 30 instrumented, 4 failed, 182 ms in the transformer
 * [jcoro] note: ...
 * </pre>
 *
 * <h2>Thread safety</h2>
 *
 * Each event is printed with a single {@code println}, so lines of different threads do not mix.
 */
public final class StderrListener implements TransformListener {
    /** The prefix of every line. */
    public static final String PREFIX = "[jcoro] ";

    private final Supplier<PrintStream> output;

    /** Prints to {@link System#err}, as it is at the time of each event. */
    public StderrListener() {
        this(() -> System.err);
    }

    StderrListener(Supplier<PrintStream> output) {
        this.output = output;
    }

    @Override
    public void onTransformed(String className, long nanoseconds) {
        output.get()
                .println(String.format(
                        Locale.ROOT, "%sinstrumented %s in %.1f ms", PREFIX, className, nanoseconds / 1_000_000.0));
    }

    @Override
    public void onError(String className, Problem problem) {
        output.get().println(PREFIX + "error: cannot instrument " + oneLine(problem.toString()));
    }

    @Override
    public void onError(String className, Throwable error) {
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message));
        output.get().println(PREFIX + "error: cannot instrument " + className + ": " + text);
    }

    @Override
    public void onDumpFailed(String className, Path file, Exception error) {
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message));
        output.get().println(PREFIX + "error: cannot dump " + className + " to " + file + ": " + text);
    }

    @Override
    public void onSummary(TransformSummary summary) {
        output.get().println(PREFIX + "summary: " + summary.describe());
    }

    @Override
    public void onNote(String message) {
        output.get().println(PREFIX + "note: " + oneLine(message));
    }

    /** Keeps the promise of one line per event: line breaks inside a message become spaces. */
    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
