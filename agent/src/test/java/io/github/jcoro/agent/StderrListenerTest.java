package io.github.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jcoro.instrument.Problem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StderrListenerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream output = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final StderrListener listener = new StderrListener(() -> output);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void instrumentedClassWithTimeInMilliseconds() {
        listener.onTransformed("com.example.Foo", 1_234_567L);

        assertEquals("[jcoro] instrumented com.example.Foo in 1.2 ms\n", printed());
    }

    @Test
    void problemIsOneLineWithClassMethodAndLine() {
        listener.onError(
                "com.example.Foo",
                new Problem("com.example.Foo", "bar()V", 12, "expected no suspension inside synchronized, found one"));

        assertEquals(
                "[jcoro] error: cannot instrument com.example.Foo.bar()V (line 12): expected no suspension inside"
                        + " synchronized, found one\n",
                printed());
    }

    @Test
    void exceptionIsOneLineWithItsSimpleNameAndMessage() {
        listener.onError("com.example.Foo", new IllegalArgumentException("Unsupported class file major version 99"));
        listener.onError("com.example.Bar", new NullPointerException());
        listener.onError("com.example.Baz", new IllegalStateException("first line\n  second line\r\nthird\n"));

        assertEquals(
                "[jcoro] error: cannot instrument com.example.Foo: IllegalArgumentException: Unsupported class file"
                        + " major version 99\n"
                        + "[jcoro] error: cannot instrument com.example.Bar: NullPointerException\n"
                        + "[jcoro] error: cannot instrument com.example.Baz: IllegalStateException: first line second"
                        + " line third\n",
                printed());
    }

    @Test
    void note() {
        listener.onNote("3 classes were loaded before");

        assertEquals("[jcoro] note: 3 classes were loaded before\n", printed());
    }

    @Test
    void dumpFailureNamesTheClassAndTheFile() {
        Path file = Path.of("/dump/com/example/Foo.class");
        listener.onDumpFailed("com.example.Foo", file, new AccessDeniedException("/dump/com"));

        assertEquals(
                "[jcoro] error: cannot dump com.example.Foo to " + file + ": AccessDeniedException: /dump/com\n",
                printed());
    }

    @Test
    void summaryIsOneLineWithEveryCount() {
        listener.onSummary(new TransformSummary(6235, 5120, 1080, 1, 30, 4, 182_400_000L));
        listener.onSummary(new TransformSummary(1, 1, 0, 0, 0, 0, 400_000L));

        assertEquals(
                "[jcoro] summary: 6235 classes scanned, 6201 skipped (5120 by name, 1080 by the pre-check, 1 after"
                        + " parsing), 30 instrumented, 4 failed, 182 ms in the transformer\n"
                        + "[jcoro] summary: 1 class scanned, 1 skipped (1 by name, 0 by the pre-check, 0 after parsing),"
                        + " 0 instrumented, 0 failed, 0 ms in the transformer\n",
                printed());
    }
}
