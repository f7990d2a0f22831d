package io.github.jcoro.processor;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.concurrent.CompletableFuture;

/**
 * The shapes {@link InstrumenterWarmUp} instruments while javac compiles: a generator with a
 * loop and a {@code finally}, a helper, and an async task awaiting in a {@code try}. Never loaded
 * (its class file is read as bytes), never run.
 */
final class WarmUpShapes {
    private WarmUpShapes() {}

    @Coroutine
    static Generator<String> lines(String[] words, int times) {
        StringBuilder line = new StringBuilder();
        try {
            for (int i = 0; i < times; i++) {
                for (String word : words) {
                    line.append(word).append(' ');
                    long sent = Co.yield(line.toString());
                    if (sent < 0) {
                        return Generator.empty();
                    }
                }
                emit(line, i);
            }
        } finally {
            line.setLength(0);
        }
        return Generator.empty();
    }

    @Coroutine
    static void emit(StringBuilder line, int i) {
        if (i % 2 == 0) {
            Co.yield("even " + line.length());
        }
    }

    @Coroutine
    static CompletableFuture<Integer> sum(CompletableFuture<Integer> a, CompletableFuture<Integer> b) {
        int total = 0;
        try {
            total += Co.await(a);
            Co.pause();
            total += Co.await(b);
        } catch (IllegalStateException e) {
            total = -1;
        }
        return CompletableFuture.completedFuture(total);
    }
}
