package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * The dump hooks of debug mode, run in a child JVM: keeps a generator suspended, says "ready", and
 * with the argument "wait" waits for a line on standard input before it ends, so that the test can
 * send a signal or call JMX meanwhile.
 */
public class DumpHooks {
    static Generator<Integer> kept;

    @Coroutine
    static Generator<Integer> ticker(int count) {
        for (int i = 0; i < count; i++) {
            Co.yield(i);
        }
        return Generator.empty();
    }

    public static void main(String[] args) throws Exception {
        kept = ticker(3);
        kept.next();
        System.out.println("ready");
        System.out.flush();
        if (args.length > 0 && args[0].equals("wait")) {
            new BufferedReader(new InputStreamReader(System.in)).readLine();
        }
        System.out.println("bye " + kept.next());
    }
}
