package io.github.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jcoro.instrument.CoroutineInstrumenter;
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

    private static final String OVERRIDING = String.join(
            "\n",
            "package demo;",
            "import io.github.jcoro.Co;",
            "import io.github.jcoro.Coroutine;",
            "public class Overriding extends Open {",
            "    @Coroutine @Override public String overridable() { Co.yield(2); return \"y\" + super.overridable(); }",
            "}");

    private static final String INHERITING =
            String.join("\n", "package demo;", "public class Inheriting extends Open {}");

    private static final String CALLER = String.join(
            "\n",
            "package demo;",
            "import io.github.jcoro.Co;",
            "import io.github.jcoro.Coroutine;",
            "import io.github.jcoro.Generator;",
            "public class Caller {",
            "    @Coroutine public static Generator<Object> gen(Open open, Inheriting inheriting) {",
            "        Co.yield(open.overridable());",
            "        Co.yield(inheriting.overridable());",
            "        return Generator.empty();",
            "    }",
            "    public static String run() {",
            "        StringBuilder out = new StringBuilder();",
            "        for (Open open : new Open[] {new Open(), new Overriding()}) {",
            "            for (Object value : gen(open, new Inheriting())) { out.append(value).append('|'); }",
            "        }",
            "        return out.toString();",
            "    }",
            "}");

    @Test
    void helperOfAnotherClass_suspendsTheWholeGenerator(@TempDir Path classes) throws Exception {
        Object out = instrumentAndRun(classes, Map.of("demo.Lib", LIB, "demo.Use", USE), "demo.Use");
        assertEquals("a0|a1|a2|sum 3|hello bob|greeted bob|", out);
    }

    @Test
    void overridableHelperOfAnotherClass_dispatchesOnTheReceiver(@TempDir Path classes) throws Exception {
        // Open's helper on an Open, then on an Overriding (its @Coroutine override, which calls
        // super's); and on an Inheriting, a call the resolver finds in Open, Inheriting's superclass.
        Object out = instrumentAndRun(
                classes,
                Map.of(
                        "demo.Open",
                        OPEN,
                        "demo.Overriding",
                        OVERRIDING,
                        "demo.Inheriting",
                        INHERITING,
                        "demo.Caller",
                        CALLER),
                "demo.Caller");
        assertEquals("1|x|1|x|2|1|yx|1|x|", out);
    }

    /** Compiles the sources, instruments every class through the resolver, runs {@code main.run()}. */
    private static Object instrumentAndRun(Path classes, Map<String, String> sources, String main) throws Exception {
        Map<String, byte[]> compiled = JavaSourceCompiler.compile(sources);
        URLClassLoader resources = write(classes, compiled);
        Map<String, byte[]> instrumented = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : compiled.entrySet()) {
            byte[] bytes =
                    new CoroutineInstrumenter(new ClassLoaderHelperResolver(resources)).instrument(entry.getValue());
            instrumented.put(entry.getKey(), bytes != null ? bytes : entry.getValue());
        }
        ClassLoader loader = new ClassLoader(ClassLoaderHelperResolverTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = instrumented.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        return loader.loadClass(main).getMethod("run").invoke(null);
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
