package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;

/**
 * The program {@code CoroutineStepTest} steps through: two generators of the same body, resumed in
 * turn, so a step must wait for the right one; a yield whose next line is on the same line; and a
 * close that resumes a suspended body into its {@code finally}; and a helper two frames deep whose
 * return the driver hands to its caller, another helper; and a resumed helper that throws into its
 * caller's {@code catch}. Lines are found by their {@code
 * //@name} markers.
 */
public class CoroutineStepping {
    @Coroutine
    static Generator<String> letters(String name) {
        try {
            Co.yield(name + 1); //@yield-1
            String second = name + 2; //@after-1
            Co.yield(second); //@yield-2
            for (int i = 3; i <= 4; i++) Co.yield(name + i); //@one-line-loop
            Co.yield(name + 5); //@yield-5
        } finally {
            System.out.println("closed " + name); //@finally
        }
        return Generator.empty();
    }

    @Coroutine
    static int inner(int x) {
        Co.yield("inner " + x); //@inner-yield
        return x + 1; //@inner-return
    }

    @Coroutine
    static int outer(int x) {
        int y = inner(x); //@outer-call
        return y * 2; //@outer-return
    }

    @Coroutine
    static Generator<String> chain() {
        int result = outer(20); //@chain-call
        Co.yield("result " + result); //@chain-yield
        return Generator.empty();
    }

    @Coroutine
    static int failing(int x) {
        Co.yield("failing " + x); //@failing-yield
        throw new IllegalStateException("failed " + x); //@failing-throw
    }

    @Coroutine
    static Generator<String> catcher() {
        try {
            failing(7); //@catcher-call
        } catch (IllegalStateException e) { //@catcher-catch
            Co.yield("caught " + e.getMessage()); //@catcher-caught
        }
        return Generator.empty();
    }

    public static void main(String[] args) {
        Generator<String> a = letters("a");
        Generator<String> b = letters("b");
        String a1 = a.next(); //@a-1
        String b1 = b.next(); //@b-1
        String b2 = b.next(); //@b-2
        String a2 = a.next(); //@a-2
        String a3 = a.next(); //@a-3
        String a4 = a.next(); //@a-4
        a.close(); //@close-a
        b.close(); //@close-b
        System.out.println(a1 + " " + b1 + " " + b2 + " " + a2 + " " + a3 + " " + a4); //@print
        Generator<String> c = chain();
        String c1 = c.next(); //@c-1
        String c2 = c.next(); //@c-2
        System.out.println(c1 + ", " + c2);
        Generator<String> d = catcher();
        String d1 = d.next(); //@d-1
        String d2 = d.next(); //@d-2
        System.out.println(d1 + ", " + d2);
    }
}
