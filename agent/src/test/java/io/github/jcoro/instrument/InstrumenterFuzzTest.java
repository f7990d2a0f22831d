package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the instrumenter: random coroutine programs ({@link FuzzProgram}) are
 * compiled at two {@code --release} levels each (one of 8/11, one of 17/21/newest), instrumented,
 * checked by ASM and the JVM verifier, run, and compared with the eager reference, all by the
 * corpus's own machinery ({@link FixtureHarness#checkInstrumented}).
 *
 * <p>A failing program is shrunk (statements deleted, compound statements replaced by one of their
 * blocks, while the failure persists) and saved as a corpus fixture {@code Fuzz<seed>.java} with a
 * {@code known-issue} header, in {@code jcoro.fuzz.reproducers} (default {@code
 * src/test/resources/fixtures}).
 *
 * <p>Properties: {@code jcoro.fuzz.seed} (first seed, default 1), {@code jcoro.fuzz.count} (bodies,
 * default 25), {@code jcoro.fuzz.seconds} (time box, default 40; the run stops at whichever comes
 * first). The short run is part of {@code mvn verify}; {@code agent/fuzz.sh} runs the long one.
 *
 * <p>Plain seeded {@link Random} rather than jqwik: the thing shrunk is a statement tree whose
 * candidates must compile, which a source-level shrinker does directly, and a seed alone reproduces
 * a program (its fixture is named after it) without another test engine in the build.
 */
class InstrumenterFuzzTest {
    private static final String NO_COMPILE = "<does not compile>";

