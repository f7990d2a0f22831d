package io.github.jcoro.instrument;

import static io.github.jcoro.instrument.FixtureHarness.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jcoro.Generator;
import io.github.jcoro.instrument.fixture.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The fixture corpus: the proof that the instrumenter is right.
 *
 * <p>Every fixture (a source file in {@code src/test/resources/fixtures/}, or generated below) is
 * compiled in memory at each {@code --release} of {@link #RELEASES} and
 *
 * <ul>
 *   <li>success fixtures are instrumented, and the rewritten classes must (1) pass ASM's {@link
 *       CheckClassAdapter} and its {@code SimpleVerifier} data-flow analysis, (2) load, link and pass
 *       the JVM's verifier in a fresh class loader, and (3) produce, when their generator is driven,
 *       the same trace as the eager reference: the same source run un-instrumented against an eager
 *       {@code Co} whose {@code yield} records the value and returns what the driver would send
 *       (and, where the fixture writes one, the {@code expect-trace} of its header);
 *   <li>error fixtures must be refused with an {@link InstrumentationException} naming the class,
 *       the method and the marked line.
 * </ul>
 *
 * <p>{@link #eagerReference()} checks the harness itself (compilation at every release, the eager
 * run, the expected traces) without the instrumenter.
 */
class FixtureCorpusTest {
    /** The newest {@code --release} of the running JDK. */
    static final int NEWEST = FixtureHarness.NEWEST;

    /** The {@code --release} values every fixture is compiled at (those the running JDK supports). */
    static final List<Integer> RELEASES = FixtureHarness.RELEASES;

    // ---------------------------------------------------------------------------------------------
    // The tests

    @TestFactory
    Stream<DynamicNode> instrumentedCorpus() {
        return selectedFixtures().map(fixture -> {
            Stream<DynamicTest> standard = releasesOf(fixture).stream()
                    .map(release -> DynamicTest.dynamicTest(
                            fixture.name() + " --release " + release,
                            () -> checkInstrumentedOrKnownIssue(fixture, release, STANDARD_DEBUG)));
            // The same at the newest release without any debug information (no line numbers, no local
            // variable tables) and with MethodParameters: the instrumenter must not depend on them.
            Stream<DynamicTest> bare = fixture.isError() || fixture.minRelease() > NEWEST
                    ? Stream.empty()
                    : Stream.of(DynamicTest.dynamicTest(
                            fixture.name() + " --release " + NEWEST + " " + String.join(" ", BARE_DEBUG),
                            () -> checkInstrumentedOrKnownIssue(fixture, NEWEST, BARE_DEBUG)));
            return DynamicContainer.dynamicContainer(fixture.name(), Stream.concat(standard, bare));
        });
    }

    @TestFactory
    Stream<DynamicNode> eagerReference() {
        return selectedFixtures()
                .map(fixture -> DynamicContainer.dynamicContainer(
                        fixture.name(),
                        releasesOf(fixture).stream()
                                .map(release -> DynamicTest.dynamicTest(
                                        fixture.name() + " --release " + release + " (eager reference)",
                                        () -> checkEagerReference(fixture, release)))));
    }

    @Test
    void classesWithoutCoroutineComeBackNull() throws IOException {
        for (Class<?> type : List.of(FixtureCorpusTest.class, Trace.class, Fixture.class, Generator.class)) {
            byte[] bytes = classBytes(type);
            assertNull(
                    instrument(bytes.clone()),
                    type.getName() + " has no @Coroutine method: instrument() must return null");
        }
    }

    @Test
    void instrumentedOutputIsNeverInstrumentedAgain() {
        Fixture fixture = fixture("CounterLoop");
        Map<String, byte[]> classes = compiled(fixture, NEWEST);
        byte[] once = instrument(classes.get(fixture.className()).clone());
        assertNotNull(once, "CounterLoop has a @Coroutine method");
        assertTrue(hasMarker(once), "the rewritten class carries " + CoroutineInstrumenter.INSTRUMENTED_DESCRIPTOR);
        assertNull(instrument(once.clone()), "instrumenting the output again must return null");
    }

