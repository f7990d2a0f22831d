package io.github.jcoro.instrument;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A class the instrumenter refuses to rewrite, with every problem it found. Each {@link Problem}
 * names the class, the method and the source line, and says what was expected and what was found.
 */
public final class InstrumentationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /**
     * @param problems what is wrong, at least one
     */
    public InstrumentationException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InstrumentationException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * @param problem what is wrong
     */
    public InstrumentationException(Problem problem) {
        this(List.of(problem));
    }

    /**
     * @return every problem found in the class, in the order of the methods
     */
    public List<Problem> problems() {
        return problems;
    }
}
