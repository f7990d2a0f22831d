package io.github.jcoro.internal;

import io.github.jcoro.EventLoop;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The side table of debug mode ({@code -Djcoro.debug=true}): every generator and task made while it
 * is on, held weakly, with the place it was created and what happened to its outcome. Nothing is
 * added to the frames or tasks: the runtime's hooks are guarded by {@link #ENABLED}, a static final
 * constant the JIT folds, so with debug mode off they cost nothing and this table is never made.
 *
 * <p>When a registered coroutine becomes unreachable, a {@link Cleaner} reports, once: a task that
 * failed and whose failure nobody retrieved (no dependent stage, no {@code join}, {@code get} or
 * {@code getNow}), a task that never completed, and a generator that started and never finished (a
 * leak: its pending {@code finally} blocks will never run).
 *
 * <p>Thread-safe. Not for users: see {@code io.github.jcoro.Debug}.
 */
public final class DebugRegistry {
    /** Whether debug mode is on: the system property {@code jcoro.debug} is {@code true}. */
    public static final boolean ENABLED = enabled();

    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<Object, Entry> LIVE = Collections.synchronizedMap(new WeakHashMap<>());
    private static volatile Consumer<String> reporter = DebugRegistry::toStderr;
    private static volatile Cleaner cleaner;

    static {
        if (ENABLED) {
            registerMBean();
        }
        DebugHooks.install(ENABLED);
    }

    private DebugRegistry() {}

