package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorRaceTest {
    @Test
    void fasterMirrorWins_loserIsCancelledAtItsPendingSleepAndReleasesItsConnectionFirst() {
        assertEquals(
                List.of(
                        "   0 ms  mirror-eu: connected",
                        "   0 ms  mirror-us: connected",
                        " 200 ms  mirror-us: got all 10 chunks",
                        " 200 ms  mirror-us: connection released",
                        " 200 ms  mirror-eu: cancelled after 6 of 10 chunks",
                        " 200 ms  mirror-eu: connection released",
                        " 200 ms  race won: file from mirror-us"),
                MirrorRace.run());
    }
}
