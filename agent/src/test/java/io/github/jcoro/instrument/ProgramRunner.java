package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Runs a program of {@code src/test/resources/programs}: compiled at a release, instrumented, checked
 * by ASM, loaded by the JVM verifier in a fresh loader, and called; its {@code run()} returns the
 * text the test asserts.
 */
final class ProgramRunner {
    private ProgramRunner() {}

    static String run(String name, int release) throws Exception {
        Map<String, byte[]> classes = instrumented(name, release);
        ClassLoader types = new FixtureClassLoader(name + "-types", ProgramRunner.class.getClassLoader(), classes);
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(entry.getValue()), types, false, new PrintWriter(problems));
            assertEquals("", problems.toString(), "ASM's check of " + entry.getKey());
        }
        FixtureClassLoader loader =
                new FixtureClassLoader(name + "-" + release, ProgramRunner.class.getClassLoader(), classes);
        Class<?> program = Class.forName("programs." + name, true, loader);
        return (String) program.getMethod("run").invoke(null);
    }

    /** The program's classes, compiled at {@code release} and instrumented, by binary name. */
    static Map<String, byte[]> instrumented(String name, int release) throws Exception {
        Map<String, byte[]> classes = new TreeMap<>();
        for (Map.Entry<String, byte[]> entry : compile(name, release).entrySet()) {
            byte[] instrumented = new CoroutineInstrumenter().instrument(entry.getValue());
            classes.put(entry.getKey(), instrumented != null ? instrumented : entry.getValue());
        }
        return classes;
    }

    /** The location of jcoro's runtime classes, for a child JVM's class path. */
    static Path runtimeLocation() throws URISyntaxException {
        return Path.of(io.github.jcoro.Co.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static Map<String, byte[]> compile(String name, int release) throws IOException, URISyntaxException {
        String source;
        try (InputStream in = ProgramRunner.class.getResourceAsStream("/programs/" + name + ".java")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path runtime = Path.of(io.github.jcoro.Co.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return InMemoryCompiler.compile("programs." + name, source, release, List.of(runtime));
    }
}
