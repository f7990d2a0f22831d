package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LuaProducerTest {
    @Test
    void theProducerAndTheConsumerTakeTurns() {
        assertEquals(
                List.of(
                        "consumer: pipeline built, nothing read yet",
                        "producer: read \"Ada\" in record 1",
                        "consumer:   1 Ada",
                        "producer: read \"Lovelace\" in record 1",
                        "consumer:   2 Lovelace",
                        "producer: read \"1815\" in record 1",
                        "consumer:   3 1815",
                        "producer: end of record 1 (3 fields)",
                        "producer: read \"Alan\" in record 2",
                        "consumer:   4 Alan",
                        "producer: read \"Turing\" in record 2",
                        "consumer:   5 Turing",
                        "producer: read \"1912\" in record 2",
                        "consumer:   6 1912",
                        "producer: end of record 2 (3 fields)",
                        "producer: read \"Grace\" in record 3",
                        "consumer:   7 Grace",
                        "producer: read \"Hopper\" in record 3",
                        "consumer:   8 Hopper",
                        "producer: read \"1906\" in record 3",
                        "consumer:   9 1906",
                        "producer: end of record 3 (3 fields)",
                        "producer: end of input",
                        "consumer: done"),
                LuaProducer.run());
    }

    @Test
    void theFieldCountsFlowBackFromTheHelpers() {
        List<String> log = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (String field : LuaProducer.producer("a\nb,c\n,,,\nlast", log)) {
            fields.add(field);
        }
        assertEquals(List.of("a", "b", "c", "", "", "", "", "last"), fields);
        assertEquals(
                List.of(
                        "producer: end of record 1 (1 fields)",
                        "producer: end of record 2 (2 fields)",
                        "producer: end of record 3 (4 fields)",
                        "producer: end of record 4 (1 fields)",
                        "producer: end of input"),
                log.stream().filter(line -> line.contains("end of")).toList());
    }

    @Test
    void theProducerRunsOnlyAsFarAsTheConsumerPulls() {
        List<String> log = new ArrayList<>();
        try (Generator<String> numbered = LuaProducer.filter(LuaProducer.producer(LuaProducer.INPUT, log))) {
            assertEquals(List.of(), log);
            assertEquals("  1 Ada", numbered.next());
            assertEquals("  2 Lovelace", numbered.next());
            assertEquals(List.of("producer: read \"Ada\" in record 1", "producer: read \"Lovelace\" in record 1"), log);
        }
    }

    @Test
    void anEmptyInputProducesNothing() {
        assertEquals(
                List.of("consumer: pipeline built, nothing read yet", "producer: end of input", "consumer: done"),
                LuaProducer.consume(""));
    }
}
