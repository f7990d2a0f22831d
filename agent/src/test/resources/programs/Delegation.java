package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;

/** Co.yieldAll with send/throwInto/close passed through, results, and tail delegation. */
public class Delegation {
    static final List<String> log = new ArrayList<String>();

    @Coroutine
    static Generator<Object> inner(String tag) {
        try {
            Object got = Co.yield(tag + "1");
            try {
                Co.yield(tag + "2 got " + got);
            } catch (IllegalStateException e) {
                Co.yield(tag + " caught " + e.getMessage());
            }
            return Generator.returning(tag + "-result");
        } finally {
            log.add("inner finally " + tag);
        }
    }

    @Coroutine
    static Generator<Object> outer() {
        try {
            Object result = Co.yieldAll(inner("a"));
            Co.yield("outer got " + result);
            Co.yield("helper returned " + helper());
            Object none = Co.yieldAll(Generator.empty());
            Co.yield("empty gives " + none);
        } finally {
            log.add("outer finally");
        }
        return Generator.empty();
    }

    @Coroutine
    private static String helper() {
        Object result = Co.yieldAll(inner("h"));
        return "h:" + result;
    }

    @Coroutine
    static Generator<Integer> countdown(int n) {
        if (n == 0) {
            return Generator.returning("landed");
        }
        Co.yield(n);
        return countdown(n - 1);
    }

    @Coroutine
    static Generator<Object> failing() {
        Co.yield("f1");
        throw new IllegalArgumentException("inner failure");
    }

    @Coroutine
    static Generator<Object> catching() {
        try {
            Co.yieldAll(failing());
        } catch (IllegalArgumentException e) {
            Co.yield("caught " + e.getMessage());
        }
        Object landed = Co.yieldAll(countdown(2));
        Co.yield("countdown result " + landed);
        return Generator.empty();
    }

    public static String run() throws Exception {
        List<String> out = new ArrayList<String>();
        Generator<Object> g = outer();
        out.add(String.valueOf(g.next()));
        out.add(String.valueOf(g.send("S")));
        out.add(String.valueOf(g.throwInto(new IllegalStateException("thrown in"))));
        while (g.hasNext()) {
            out.add(String.valueOf(g.next()));
        }
        out.addAll(log);
        log.clear();

        Generator<Object> closed = outer();
        closed.next();
        closed.close();
        out.add("closed: " + log);
        log.clear();

        final long[] sum = new long[2];
        Thread small = new Thread(null, new Runnable() {
            @Override
            public void run() {
                for (int value : countdown(1000000)) {
                    sum[0] += value;
                    sum[1]++;
                }
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        out.add("tail " + sum[1] + " " + sum[0]);

        for (Object value : catching()) {
            out.add(String.valueOf(value));
        }
        return String.join("|", out);
    }
}