    @Test
    void randomProgramsBehaveAsTheirEagerReference() throws Exception {
        long first = Long.getLong("jcoro.fuzz.seed", 1L);
        int count = Integer.getInteger("jcoro.fuzz.count", 25);
        long seconds = Long.getLong("jcoro.fuzz.seconds", 40L);
        Path reproducers = Path.of(System.getProperty("jcoro.fuzz.reproducers", "src/test/resources/fixtures"));
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        int bodies = 0;
        int runs = 0;
        int statements = 0;
        List<String> failures = new ArrayList<>();
        for (long seed = first; seed < first + count && System.nanoTime() < deadline; seed++) {
            FuzzProgram program = new FuzzProgram(seed);
            bodies++;
            statements += program.size();
            for (int release : releases(seed)) {
                runs++;
                String failure = check(program, release);
                if (failure == null) {
                    continue;
                }
                if (failure.startsWith(NO_COMPILE)) {
                    failures.add("seed " + seed + " --release " + release + ": the generator wrote a program javac"
                            + " refuses (a fuzzer bug): " + failure + "\n" + program.source(List.of()));
                    break;
                }
                Path saved = shrinkAndSave(program, release, failure, reproducers);
                failures.add("seed " + seed + " --release " + release + ": " + firstLine(failure) + "\n  reproducer: "
                        + saved);
                break;
            }
            if (bodies % 100 == 0) {
                System.out.printf(
                        Locale.ROOT,
                        "[fuzz] %d bodies (seeds %d..%d), %d runs, %d failures, %.0f s%n",
                        bodies,
                        first,
                        seed,
                        runs,
                        failures.size(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "[fuzz] JDK %d: %d bodies (seeds %d..%d), %d statements, %d instrumented runs at releases %s,"
                        + " %d failures, %.1f s%n",
                FixtureHarness.NEWEST,
                bodies,
                first,
                first + bodies - 1,
                statements,
                runs,
                FixtureHarness.RELEASES,
                failures.size(),
                (System.nanoTime() - start) / 1e9);
        assertTrue(bodies > 0, "no program was fuzzed");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failing programs:\n" + String.join("\n", failures));
    }

    /** Two releases per program, chosen by its seed: an old one and a new one the running JDK has. */
    static List<Integer> releases(long seed) {
        Random random = new Random(seed * 31 + 7);
        List<Integer> old = new ArrayList<>();
        List<Integer> recent = new ArrayList<>();
        for (int release : FixtureHarness.RELEASES) {
            (release < 17 ? old : recent).add(release);
        }
        List<Integer> chosen = new ArrayList<>();
        if (!old.isEmpty()) {
            chosen.add(old.get(random.nextInt(old.size())));
        }
        if (!recent.isEmpty()) {
            chosen.add(recent.get(random.nextInt(recent.size())));
        }
        return chosen;
    }

    /** @return null when the program passes at {@code release}, else what failed */
    static String check(FuzzProgram program, int release) {
        String source = program.source(List.of("Fuzzed program, seed " + program.seed));
        Fixture fixture = Fixture.parse(program.className(), source);
        FixtureHarness.forget(fixture.name());
        try {
            FixtureHarness.checkInstrumented(fixture, release, FixtureHarness.STANDARD_DEBUG);
            return null;
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("does not compile")) {
                return NO_COMPILE + " " + e.getMessage();
            }
            return describe(e);
        } catch (Throwable e) {
            return describe(e);
        } finally {
            FixtureHarness.forget(fixture.name());
        }
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getName() + ": " + e.getMessage();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text += "\n  caused by " + cause.getClass().getName() + ": " + cause.getMessage();
        }
        return text;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    // ---------------------------------------------------------------------------------------------
    // Shrinking

    /** Shrinks the failing program in place and writes it as a fixture; returns the file. */
    static Path shrinkAndSave(FuzzProgram program, int release, String failure, Path directory) throws IOException {
        int before = program.size();
        boolean progress = true;
        int attempts = 0;
        while (progress && attempts < 400) {
            progress = false;
            for (FuzzProgram.MethodBody method : program.methods) {
                List<List<FuzzProgram.Node>> blocks = new ArrayList<>();
                collect(method.body, blocks);
                for (List<FuzzProgram.Node> block : blocks) {
                    for (int i = block.size() - 1; i >= 0 && attempts < 400; i--) {
                        FuzzProgram.Node node = block.get(i);
                        // 1. delete the statement
                        block.remove(i);
                        attempts++;
                        if (stillFails(program, release)) {
                            progress = true;
                            continue;
                        }
                        block.add(i, node);
                        // 2. replace a compound statement by one of its blocks
                        for (List<FuzzProgram.Node> inner : node.blocks()) {
                            block.remove(i);
                            block.addAll(i, inner);
                            attempts++;
                            if (stillFails(program, release)) {
                                progress = true;
                                break;
                            }
                            for (int k = 0; k < inner.size(); k++) {
                                block.remove(i);
                            }
                            block.add(i, node);
                        }
                    }
                }
            }
        }
        String last = check(program, release);
        String why = last != null ? last : failure;
        List<String> header = new ArrayList<>();
        header.add("Found by InstrumenterFuzzTest: seed " + program.seed + ", --release " + release + " on JDK "
                + FixtureHarness.NEWEST + ", shrunk from " + before + " to " + program.size() + " statements.");
        header.add("known-issue: fuzzer reproducer: " + firstLine(why).replace('\r', ' '));
        Files.createDirectories(directory);
        Path file = directory.resolve(program.className() + ".java");
        Files.writeString(file, program.source(header), StandardCharsets.UTF_8);
        System.out.println("[fuzz] seed " + program.seed + " failed at --release " + release + ":\n" + why
                + "\n[fuzz] shrunk reproducer written to " + file.toAbsolutePath());
        return file;
    }

    private static void collect(List<FuzzProgram.Node> block, List<List<FuzzProgram.Node>> into) {
        into.add(block);
        for (FuzzProgram.Node node : block) {
            for (List<FuzzProgram.Node> inner : node.blocks()) {
                collect(inner, into);
            }
        }
    }

    private static boolean stillFails(FuzzProgram program, int release) {
        String failure = check(program, release);
        return failure != null && !failure.startsWith(NO_COMPILE);
    }
}
