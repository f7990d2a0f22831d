package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SquaresTest {
    @Test
    void runsWithNoAgent() {
        assertTrue(
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .noneMatch(argument -> argument.startsWith("-javaagent")),
                "this test must run without an agent");
        List<String> values = new ArrayList<>();
        Squares.upTo(4).forEachRemaining(values::add);
        assertEquals(List.of("1^2 = 1", "2^2 = 4", "(2 done)", "3^2 = 9", "4^2 = 16", "(4 done)"), values);
    }

    @Test
    void theClassFilesWereRewrittenByJavac() throws Exception {
        for (String name : List.of("Squares.class", "Announce.class")) {
            try (InputStream in = Squares.class.getResourceAsStream(name)) {
                String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(bytes.contains("Lio/github/jcoro/internal/Instrumented;"), name);
            }
        }
    }
}
