package io.github.jcoro.agent;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The options of the agent, given after the jar: {@code
 * -javaagent:jcoro-agent.jar=verbose,verify,dump=/tmp/jcoro-classes}.
 *
 * @param verbose report every class instrumented, with the time taken, and print a one-line summary
 *     of the agent's work when the JVM exits
 * @param verify check every rewritten class with ASM's verifier before handing it to the JVM; a
 *     class that fails is reported and left unchanged
 * @param failFast stop the JVM (exit status 1) after reporting the first class that cannot be
 *     instrumented
 * @param dumpDirectory where to write every instrumented class file, as {@code
 *     <dir>/<internal/name>.class}, for {@code javap -c -p}; {@code null} to write none. A relative
 *     directory is relative to the JVM's working directory
 */
public record AgentOptions(boolean verbose, boolean verify, boolean failFast, Path dumpDirectory) {
    /** The option names accepted, in the order they are documented. */
    public static final List<String> NAMES = List.of("verbose", "verify", "failfast", "dump=<dir>");

    /** No option set: instrument quietly, report only errors, never stop the JVM, dump nothing. */
    public static final AgentOptions DEFAULT = new AgentOptions(false, false, false, null);

    private static final String DUMP = "dump=";

    /**
     * Options without a dump directory.
     *
     * @param verbose see {@link #verbose()}
     * @param verify see {@link #verify()}
     * @param failFast see {@link #failFast()}
     */
    public AgentOptions(boolean verbose, boolean verify, boolean failFast) {
        this(verbose, verify, failFast, null);
    }

    /**
     * Parses the agent's argument: options separated by commas. Blanks around options and empty
     * items are ignored, so {@code null} and {@code ""} give {@link #DEFAULT}. The directory of
     * {@code dump=<dir>} is taken as written, up to the next comma, so it cannot contain a comma.
     *
     * @param argument the text after {@code =} in {@code -javaagent:jcoro-agent.jar=...}, or {@code
     *     null}
     * @return the options
     * @throws IllegalArgumentException naming an unknown option and the accepted ones, a {@code dump=}
     *     without a directory, a directory that is not a valid path, or two different dump directories
     */
    public static AgentOptions parse(String argument) {
        if (argument == null) {
            return DEFAULT;
        }
        boolean verbose = false;
        boolean verify = false;
        boolean failFast = false;
        Path dumpDirectory = null;
        for (String item : argument.split(",", -1)) {
            String name = item.strip();
            if (name.startsWith(DUMP)) {
                Path directory = dumpDirectory(name.substring(DUMP.length()).strip(), argument);
                if (dumpDirectory != null && !dumpDirectory.equals(directory)) {
                    throw new IllegalArgumentException("jcoro agent: two dump directories in '" + argument + "': '"
                            + dumpDirectory + "' and '" + directory + "'; expected one");
                }
                dumpDirectory = directory;
                continue;
            }
            switch (name) {
                case "" -> {}
                case "verbose" -> verbose = true;
                case "verify" -> verify = true;
                case "failfast" -> failFast = true;
                default ->
                    throw new IllegalArgumentException("jcoro agent: unknown option '" + name + "' in '" + argument
                            + "'; expected a comma-separated list of: " + String.join(", ", NAMES));
            }
        }
        return new AgentOptions(verbose, verify, failFast, dumpDirectory);
    }

    private static Path dumpDirectory(String text, String argument) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("jcoro agent: option 'dump=' in '" + argument
                    + "' has no directory; expected dump=<dir>, the directory to write instrumented classes to");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("jcoro agent: option 'dump=" + text + "' in '" + argument
                    + "' does not name a valid directory: " + e.getMessage());
        }
    }
}
