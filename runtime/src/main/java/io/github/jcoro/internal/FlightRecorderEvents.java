package io.github.jcoro.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.StackTrace;

/**
 * jcoro's JDK Flight Recorder events, emitted when {@link FlightRecorderSwitch#ENABLED} ({@code
 * -Djcoro.jfr=true}); this class is loaded only then. Each generator and task gets, in category
 * {@code jcoro}:
 *
 * <ul>
 *   <li>{@code io.github.jcoro.Created} when its method is called (with the stack that called it);
 *   <li>{@code io.github.jcoro.Resumed} at each step, its duration the time it waited: since it
 *       was created, or since it last suspended, with what it waited on;
 *   <li>{@code io.github.jcoro.Suspended} at each suspension, with what it waits on: its caller
 *       (a generator's {@code Co.yield}), a future, a task, a timer, a channel, its turn;
 *   <li>{@code io.github.jcoro.Completed} when its body has finished (returned, thrown, or been
 *       closed), its duration the coroutine's lifetime.
 * </ul>
 *
 * <p>Every event names the coroutine's method ({@code Class.method}), its kind and an id, numbered
 * from 1 in creation order by these events. What a coroutine needs between two events (its id, the
 * pending {@code Resumed} and {@code Completed} events) is kept in a side table, held weakly, so no
 * field is added to the frames.
 *
 * <p>Events are made only while a recording runs: a coroutine made while none does is not tracked,
 * and costs one read of a volatile flag per step (what {@code -Djcoro.jfr=true} costs with no
 * recording). A coroutine made before a recording started shows no events in it.
 *
 * <p>Thread-safe: a coroutine runs on one thread at a time, and its dispatcher's hand-off orders
 * its steps. Not for users.
 */
final class FlightRecorderEvents {
    private static final AtomicLong IDS = new AtomicLong();

    private static final Map<GeneratorFrame<?>, Coroutine> LIVE = Collections.synchronizedMap(new WeakHashMap<>());

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** The recordings running now; guarded by itself. */
    private static final Set<Recording> RUNNING = new HashSet<>();

    /** Whether a recording runs: the events are made only then. */
    private static volatile boolean recording;

    static {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                // Called at once when the recorder runs already (-XX:StartFlightRecording, say).
                for (Recording running : recorder.getRecordings()) {
                    recordingStateChanged(running);
                }
            }

