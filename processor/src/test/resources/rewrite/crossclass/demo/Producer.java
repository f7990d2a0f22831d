// A generator calling helpers of another class (static and of a nested class), delegating to a
// Generator.of lambda, and yielding itself.
package demo;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

public class Producer {
    @Coroutine
    public static Generator<String> values(int n) {
        for (int i = 0; i < n; i++) {
            Co.yield("value " + i);
            int sum = Steps.twice("step " + i);
            Co.yield("sum " + sum);
        }
        String result = Co.yieldAll(Generator.of(() -> {
            Co.yield("from a lambda");
            Steps.Nested.once("nested");
        }));
        Co.yield("delegate returned " + result);
        return Generator.empty();
    }
}
