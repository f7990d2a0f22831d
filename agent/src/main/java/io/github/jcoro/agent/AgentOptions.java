package io.github.jcoro.agent;

import java.util.List;

/**
 * The options of the agent, given after the jar: {@code -javaagent:jcoro-agent.jar=verbose,verify}.
 *
 * @param verbose report every class instrumented, with the time taken
 * @param verify check every rewritten class with ASM's verifier before handing it to the JVM; a
 *     class that fails is reported and left unchanged
 * @param failFast stop the JVM (exit status 1) after reporting the first class that cannot be
 *     instrumented
 */
public record AgentOptions(boolean verbose, boolean verify, boolean failFast) {
    /** The option names accepted, in the order they are documented. */
    public static final List<String> NAMES = List.of("verbose", "verify", "failfast");

    /** No option set: instrument quietly, report only errors, never stop the JVM. */
    public static final AgentOptions DEFAULT = new AgentOptions(false, false, false);

    /**
     * Parses the agent's argument: option names separated by commas. Blanks around names and empty
     * items are ignored, so {@code null} and {@code ""} give {@link #DEFAULT}.
     *
     * @param argument the text after {@code =} in {@code -javaagent:jcoro-agent.jar=...}, or {@code
     *     null}
     * @return the options
     * @throws IllegalArgumentException naming an unknown option and the accepted ones
     */
    public static AgentOptions parse(String argument) {
        if (argument == null) {
            return DEFAULT;
        }
        boolean verbose = false;
        boolean verify = false;
        boolean failFast = false;
        for (String item : argument.split(",", -1)) {
            String name = item.strip();
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
        return new AgentOptions(verbose, verify, failFast);
    }
}
