package io.github.jcoro;

import io.github.jcoro.internal.DebugRegistry;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Debug mode: a live dump of every coroutine, and reports of failures nobody retrieved and of
 * coroutines that leaked.
 *
 * <p>Debug mode is on when the JVM runs with {@code -Djcoro.debug=true} (read once, when jcoro's
 * runtime starts). It is then:
 *
 * <ul>
 *   <li>a registry of every generator and async task made since, held weakly (it never keeps one
 *       alive), with the place each was created;
 *   <li>{@link #dump()}: each live coroutine with its state (created, running, suspended,
 *       completed), what a task waits on (a future, another task, a timer and the time left on its
 *       loop's clock, a channel, a scope, its turn after {@code Co.pause}), and its chain of
 *       suspended frames as {@code Class.method(File.java:line)}, outermost first, like a thread
 *       dump; also the JMX operation {@code dump} of the MBean {@code io.github.jcoro:type=Debug};
 *   <li>reports, once per coroutine and when it becomes unreachable (so after a garbage
 *       collection): a task that failed while nobody retrieved its outcome (no dependent stage, no
 *       {@code join}, {@code get}, {@code getNow} or {@code Co.await}), as asyncio's "Task exception
 *       was never retrieved"; a task dropped before it completed; a generator dropped while
 *       suspended, without {@code close()}, whose {@code finally} blocks therefore never ran. A
 *       cancelled task is not reported.
 * </ul>
 *
 * <p>The dump can also be had without code, with system properties read when debug mode starts (at
 * the first generator or task, or the first call of this class): {@code
 * -Djcoro.debug.dumpOnExit=true} prints it to standard error when the JVM exits, and {@code
 * -Djcoro.debug.dumpOnSignal=USR2} each time the process gets that signal ({@code kill -USR2 <pid>};
 * through {@code sun.misc.Signal}, and where that is missing or the signal cannot be handled, one line
 * on standard error says so).
 *
 * <p>With debug mode off, nothing is registered and the runtime's hooks cost nothing (a constant
 * check the JIT removes). A frame's source lines are known in either mode: the instrumenter records
 * them in the class, and they are read only when a dump prints them.
 *
 * <p>All methods are thread-safe. A dump is a snapshot taken without stopping anything: a coroutine
 * running on another thread at that moment may be shown in the state just before or after.
 */
public final class Debug {
    private Debug() {}

    /**
     * Whether debug mode is on ({@code -Djcoro.debug=true}).
     *
     * @return {@code true} if coroutines are tracked
     */
    public static boolean isEnabled() {
        return DebugRegistry.ENABLED;
    }

    /**
     * The live coroutines known to debug mode, in creation order: a header line {@code jcoro
     * coroutines: N live}, then for each a blank line, a line {@code task #id Class.method: state}
     * (or {@code generator #id ...}), one {@code at Class.method(File.java:line)} line per suspended
     * frame, outermost first, and the {@code created at} lines of the stack that made it.
     *
     * @return the dump; a single line saying how to turn debug mode on when it is off
     */
    public static String dump() {
        return DebugRegistry.dump();
    }

    /**
     * Prints {@link #dump()}.
     *
     * @param out where to print
     */
    public static void dump(PrintStream out) {
        out.print(dump());
        out.flush();
    }

    /**
     * Sends debug mode's reports (unretrieved failures, leaks) and the {@linkplain
     * EventLoop#watchdog(java.time.Duration) watchdog's} to {@code reporter} rather than to standard
     * error. The reporter runs on the JDK's {@code Cleaner} thread, or the {@code jcoro-watchdog}
     * thread; what it throws is ignored.
     *
     * @param reporter receives each report's text, or {@code null} for standard error
     */
    public static void setReporter(Consumer<String> reporter) {
        DebugRegistry.setReporter(reporter);
    }
}
