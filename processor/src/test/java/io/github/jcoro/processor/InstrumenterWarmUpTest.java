package io.github.jcoro.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InstrumenterWarmUpTest {
    @Test
    void warmUp_instrumentsItsShapes_soTheInstrumenterReallyRuns() throws Exception {
        byte[] shapes = InstrumenterWarmUp.shapes();
        byte[] rewritten = InstrumenterWarmUp.instrument(shapes);
        assertNotNull(rewritten, "the shapes hold coroutines: the instrumenter must rewrite them");
        assertFalse(Arrays.equals(shapes, rewritten));
    }
}
