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

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void channelReadiness_tasksAwaitTheLoopsSelector_cancelTimeoutAndClose(int release) throws Exception {
        assertEquals(
                String.join(
                        "\n",
                        "reader finally",
                        "read: one two three end",
                        "waiter finally",
                        "waiter cancelled",
                        "next wait reads: after cancel",
                        "timed out",
                        "next wait reads: after timeout",
                        "second waiter refused: true",
                        "waiter finally",
                        "closed under the waiter: true"),
                ProgramRunner.run("ChannelReadiness", release));
    }

    @Test
    void awaitStress_aMillionAwaitsCompletedByTwoThreads_eachResumedOnceOnTheLoop() throws Exception {
        assertEquals(
                "awaits 1000000, completed 1000000, resumed off the loop 0",
                ProgramRunner.run("AwaitStress", FixtureCorpusTest.NEWEST));
    }

    @Test
    void cancelRaceStress_completionCancellationAndTimeoutRace_eachTaskEndsOnceOnTheLoop() throws Exception {
        assertEquals(
                String.join(
                        "\n",
                        "outcomes 100000 (bad 0), awaited futures cancelled 0",
                        "tasks 100000: ended once each true, finally once each true, wrong values 0, resumed off"
                                + " the loop 0",
                        "every kind of ending seen: true"),
                ProgramRunner.run("CancelRaceStress", FixtureCorpusTest.NEWEST));
    }

    @Test
    void loopStopRaceStress_tasksWokenWhileTheLoopStops_runOrAreRefusedNeverLost() throws Exception {
        assertEquals(
                "tasks 40000: lost 0, other failures 0, ran or refused true; some ran: true, some refused: true",
                ProgramRunner.run("LoopStopRaceStress", FixtureCorpusTest.NEWEST));
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void executorDispatch_tasksResumeOnTheirPoolNeverOnTheCompleter(int release) throws Exception {
        assertEquals("sum 365 resumed on [pool]", ProgramRunner.run("ExecutorDispatch", release));
    }

    @Test
    void structured_scopesCancellationGatherAndTimeouts() throws Exception {
        assertEquals(
                String.join(
                        "\n",
                        "== failing scope: failed",
                        "0ms a starts",
                        "0ms b starts",
                        "0ms c starts",
                        "200ms b finally",
                        "200ms a cancelled",
                        "200ms a finally",
                        "200ms c cancelled",
                        "200ms c finally",
                        "200ms scope threw b failed",
                        "== waiting scope: body",
                        "0ms slow starts",
                        "300ms slow done",
                        "300ms slow finally",
                        "300ms scope returned body",
                        "== cancelling: ok",
                        "10ms cancel returns true",
                        "10ms stubborn caught the task was cancelled",
                        "10ms stubborn finally",
                        "10ms stubborn ended cancelled: true, their future untouched: true",
                        "10ms cancel again returns false",
                        "== cancel parent: ok",
                        "0ms child1 starts",
                        "0ms child2 starts",
                        "50ms child1 cancelled",
                        "50ms child1 finally",
                        "50ms child2 cancelled",
                        "50ms child2 finally",
                        "50ms parent finally",
                        "50ms parent cancelled after its children",
                        "== gather: ok",
                        "0ms x starts",
                        "0ms y starts",
                        "0ms z starts",
                        "10ms y done",
                        "10ms y finally",
                        "20ms z done",
                        "20ms z finally",
                        "30ms x done",
                        "30ms x finally",
                        "30ms all [x, y, z]",
                        "30ms p starts",
                        "30ms q starts",
                        "30ms r starts",
                        "50ms q finally",
                        "50ms p cancelled",
                        "50ms p finally",
                        "50ms r cancelled",
                        "50ms r finally",
                        "50ms all failed fast: q failed",
                        "50ms s starts",
                        "50ms t starts",
                        "60ms s finally",
                        "70ms t done",
                        "70ms t finally",
                        "70ms settled false success(t)",
                        "70ms slow mirror starts",
                        "70ms fast mirror starts",
                        "170ms fast mirror done",
                        "170ms fast mirror finally",
                        "170ms slow mirror cancelled",
                        "170ms slow mirror finally",
                        "170ms any won by fast mirror",
                        "170ms e1 starts",
                        "170ms e2 starts",
                        "180ms e1 finally",
                        "190ms e2 finally",
                        "190ms any failed: e1 failed suppressed 1",
                        "== timeouts: ok",
                        "0ms too slow starts",
                        "100ms too slow cancelled",
                        "100ms too slow finally",
                        "100ms timed out: withTimeout(PT0.1S) did not complete within PT0.1S",
                        "100ms in time starts",
                        "150ms in time done",
                        "150ms in time finally",
                        "150ms in time: in time",
                        "220ms await timed out: an await with a timeout of PT0.07S did not complete within PT0.07S, future untouched: true",
                        "== resource scope: ok",
                        "0ms quick starts",
                        "0ms quicker starts",
                        "5ms quicker done",
                        "5ms quicker finally",
                        "10ms quick done",
                        "10ms quick finally",
                        "10ms joined quick quicker",
                        "10ms long starts",
                        "30ms long cancelled",
                        "30ms long finally",
                        "30ms block left: leaving the block early",
                        "== await timeout: ok",
                        "2000ms Co.await timed out after PT2S",
                        "== cancelled, then a scope: ok",
                        "10ms caught the cancellation",
                        "10ms scope after the cancellation: the task waiting for the scope was cancelled"),
                ProgramRunner.run("Structured", FixtureCorpusTest.NEWEST));
    }

    @Test
    void scopeCancel_releasesAHundredThousandSuspendedTasks() throws Exception {
        assertEquals(
                "finally blocks run 200000, suspended children held more than 10 MB: true,"
                        + " kept after the scope less than 5% of that: true,"
                        + " and nothing more after a second round: true",
                ProgramRunner.run("ScopeCancelRelease", FixtureCorpusTest.NEWEST));
    }
}
