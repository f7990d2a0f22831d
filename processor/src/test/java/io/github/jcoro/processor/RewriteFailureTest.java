package io.github.jcoro.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.instrument.ClassFilePrecheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnostics of a compilation the processor cannot rewrite: a compiler that is not javac
 * ({@code not-javac}), a class output that is no file ({@code cannot-rewrite}), and a file manager
 * that throws ({@code internal-error}), each provoked for real through javac's API.
 */
class RewriteFailureTest {
    @TempDir
    Path temp;

    private Path countdown() throws Exception {
        Path source = temp.resolve("src/demo/Countdown.java");
        Files.createDirectories(source.getParent());
        Files.copy(Compilation.resource("rewrite/onegenerator/demo/Countdown.java"), source);
        return source;
    }

    private static List<String> messages(Compilation compilation, String tag) {
        return compilation.diagnostics.stream()
                .map(d -> d.getMessage(Locale.ROOT))
                .filter(m -> m.contains("[jcoro:" + tag + "]"))
                .collect(Collectors.toList());
    }

    private static void assertNoProcessorCrash(Compilation compilation) {
        for (Diagnostic<?> diagnostic : compilation.diagnostics) {
            String message = diagnostic.getMessage(Locale.ROOT);
            assertFalse(message.contains("threw an uncaught exception"), message);
        }
    }

    @Test
    void notJavac_warnsOnceAndRewritesNothing() throws Exception {
        Path output = temp.resolve("classes");
        Compilation compilation = Compilation.compile(
                List.of(countdown()),
                output,
                Compilation.classPath(output),
                List.of(new ForeignEnvironmentProcessor(new CoroutineProcessor())));
        assertTrue(compilation.success, compilation.messages());
        assertEquals(
                List.of(new Compilation.Reported(Diagnostic.Kind.WARNING, "not-javac", null, Diagnostic.NOPOS)),
                compilation.jcoro(),
                compilation.messages());
        String warning = messages(compilation, "not-javac").get(0);
        assertTrue(warning.contains("-javaagent:jcoro-agent.jar"), warning);
        byte[] bytes = Files.readAllBytes(output.resolve("demo/Countdown.class"));
        assertTrue(
                ClassFilePrecheck.mayNeedInstrumentation(bytes),
                "Countdown.class must be javac's own, not rewritten, when the compiler is not javac");
        assertNoProcessorCrash(compilation);
    }

    @Test
    void notJavac_stillChecksTheDeclarations() throws Exception {
        Path fixture = Compilation.resource("diagnostics").resolve("SynchronizedCoroutine.java");
        Path output = temp.resolve("classes");
        Compilation compilation = Compilation.compile(
                List.of(fixture),
                output,
                Compilation.classPath(output),
                List.of(new ForeignEnvironmentProcessor(new CoroutineProcessor())));
        assertFalse(compilation.success, compilation.messages());
        List<String> tags = compilation.jcoro().stream()
                .map(Compilation.Reported::tag)
                .sorted()
                .collect(Collectors.toList());
        assertEquals(List.of("not-javac", "synchronized-coroutine"), tags, compilation.messages());
    }

    @Test
    void cannotRewrite_aClassOutputInMemory_isOneErrorNamingTheClass() throws Exception {
        InMemoryClassOutput[] memory = new InMemoryClassOutput[1];
        Compilation compilation = Compilation.withFileManager(List.of(countdown()), temp.resolve("classes"), files -> {
            memory[0] = new InMemoryClassOutput(files);
            return memory[0];
        });
        assertFalse(compilation.success, "a class that cannot be rewritten must fail the build");
        assertEquals(
                List.of("cannot-rewrite"),
                compilation.jcoro().stream().map(Compilation.Reported::tag).collect(Collectors.toList()),
                compilation.messages());
        Compilation.Reported reported = compilation.jcoro().get(0);
        assertEquals(Diagnostic.Kind.ERROR, reported.kind());
        assertEquals("Countdown.java", reported.file(), "reported in the class's source");
        assertEquals(
                13, reported.line(), "at the class's first coroutine code: the name of the @Coroutine method from");
        String message = messages(compilation, "cannot-rewrite").get(0);
        assertTrue(message.contains("demo.Countdown"), message);
        assertTrue(message.contains("cannot be rewritten"), message);
        assertTrue(memory[0].classes().containsKey("demo/Countdown.class"), "javac wrote the class in memory");
        assertNoProcessorCrash(compilation);
    }

    @Test
    void internalError_aFileManagerThatThrows_isOneDiagnosticNotACrash() throws Exception {
        Compilation compilation =
                Compilation.withFileManager(List.of(countdown()), temp.resolve("classes"), FailingClassOutput::new);
        assertFalse(compilation.success, compilation.messages());
        assertEquals(
                List.of(new Compilation.Reported(Diagnostic.Kind.ERROR, "internal-error", null, Diagnostic.NOPOS)),
                compilation.jcoro(),
                compilation.messages());
        String message = messages(compilation, "internal-error").get(0);
        assertTrue(message.contains("COMPILATION step"), message);
        assertTrue(message.contains(FailingClassOutput.FAILURE), message);
        assertTrue(message.contains("please report it"), message);
        assertNoProcessorCrash(compilation);
    }
}
