package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Generator.of with lambdas: captures, this, nested lambdas, helpers, finally, checked exceptions. */
public class Lambdas {
    private final String prefix;
    static final List<String> log = new ArrayList<String>();

    Lambdas(String prefix) {
        this.prefix = prefix;
    }

    @Coroutine
    private static void twice(Object value) {
        Co.yield(value);
        Co.yield(value);
    }

    Generator<String> words(final List<String> items, final int times) {
        return Generator.of(() -> {
            for (String item : items) {
                for (int i = 0; i < times; i++) {
                    Co.yield(prefix + item + i);
                }
            }
            twice("h");
            Co.yieldAll(Generator.of(() -> Co.yield("nested " + prefix)));
        });
    }

    public static String run() throws Exception {
        List<String> out = new ArrayList<String>();
        Generator.Body body = () -> {
            try {
                Co.yield(1);
                Co.yield(2);
            } finally {
                log.add("lambda finally");
            }
        };
        for (Object value : Generator.<Object>of(body)) {
            out.add(String.valueOf(value));
        }
        Generator<Object> again = Generator.of(body);
        out.add(String.valueOf(again.next()));
        again.close();
        out.addAll(log);
        for (String word : new Lambdas("p").words(Arrays.asList("a", "b"), 2)) {
            out.add(word);
        }
        Generator<Object> failing = Generator.of(() -> {
            Co.yield("x");
            throw new java.io.IOException("checked");
        });
        out.add(String.valueOf(failing.next()));
        try {
            failing.next();
        } catch (Exception e) {
            out.add("threw " + e);
        }
        return String.join("|", out);
    }
}
