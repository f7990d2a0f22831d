package io.github.jcoro.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture under {@code diagnostics/} compiled alone with the processor: the jcoro diagnostics
 * must be exactly the ones its lines announce with a trailing {@code // ERROR [jcoro:tag]} or {@code
 * // WARNING [jcoro:tag]} comment (kind, tag, file and line), and the compilation must fail exactly
 * when an error is announced.
 */
class DiagnosticsTest {
    private static final Pattern EXPECTED = Pattern.compile("//\\s*(ERROR|WARNING) \\[jcoro:([a-z-]+)]\\s*$");

    static Stream<Path> fixtures() {
        return Compilation.sourcesUnder(Compilation.resource("diagnostics")).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportsExactlyTheAnnouncedDiagnostics(Path fixture, @TempDir Path output) throws IOException {
        List<Compilation.Reported> expected = expected(fixture);
        Compilation compilation = Compilation.withProcessor(List.of(fixture), output);
        List<Compilation.Reported> reported = compilation.jcoro();
        assertEquals(sorted(expected), sorted(reported), compilation.messages());
        boolean errorExpected = expected.stream().anyMatch(r -> r.kind() == Diagnostic.Kind.ERROR);
        if (errorExpected) {
            assertFalse(compilation.success, compilation.messages());
        } else {
            assertTrue(compilation.success, compilation.messages());
        }
        for (Diagnostic<?> diagnostic : compilation.diagnostics) {
            String message = diagnostic.getMessage(Locale.ROOT);
            assertFalse(message.contains("[jcoro:internal-error]"), message);
            if (message.contains("[jcoro:")) {
                assertTrue(message.matches("(?s)\\[jcoro:[a-z-]+] \\S.*"), "a tag, then the message: " + message);
            }
        }
    }

    @Test
    void suspendOutsideCoroutine_namesTheCodeThatCalls(@TempDir Path output) throws IOException {
        Compilation compilation = Compilation.withProcessor(
                List.of(Compilation.resource("diagnostics").resolve("SuspendOutsideCoroutine.java")), output);
        String messages = compilation.messages();
        assertTrue(messages.contains("Co.pause suspends only the body of a coroutine"), messages);
        assertTrue(messages.contains("it is called in an initializer of fixtures.SuspendOutsideCoroutine;"), messages);
        assertTrue(messages.contains("it is called in the method plainMethod();"), messages);
        assertTrue(messages.contains("it is called in this lambda (only a lambda given to Generator.of"), messages);
    }

    static List<Compilation.Reported> expected(Path fixture) throws IOException {
        List<Compilation.Reported> expected = new ArrayList<>();
        List<String> lines = Files.readAllLines(fixture);
        for (int i = 0; i < lines.size(); i++) {
            Matcher matcher = EXPECTED.matcher(lines.get(i));
            if (matcher.find()) {
                expected.add(new Compilation.Reported(
                        Diagnostic.Kind.valueOf(matcher.group(1)),
                        matcher.group(2),
                        fixture.getFileName().toString(),
                        i + 1));
            }
        }
        return expected;
    }

    private static List<Compilation.Reported> sorted(List<Compilation.Reported> reported) {
        List<Compilation.Reported> copy = new ArrayList<>(reported);
        copy.sort(Comparator.comparing(Compilation.Reported::toString));
        return copy;
    }
}