            @Override
            public void recordingStateChanged(Recording changed) {
                synchronized (RUNNING) {
                    if (changed.getState() == RecordingState.RUNNING) {
                        RUNNING.add(changed);
                    } else {
                        RUNNING.remove(changed);
                    }
                    recording = !RUNNING.isEmpty();
                }
            }
        });
    }

    private FlightRecorderEvents() {}

    /** What the events know of one coroutine between two events; never references it. */
    private static final class Coroutine {
        final long id;
        final String method;
        final String kind;
        final Completed completion = new Completed();

        /** The next step's event, begun when the coroutine was created or last suspended. */
        Resumed pending;

        /** What it waits on while suspended. */
        String waitingOn = "its start";

        /** Whether a step runs, so that a step the driver re-enters ({@code forward}) is one step. */
        boolean running;

        Coroutine(long id, String method, String kind) {
            this.id = id;
            this.method = method;
            this.kind = kind;
        }
    }

    /** Fields every event has. */
    @Category("jcoro")
    abstract static class CoroutineEvent extends Event {
        @Label("Coroutine")
        @Description("The coroutine's method, as Class.method")
        String coroutine;

        @Label("Id")
        @Description("The coroutine's number, from 1 in creation order")
        long id;

        @Label("Kind")
        @Description("generator or task")
        String kind;

        final void describe(Coroutine from) {
            coroutine = from.method;
            id = from.id;
            kind = from.kind;
        }
    }

    @Name("io.github.jcoro.Created")
    @Label("Coroutine Created")
    @Description("A generator or async task was made: its @Coroutine method was called")
    static final class Created extends CoroutineEvent {}

    @Name("io.github.jcoro.Resumed")
    @Label("Coroutine Resumed")
    @Description("A coroutine runs a step; the duration is how long it waited for it")
    @StackTrace(false)
    static final class Resumed extends CoroutineEvent {
        @Label("Waited On")
        @Description("What the coroutine waited on before this step")
        String waitedOn;
    }

    @Name("io.github.jcoro.Suspended")
    @Label("Coroutine Suspended")
    @Description("A coroutine suspended: a generator yielded, a task waits")
    @StackTrace(false)
    static final class Suspended extends CoroutineEvent {
        @Label("Waiting On")
        @Description("What the coroutine waits on: its caller for a generator, a future, a task, a timer, a"
                + " channel or its turn for a task")
        String waitingOn;
    }

    @Name("io.github.jcoro.Completed")
    @Label("Coroutine Completed")
    @Description("A coroutine's body finished (returned, threw, or was closed); the duration is its lifetime")
    @StackTrace(false)
    static final class Completed extends CoroutineEvent {}

    /**
     * A frame was made.
     *
     * @param frame the frame, not yet started
     * @param resumer its resumer
     */
    static void created(GeneratorFrame<?> frame, Resumer resumer) {
        if (!recording) {
            return;
        }
        Coroutine coroutine = new Coroutine(IDS.incrementAndGet(), methodOf(resumer), kindOfFactory());
        coroutine.completion.begin();
        Resumed first = new Resumed();
        first.begin();
        coroutine.pending = first;
        LIVE.put(frame, coroutine);
        Created event = new Created();
        if (event.isEnabled()) {
            event.describe(coroutine);
            event.commit();
        }
    }

    /**
     * A step of {@code frame} begins.
     *
     * @return what to pass to {@link #suspended} when the step ends; {@code null} for a step the
     *     driver re-entered (the outer one reports), or a frame not tracked
     */
    static Object resumed(GeneratorFrame<?> frame) {
        if (!recording) {
            return null;
        }
        Coroutine coroutine = LIVE.get(frame);
        if (coroutine == null || coroutine.running) {
            return null;
        }
        coroutine.running = true;
        Resumed event = coroutine.pending;
        coroutine.pending = null;
        if (event != null && event.shouldCommit()) {
            event.describe(coroutine);
            event.waitedOn = coroutine.waitingOn;
            event.commit();
        }
        return coroutine;
    }

    /**
     * The step of {@code frame} ended in a suspension on {@code value}: what it yields or waits on.
     *
     * @param step what {@link #resumed} returned, not {@code null}
     */
    static void suspended(Object step, GeneratorFrame<?> frame, Object value) {
        Coroutine coroutine = (Coroutine) step;
        coroutine.running = false;
        String waitingOn = frame.task ? waitingOn(value) : "its caller (Co.yield)";
        coroutine.waitingOn = waitingOn;
        Suspended event = new Suspended();
        if (event.isEnabled()) {
            event.describe(coroutine);
            event.waitingOn = waitingOn;
            event.commit();
        }
        Resumed next = new Resumed();
        next.begin();
        coroutine.pending = next;
    }

    /** The body of {@code frame} has finished. */
    static void completed(GeneratorFrame<?> frame) {
        if (!recording) {
            return; // a tracked coroutine stays in the weak table until it is collected
        }
        Coroutine coroutine = LIVE.remove(frame);
        if (coroutine == null) {
            return;
        }
        coroutine.running = false;
        Completed event = coroutine.completion;
        if (event.shouldCommit()) {
            event.describe(coroutine);
            event.commit();
        }
    }

    private static String methodOf(Resumer resumer) {
        Resumers.Site site = Resumers.site(resumer);
        return site == null ? "(unknown coroutine)" : site.className() + "." + site.method();
    }

    /**
     * {@code task} when the method that made the frame (the first caller outside this package)
     * returns a future, else {@code generator}: the frame is made before {@code AsyncTask.start}
     * marks it as a task's.
     */
    private static String kindOfFactory() {
        return WALKER.walk(frames -> frames.filter(
                        frame -> !frame.getDeclaringClass().getName().startsWith("io.github.jcoro.internal."))
                .findFirst()
                .map(frame -> CompletionStage.class.isAssignableFrom(
                                frame.getMethodType().returnType())
                        ? "task"
                        : "generator")
                .orElse("generator"));
    }

    /** What a task waits on, from what its body handed out. */
    private static String waitingOn(Object awaited) {
        if (awaited == AsyncTask.PAUSE) {
            return "its turn (Co.pause)";
        }
        if (awaited instanceof Duration) {
            return "a timer (Co.sleep " + awaited + ")";
        }
        if (awaited instanceof AsyncTask) {
            GeneratorFrame<?> frame = ((AsyncTask<?>) awaited).frame;
            return frame == null ? "a task, completed" : "task " + methodOf(frame.resumer);
        }
        if (awaited == null) {
            return "null";
        }
        switch (awaited.getClass().getName()) {
            case "io.github.jcoro.ChannelWaiter$Receive":
                return "a channel (receive)";
            case "io.github.jcoro.ChannelWaiter$Send":
                return "a channel (send)";
            case "io.github.jcoro.ChannelWaiter$Next":
                return "a channel (iteration)";
            case "io.github.jcoro.Select$Selection":
                return "a select";
            case "io.github.jcoro.TaskScope$ScopeFuture":
                return "a task scope's children";
            case "io.github.jcoro.ReadinessPoller$ReadinessFuture":
                return "a channel's readiness (EventLoop.ready)";
            case "io.github.jcoro.ReadinessPoller$DescribedReadinessFuture":
                return "a channel's readiness (" + awaited + ")";
            default:
                return "a " + awaited.getClass().getName();
        }
    }
}
