package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;

/** Method references as Generator.of bodies: static and bound helpers, and a plain method. */
public class MethodReferences {
    private final String name;
    static final List<String> log = new ArrayList<String>();

    MethodReferences(String name) {
        this.name = name;
    }

    @Coroutine
    static void counting() {
        for (int i = 0; i < 3; i++) {
            Co.yield(i);
        }
    }

    @Coroutine
    final int named() {
        Co.yield(name + " first");
        Co.yield(name + " second");
        return 42;
    }

    static void plain() {
        log.add("plain ran");
    }

    public static String run() {
        List<String> out = new ArrayList<String>();
        for (Object value : Generator.of(MethodReferences::counting)) {
            out.add(String.valueOf(value));
        }
        MethodReferences bound = new MethodReferences("bob");
        for (Object value : Generator.of(bound::named)) {
            out.add(String.valueOf(value));
        }
        Generator<Object> nothing = Generator.of(MethodReferences::plain);
        out.add("plain has values: " + nothing.hasNext());
        out.addAll(log);
        return String.join("|", out);
    }
}
