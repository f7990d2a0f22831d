package programs;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.EventLoop;
import io.github.jcoro.Generator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * jcoro's JFR events, run in a child JVM (with -Djcoro.jfr=true, or without): a recording started
 * in-process around a generator and three tasks, dumped, read back with RecordingFile and summed up.
 */
public class FlightRecording {
    static final List<String> TYPES =
            List.of("io.github.jcoro.Created", "io.github.jcoro.Resumed", "io.github.jcoro.Suspended",
                    "io.github.jcoro.Completed");

    @Coroutine
    static Generator<Integer> counter(int n) {
        for (int i = 0; i < n; i++) {
            Co.yield(i);
        }
        return Generator.empty();
    }

    @Coroutine
    static Generator<Integer> relay() {
        Co.yieldAll(counter(2)); // the driver re-enters its step when the delegate finishes
        return Generator.empty();
    }

    @Coroutine
    static CompletableFuture<String> sleeper() {
        Co.sleep(Duration.ofMillis(10));
        Co.sleep(Duration.ofMillis(10));
        return CompletableFuture.completedFuture("slept");
    }

    @Coroutine
    static CompletableFuture<String> parent() {
        String slept = Co.await(sleeper());
        Co.pause();
        return CompletableFuture.completedFuture("parent of " + slept);
    }

    @Coroutine
    static CompletableFuture<String> scenario() {
        int sum = 0;
        for (int value : counter(3)) {
            sum += value;
        }
        for (int value : relay()) {
            sum += 10 * value;
        }
        return CompletableFuture.completedFuture(Co.await(parent()) + ", sum " + sum);
    }

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("jcoro", ".jfr");
        try (Recording recording = new Recording()) {
            for (String type : TYPES) {
                recording.enable(type);
            }
            recording.start();
            System.out.println(EventLoop.runVirtual(FlightRecording::scenario));
            recording.stop();
            recording.dump(file);
        }
        Map<String, Integer> counts = new TreeMap<>();
        Set<Long> ids = new HashSet<>();
        int events = 0;
        boolean lifetimes = true;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            if (!TYPES.contains(type)) {
                continue;
            }
            events++;
            ids.add(event.getLong("id"));
            String key = type.substring("io.github.jcoro.".length()) + " " + event.getString("kind") + " "
                    + event.getString("coroutine");
            if (event.hasField("waitingOn")) {
                key += ", waiting on " + event.getString("waitingOn");
            }
            if (event.hasField("waitedOn")) {
                key += ", waited on " + event.getString("waitedOn");
            }
            if (type.endsWith("Completed") && event.getDuration().isNegative()) {
                lifetimes = false;
            }
            if (!event.getEventType().getCategoryNames().equals(List.of("jcoro"))) {
                key += " in category " + event.getEventType().getCategoryNames();
            }
            counts.merge(key, 1, Integer::sum);
        }
        Files.delete(file);
        System.out.println(events + " jcoro events, " + ids.size() + " ids, lifetimes "
                + (lifetimes ? "not negative" : "NEGATIVE"));
        counts.forEach((key, count) -> System.out.println(count + " " + key));
    }
}