    /** Checks (1) and (2) are live: a class the JVM would reject is caught by both. */
    @Test
    void harnessCatchesBytecodeTheVerifierRejects() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "fixtures/Broken", null, "java/lang/Object", null);
        MethodVisitor method =
                writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()Ljava/lang/Object;", null, null);
        method.visitCode();
        method.visitInsn(Opcodes.ICONST_0);
        method.visitInsn(Opcodes.ARETURN); // an int where a reference is returned
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        Map<String, byte[]> classes = Map.of("fixtures.Broken", writer.toByteArray());
        ClassLoader parent = FixtureCorpusTest.class.getClassLoader();

        String report = asmCheck(classes.get("fixtures.Broken"), new FixtureClassLoader("asm", parent, classes));
        assertFalse(report.isEmpty(), "CheckClassAdapter reported nothing for a broken method");

        FixtureClassLoader loader = new FixtureClassLoader("jvm", parent, classes);
        try {
            Class.forName("fixtures.Broken", true, loader);
            fail("the JVM verifier accepted a broken method: is verification off for this loader?");
        } catch (VerifyError expected) {
            // verified, and rejected
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void newerReleasesNeedANewerJdk() {
        Assumptions.assumeTrue(
                NEWEST >= 21,
                "running on JDK " + NEWEST + ": the --release 21 cases (and min-release 21 fixtures) are not"
                        + " generated; run the tests on JDK 21+ (e.g. mvn -Djvm=<jdk25>/bin/java) to cover them");
    }

    private static Fixture fixture(String name) {
        return fixtures().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture " + name));
    }

    /** @return the fixtures of src/test/resources/fixtures and the generated ones, by name */
    /** The corpus, or the part of it named by {@code -Djcoro.fixtures=<regex>}, when working on it. */
    private static Stream<Fixture> selectedFixtures() {
        String selection = System.getProperty("jcoro.fixtures", ".*");
        return fixtures().stream().filter(fixture -> fixture.name().matches(selection));
    }

    static List<Fixture> fixtures() {
        List<Fixture> fixtures = new ArrayList<>();
        try {
            Path directory = Path.of(FixtureCorpusTest.class
                    .getClassLoader()
                    .getResource("fixtures")
                    .toURI());
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                        .sorted()
                        .collect(Collectors.toList())) {
                    String name = file.getFileName().toString().replaceFirst("\\.java$", "");
                    fixtures.add(Fixture.parse(name, Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the fixtures", e);
        }
        fixtures.add(Fixture.parse("LongSequentialYields", longSequentialYields(300)));
        fixtures.add(Fixture.parse("HugeMethod", hugeMethod(2000)));
        fixtures.add(Fixture.parse("WideLocals", wideLocals(300)));
        return fixtures;
    }

    private static final String IMPORTS = "package fixtures;\n\n"
            + "import io.github.jcoro.Co;\n"
            + "import io.github.jcoro.Coroutine;\n"
            + "import io.github.jcoro.Generator;\n"
            + "import io.github.jcoro.instrument.fixture.Trace;\n\n";

    /** A method of {@code count} sequential yields (a long dispatch, no loop). */
    static String longSequentialYields(int count) {
        StringBuilder source =
                new StringBuilder("// Generated by FixtureCorpusTest: " + count + " sequential yields.\n");
        source.append(IMPORTS)
                .append("public class LongSequentialYields {\n")
                .append("    public static Generator<?> run() {\n        return gen(\"v\");\n    }\n\n")
                .append("    @Coroutine\n    static Generator<Object> gen(String prefix) {\n");
        for (int i = 0; i < count; i++) {
            if (i % 50 == 0) {
                source.append("        Trace.log(\"block ").append(i / 50).append("\");\n");
            }
            source.append("        Co.yield(")
                    .append(i % 2 == 0 ? "prefix + " + i : Integer.toString(i))
                    .append(");\n");
        }
        source.append("        return Generator.empty();\n    }\n}\n");
        return source.toString();
    }

    /**
     * A method of {@code statements} local-variable declarations (ints, longs and strings, far more
     * than 256 slots, so {@code wide} loads and stores), all live until a final sum, with a yield every
     * 50 statements: either it is instrumented right or it is refused as too large.
     */
    static String hugeMethod(int statements) {
        StringBuilder source = new StringBuilder("// Generated by FixtureCorpusTest: " + statements
                + " local declarations, all live across " + (statements / 50) + " yields.\n// allow: too-large\n");
        source.append(IMPORTS)
                .append("public class HugeMethod {\n")
                .append("    public static Generator<?> run() {\n        return gen(3);\n    }\n\n")
                .append("    @Coroutine\n    static Generator<Object> gen(int seed) {\n");
        List<String> sums = new ArrayList<>();
        for (int i = 0; i < statements; i++) {
            switch (i % 3) {
                case 0 -> {
                    source.append("        int i")
                            .append(i)
                            .append(" = seed * ")
                            .append(i)
                            .append(";\n");
                    sums.add("        sum += i" + i + ";\n");
                }
                case 1 -> {
                    source.append("        long l")
                            .append(i)
                            .append(" = i")
                            .append(i - 1)
                            .append(" * 3L + ")
                            .append(i)
                            .append(";\n");
                    sums.add("        sum += l" + i + ";\n");
                }
                default -> {
                    source.append("        String s")
                            .append(i)
                            .append(" = \"s\" + l")
                            .append(i - 1)
                            .append(";\n");
                    sums.add("        sum += s" + i + ".length();\n");
                }
            }
            if (i % 50 == 49) {
                source.append("        Co.yield(i").append(i - i % 3).append(");\n");
            }
        }
        source.append("        long sum = 0;\n");
        sums.forEach(source::append);
        source.append(
                "        Trace.log(\"sum \" + sum);\n        Co.yield(sum);\n        return Generator.empty();\n    }\n}\n");
        return source.toString();
    }

    /**
     * A method whose values live across the yields sit in local slots above 255 ({@code wide} loads and
     * stores), behind {@code dead} locals that are used once before the first yield.
     */
    static String wideLocals(int dead) {
        StringBuilder source = new StringBuilder(
                "// Generated by FixtureCorpusTest: live locals in slots above " + dead + " (wide instructions).\n");
        source.append(IMPORTS)
                .append("public class WideLocals {\n")
                .append("    public static Generator<?> run() {\n        return gen(2);\n    }\n\n")
                .append("    @Coroutine\n    static Generator<Object> gen(int seed) {\n");
        for (int i = 0; i < dead; i++) {
            source.append("        int d")
                    .append(i)
                    .append(" = seed + ")
                    .append(i)
                    .append(";\n");
        }
        source.append("        long total = 0;\n");
        for (int i = 0; i < dead; i++) {
            source.append("        total += d").append(i).append(";\n");
        }
        source.append("        double half = total / 2.0;\n")
                .append("        String text = \"t\" + total;\n")
                .append("        for (int k = 0; k < 3; k++) {\n")
                .append("            Co.yield(total + k);\n")
                .append("            total += (long) half;\n")
                .append("            text = text + k;\n")
                .append("            Co.yield(text);\n")
                .append("            Trace.log(half * k);\n")
                .append("        }\n")
                .append("        return Generator.empty();\n    }\n}\n");
        return source.toString();
    }

    private static byte[] classBytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
