package io.github.jcoro.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The blocking-loop watchdog: reports a step of an event loop (one resumption of a task up to its
 * next suspension, or any other action the loop runs) that holds the loop's thread longer than a
 * threshold, with a stack sample of the loop's thread taken while the step was still running.
 *
 * <p>A watched loop publishes each step through its {@link Step}: {@link Step#begin} and {@link
 * Step#end} are ordered (release) stores of a sequence number, on the loop's thread, which never
 * reads the clock. One daemon thread, {@code jcoro-watchdog}, started when the first loop is
 * watched, samples every watched loop every quarter of its threshold (at least every millisecond),
 * and times each step from the sample that first saw it. When it has seen a step run longer than the
 * threshold it takes the loop thread's stack, checks that the same step is still running (so the
 * sample shows the step, not what came after), and reports once for that step, to
 * debug mode's reporter ({@code io.github.jcoro.Debug.setReporter}, standard error by default). A
 * loop that is idle (parked for a timer or for work from other threads) runs no step.
 *
 * <p>The time is the real time ({@link System#nanoTime()}), on a virtual clock too: a step that
 * blocks stops the loop in real time.
 *
 * <p>Thread-safe. Not for users: see {@code io.github.jcoro.EventLoop.watchdog(Duration)}.
 */
public final class Watchdog {
    /** The threshold the system property gives: {@code -Djcoro.watchdog=true} (100 ms), or {@code =<millis>}. */
    public static final long DEFAULT_THRESHOLD_NANOS = thresholdFromProperty();

    private static final long DEFAULT_MILLIS = 100;

    /** The loops being watched. */
    private static final Set<Step> WATCHED = ConcurrentHashMap.newKeySet();

    /** The sampling thread, once started; guarded by the class's lock. */
    private static Thread sampler;

    private Watchdog() {}

    private static long thresholdFromProperty() {
        String value;
        try {
            value = System.getProperty("jcoro.watchdog");
        } catch (SecurityException e) {
            return 0;
        }
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
            return 0;
        }
        if (value.equalsIgnoreCase("true")) {
            return TimeUnit.MILLISECONDS.toNanos(DEFAULT_MILLIS);
        }
        try {
            long millis = Long.parseLong(value.trim());
            return millis > 0 ? TimeUnit.MILLISECONDS.toNanos(millis) : 0;
        } catch (NumberFormatException e) {
            System.err.println("[jcoro] watchdog: -Djcoro.watchdog=" + value + " is neither true, false nor a"
                    + " number of milliseconds; the watchdog is off");
            return 0;
        }
    }

    /**
     * Starts watching the loop running on {@code thread}.
     *
     * @param thread the loop's thread
     * @param thresholdNanos how long a step may run before it is reported, more than 0
     * @return the step record the loop publishes its steps through; pass it to {@link #unwatch}
     */
    public static Step watch(Thread thread, long thresholdNanos) {
        Step step = new Step(thread, thresholdNanos);
        WATCHED.add(step);
        synchronized (Watchdog.class) {
            if (sampler == null) {
                Thread started = new Thread(Watchdog::sample, "jcoro-watchdog");
                started.setDaemon(true);
                started.start();
                sampler = started;
            }
            Watchdog.class.notifyAll();
        }
        return step;
    }

    /**
     * Stops watching a loop, once it has finished.
     *
     * @param step what {@link #watch} returned, or {@code null}
     */
    public static void unwatch(Step step) {
        if (step != null) {
            WATCHED.remove(step);
        }
    }

    /** The sampling thread's loop: sleeps a quarter of the shortest threshold, then checks every loop. */
    private static void sample() {
        while (true) {
            long period = Long.MAX_VALUE;
            for (Step step : WATCHED) {
                period = Math.min(period, step.thresholdNanos / 4);
            }
            try {
                if (period == Long.MAX_VALUE) {
                    synchronized (Watchdog.class) {
                        if (WATCHED.isEmpty()) {
                            Watchdog.class.wait();
                        }
                    }
                    continue;
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(period, TimeUnit.MILLISECONDS.toNanos(1)));
            } catch (InterruptedException e) {
                continue; // the watchdog keeps watching
            }
            for (Step step : WATCHED) {
                try {
                    step.check();
                } catch (Throwable t) {
                    // a report that failed must not stop the watchdog
                }
            }
        }
    }

    /**
     * What a watched loop publishes about the step it runs: a sequence number, odd while a step
     * runs, and the step's action. Written by the loop's thread, read by the watchdog's, which
     * times each step itself: a step is the same step for as long as the sequence number stays the
     * same odd number, so the loop never reads the clock.
     */
    public static final class Step {
        private static final VarHandle SEQUENCE;

        static {
            try {
                SEQUENCE = MethodHandles.lookup().findVarHandle(Step.class, "sequence", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Thread thread;
        private final long thresholdNanos;

        /** Odd while a step runs; incremented at each begin and end. */
        @SuppressWarnings("unused") // through SEQUENCE
        private volatile long sequence;

        /** What the running step runs: a task, a task's wake-up, or any other action. */
        private Object action;

        /** The running step the watchdog saw last, and when it first saw it; its thread only. */
        private long seen;

        private long seenAt;

        /** The last step reported; the watchdog's thread only. */
        private long reported;

        Step(Thread thread, long thresholdNanos) {
            this.thread = thread;
            this.thresholdNanos = thresholdNanos;
        }

        /**
         * On the loop's thread, before it runs {@code what}: a step begins.
         *
         * @param what the action run (a task, its wake-up, a runnable, the main task's callable)
         */
        public void begin(Object what) {
            action = what;
            SEQUENCE.setRelease(this, (long) SEQUENCE.get(this) + 1);
        }

        /** On the loop's thread, after the action returned or threw: the step has ended. */
        public void end() {
            SEQUENCE.setRelease(this, (long) SEQUENCE.get(this) + 1);
            VarHandle.storeStoreFence(); // the next step's action is written after this step's end
        }

        /**
         * On the watchdog's thread: notes when it first sees a step, and reports it, once, when it
         * has seen it run longer than the threshold. The time reported is from that first sight, at
         * most one sampling period after the step began: a lower bound.
         */
        void check() {
            long running = (long) SEQUENCE.getAcquire(this);
            if ((running & 1) == 0 || running == reported) {
                return;
            }
            long now = System.nanoTime();
            if (running != seen) {
                seen = running;
                seenAt = now;
                return;
            }
            long held = now - seenAt;
            if (held <= thresholdNanos) {
                return;
            }
            Object what = action;
            VarHandle.loadLoadFence();
            if ((long) SEQUENCE.getAcquire(this) != running) {
                return; // it ended just now: the action read may be the next step's
            }
            StackTraceElement[] stack = thread.getStackTrace();
            boolean sampledInStep = (long) SEQUENCE.getAcquire(this) == running;
            reported = running;
            DebugRegistry.report(report(what, held, stack, sampledInStep));
        }

        private String report(Object what, long held, StackTraceElement[] stack, boolean sampledInStep) {
            StringBuilder out = new StringBuilder("[jcoro] watchdog: ")
                    .append(describe(what, sampledInStep ? stack : null))
                    .append(" has held the event loop '")
                    .append(thread.getName())
                    .append("' for at least ")
                    .append(TimeUnit.NANOSECONDS.toMillis(held))
                    .append(" ms (threshold ")
                    .append(TimeUnit.NANOSECONDS.toMillis(thresholdNanos))
                    .append(" ms); ");
            if (!sampledInStep) {
                return out.append("the step ended while its stack was sampled").toString();
            }
            out.append("loop thread stack:");
            for (StackTraceElement element : stack) {
                if (!element.getClassName().contains("$$Lambda")) { // the JDK's lambda classes: noise
                    out.append("\n    at ").append(frame(element));
                }
            }
            return out.toString();
        }
    }

    /**
     * {@code Class.method(File.java:line)}, as a thrown exception's trace prints it: without the
     * class loader and module prefix ({@code app//}, {@code java.base@17/}) that the elements of
     * another thread's stack print.
     */
    private static String frame(StackTraceElement element) {
        String file = element.getFileName();
        int line = element.getLineNumber();
        String where = element.isNativeMethod()
                ? "Native Method"
                : file == null ? "Unknown Source" : line >= 0 ? file + ":" + line : file;
        return element.getClassName() + "." + element.getMethodName() + "(" + where + ")";
    }

    /**
     * Names what a step runs: the task it resumes ({@code task #7 Class.method}, the id in debug
     * mode), else the task whose first step runs in it (the caller of {@code AsyncTask.start} in the
     * sample), else the action's class.
     */
    private static String describe(Object what, StackTraceElement[] stack) {
        AsyncTask<?> task = AsyncTask.taskOf(what);
        if (task != null) {
            String known = DebugRegistry.describe(task);
            if (known != null) {
                return "task " + known;
            }
            GeneratorFrame<?> frame = task.frame;
            Resumers.Site site = frame == null ? null : Resumers.site(frame.resumer);
            if (site != null) {
                return "task " + site.className() + "." + site.method();
            }
        }
        if (stack != null) {
            for (int i = 0; i + 1 < stack.length; i++) {
                StackTraceElement element = stack[i];
                if (element.getClassName().equals(AsyncTask.class.getName())
                        && element.getMethodName().equals("start")) {
                    StackTraceElement factory = stack[i + 1];
                    return "task " + factory.getClassName() + "." + factory.getMethodName() + " (its first step)";
                }
            }
        }
        return what == null ? "a step" : "an action (" + what.getClass().getName() + ")";
    }
}
