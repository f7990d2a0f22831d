package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseAndThrowIntoTest {
    @Test
    void closesEarlyAndRecoversFromAThrownGlitch() {
        assertEquals(
                List.of(
                        "-- close() while suspended in a helper --",
                        "  connection opened",
                        "next() -> row 1",
                        "next() -> row 2",
                        "close()",
                        "  connection closed (try-with-resources in readRows)",
                        "  finally in readRows",
                        "  finally in the body of rows",
                        "after close(): hasNext() = false",
                        "-- throwInto() caught by the body, one call above the helper --",
                        "next() -> step 1",
                        "next() -> step 2",
                        "throwInto(Glitch(\"disk full\"))",
                        "  the body caught Glitch(\"disk full\") from doStep(2)",
                        "throwInto returned -> recovered from disk full (recovery 1)",
                        "next() -> step 3",
                        "next() -> step 4",
                        "  the body finished after 4 steps, 1 recovered",
                        "hasNext() = false"),
                CloseAndThrowInto.run());
    }

    @Test
    void closingBeforeTheFirstValueRunsNothing() {
        List<String> log = new ArrayList<>();
        Generator<String> rows = CloseAndThrowInto.rows(log);
        rows.close();
        assertEquals(List.of(), log);
        assertFalse(rows.hasNext());
    }

    @Test
    void aGlitchAtTheRecoveryYieldIsNotCaughtAgain() {
        // The recovery value is yielded from the body's catch block, outside the try: a second
        // Glitch thrown there leaves the body, and the very same instance reaches the caller.
        List<String> log = new ArrayList<>();
        Generator<String> steps = CloseAndThrowInto.steps(3, log);
        assertEquals("step 1", steps.next());
        assertEquals("recovered from first (recovery 1)", steps.throwInto(new CloseAndThrowInto.Glitch("first")));
        CloseAndThrowInto.Glitch second = new CloseAndThrowInto.Glitch("second");
        assertSame(second, assertThrows(CloseAndThrowInto.Glitch.class, () -> steps.throwInto(second)));
        assertFalse(steps.hasNext());
        assertEquals(List.of("  the body caught Glitch(\"first\") from doStep(1)"), log);
    }

    @Test
    void everyStepCanBeRecovered() {
        List<String> log = new ArrayList<>();
        Generator<String> steps = CloseAndThrowInto.steps(2, log);
        assertEquals("step 1", steps.next());
        assertEquals("recovered from a (recovery 1)", steps.throwInto(new CloseAndThrowInto.Glitch("a")));
        assertEquals("step 2", steps.next());
        assertEquals("recovered from b (recovery 2)", steps.throwInto(new CloseAndThrowInto.Glitch("b")));
        assertFalse(steps.hasNext());
        assertEquals("  the body finished after 2 steps, 2 recovered", log.get(log.size() - 1));
    }
}
