package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Async programs (in {@code src/test/resources/programs}) on the event loop and on executors,
 * compiled, instrumented, verified and run; their output is asserted exactly.
 */
class AsyncProgramsTest {
    static java.util.List<Integer> releases() {
        return FixtureCorpusTest.RELEASES;
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void eventLoop_orderingVirtualClockAndMisuse(int release) throws Exception {
        assertEquals(
                String.join(
                        "\n",
                        "Alice+Bob at 1000",
                        "hello Alice at 0,hello Bob at 0,bye Bob at 500,bye Alice at 1000",
                        "pings 6: a0,b0,a1,b1,a2,b2",
                        "ten hours: PT10H (fast)",
                        "Spawned spawned, not started yet: true,hello Spawned at 0,bye Spawned at 0",
                        "nested run refused",
                        "rerun refused: true",
                        "execute refused",
                        "run rethrows IllegalArgumentException: failed on purpose",
                        "plain call: true",
                        "helper in a generator: true",
                        "yield in a task: true"),
                ProgramRunner.run("EventLoopBasics", release));
    }

    @Test
    void awaitStress_aMillionAwaitsCompletedByTwoThreads_eachResumedOnceOnTheLoop() throws Exception {
        assertEquals(
                "awaits 1000000, completed 1000000, resumed off the loop 0",
                ProgramRunner.run("AwaitStress", FixtureCorpusTest.NEWEST));
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void executorDispatch_tasksResumeOnTheirPoolNeverOnTheCompleter(int release) throws Exception {
        assertEquals("sum 245 resumed on [pool]", ProgramRunner.run("ExecutorDispatch", release));
    }

    @Test
    void structured_scopesCancellationGatherAndTimeouts() throws Exception {
        String output = ProgramRunner.run("Structured", FixtureCorpusTest.NEWEST);
        System.out.println(output);
        assertEquals("", output);
    }
}
