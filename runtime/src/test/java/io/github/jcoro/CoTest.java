package io.github.jcoro;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoTest {
    @Test
    void yield_outsideInstrumentedCodeSaysHowToInstrument() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> Co.yield(1));
        assertTrue(error.getMessage().contains("-javaagent:"), error.getMessage());
        assertTrue(error.getMessage().contains("jcoro-processor"), error.getMessage());
    }
}
