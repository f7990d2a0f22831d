package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.Generator;
import io.github.jcoro.instrument.fixture.Trace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A suspendable helper called from plain code (not from a coroutine body): it runs normally until
 * it tries to suspend, and then fails with an {@link IllegalStateException} that names the helper
 * which tried; a helper that does not suspend on that call just returns its result.
 */
class HelperPlainCallTest {
    private static final String CLASS_NAME = "fixtures.PlainCall";

    private static final String SOURCE = String.join(
            "\n",
            "package fixtures;",
            "",
            "import io.github.jcoro.Co;",
            "import io.github.jcoro.Coroutine;",
            "import io.github.jcoro.Generator;",
            "import io.github.jcoro.instrument.fixture.Trace;",
            "",
            "public class PlainCall {",
            "    private final String name;",
            "",
            "    public PlainCall(String name) {",
            "        this.name = name;",
            "    }",
            "",
            "    @Coroutine",
            "    public static int maybe(int x) {",
            "        Trace.log(\"maybe \" + x);",
            "        if (x > 10) {",
            "            Co.yield(x);",
            "        }",
            "        return x * 2;",
            "    }",
            "",
            "    @Coroutine",
            "    public static void always(String text) {",
            "        try {",
            "            Trace.log(\"always \" + text);",
            "            Co.yield(text);",
            "            Trace.log(\"always must not resume\");",
            "        } finally {",
            "            Trace.log(\"always finally\");",
            "        }",
            "    }",
            "",
            "    @Coroutine",
            "    public final long outer(long base) {",
            "        long first = base + maybe(3);",
            "        Trace.log(\"outer \" + name + \" \" + first);",
            "        return first + inner(base > 100);",
            "    }",
            "",
            "    @Coroutine",
            "    private int inner(boolean suspend) {",
            "        if (suspend) {",
            "            Co.yield(name);",
            "        }",
            "        return name.length();",
            "    }",
            "",
            "    @Coroutine",
            "    static Generator<Object> gen(int x) {",
            "        Co.yield(maybe(x));",
            "        return Generator.empty();",
            "    }",
            "}",
            "");

    static List<Integer> releases() {
        return FixtureCorpusTest.RELEASES;
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void helperThatDoesNotSuspendReturnsItsResult(int release) throws Throwable {
        Class<?> type = load(release);
        Trace.reset(false);
        assertEquals(10, invoke(type.getMethod("maybe", int.class), null, 5));
        Object instance = type.getConstructor(String.class).newInstance("abc");
        assertEquals(7L + 6 + 3, invoke(type.getMethod("outer", long.class), instance, 7L));
        assertEquals(List.of("maybe 5", "maybe 3", "outer abc 13"), Trace.entries());
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void helperThatSuspendsFromPlainCodeThrowsNamingIt(int release) throws Exception {
        Class<?> type = load(release);
        Trace.reset(false);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> invoke(type.getMethod("maybe", int.class), null, 11));
        assertNamesHelper(e, "fixtures.PlainCall.maybe(I)I");
        assertEquals(List.of("maybe 11"), Trace.entries());
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void exceptionIsRaisedAtTheYieldSoFinallyBlocksRun(int release) throws Exception {
        Class<?> type = load(release);
        Trace.reset(false);
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> invoke(type.getMethod("always", String.class), null, "t"));
        assertNamesHelper(e, "fixtures.PlainCall.always(Ljava/lang/String;)V");
        assertEquals(List.of("always t", "always finally"), Trace.entries());
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void theInnermostHelperThatTriesToSuspendIsNamed(int release) throws Exception {
        Class<?> type = load(release);
        Trace.reset(false);
        Object instance = type.getConstructor(String.class).newInstance("abc");
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> invoke(type.getMethod("outer", long.class), instance, 200L));
        assertNamesHelper(e, "fixtures.PlainCall.inner(Z)I");
        assertEquals(List.of("maybe 3", "outer abc 206"), Trace.entries());
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void theSameHelperSuspendsWhenCalledFromAGenerator(int release) throws Exception {
        Class<?> type = load(release);
        Trace.reset(false);
        Method gen = type.getDeclaredMethod("gen", int.class);
        gen.setAccessible(true);
        Generator<?> generator = (Generator<?>) gen.invoke(null, 11);
        List<Object> values = new ArrayList<>();
        generator.forEach(values::add);
        assertEquals(List.of(11, 22), values);
        assertEquals(List.of("maybe 11"), Trace.entries());
    }

    private static void assertNamesHelper(IllegalStateException e, String helper) {
        String message = e.getMessage();
        assertNotNull(message, "the IllegalStateException has no message");
        assertTrue(
                message.contains("the @Coroutine helper " + helper + " tried to suspend"),
                "the message does not name " + helper + ":\n" + message);
        assertTrue(
                message.contains("plain code"), "the message does not say it was called from plain code:\n" + message);
    }

    /** Invokes {@code method}, unwrapping the exception it throws. */
    private static Object invoke(Method method, Object receiver, Object... arguments) throws Throwable {
        try {
            return method.invoke(receiver, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Compiles the source at {@code release}, instruments it and loads it in a fresh class loader. */
    private static Class<?> load(int release) throws ClassNotFoundException {
        Map<String, byte[]> compiled =
                InMemoryCompiler.compile(CLASS_NAME, SOURCE, release, FixtureHarness.classpath());
        Map<String, byte[]> classes = new TreeMap<>();
        compiled.forEach((name, bytes) -> {
            byte[] out = new CoroutineInstrumenter().instrument(bytes.clone());
            classes.put(name, out == null ? bytes : out);
        });
        assertTrue(classes.containsKey(CLASS_NAME), "the source did not compile to " + CLASS_NAME);
        FixtureClassLoader loader = new FixtureClassLoader(
                "plain call --release " + release, HelperPlainCallTest.class.getClassLoader(), classes);
        return Class.forName(CLASS_NAME, true, loader);
    }
}
