package io.github.jcoro.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.Generator;
import io.github.jcoro.GeneratorExit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generator driver's protocol, with bodies written by hand the way the instrumenter weaves
 * them (the instrumented behaviour itself is proven by the agent's fixture corpus).
 */
class GeneratorFrameTest {
    private final List<String> log = new ArrayList<>();

    /**
     * By hand: {@code for (int i = 0; i < limit; i++) { Object got = Co.yield(i); log(got); }
     * finally { log("finally"); } return Generator.empty();} with {@code i} in l0, {@code limit} in
     * l1.
     */
    private Generator<Integer> counter(int limit) {
        GeneratorFrames.L2R0 frame = new GeneratorFrames.L2R0((f, label, sent, thrown) -> {
            GeneratorFrames.L2R0 self = (GeneratorFrames.L2R0) f;
            int i;
            int max = (int) self.l1;
            if (label == 0) {
                i = 0;
            } else {
                i = (int) self.l0;
                try {
                    if (thrown != null) {
                        throw thrown;
                    }
                } catch (GeneratorExit e) {
                    log.add("finally");
                    throw e;
                } catch (Throwable t) {
                    log.add("caught " + t.getMessage());
                    self.l0 = 99;
                    self.label = 2;
                    return -1;
                }
                log.add("got " + sent);
                i++;
            }
            if (i < max) {
                self.l0 = i;
                self.label = 1;
                return i;
            }
            log.add("finally");
            return Generator.empty();
        });
        frame.l1 = limit;
        @SuppressWarnings("unchecked")
        Generator<Integer> generator = (Generator<Integer>) (Generator<?>) frame;
        return generator;
    }

    @Test
    void next_yieldsInOrderThenEnds() {
        Generator<Integer> generator = counter(3);
        assertEquals(0, generator.next());
        assertEquals(1, generator.next());
        assertEquals(2, generator.next());
        assertThrows(NoSuchElementException.class, generator::next);
        assertEquals(List.of("got null", "got null", "got null", "finally"), log);
    }

    @Test
    void hasNext_twiceDoesNotAdvance() {
        Generator<Integer> generator = counter(2);
        assertTrue(generator.hasNext());
        assertTrue(generator.hasNext());
        assertEquals(0, generator.next());
        assertTrue(generator.hasNext());
        assertEquals(1, generator.next());
        assertFalse(generator.hasNext());
        assertFalse(generator.hasNext());
    }

    @Test
    void send_returnsValueInsideBody() {
        Generator<Integer> generator = counter(3);
        assertEquals(0, generator.send(null));
        assertEquals(1, generator.send("a"));
        assertEquals(2, generator.send("b"));
        assertEquals(List.of("got a", "got b"), log);
    }

    @Test
    void send_nonNullBeforeStartIsRejected() {
        IllegalStateException error =
                assertThrows(IllegalStateException.class, () -> counter(3).send("x"));
        assertTrue(error.getMessage().contains("has not started"), error.getMessage());
    }

    @Test
    void send_whileHasNextHoldsValueIsRejected() {
        Generator<Integer> generator = counter(3);
        generator.next();
        generator.hasNext();
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> generator.send("x"));
        assertTrue(error.getMessage().contains("hasNext()"), error.getMessage());
    }

    @Test
    void close_runsFinallyAndFinishes() {
        Generator<Integer> generator = counter(3);
        generator.next();
        generator.close();
        assertEquals(List.of("finally"), log);
        assertFalse(generator.hasNext());
        generator.close();
        assertEquals(List.of("finally"), log);
    }

    @Test
    void close_beforeStartRunsNothing() {
        Generator<Integer> generator = counter(3);
        generator.close();
        assertTrue(log.isEmpty());
        assertThrows(NoSuchElementException.class, generator::next);
    }

    @Test
    void throwInto_caughtByBodyReturnsNextValue() {
        Generator<Integer> generator = counter(3);
        generator.next();
        assertEquals(-1, generator.throwInto(new IllegalArgumentException("boom")));
        assertEquals(List.of("caught boom"), log);
    }

    @Test
    void throwInto_beforeStartThrowsSameInstanceAndFinishes() {
        Generator<Integer> generator = counter(3);
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> generator.throwInto(boom)));
        assertFalse(generator.hasNext());
    }

    @Test
    void iterator_isSingleUse() {
        Generator<Integer> generator = counter(2);
        assertSame(generator, generator.iterator());
        IllegalStateException error = assertThrows(IllegalStateException.class, generator::iterator);
        assertTrue(error.getMessage().contains("single use"), error.getMessage());
    }

    @Test
    void stream_isLazyAndClosingItClosesTheGenerator() {
        Generator<Integer> generator = counter(100);
        try (var stream = generator.stream()) {
            assertEquals(List.of(0, 1), stream.limit(2).collect(Collectors.toList()));
        }
        assertEquals("finally", log.get(log.size() - 1));
        assertFalse(generator.hasNext());
    }

    @Test
    void exceptionFromBody_propagatesAndFinishes() {
        IllegalStateException boom = new IllegalStateException("boom");
        Generator<Object> generator = new GeneratorFrames.L0R0((f, label, sent, thrown) -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, generator::next));
        assertFalse(generator.hasNext());
    }

    @Test
    void reentry_isRejected() {
        List<Generator<Object>> self = new ArrayList<>();
        Generator<Object> generator =
                new GeneratorFrames.L0R0((f, label, sent, thrown) -> self.get(0).next());
        self.add(generator);
        IllegalStateException error = assertThrows(IllegalStateException.class, generator::next);
        assertTrue(error.getMessage().contains("running"), error.getMessage());
    }

    @Test
    void bodyReturningNull_isReported() {
        Generator<Object> generator = new GeneratorFrames.L0R0((f, label, sent, thrown) -> null);
        IllegalStateException error = assertThrows(IllegalStateException.class, generator::next);
        assertTrue(error.getMessage().contains("Generator.empty()"), error.getMessage());
    }

    @Test
    void empty_isFinishedAndReusable() {
        Generator<String> empty = Generator.empty();
        assertFalse(empty.hasNext());
        assertSame(empty, empty.iterator());
        assertSame(empty, empty.iterator());
        assertNull(empty.stream().findFirst().orElse(null));
    }
}
