package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The real-world corpus: every class of the running JDK's modules ({@code jrt:/}) and of a few big
 * libraries from Maven Central (Guava, Jackson databind, the Kotlin standard library: test-scope
 * dependencies) goes through
 *
 * <ol>
 *   <li>the pre-check ({@link ClassFilePrecheck#mayNeedInstrumentation}),
 *   <li>the instrumenter ({@link CoroutineInstrumenter#instrument}): none of these classes has a
 *       coroutine, so it must return {@code null} (or the same bytes) and never throw,
 *   <li>the instrumenter's analyses forced on every method with code, as if each were a coroutine
 *       whose every call outside {@code java/} were a suspension point ({@link
 *       CoroutineInstrumenter#analyzeAsCoroutine}): no exception (a reported {@link Problem}, such as
 *       a call inside {@code synchronized}, is a refusal, counted and shown, not a failure).
 * </ol>
 *
 * <p>Timing per class (median, p99, max) is printed for each step. In {@code mvn verify} an evenly
 * spread sample runs for {@code jcoro.corpus.seconds} (default 20); {@code -Djcoro.corpus.full=true}
 * (or {@code agent/corpus.sh}) runs every class.
 */
class RealWorldCorpusTest {
    private static final List<String> LIBRARIES = List.of(
            "com.google.common.collect.ImmutableList",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "kotlin.collections.CollectionsKt");

    @Test
    void jdkAndLibrariesPassThePrecheckAndTheAnalyses() throws Exception {
        boolean full = Boolean.getBoolean("jcoro.corpus.full");
        long seconds = Long.getLong("jcoro.corpus.seconds", 20L);
        Map<String, List<byte[]>> corpora = new LinkedHashMap<>();
        corpora.put("JDK " + Runtime.version().feature() + " (jrt:/)", null);
        for (String anchor : LIBRARIES) {
            corpora.put(jarOf(anchor).getFileName().toString(), null);
        }
        List<String> failures = new ArrayList<>();
        long budget = seconds * 1_000_000_000L / corpora.size();
        for (String corpus : corpora.keySet()) {
            List<Path> classes = new ArrayList<>();
            FileSystem jrt = null;
            JarFile jar = null;
            List<byte[]> jarClasses = null;
            if (corpus.startsWith("JDK")) {
                jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
                try (Stream<Path> files = Files.walk(jrt.getPath("/modules"))) {
                    classes = files.filter(f -> f.toString().endsWith(".class"))
                            .sorted()
                            .collect(Collectors.toList());
                }
            } else {
                Path path = LIBRARIES.stream()
                        .map(RealWorldCorpusTest::jarOf)
                        .filter(p -> p.getFileName().toString().equals(corpus))
                        .findFirst()
                        .orElseThrow();
                jar = new JarFile(path.toFile());
                jarClasses = new ArrayList<>();
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            jarClasses.add(in.readAllBytes());
                        }
                    }
                }
            }
            int total = jrt != null ? classes.size() : jarClasses.size();
            Stats stats = new Stats(corpus, total);
            // The sample: every stride-th class from a start that depends on the day, spread over the whole corpus.
            int stride = full ? 1 : Math.max(1, total / 400);
            int offset = full ? 0 : (int) ((System.currentTimeMillis() / 86_400_000L) % stride);
            long start = System.nanoTime();
            for (int i = offset; i < total; i += stride) {
                if (!full && System.nanoTime() - start > budget) {
                    break;
                }
                byte[] bytes = jrt != null ? Files.readAllBytes(classes.get(i)) : jarClasses.get(i);
                String name = jrt != null ? classes.get(i).toString() : "class #" + i;
                stats.check(name, bytes, failures);
            }
            if (jar != null) {
                jar.close();
            }
            System.out.println(stats.report());
        }
        assertTrue(
                failures.isEmpty(),
                () -> failures.size() + " failures:\n"
                        + String.join("\n", failures.subList(0, Math.min(50, failures.size()))));
    }

    /** The counts and per-class timings of one corpus. */
    private static final class Stats {
        final String corpus;
        final int total;
        int checked;
        int precheckYes;
        int methods;
        int suspensionPoints;
        final Map<String, Integer> refusals = new TreeMap<>();
        final List<Long> precheck = new ArrayList<>();
        final List<Long> instrument = new ArrayList<>();
        final List<Long> analysis = new ArrayList<>();

        Stats(String corpus, int total) {
            this.corpus = corpus;
            this.total = total;
        }

        void check(String name, byte[] bytes, List<String> failures) {
            checked++;
            byte[] copy = bytes.clone();
            long t0 = System.nanoTime();
            boolean may;
            try {
                may = ClassFilePrecheck.mayNeedInstrumentation(copy);
            } catch (RuntimeException e) {
                failures.add(corpus + " " + name + ": the pre-check threw " + e);
                return;
            }
            long t1 = System.nanoTime();
            precheck.add(t1 - t0);
            if (may) {
                precheckYes++;
            }
            byte[] out;
            try {
                out = new CoroutineInstrumenter().instrument(copy);
            } catch (RuntimeException e) {
                failures.add(corpus + " " + name + ": instrument() threw " + e);
                return;
            }
            long t2 = System.nanoTime();
            instrument.add(t2 - t1);
            if (out != null && !Arrays.equals(out, bytes)) {
                failures.add(corpus + " " + name + ": a class without coroutines was changed");
            }
            if (!Arrays.equals(copy, bytes)) {
                failures.add(corpus + " " + name + ": instrument() wrote into its input");
            }
            ClassNode owner = new ClassNode();
            try {
                new ClassReader(bytes).accept(owner, ClassReader.EXPAND_FRAMES);
            } catch (RuntimeException e) {
                failures.add(corpus + " " + name + ": ASM cannot read it: " + e);
                return;
            }
            long t3 = System.nanoTime();
            for (MethodNode method : owner.methods) {
                if (method.instructions.size() == 0) {
                    continue;
                }
                methods++;
                List<Problem> problems = new ArrayList<>();
                try {
                    List<SuspensionPoint> points = CoroutineInstrumenter.analyzeAsCoroutine(owner, method, problems);
                    if (points != null) {
                        suspensionPoints += points.size();
                    }
                } catch (IllegalStateException e) {
                    // A constructor can never be a coroutine (@Coroutine targets methods): before its
                    // super() call, 'this' is uninitialized, which the analysis refuses to save.
                    if (method.name.equals("<init>")
                            && String.valueOf(e.getMessage()).contains("uninitializedThis")) {
                        refusals.merge("constructor: uninitializedThis at a call before super()", 1, Integer::sum);
                    } else {
                        failures.add(corpus + " " + owner.name + "." + method.name + method.desc
                                + ": the forced analysis threw " + e);
                    }
                    continue;
                } catch (Exception | StackOverflowError e) {
                    failures.add(corpus + " " + owner.name + "." + method.name + method.desc
                            + ": the forced analysis threw " + e);
                    continue;
                }
                for (Problem problem : problems) {
                    String kind = problem.toString()
                            .replaceAll(
                                    ".*?(inside a synchronized block|overridable|"
                                            + "object under construction|cannot analyze).*",
                                    "$1");
                    refusals.merge(kind.length() > 80 ? kind.substring(0, 80) : kind, 1, Integer::sum);
                }
            }
            analysis.add(System.nanoTime() - t3);
        }

        String report() {
            return String.format(
                    Locale.ROOT,
                    "[corpus] %s: %d of %d classes, %d methods analysed as coroutines (%d suspension points),"
                            + " pre-check said 'may need' for %d%n"
                            + "  per class  pre-check %s | instrument() %s | forced analysis %s%n"
                            + "  refusals (problems reported, not failures): %s",
                    corpus,
                    checked,
                    total,
                    methods,
                    suspensionPoints,
                    precheckYes,
                    times(precheck),
                    times(instrument),
                    times(analysis),
                    refusals);
        }

        private static String times(List<Long> nanos) {
            if (nanos.isEmpty()) {
                return "-";
            }
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format(
                    Locale.ROOT,
                    "median %.3f ms, p99 %.3f ms, max %.1f ms, total %.1f s",
                    sorted[sorted.length / 2] / 1e6,
                    sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
                    sorted[sorted.length - 1] / 1e6,
                    Arrays.stream(sorted).sum() / 1e9);
        }
    }

    private static Path jarOf(String className) {
        try {
            return Path.of(Class.forName(className)
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(className + " is not on the test class path", e);
        }
    }
}
