package io.github.jcoro.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code [jcoro:dropped-task]} warning: its whole message (the task called, the method calling
 * it, what to do instead), and a task known only from a class file on the class path, compiled by
 * an earlier build with or without the processor.
 */
class DroppedTaskTest {
    @Test
    void messageNamesTheTaskTheCallerAndTheWaysOut(@TempDir Path output) throws IOException {
        Path fixture = Compilation.resource("diagnostics").resolve("DroppedTask.java");
        Compilation compilation = Compilation.withProcessor(List.of(fixture), output);

        List<String> messages = droppedTaskMessages(compilation);
        assertTrue(compilation.success, compilation.messages());
        assertEquals(
                lineOf(fixture, "fetch(\"dropped\");")
                        + ": [jcoro:dropped-task] the future of the async task fixtures.DroppedTask.fetch(java.lang.String),"
                        + " called in fixtures.DroppedTask.caller(fixtures.DroppedTask), is dropped: nothing awaits"
                        + " its result or sees its failure; await it (Co.await(fetch(...))), store it to join or await"
                        + " later, or spawn it in a TaskScope (scope.spawn(() -> fetch(...)));"
                        + " @SuppressWarnings(\"jcoro:dropped-task\") if fire-and-forget is meant",
                messageAt(messages, lineOf(fixture, "fetch(\"dropped\");")));
        assertEquals(
                lineOf(fixture, "() -> fetch(\"in a Runnable\")")
                        + ": [jcoro:dropped-task] the future of the async task fixtures.DroppedTask.fetch(java.lang.String),"
                        + " called in a lambda in fixtures.DroppedTask.lambdas(java.util.concurrent.Executor,"
                        + "java.util.List<java.lang.String>), is dropped by the lambda, whose functional interface"
                        + " java.lang.Runnable returns void: nothing awaits its result or sees its failure; await it"
                        + " (Co.await(fetch(...))), store it to join or await later, or spawn it in a TaskScope"
                        + " (scope.spawn(() -> fetch(...))); @SuppressWarnings(\"jcoro:dropped-task\") if"
                        + " fire-and-forget is meant",
                messageAt(messages, lineOf(fixture, "() -> fetch(\"in a Runnable\")")));
        assertTrue(
                messageAt(messages, lineOf(fixture, "DroppedTask::fetch);"))
                        .startsWith(lineOf(fixture, "DroppedTask::fetch);")
                                + ": [jcoro:dropped-task] the future of the async task"
                                + " fixtures.DroppedTask.fetch(java.lang.String), called in"
                                + " fixtures.DroppedTask.lambdas(java.util.concurrent.Executor,"
                                + "java.util.List<java.lang.String>), is dropped by the method reference, whose"
                                + " functional interface java.util.function.Consumer returns void: "),
                messages.toString());
    }

    @ParameterizedTest(name = "library compiled {0}")
    @ValueSource(strings = {"with the processor", "without a processor"})
    void aTaskOnTheClassPathIsRecognizedByItsAnnotation(String how, @TempDir Path directory) throws IOException {
        Path libraryClasses = directory.resolve("library");
        List<Processor> processors = how.equals("with the processor") ? List.of(new CoroutineProcessor()) : List.of();
        Compilation library = Compilation.compile(
                Compilation.sourcesUnder(Compilation.resource("droppedtask/library")),
                libraryClasses,
                Compilation.classPath(libraryClasses),
                processors);
        assertTrue(library.success, library.messages());

        Path callerClasses = directory.resolve("caller");
        Path source = Compilation.resource("droppedtask/caller").resolve("app/Caller.java");
        Compilation caller = Compilation.compile(
                List.of(source),
                callerClasses,
                List.of(Compilation.runtime().toString(), libraryClasses.toString(), callerClasses.toString()),
                List.of(new CoroutineProcessor()));

        assertTrue(caller.success, caller.messages());
        assertEquals(
                DiagnosticsTest.expected(source),
                caller.jcoro(),
                "expected exactly the announced warnings; " + caller.messages());
        List<String> messages = droppedTaskMessages(caller);
        assertTrue(
                messages.get(0)
                        .startsWith(lineOf(source, "Remote.fetch(\"dropped\");")
                                + ": [jcoro:dropped-task] the future of the async task"
                                + " lib.Remote.fetch(java.lang.String), called in app.Caller.both(), is dropped: "),
                messages.get(0));
    }

    /** The message reported at a line. */
    private static String messageAt(List<String> messages, int line) {
        return messages.stream()
                .filter(message -> message.startsWith(line + ": "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("expected a warning at line " + line + ", found " + messages));
    }

    /** The line number of the first line of a file that contains {@code text}. */
    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("expected a line containing " + text + " in " + file + ", found none");
    }

    /** The dropped-task warnings, each as {@code line: message}, in order. */
    private static List<String> droppedTaskMessages(Compilation compilation) {
        List<String> messages = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics) {
            String message = diagnostic.getMessage(Locale.ROOT);
            if (message.startsWith("[jcoro:dropped-task]")) {
                assertEquals(Diagnostic.Kind.WARNING, diagnostic.getKind(), message);
                messages.add(diagnostic.getLineNumber() + ": " + message);
            }
        }
        return messages.stream().collect(Collectors.toList());
    }
}