    private static void registerMBean() {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName name = new javax.management.ObjectName("io.github.jcoro:type=Debug");
            if (!server.isRegistered(name)) {
                server.registerMBean(new Bean(), name);
            }
        } catch (Throwable e) {
            // no JMX (or a second runtime in another loader): the API still works
        }
    }

    private static final class Bean implements DebugMXBean {
        @Override
        public String dump() {
            return DebugRegistry.dump();
        }

        @Override
        public int getLiveCount() {
            int count = 0;
            synchronized (LIVE) {
                for (Entry entry : LIVE.values()) {
                    count += entry.ignored ? 0 : 1;
                }
            }
            return count;
        }
    }

    private static boolean enabled() {
        try {
            return Boolean.getBoolean("jcoro.debug");
        } catch (SecurityException e) {
            return false;
        }
    }

    private static void toStderr(String report) {
        System.err.println(report);
    }

    /**
     * Where reports of unretrieved failures and leaks go; standard error by default.
     *
     * @param target the new target, or {@code null} for standard error
     */
    public static void setReporter(Consumer<String> target) {
        reporter = target != null ? target : DebugRegistry::toStderr;
    }

    /**
     * Sends {@code report} to the reporter; what the reporter throws is ignored.
     *
     * @param report the report's text
     */
    static void report(String report) {
        try {
            reporter.accept(report);
        } catch (Throwable ignored) {
            // a failing reporter must not kill the reporting thread
        }
    }

    /**
     * For the watchdog: {@code #id Class.method} of a coroutine debug mode tracks.
     *
     * @param coroutine a task or generator
     * @return its id and method, or {@code null} when debug mode is off or does not know it
     */
    static String describe(Object coroutine) {
        if (!ENABLED) {
            return null;
        }
        Entry entry = LIVE.get(coroutine);
        return entry == null ? null : "#" + entry.id + " " + entry.method;
    }

    /** What debug mode knows of one coroutine; never references it. */
    static final class Entry implements Runnable {
        final long id;
        final String method;
        final StackTraceElement[] createdAt;
        final boolean isTask;
        /** A task's frame, reported as its task instead. */
        volatile boolean ignored;

        volatile boolean started;
        volatile boolean finished;
        volatile boolean observed;
        volatile Throwable failure;

        Entry(long id, String method, StackTraceElement[] createdAt, boolean isTask) {
            this.id = id;
            this.method = method;
            this.createdAt = createdAt;
            this.isTask = isTask;
        }

        /** The coroutine became unreachable. */
        @Override
        public void run() {
            if (ignored) {
                return;
            }
            String report = null;
            if (isTask) {
                Throwable failed = failure;
                if (failed != null && !observed) {
                    report = "[jcoro] task #" + id + " " + method + " failed and its exception was never retrieved"
                            + " (nobody joined, awaited or observed its future): " + describe(failed)
                            + created() + "\n" + stackOf(failed);
                } else if (!finished) {
                    report = "[jcoro] leak: task #" + id + " " + method + " became unreachable before it"
                            + " completed (what it awaited was dropped); its finally blocks never ran" + created();
                }
            } else if (started && !finished) {
                report = "[jcoro] leak: generator #" + id + " " + method + " became unreachable while"
                        + " suspended, without close(); its finally blocks never ran" + created();
            }
            if (report != null) {
                try {
                    reporter.accept(report);
                } catch (Throwable ignored) {
                    // a failing reporter must not kill the cleaner's thread
                }
            }
        }

        String created() {
            StringBuilder out = new StringBuilder();
            for (StackTraceElement element : createdAt) {
                out.append("\n    created at ").append(element);
            }
            return out.toString();
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getName() + (message != null ? ": " + message : "");
    }

    private static String stackOf(Throwable failure) {
        java.io.StringWriter out = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(out));
        return out.toString().stripTrailing();
    }

    private static Cleaner cleaner() {
        Cleaner current = cleaner;
        if (current == null) {
            synchronized (DebugRegistry.class) {
                current = cleaner;
                if (current == null) {
                    current = Cleaner.create();
                    cleaner = current;
                }
            }
        }
        return current;
    }

    /** How many frames of the creating stack are kept: {@code jcoro.debug.creationDepth}, default 4. */
    private static final int CREATION_DEPTH = Math.max(0, Integer.getInteger("jcoro.debug.creationDepth", 4));

    /**
     * The caller's stack, without jcoro's own frames on top nor the coroutine's factory (which the
     * report names already); at most {@link #CREATION_DEPTH} frames.
     */
    private static StackTraceElement[] creationSite(String method) {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int from = 0;
        while (from < stack.length && stack[from].getClassName().startsWith("io.github.jcoro.internal.")) {
            from++;
        }
        if (from < stack.length && method.equals(stack[from].getClassName() + "." + stack[from].getMethodName())) {
            from++;
        }
        int to = Math.min(stack.length, from + CREATION_DEPTH);
        StackTraceElement[] kept = new StackTraceElement[to - from];
        System.arraycopy(stack, from, kept, 0, kept.length);
        return kept;
    }

    private static String methodOf(Object resumer) {
        Resumers.Site site = Resumers.site(resumer);
        return site == null ? "(unknown coroutine)" : site.className() + "." + site.method();
    }

    private static Entry register(Object coroutine, Entry entry) {
        LIVE.put(coroutine, entry);
        cleaner().register(coroutine, entry);
        return entry;
    }

    /**
     * A generator frame (or a task's frame) was made.
     *
     * @param frame the frame
     * @param resumer its resumer
     */
    static void created(GeneratorFrame<?> frame, Resumer resumer) {
        String method = methodOf(resumer);
        register(frame, new Entry(IDS.incrementAndGet(), method, creationSite(method), false));
    }

    static void started(GeneratorFrame<?> frame) {
        Entry entry = LIVE.get(frame);
        if (entry != null) {
            entry.started = true;
        }
    }

    static void finished(GeneratorFrame<?> frame) {
        Entry entry = LIVE.get(frame);
        if (entry != null) {
            entry.finished = true;
        }
    }

    static void taskStarted(AsyncTask<?> task, GeneratorFrame<?> frame) {
        Entry frameEntry = LIVE.remove(frame);
        StackTraceElement[] createdAt;
        String method;
        if (frameEntry != null) {
            frameEntry.ignored = true;
            createdAt = frameEntry.createdAt;
            method = frameEntry.method;
        } else {
            method = methodOf(frame.resumer);
            createdAt = creationSite(method);
        }
        long id = frameEntry != null ? frameEntry.id : IDS.incrementAndGet();
        Entry entry = register(task, new Entry(id, method, createdAt, true));
        entry.started = true;
    }

    static void taskCompleting(AsyncTask<?> task, Throwable failure, boolean hasDependents) {
        Entry entry = LIVE.get(task);
        if (entry == null) {
            return;
        }
        if (hasDependents) {
            entry.observed = true;
        }
        if (failure != null && !(failure instanceof CancellationException)) {
            entry.failure = failure;
        }
        entry.finished = true;
    }

    static void observed(AsyncTask<?> task) {
        Entry entry = LIVE.get(task);
        if (entry != null) {
            entry.observed = true;
        }
    }

    /**
     * The live coroutines, as a thread dump lists threads: each with its state, what it waits on, and
     * its suspended frames as {@code Class.method(File.java:line)}, outermost first, then where it was
     * created.
     *
     * @return the dump; one line saying so when debug mode is off
     */
    public static String dump() {
        if (!ENABLED) {
            return "jcoro: debug mode is off (run with -Djcoro.debug=true to track coroutines)\n";
        }
        List<Map.Entry<Object, Entry>> live;
        synchronized (LIVE) {
            live = new ArrayList<>(LIVE.entrySet());
        }
        live.sort(Comparator.comparingLong(e -> e.getValue().id));
        StringBuilder out = new StringBuilder();
        List<StringBuilder> items = new ArrayList<>();
        for (Map.Entry<Object, Entry> item : live) {
            Object coroutine = item.getKey();
            Entry entry = item.getValue();
            if (coroutine == null || entry.ignored) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            if (coroutine instanceof AsyncTask) {
                describeTask(text, (AsyncTask<?>) coroutine, entry);
            } else {
                describeGenerator(text, (GeneratorFrame<?>) coroutine, entry);
            }
            for (StackTraceElement element : entry.createdAt) {
                text.append("    created at ").append(element).append('\n');
            }
            items.add(text);
        }
        out.append("jcoro coroutines: ").append(items.size()).append(" live\n");
        for (StringBuilder item : items) {
            out.append('\n').append(item);
        }
        return out.toString();
    }

    private static void describeGenerator(StringBuilder out, GeneratorFrame<?> frame, Entry entry) {
        out.append("generator #")
                .append(entry.id)
                .append(' ')
                .append(entry.method)
                .append(": ");
        int label = frame.label;
        if (label == 0) {
            out.append("created\n");
            return;
        }
        if (label == GeneratorFrame.RUNNING) {
            out.append("running\n");
            return;
        }
        if (label == GeneratorFrame.DONE) {
            out.append("completed\n");
            return;
        }
        Object link = frame.link;
        if (label == GeneratorFrame.DELEGATING) {
            out.append("delegated its tail to ")
                    .append(describeGeneratorRef(link))
                    .append('\n');
            return;
        }
        out.append("suspended");
        if (link != null) {
            out.append(", delegating (Co.yieldAll) to ").append(describeGeneratorRef(link));
        }
        out.append('\n');
        frames(out, frame);
    }

    private static String describeGeneratorRef(Object generator) {
        Entry entry = generator == null ? null : LIVE.get(generator);
        return entry != null
                ? "generator #" + entry.id + " " + entry.method
                : "a " + (generator == null ? "null" : generator.getClass().getName());
    }

    private static void describeTask(StringBuilder out, AsyncTask<?> task, Entry entry) {
        out.append("task #").append(entry.id).append(' ').append(entry.method).append(": ");
        GeneratorFrame<?> frame = task.frame;
        if (frame == null || task.isDone()) {
            out.append(
                    task.isCancelled()
                            ? "cancelled"
                            : task.isCompletedExceptionally() ? "completed exceptionally" : "completed");
            out.append('\n');
            return;
        }
        if (frame.label == GeneratorFrame.RUNNING) {
            out.append("running\n");
            return;
        }
        Object waiting = task.waiting;
        out.append("suspended, ").append(describeWait(task, waiting));
        if (frame.cancelRequested) {
            out.append(" (cancellation requested)");
        }
        out.append('\n');
        frames(out, frame);
    }

    private static String describeWait(AsyncTask<?> task, Object waiting) {
        if (waiting == null) {
            return "queued to resume";
        }
        if (waiting == AsyncTask.PAUSE) {
            return "waiting for its turn (Co.pause)";
        }
        if (waiting instanceof EventLoop.Timer && task.dispatcher instanceof EventLoop) {
            EventLoop loop = (EventLoop) task.dispatcher;
            long left = Math.max(0, ((EventLoop.Timer) waiting).deadline() - loop.nanoTime());
            return "sleeping (Co.sleep), " + left / 1_000_000 + " ms left on the loop's clock";
        }
        if (waiting instanceof AsyncTask) {
            Entry entry = LIVE.get(waiting);
            return "awaiting task " + (entry != null ? "#" + entry.id + " " + entry.method : "(not tracked)");
        }
        String name = waiting.getClass().getName();
        switch (name) {
            case "io.github.jcoro.ChannelWaiter$Receive":
                return "waiting on a channel (receive)";
            case "io.github.jcoro.ChannelWaiter$Send":
                return "waiting on a channel (send)";
            case "io.github.jcoro.ChannelWaiter$Next":
                return "waiting on a channel (iteration)";
            case "io.github.jcoro.Select$Selection":
                return "waiting on a select";
            case "io.github.jcoro.TaskScope$ScopeFuture":
                return "waiting for a task scope's children";
            case "io.github.jcoro.ReadinessPoller$DescribedReadinessFuture":
                return "waiting for " + waiting; // EventLoop.ready(<channel>, OP_READ)
            default:
                break;
        }
        if (waiting instanceof CompletableFuture) {
            return "awaiting a " + waiting.getClass().getName();
        }
        return "awaiting a CompletionStage";
    }

    /** The frame chain of a suspended coroutine: its body, then its helpers, outermost first. */
    private static void frames(StringBuilder out, GeneratorFrame<?> frame) {
        out.append("    at ").append(siteFrame(frame.resumer, frame.label)).append('\n');
        List<HelperFrame> helpers = new ArrayList<>();
        // Bounded: a coroutine running on another thread may relink its frames while this reads them.
        for (Object helper = frame.innermost;
                helper instanceof HelperFrame && helpers.size() < 10_000;
                helper = ((HelperFrame) helper).caller) {
            helpers.add((HelperFrame) helper);
        }
        Collections.reverse(helpers);
        for (HelperFrame helper : helpers) {
            out.append("    at ")
                    .append(siteFrame(helper.resumer, helper.label))
                    .append('\n');
        }
    }

    private static String siteFrame(Object resumer, int label) {
        Resumers.Site site = Resumers.site(resumer);
        return site == null ? "(unknown coroutine)" : site.frame(label);
    }
}
