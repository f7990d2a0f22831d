package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import java.util.concurrent.CompletableFuture;

/**
 * The program {@code SourceDebuggingTest} debugs through JDI: a generator with a loop, a helper it
 * calls, and an async task awaiting a future. The test finds its lines by the {@code //@name}
 * markers at their ends, so the code may move.
 */
public class SourceDebugging {
    @Coroutine
    static int doubled(String prefix, int value) {
        String text = prefix + value; //@helper-before
        Co.yield(text); //@helper-yield
        int twice = value * 2; //@helper-after
        return twice; //@helper-return
    }

    @Coroutine
    static Generator<String> numbers(int count) {
        String banner = "numbers of " + count; //@first
        System.out.println(banner); //@before-loop
        String tag = "n";
        int total = 5;
        for (int i = 1; i <= count; i++) {
            total += i; //@before-yield
            Co.yield(tag + i); //@yield
            total += 10; //@after-yield
            total += doubled(tag, i); //@helper-call
            System.out.println(tag + " " + total); //@after-helper
        }
        return Generator.empty();
    }

    @Coroutine
    static CompletableFuture<String> fetch(CompletableFuture<Integer> input) {
        String greeting = "hello"; //@task-before
        int got = Co.await(input); //@await
        String reply = greeting + " " + got; //@after-await
        return CompletableFuture.completedFuture(reply);
    }

    @Coroutine
    static CompletableFuture<String> scenario() {
        CompletableFuture<Integer> input = new CompletableFuture<>();
        CompletableFuture<String> task = fetch(input); //@start-task
        input.complete(42); //@complete
        return CompletableFuture.completedFuture(Co.await(task));
    }

    public static void main(String[] args) {
        Generator<String> generator = numbers(2); //@create
        String first = generator.next(); //@next-1
        String second = generator.next(); //@next-2
        String third = generator.next(); //@next-3
        System.out.println(first + " " + second + " " + third);
        String reply = EventLoop.run(() -> scenario()); //@run-loop
        System.out.println(reply);
    }
}
