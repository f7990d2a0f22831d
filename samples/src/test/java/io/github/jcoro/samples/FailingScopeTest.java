package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailingScopeTest {
    @Test
    void oneChildFails_siblingsAreCancelledAndCleanedUp_beforeTheScopeRethrows() {
        assertEquals(
                List.of(
                        "   0 ms  prices: request sent",
                        "   0 ms  inventory: request sent",
                        "   0 ms  reviews: request sent",
                        "  40 ms  inventory: cleaned up",
                        "  40 ms  prices: cancelled",
                        "  40 ms  prices: cleaned up",
                        "  40 ms  reviews: cancelled",
                        "  40 ms  reviews: cleaned up",
                        "  40 ms  scope failed: inventory is down (all children finished)",
                        "page: error page"),
                FailingScope.run());
    }
}
