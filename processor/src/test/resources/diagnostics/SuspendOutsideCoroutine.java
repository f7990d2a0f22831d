// Co.* suspension calls outside a coroutine body: each marked line must be reported as an error, and
// the calls in coroutine bodies (a @Coroutine method, a Generator.of lambda, a lambda returning a
// future) must not.
package fixtures;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

public class SuspendOutsideCoroutine {
    static {
        Co.pause(); // ERROR [jcoro:suspend-outside-coroutine]
    }

    static void plainMethod() {
        Co.yield(1); // ERROR [jcoro:suspend-outside-coroutine]
    }

    @Coroutine
    static Generator<Integer> generator(List<Integer> values) {
        Co.yield(0);
        values.forEach(v -> Co.yield(v)); // ERROR [jcoro:suspend-outside-coroutine]
        Runnable later = new Runnable() {
            @Override
            public void run() {
                Co.sleep(Duration.ZERO); // ERROR [jcoro:suspend-outside-coroutine]
            }
        };
        later.run();
        Runnable reference = Co::pause; // ERROR [jcoro:suspend-outside-coroutine]
        reference.run();
        return Generator.of(() -> {
            Co.yield(1);
            Co.yieldAll(Generator.of(() -> Co.yield(2)));
        });
    }

    static int asyncLambdas() throws Exception {
        Callable<Integer> plain = () -> {
            Co.pause(); // ERROR [jcoro:suspend-outside-coroutine]
            return 1;
        };
        return plain.call() + EventLoop.run(() -> {
            Co.sleep(Duration.ofMillis(1));
            return CompletableFuture.completedFuture(1);
        });
    }

    @Coroutine
    static int helper(int x) {
        Co.yield(x);
        return x;
    }
}
