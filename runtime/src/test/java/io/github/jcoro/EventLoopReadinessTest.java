package io.github.jcoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.internal.Abandonable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link EventLoop#ready}: channel readiness from the loop's own selector, driven with plain futures. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventLoopReadinessTest {
    private Pipe pipe;

    @BeforeEach
    void openPipe() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
    }

    @AfterEach
    void closePipe() throws IOException {
        pipe.source().close();
        pipe.sink().close();
    }

    private static void write(Pipe.SinkChannel sink, String text) {
        try {
            sink.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Pipe.SourceChannel source) {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        try {
            source.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void ready_acceptThenRead_overLoopback() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            server.configureBlocking(false);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Thread client = new Thread(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    Thread.sleep(50);
                    OutputStream out = socket.getOutputStream();
                    out.write("ping".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(200);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            client.start();
            String got = EventLoop.run(() -> {
                EventLoop loop = EventLoop.current();
                return loop.ready(server, SelectionKey.OP_ACCEPT).thenCompose(ignored -> {
                    try {
                        SocketChannel c = server.accept();
                        c.configureBlocking(false);
                        return loop.ready(c, SelectionKey.OP_READ).thenApply(ready -> {
                            ByteBuffer buffer = ByteBuffer.allocate(16);
                            try {
                                c.read(buffer);
                                c.close();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
                        });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            });
            client.join();
            assertEquals("ping", got);
        }
    }

    @Test
    void ready_completesOnTheLoopsThread_whenAnotherThreadWrites() {
        List<String> seen = new ArrayList<>();
        EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            Thread loopThread = Thread.currentThread();
            CompletableFuture<Void> ready = loop.ready(pipe.source(), SelectionKey.OP_READ);
            assertInstanceOf(Abandonable.class, ready, "a readiness future exists only for its wait");
            new Thread(() -> write(pipe.sink(), "x")).start();
            return ready.thenRun(() -> {
                seen.add(Thread.currentThread() == loopThread ? "on the loop" : "elsewhere");
                seen.add(read(pipe.source()));
            });
        });
        assertEquals(List.of("on the loop", "x"), seen);
    }

    @Test
    void ready_writableAtOnce_andReaderAndWriterWaitTogether() {
        String got = EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<Void> readable = loop.ready(pipe.source(), SelectionKey.OP_READ);
            return loop.ready(pipe.sink(), SelectionKey.OP_WRITE)
                    .thenRun(() -> write(pipe.sink(), "both"))
                    .thenCompose(written -> readable)
                    .thenApply(r -> read(pipe.source()));
        });
        assertEquals("both", got);
    }

    @Test
    void ready_timersAndOtherThreadsStillWakeTheLoop_whileAChannelWaits() {
        List<String> order = new ArrayList<>();
        EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<Void> never = loop.ready(pipe.source(), SelectionKey.OP_READ);
            CompletableFuture<Void> timer = new CompletableFuture<>();
            loop.schedule(Duration.ofMillis(30), () -> {
                order.add("timer");
                timer.complete(null);
            });
            CompletableFuture<Void> handedOver = new CompletableFuture<>();
            return timer.thenCompose(t -> {
                        new Thread(() -> loop.execute(() -> {
                                    order.add("execute");
                                    handedOver.complete(null);
                                }))
                                .start();
                        return handedOver;
                    })
                    .thenRun(() -> order.add(never.isDone() ? "channel ready?!" : "channel still waiting"));
        });
        assertEquals(List.of("timer", "execute", "channel still waiting"), order);
    }

    @Test
    void ready_busyTasksDoNotStarveChannels() {
        int[] spins = {0};
        String got = EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<String> result =
                    loop.ready(pipe.source(), SelectionKey.OP_READ).thenApply(r -> read(pipe.source()));
            Runnable spin = new Runnable() {
                @Override
                public void run() {
                    spins[0]++;
                    if (!result.isDone()) {
                        loop.execute(this); // always something ready: the loop never goes idle
                    }
                }
            };
            loop.execute(spin);
            new Thread(() -> write(pipe.sink(), "fed")).start();
            return result;
        });
        assertEquals("fed", got);
        assertTrue(spins[0] > 0);
    }

    @Test
    void ready_channelClosedWhileWaiting_failsWithClosedChannelException() {
        long start = System.nanoTime();
        assertThrows(
                ClosedChannelException.class,
                () -> EventLoop.run(() -> {
                    EventLoop loop = EventLoop.current();
                    CompletableFuture<Void> waiting = loop.ready(pipe.source(), SelectionKey.OP_READ);
                    loop.schedule(Duration.ofMillis(20), () -> {
                        try {
                            pipe.source().close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    return waiting;
                }));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 5_000, "found within the loop's sweep (about a second), took " + millis + " ms");
    }

    @Test
    void ready_onAClosedChannel_failsAtOnce() throws IOException {
        pipe.source().close();
        assertThrows(
                ClosedChannelException.class,
                () -> EventLoop.run(() -> EventLoop.current().ready(pipe.source(), SelectionKey.OP_READ)));
    }

    @Test
    void ready_cancelledWait_letsTheNextWaitIn() {
        String got = EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<Void> first = loop.ready(pipe.source(), SelectionKey.OP_READ);
            assertTrue(first.cancel(false));
            CompletableFuture<Void> second = loop.ready(pipe.source(), SelectionKey.OP_READ);
            new Thread(() -> write(pipe.sink(), "second")).start();
            return second.thenApply(r -> read(pipe.source()));
        });
        assertEquals("second", got);
    }

    @Test
    void ready_timedOutWait_isDropped_soTheChannelCanBeWaitedForAgain() {
        List<String> seen = new ArrayList<>();
        EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<Void> waited = loop.ready(pipe.source(), SelectionKey.OP_READ);
            return Tasks.orTimeout(waited, Duration.ofMillis(20))
                    .handle((v, t) -> {
                        seen.add(t.getClass().getSimpleName());
                        seen.add(waited.isCancelled() ? "readiness dropped" : "readiness still pending");
                        CompletableFuture<Void> again = loop.ready(pipe.source(), SelectionKey.OP_READ);
                        new Thread(() -> write(pipe.sink(), "again")).start();
                        return again;
                    })
                    .thenCompose(again -> again)
                    .thenRun(() -> seen.add(read(pipe.source())));
        });
        assertEquals(List.of("TaskTimeoutException", "readiness dropped", "again"), seen);
    }

    @Test
    void ready_twoWaitersForOneOperation_isRefused() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> EventLoop.run(() -> {
                    EventLoop loop = EventLoop.current();
                    loop.ready(pipe.source(), SelectionKey.OP_READ);
                    return loop.ready(pipe.source(), SelectionKey.OP_READ);
                }));
        assertTrue(
                e.getMessage().contains("another task is waiting for OP_READ on this channel already"), e.getMessage());
    }

    @Test
    void ready_blockingChannel_isRefusedWithHowToFixIt() throws IOException {
        pipe.source().configureBlocking(true);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EventLoop.run(() -> EventLoop.current().ready(pipe.source(), SelectionKey.OP_READ)));
        assertTrue(
                e.getMessage()
                        .contains("expected a channel in non-blocking mode, found one in blocking mode;"
                                + " call configureBlocking(false) first"),
                e.getMessage());
    }

    @Test
    void ready_operationNotOneOfTheFour_orNotSupported_isRefused() {
        IllegalArgumentException two = assertThrows(
                IllegalArgumentException.class,
                () -> EventLoop.run(
                        () -> EventLoop.current().ready(pipe.source(), SelectionKey.OP_READ | SelectionKey.OP_WRITE)));
        assertEquals(
                "EventLoop.ready: expected one operation, SelectionKey.OP_READ, OP_WRITE, OP_ACCEPT or"
                        + " OP_CONNECT, found 5 (OP_READ|OP_WRITE)",
                two.getMessage());
        IllegalArgumentException unsupported = assertThrows(
                IllegalArgumentException.class,
                () -> EventLoop.run(() -> EventLoop.current().ready(pipe.source(), SelectionKey.OP_WRITE)));
        assertTrue(
                unsupported.getMessage().contains("does not support OP_WRITE; its operations are OP_READ"),
                unsupported.getMessage());
    }

    @Test
    void ready_offTheLoopsThread_isRefused() {
        EventLoop loop = EventLoop.create();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> loop.ready(pipe.source(), SelectionKey.OP_READ));
        assertTrue(e.getMessage().contains("expected the thread of the running loop"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }

    @Test
    void ready_timeLimitedWaitCancelled_dropsTheReadinessWaitToo() {
        List<String> seen = new ArrayList<>();
        String got = EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<Void> waited = loop.ready(pipe.source(), SelectionKey.OP_READ);
            CompletableFuture<Void> limited = Tasks.orTimeout(waited, Duration.ofSeconds(30));
            assertInstanceOf(Abandonable.class, limited, "a task cancelled while it waits drops it");
            seen.add("cancelled: " + limited.cancel(false));
            seen.add(waited.isCancelled() ? "readiness dropped" : "readiness still pending");
            CompletableFuture<Void> again = loop.ready(pipe.source(), SelectionKey.OP_READ);
            new Thread(() -> write(pipe.sink(), "again")).start();
            return again.thenApply(r -> read(pipe.source()));
        });
        assertEquals(List.of("cancelled: true", "readiness dropped"), seen);
        assertEquals("again", got);
    }
}
