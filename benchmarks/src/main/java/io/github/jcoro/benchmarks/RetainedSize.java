package io.github.jcoro.benchmarks;

import io.github.jcoro.Generator;
import io.github.jcoro.internal.HelperFrame;
import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Supplier;
import org.openjdk.jol.info.ClassLayout;

/**
 * Bytes retained per suspended coroutine: creates a million counters, advances each once (so a
 * jcoro generator is suspended at its {@code Co.yield}), and divides the growth of the used heap by
 * their number. The same for the hand-written floor iterator, and for the generators of {@link
 * NestedCounters}, which are suspended with 1, 3 or 10 helper frames above their body (each helper
 * frame is retained too). Then prints the layout of one generator object and of one helper frame,
 * as JOL sees them.
 *
 * <p>Run under the jcoro agent: {@code java -javaagent:agent/target/jcoro-agent.jar -cp
 * benchmarks/target/benchmarks.jar io.github.jcoro.benchmarks.RetainedSize [count]}
 * ({@code benchmarks/run.sh} does).
 */
public final class RetainedSize {
    private RetainedSize() {}

    /**
     * Measures and prints the bytes per suspended counter.
     *
     * @param args optionally, how many counters to create (default 1,000,000)
     * @throws InterruptedException if interrupted while letting the collector settle
     */
    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        // Warm up both shapes (class loading, the agent's transformation) outside the measurement.
        measure("warm-up", 1_000, Counters::iterator);
        measure("warm-up", 1_000, Counters::generator);
        measure("warm-up", 1_000, NestedCounters::oneHelper);
        measure("warm-up", 1_000, NestedCounters::depth3);
        measure("warm-up", 1_000, NestedCounters::depth10);

        double floor = measure("floor (hand-written Iterator)", count, Counters::iterator);
        double jcoro = measure("jcoro generator", count, Counters::generator);
        System.out.printf(Locale.ROOT, "ratio jcoro / floor: %.2f%n", jcoro / floor);
        double oneHelper = measure("generator, 1 helper suspended", count, NestedCounters::oneHelper);
        double depth3 = measure("generator, 3 helpers suspended", count, NestedCounters::depth3);
        double depth10 = measure("generator, 10 helpers suspended", count, NestedCounters::depth10);
        // The body's own frame differs (the counter's body keeps i; a body that only calls a helper
        // keeps nothing), so the cost of a helper frame is the difference between two nested depths.
        System.out.printf(
                Locale.ROOT,
                "per helper frame between the body and the innermost: (10 helpers - 3 helpers) / 7 = %.1f bytes%n",
                (depth10 - depth3) / 7);
        System.out.printf(
                Locale.ROOT,
                "ratios to the jcoro generator: 1 helper %.2f, 3 helpers %.2f, 10 helpers %.2f%n",
                oneHelper / jcoro,
                depth3 / jcoro,
                depth10 / jcoro);

        Generator<Integer> one = Counters.generator();
        one.next();
        System.out.println();
        System.out.println("JOL layout of one suspended generator (shallow: the frame object itself):");
        System.out.print(ClassLayout.parseInstance(one).toPrintable());
        Iterator<Integer> floorOne = Counters.iterator();
        floorOne.next();
        System.out.println("JOL layout of one floor iterator:");
        System.out.print(ClassLayout.parseInstance(floorOne).toPrintable());
        Generator<Integer> nested = NestedCounters.depth3();
        nested.next();
        Object innermost = innermostFrame(nested);
        if (innermost instanceof HelperFrame) {
            System.out.println("JOL layout of the innermost helper frame of NestedCounters.depth3 (it keeps i):");
            System.out.print(ClassLayout.parseInstance(innermost).toPrintable());
            System.out.println("JOL layout of its caller's frame (it keeps nothing):");
            System.out.print(
                    ClassLayout.parseInstance(((HelperFrame) innermost).caller).toPrintable());
        }
    }

    /** The generator's innermost helper frame, read by reflection; {@code null} if it cannot be read. */
    private static Object innermostFrame(Generator<?> generator) {
        for (Class<?> type = generator.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField("innermost");
                field.setAccessible(true);
                return field.get(generator);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private static double measure(String name, int count, Supplier<? extends Iterator<Integer>> factory)
            throws InterruptedException {
        Object[] keep = new Object[count];
        long before = Heap.used();
        for (int i = 0; i < count; i++) {
            Iterator<Integer> counter = factory.get();
            if (counter.next() != 0) {
                throw new AssertionError(name + ": the first value is not 0");
            }
            keep[i] = counter;
        }
        long after = Heap.used();
        double perCounter = (double) (after - before) / count;
        if (!name.equals("warm-up")) {
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %,d suspended: %,d bytes retained, %.1f bytes each%n",
                    name,
                    count,
                    after - before,
                    perCounter);
        }
        // Keep the counters reachable until after the second measurement.
        if (keep[count - 1] == null) {
            throw new AssertionError();
        }
        return perCounter;
    }
}
