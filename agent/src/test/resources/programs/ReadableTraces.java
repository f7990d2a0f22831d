package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Stack traces of exceptions thrown inside resumed coroutines, printed as a user sees them; run in a
 * child JVM by StackTraceRecoveryTest, which finds the expected lines by the "line:" markers.
 */
public class ReadableTraces {
    // ---- 1. thrown three helpers deep, after a resume

    @Coroutine
    static Generator<Integer> numbers() {
        outer(); // line:numbers-calls-outer
        return Generator.empty();
    }

    @Coroutine
    static void outer() {
        middle(); // line:outer-calls-middle
    }

    @Coroutine
    static void middle() {
        deepest(); // line:middle-calls-deepest
    }

    @Coroutine
    static void deepest() {
        Co.yield(1);
        throw new IllegalStateException("deepest failed"); // line:deepest-throws
    }

    static void threeHelpersDeep() {
        Generator<Integer> generator = numbers();
        generator.next();
        generator.next(); // line:main-calls-next
    }

    // ---- 2. caught, wrapped and rethrown by a resumed helper; caught and rethrown as is

    @Coroutine
    static Generator<Integer> wrapping() {
        wrapper(); // line:wrapping-calls-wrapper
        return Generator.empty();
    }

    @Coroutine
    static void wrapper() {
        try {
            rethrower(); // line:wrapper-calls-rethrower
        } catch (IllegalStateException e) {
            throw new RuntimeException("wrapped", e); // line:wrapper-wraps
        }
    }

    @Coroutine
    static void rethrower() {
        try {
            deepest(); // line:rethrower-calls-deepest
        } catch (IllegalStateException e) {
            throw e; // rethrown as is: its trace must not change
        }
    }

    static void wrappedAndRethrown() {
        Generator<Integer> generator = wrapping();
        generator.next();
        generator.next(); // line:main-calls-next-wrapped
    }

    // ---- 3. what is left alone: an exception without a writable trace, and one thrown into the body

    static final class Quiet extends RuntimeException {
        Quiet() {
            super("quiet", null, false, false);
        }
    }

    @Coroutine
    static Generator<Integer> quietly() {
        quietHelper();
        return Generator.empty();
    }

    @Coroutine
    static void quietHelper() {
        Co.yield(1);
        throw new Quiet();
    }

    static void leftAlone() {
        Generator<Integer> quiet = quietly();
        quiet.next();
        try {
            quiet.next();
        } catch (Quiet e) {
            System.out.println("quiet: " + e.getStackTrace().length + " frames");
        }
        Generator<Integer> thrownInto = numbers();
        thrownInto.next();
        IllegalArgumentException raised = new IllegalArgumentException("thrown into"); // line:main-makes-raised
        try {
            thrownInto.throwInto(raised);
        } catch (IllegalArgumentException e) {
            print(e);
        }
    }

    // ---- 4. a generator delegated to (Co.yieldAll) fails after a resume

    @Coroutine
    static Generator<Integer> failingInner() {
        Co.yield(1);
        throw new UnsupportedOperationException("inner failed"); // line:inner-throws
    }

    @Coroutine
    static Generator<Integer> delegating() {
        delegatingHelper(); // line:delegating-calls-helper
        return Generator.empty();
    }

    @Coroutine
    static void delegatingHelper() {
        Co.yieldAll(failingInner()); // line:helper-yields-all
    }

    static void delegated() {
        Generator<Integer> generator = delegating();
        generator.next();
        generator.next(); // line:main-calls-next-delegated
    }

    // ---- 5. a task chain: a awaits b (in a helper) awaits c, which throws after a Co.sleep

    @Coroutine
    static CompletableFuture<String> a() {
        String value = awaitB(); // line:a-calls-awaitB
        return CompletableFuture.completedFuture(value);
    }

    @Coroutine
    static String awaitB() {
        return Co.await(b()); // line:awaitB-awaits-b
    }

    @Coroutine
    static CompletableFuture<String> b() {
        String value = Co.await(c()); // line:b-awaits-c
        return CompletableFuture.completedFuture(value);
    }

    @Coroutine
    static CompletableFuture<String> c() {
        nap(); // line:c-calls-nap
        return CompletableFuture.completedFuture("never");
    }

    @Coroutine
    static void nap() {
        Co.sleep(Duration.ofMillis(10));
        throw new IllegalStateException("c failed"); // line:nap-throws
    }

