package io.github.jcoro.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.instrument.ClassFileHelperResolver;
import io.github.jcoro.instrument.CoroutineInstrumenter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's whole fixture corpus through the processor route: every fixture the instrumenter
 * accepts is compiled with the processor, and its class files must be byte for byte what the agent
 * route makes of plain javac output (so both routes run the same code; the corpus itself checks
 * that code against the verifier and an eager reference). Fixtures the instrumenter refuses are
 * the processor's diagnostics' business ({@code DiagnosticsTest}, {@code RewriteTest}); a fixture
 * that calls {@code Co} outside any coroutine must be refused by the processor at compile time.
 */
class CorpusRoutesTest {
    private static final Pattern MIN_RELEASE = Pattern.compile("(?m)^// min-release: (\\d+)");

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> everyFixtureGivesTheSameBytesOnBothRoutes() throws Exception {
        Path corpus = Paths.get(System.getProperty("jcoro.fixtures"));
        Path trace = corpus.resolve("../../java/io/github/jcoro/instrument/fixture/Trace.java")
                .normalize();
        assertTrue(Files.isRegularFile(trace), "no Trace.java at " + trace);
        List<Path> fixtures = Compilation.sourcesUnder(corpus);
        assertTrue(fixtures.size() > 100, "the corpus has " + fixtures.size() + " fixtures");
        return fixtures.stream()
                .map(fixture ->
                        DynamicTest.dynamicTest(fixture.getFileName().toString(), () -> sameBytes(fixture, trace)));
    }

    private void sameBytes(Path fixture, Path trace) throws Exception {
        String source = Files.readString(fixture, StandardCharsets.UTF_8);
        Matcher minimum = MIN_RELEASE.matcher(source);
        if (source.contains("// expect-error:")
                || (minimum.find()
                        && Integer.parseInt(minimum.group(1))
                                > Runtime.version().feature())) {
            return; // refused by design, or not compilable on this JDK
        }
        String name = fixture.getFileName().toString().replace(".java", "");
        List<Path> sources = List.of(fixture, trace);
        if (source.contains("// expect: untouched")) {
            // Co.* outside any coroutine: the agent leaves the class alone (Co throws at run time);
            // the processor refuses it at compile time, at the call.
            Compilation refused = Compilation.withProcessor(sources, temp.resolve(name + "-processor"));
            assertTrue(
                    !refused.success && refused.messages().contains("[jcoro:suspend-outside-coroutine]"),
                    refused.messages());
            return;
        }
        Compilation plain = Compilation.plain(sources, temp.resolve(name + "-plain"));
        assertTrue(plain.success, plain.messages());
        Map<String, byte[]> original = plain.classFiles();
        Map<String, byte[]> agent = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : original.entrySet()) {
            byte[] rewritten;
            try {
                rewritten = new CoroutineInstrumenter(new ClassFileHelperResolver(original::get))
                        .instrument(entry.getValue().clone());
            } catch (RuntimeException refused) {
                return; // the instrumenter refuses it (a size limit, say): nothing to compare
            }
            agent.put(entry.getKey(), rewritten != null ? rewritten : entry.getValue());
        }
        Compilation built = Compilation.withProcessor(sources, temp.resolve(name + "-processor"));
        assertTrue(built.success, built.messages());
        Map<String, byte[]> processed = built.classFiles();
        assertEquals(agent.keySet(), processed.keySet());
        for (String className : agent.keySet()) {
            assertArrayEquals(
                    agent.get(className),
                    processed.get(className),
                    className + ": the processor route must write the bytes the agent route makes");
        }
    }
}
