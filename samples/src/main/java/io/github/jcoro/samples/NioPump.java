package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link Selector} driven from an event loop: channel readiness as futures a coroutine awaits.
 *
 * <p>{@link #ready} arms a key for one operation and returns a future that completes when the
 * channel is ready for it. {@link #pump} is a task on the loop: while the loop is busy it polls the
 * selector without blocking ({@code selectNow}) once per round of the loop, completing the futures
 * of the ready keys on the loop's own thread, so under load readiness never crosses threads. When
 * two polls in a row find nothing, the pump hands a blocking {@code select()} to a helper thread and
 * awaits it: the loop then parks (or runs its timers) until a channel is ready, and {@link #ready}
 * wakes the selector when it arms a key meanwhile.
 *
 * <p>Only one thread selects at a time: the loop's thread, or the helper while the pump awaits it.
 */
final class NioPump {
    /** Empty polls in a row before the pump blocks ({@code -Djcoro.nio.spin}, default 2). */
    private static final int SPIN = Integer.getInteger("jcoro.nio.spin", 2);

    final Selector selector;
    private final ExecutorService helper;
    private volatile boolean blocking;
    private volatile boolean open = true;

    NioPump(String name) throws IOException {
        selector = Selector.open();
        helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Arms {@code key} for {@code op}; call on the loop's thread, with no other wait pending on it.
     *
     * @return completes, on the loop's thread, once the channel is ready for {@code op}
     */
    CompletableFuture<Void> ready(SelectionKey key, int op) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        key.attach(ready);
        if (key.interestOps() != op) { // a change costs an epoll_ctl at the next select
            key.interestOps(op);
        }
        if (blocking) {
            selector.wakeup();
        }
        return ready;
    }

    /** Runs until {@link #stop}: polls the selector once per round of the loop, blocks when idle. */
    @Coroutine
    CompletableFuture<Void> pump() {
        int idle = 0;
        try {
            while (open) {
                if (selector.selectNow() > 0) {
                    dispatch();
                    idle = 0;
                } else if (++idle >= SPIN) {
                    idle = 0;
                    blocking = true;
                    try {
                        Co.await(CompletableFuture.runAsync(this::select, helper));
                    } finally {
                        blocking = false;
                    }
                    dispatch();
                    continue;
                }
                Co.pause();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            helper.shutdown();
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private void select() {
        try {
            if (open) {
                selector.select();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Object waiter = key.attachment();
            if (waiter != null) {
                // The interest stays armed: a connection usually waits for the same event next time.
                key.attach(null);
                ((CompletableFuture<Void>) waiter).complete(null);
            } else if (key.isValid()) {
                key.interestOps(0); // nobody waits: stop it firing (level-triggered) until armed again
            }
        }
    }

    /** Makes {@link #pump} return at its next round; callable from any thread. */
    void stop() {
        open = false;
        selector.wakeup();
    }

    /** Waits (bounded) for the helper thread to end, once the pump has returned. */
    void awaitTermination() throws InterruptedException {
        helper.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