    static void taskChain() {
        try {
            EventLoop.runVirtual(ReadableTraces::a); // line:main-runs-loop
        } catch (IllegalStateException e) { // the type is kept
            print(e);
        }
    }

    // ---- 6. a resumed task awaits a future that failed earlier, elsewhere (no suspension at the await)

    static CompletableFuture<String> failedEarlier() {
        CompletableFuture<String> failed = new CompletableFuture<String>();
        failed.completeExceptionally(new IllegalArgumentException("failed earlier")); // line:failed-earlier
        return failed;
    }

    @Coroutine
    static CompletableFuture<String> lateAwaiter(CompletableFuture<String> failed) {
        String value = lateHelper(failed); // line:late-calls-helper
        return CompletableFuture.completedFuture(value);
    }

    @Coroutine
    static String lateHelper(CompletableFuture<String> failed) {
        Co.sleep(Duration.ofMillis(5));
        return Co.await(failed); // line:late-awaits
    }

    static void awaitedCompleted() {
        CompletableFuture<String> failed = failedEarlier(); // line:awaited-completed-fails
        try {
            EventLoop.runVirtual(() -> lateAwaiter(failed)); // line:awaited-completed-runs
        } catch (IllegalArgumentException e) {
            print(e);
        }
    }

    // ---- 7. two tasks await one failing task: only the first one's frames; no chain that did not happen

    @Coroutine
    static CompletableFuture<String> sleepsThenFails() {
        Co.sleep(Duration.ofMillis(5));
        throw new IllegalStateException("shared failure"); // line:shared-throws
    }

    @Coroutine
    static CompletableFuture<String> firstAwaiter(CompletableFuture<String> shared) {
        return CompletableFuture.completedFuture(Co.await(shared)); // line:first-awaits
    }

    @Coroutine
    static CompletableFuture<String> secondAwaiter(CompletableFuture<String> shared) {
        return CompletableFuture.completedFuture(Co.await(shared)); // line:second-awaits
    }

    @Coroutine
    static CompletableFuture<String> siblings() {
        CompletableFuture<String> shared = sleepsThenFails(); // line:siblings-starts-shared
        CompletableFuture<String> first = firstAwaiter(shared);
        CompletableFuture<String> second = secondAwaiter(shared);
        try {
            Co.await(second); // line:siblings-awaits-second
        } catch (IllegalStateException e) {
            System.out.println("same object for both: " + (e == shared.handle((v, t) -> t).join()));
            print(e);
        }
        return first.exceptionally(t -> "both failed");
    }

    static void sharedFailure() {
        System.out.println(EventLoop.runVirtual(ReadableTraces::siblings)); // line:shared-runs-loop
    }

    // ---- 8. a task that fails before its first suspension, awaited by the code that started it

    @Coroutine
    static CompletableFuture<String> failsAtOnce() {
        throw new IllegalStateException("failed at once"); // line:fails-at-once
    }

    @Coroutine
    static CompletableFuture<String> startsAndAwaits() {
        Co.sleep(Duration.ofMillis(1));
        return CompletableFuture.completedFuture(Co.await(failsAtOnce())); // line:starts-and-awaits
    }

    static void failedAtOnce() {
        EventLoop.runVirtual(ReadableTraces::startsAndAwaits); // line:at-once-runs-loop
    }

    static void print(Throwable failure) {
        failure.printStackTrace(System.out);
    }

    static void section(String name, Runnable body) {
        System.out.println("== " + name);
        try {
            body.run(); // line:section-runs
        } catch (RuntimeException e) {
            print(e);
        }
    }

    public static void main(String[] args) {
        section("three helpers deep", ReadableTraces::threeHelpersDeep); // line:main-three-helpers-deep
        section("wrapped and rethrown", ReadableTraces::wrappedAndRethrown); // line:main-wrapped-and-rethrown
        section("left alone", ReadableTraces::leftAlone); // line:main-left-alone
        section("delegated", ReadableTraces::delegated); // line:main-delegated
        section("task chain", ReadableTraces::taskChain); // line:main-task-chain
        section("awaited completed", ReadableTraces::awaitedCompleted); // line:main-awaited-completed
        section("siblings", ReadableTraces::sharedFailure); // line:main-siblings
        section("failed at once", ReadableTraces::failedAtOnce); // line:main-failed-at-once
    }
}
