// The future of an async task dropped un-awaited is a warning, unless suppressed with
// @SuppressWarnings("jcoro") or @SuppressWarnings("jcoro:dropped-task"): a call statement (also in a
// for loop's update), a lambda whose expression body is the call and whose functional interface
// returns void, and a method reference of such an interface. A future kept, awaited, returned,
// passed on or chained, a lambda that returns it, and a plain method's dropped future are not reported.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.TaskScope;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

public class DroppedTask {
    @Coroutine
    static CompletableFuture<String> fetch(String key) {
        return CompletableFuture.completedFuture(key);
    }

    @Coroutine
    static CompletionStage<String> stage(String key) {
        return CompletableFuture.completedFuture(key);
    }

    @Coroutine
    CompletableFuture<Void> refresh() {
        return CompletableFuture.completedFuture(null);
    }

    static CompletableFuture<String> plainFuture() {
        return CompletableFuture.completedFuture("plain");
    }

    @Coroutine
    static CompletableFuture<Integer> caller(DroppedTask other) {
        fetch("dropped"); // WARNING [jcoro:dropped-task]
        stage("a dropped stage"); // WARNING [jcoro:dropped-task]
        other.refresh(); // WARNING [jcoro:dropped-task]
        CompletableFuture<String> kept = fetch("kept");
        String awaited = Co.await(fetch("awaited"));
        fetch("chained").thenAccept(System.out::println);
        List<CompletableFuture<String>> passed = List.of(fetch("passed on"));
        plainFuture();
        for (int i = 0; i < 2; i++, fetch("in the update")) { // WARNING [jcoro:dropped-task]
            kept = fetch("kept again");
        }
        return CompletableFuture.completedFuture(kept.join().length() + awaited.length() + passed.size());
    }

    @Coroutine
    static CompletableFuture<String> returned() {
        return fetch("returned");
    }

    static void plainCaller() {
        fetch("dropped in plain code"); // WARNING [jcoro:dropped-task]
    }

    static void lambdas(Executor executor, List<String> keys) {
        executor.execute(() -> fetch("in a Runnable")); // WARNING [jcoro:dropped-task]
        keys.forEach(DroppedTask::fetch); // WARNING [jcoro:dropped-task]
        keys.forEach(key -> fetch(key)); // WARNING [jcoro:dropped-task]
        executor.execute(() -> {
            fetch("in a block lambda"); // WARNING [jcoro:dropped-task]
        });
        Supplier<CompletableFuture<String>> supplied = () -> fetch("supplied");
        Function<String, CompletableFuture<String>> mapped = DroppedTask::fetch;
        executor.execute(() -> fetch("kept in a lambda").join());
        executor.execute(() -> supplied.get().thenApply(mapped));
    }

    @Coroutine
    static CompletableFuture<Void> scoped() {
        try (TaskScope scope = TaskScope.open()) {
            scope.spawn(() -> fetch("spawned"));
            Co.await(scope.join());
        }
        return CompletableFuture.completedFuture(null);
    }

    @SuppressWarnings("jcoro")
    static void suppressedAll() {
        fetch("fire and forget");
    }

    @SuppressWarnings("jcoro:dropped-task")
    static void suppressedTag() {
        fetch("fire and forget");
    }

    @SuppressWarnings({"unused", "jcoro:dropped-task"})
    static void suppressedAmongOthers() {
        fetch("fire and forget");
    }

    @SuppressWarnings({"unchecked", "jcoro:other-tag"})
    static void suppressedForOtherWarnings() {
        fetch("not suppressed"); // WARNING [jcoro:dropped-task]
    }

    @SuppressWarnings("jcoro:dropped-task")
    static class Suppressed {
        void inside(Executor executor) {
            fetch("fire and forget");
            executor.execute(() -> fetch("fire and forget"));
        }
    }
}
