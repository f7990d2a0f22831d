package io.github.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.instrument.CoroutineInstrumenter;
import io.github.jcoro.instrument.InstrumentationException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helpers of other classes: found through the class loader's resources (without loading them), so
 * that a coroutine's call of a helper in another class suspends the whole generator.
 */
class ClassLoaderHelperResolverTest {
    private static final String LIB = String.join(
            "\n",
            "package demo;",
            "import io.github.jcoro.Co;",
            "import io.github.jcoro.Coroutine;",
            "public final class Lib {",
            "    @Coroutine public static int produce(String tag, int n) {",
            "        int sum = 0;",
            "        for (int i = 0; i < n; i++) { Co.yield(tag + i); sum += i; }",
            "        return sum;",
            "    }",
            "    @Coroutine public String greet(String who) { Co.yield(\"hello \" + who); return \"greeted \" + who; }",
            "}");

    private static final String OPEN = String.join(
            "\n",
            "package demo;",
            "import io.github.jcoro.Co;",
            "import io.github.jcoro.Coroutine;",
            "public class Open {",
            "    @Coroutine public String overridable() { Co.yield(1); return \"x\"; }",
            "}");

    private static final String USE = String.join(
            "\n",
            "package demo;",
            "import io.github.jcoro.Co;",
            "import io.github.jcoro.Coroutine;",
            "import io.github.jcoro.Generator;",
            "public class Use {",
            "    @Coroutine public static Generator<Object> gen() {",
            "        int sum = Lib.produce(\"a\", 3);",
            "        Co.yield(\"sum \" + sum);",
            "        Co.yield(new Lib().greet(\"bob\"));",
            "        return Generator.empty();",
            "    }",
            "    public static String run() {",
            "        StringBuilder out = new StringBuilder();",
            "        for (Object value : gen()) { out.append(value).append('|'); }",
            "        return out.toString();",
            "    }",
            "}");

    private static final String BAD = String.join(
            "\n",
            "package demo;",
            "import io.github.jcoro.Co;",
            "import io.github.jcoro.Coroutine;",
            "import io.github.jcoro.Generator;",
            "public class Bad {",
            "    @Coroutine public static Generator<Object> gen(Open open) {",
            "        Co.yield(open.overridable());",
            "        return Generator.empty();",
            "    }",
            "}");

    @Test
    void helperOfAnotherClass_suspendsTheWholeGenerator(@TempDir Path classes) throws Exception {
        Map<String, byte[]> compiled = JavaSourceCompiler.compile(Map.of("demo.Lib", LIB, "demo.Use", USE));
        URLClassLoader resources = write(classes, compiled);
        Map<String, byte[]> instrumented = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : compiled.entrySet()) {
            byte[] bytes =
                    new CoroutineInstrumenter(new ClassLoaderHelperResolver(resources)).instrument(entry.getValue());
            instrumented.put(entry.getKey(), bytes != null ? bytes : entry.getValue());
        }
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = instrumented.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Object out = loader.loadClass("demo.Use").getMethod("run").invoke(null);
        assertEquals("a0|a1|a2|sum 3|hello bob|greeted bob|", out);
    }

    @Test
    void overridableHelperOfAnotherClass_isRefused(@TempDir Path classes) throws Exception {
        Map<String, byte[]> compiled = JavaSourceCompiler.compile(Map.of("demo.Open", OPEN, "demo.Bad", BAD));
        URLClassLoader resources = write(classes, compiled);
        InstrumentationException error = assertThrows(
                InstrumentationException.class,
                () -> new CoroutineInstrumenter(new ClassLoaderHelperResolver(resources))
                        .instrument(compiled.get("demo.Bad")));
        assertTrue(
                error.getMessage().contains("overridable @Coroutine helper demo.Open.overridable"), error.getMessage());
        assertTrue(error.getMessage().contains("line 7"), error.getMessage());
    }

    @Test
    void unknownClass_isNotAHelper() {
        ClassLoaderHelperResolver resolver =
                new ClassLoaderHelperResolver(getClass().getClassLoader());
        assertEquals(-1, resolver.helperAccess("demo/Missing", "f", "()V"));
        assertEquals(-1, resolver.helperAccess("io/github/jcoro/agent/AgentOptions", "parse", "(Ljava/lang/String;)V"));
    }

    private static URLClassLoader write(Path directory, Map<String, byte[]> classes) throws IOException {
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            Path file = directory.resolve(entry.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        return new URLClassLoader(new URL[] {directory.toUri().toURL()}, null);
    }
}
