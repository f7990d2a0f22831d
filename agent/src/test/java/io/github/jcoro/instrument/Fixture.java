package io.github.jcoro.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One fixture of the corpus: a Java source file of package {@code fixtures} and what its header
 * comments ask for. Header lines come before the {@code package} line, one {@code // key: value}
 * each:
 *
 * <ul>
 *   <li>{@code min-release: N} — the lowest {@code --release} the source compiles at (default 8);
 *   <li>{@code drive: next | send | hasnext | close-after N | stream N | iterator-twice | throw-after N | task | task-trace}
 *       — how the
 *       generator returned by {@code run()} is driven (default {@code next});
 *   <li>{@code expect-trace: entry} — one line per expected trace entry; a trailing {@code *} matches
 *       any rest of the entry;
 *   <li>{@code expect-error: text} — the fixture must be refused, with every such text in the
 *       message; {@code error-method: name} names the method the problem must be reported for, and
 *       every source line ending with {@code // error here} is a line the problem may be reported
 *       at; {@code expect-problems: N} asks for at least N problems;
 *   <li>{@code expect: untouched} — no class of the fixture is rewritten;
 *   <li>{@code allow: too-large} — an {@link InstrumentationException} saying "too large" is an
 *       accepted outcome;
 *   <li>{@code known-issue: why} — an instrumenter bug reported and not fixed yet: a failure of the
 *       instrumented check is reported as an aborted (skipped) test carrying {@code why} and the
 *       failure, and a pass fails the test so that the header is removed once the bug is fixed;
 *   <li>{@code skip: why} — an instrumenter bug that hangs or crashes the test JVM: the instrumented
 *       check is not run at all, and the test is reported as aborted with {@code why}.
 * </ul>
 */
record Fixture(
        String name,
        String source,
        int minRelease,
        Drive drive,
        int driveCount,
        List<String> expectTrace,
        List<String> expectErrors,
        String errorMethod,
        List<Integer> errorLines,
        int expectProblems,
        boolean untouched,
        boolean tooLargeAllowed,
        String knownIssue,
        String skip) {

    /** How the harness drives the generator of an instrumented run. */
    enum Drive {
        /** {@code next()} until {@code NoSuchElementException}. */
        NEXT(true),
        /** {@code next()} first, then {@code send(Trace.reply(i))}. */
        SEND(true),
        /** {@code hasNext()} twice before every {@code next()}. */
        HASNEXT(true),
        /** {@code next()} N times, then {@code close()}, then one more {@code next()}. */
        CLOSE_AFTER(false),
        /** {@code stream().limit(N).forEach(...)} in a try-with-resources. */
        STREAM(false),
        /** {@code iterator()} twice, then iterate the first. */
        ITERATOR_TWICE(false),
        /**
         * {@code next()} N times, then {@code throwInto(new IllegalStateException("thrown in"))}, then
         * {@code next()} to the end.
         */
        THROW_AFTER(false),
        /**
         * {@code run()} returns an async task's future; it runs on a virtual-clock {@code EventLoop}
         * until it completes, then its value (or exception) is recorded. The eager reference awaits
         * by {@code join()}.
         */
        TASK(true),
        /**
         * As {@code task}, checked against {@code expect-trace} only: for what plain Java cannot
         * show, such as an exception before the first suspension completing the task's future.
         */
        TASK_TRACE(false);

        /** Whether the eager reference (which can only run the body straight through) applies. */
        final boolean eager;

        Drive(boolean eager) {
            this.eager = eager;
        }
    }

    /** @return the binary name of the fixture's top-level class */
    String className() {
        return "fixtures." + name;
    }

    boolean isError() {
        return !expectErrors.isEmpty();
    }

    /**
     * @param name the top-level class's simple name (the file name without {@code .java})
     * @param source the whole source file
     * @return the fixture with its header parsed
     */
    static Fixture parse(String name, String source) {
        int minRelease = 8;
        Drive drive = Drive.NEXT;
        int driveCount = 0;
        List<String> expectTrace = new ArrayList<>();
        List<String> expectErrors = new ArrayList<>();
        String errorMethod = null;
        List<Integer> errorLines = new ArrayList<>();
        int expectProblems = 1;
        boolean untouched = false;
        boolean tooLarge = false;
        String knownIssue = null;
        String skip = null;
        String[] lines = source.split("\n", -1);
        boolean header = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.endsWith("// error here")) {
                errorLines.add(i + 1);
            }
            if (line.startsWith("package ")) {
                header = false;
            }
            if (!header || !line.startsWith("//")) {
                continue;
            }
            String text = line.substring(2).strip();
            int colon = text.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = text.substring(0, colon).strip();
            String value = text.substring(colon + 1).strip();
            switch (key) {
                case "min-release" -> minRelease = Integer.parseInt(value);
                case "drive" -> {
                    String[] words = value.split("\\s+");
                    drive = Drive.valueOf(words[0].toUpperCase(Locale.ROOT).replace('-', '_'));
                    if (words.length > 1) {
                        driveCount = Integer.parseInt(words[1]);
                    }
                }
                case "expect-trace" -> expectTrace.add(value);
                case "expect-error" -> expectErrors.add(value);
                case "error-method" -> errorMethod = value;
                case "expect-problems" -> expectProblems = Integer.parseInt(value);
                case "expect" -> untouched = value.equals("untouched");
                case "allow" -> tooLarge = value.equals("too-large");
                case "known-issue" -> knownIssue = knownIssue == null ? value : knownIssue + " " + value;
                case "skip" -> skip = skip == null ? value : skip + " " + value;
                default -> {
                    // free text that happens to contain a colon
                }
            }
        }
        if (!expectErrors.isEmpty() && errorMethod == null) {
            throw new IllegalArgumentException(name + ": an error fixture needs an error-method header");
        }
        return new Fixture(
                name,
                source,
                minRelease,
                drive,
                driveCount,
                List.copyOf(expectTrace),
                List.copyOf(expectErrors),
                errorMethod,
                List.copyOf(errorLines),
                expectProblems,
                untouched,
                tooLarge,
                knownIssue,
                skip);
    }
}
