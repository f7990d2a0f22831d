package io.github.jcoro.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The counter as a generator backed by a thread, as a Java user writes one without coroutines: a
 * producer thread runs the counting loop and hands each value to the consumer (the caller of
 * {@link #next()}, here JMH's platform thread). Two hand-offs:
 *
 * <ul>
 *   <li>{@link Handoff#QUEUE}: the producer {@code put}s each value into a {@link SynchronousQueue}
 *       and {@link #next()} {@code take}s it. The producer computes the next value while the
 *       consumer works, then blocks in {@code put}.
 *   <li>{@link Handoff#PARK}: a strict ping-pong with {@link LockSupport#park} / {@link
 *       LockSupport#unpark} on two volatile fields: {@link #next()} asks for a value and parks until
 *       it is there; the producer runs only when asked, as a coroutine does.
 * </ul>
 *
 * <p>The producer is a virtual thread (JDK 21 or newer; started through a method handle, since the
 * benchmarks compile with {@code --release 17}) or a daemon platform thread. {@link #close()} stops
 * it.
 */
public final class ThreadGenerator implements AutoCloseable {
    /** How a value passes from the producer to the consumer. */
    public enum Handoff {
        /** Through a {@link SynchronousQueue}. */
        QUEUE,
        /** By park/unpark of the two threads. */
        PARK
    }

    /** {@code Thread.startVirtualThread(Runnable)}, or {@code null} before JDK 21. */
    private static final MethodHandle START_VIRTUAL;

    /** Why virtual threads cannot be used here, or {@code null} if they can. */
    public static final String VIRTUAL_UNAVAILABLE;

    static {
        MethodHandle start = null;
        String unavailable = null;
        try {
            start = MethodHandles.publicLookup()
                    .findStatic(
                            Thread.class, "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            unavailable = "virtual threads do not exist on JDK "
                    + Runtime.version().feature() + " (JDK 21 or newer has them)";
        }
        START_VIRTUAL = start;
        VIRTUAL_UNAVAILABLE = unavailable;
    }

    /**
     * Starts a virtual thread.
     *
     * @param body what it runs
     * @return the thread, started
     * @throws UnsupportedOperationException before JDK 21
     */
    public static Thread startVirtual(Runnable body) {
        if (START_VIRTUAL == null) {
            throw new UnsupportedOperationException(VIRTUAL_UNAVAILABLE);
        }
        try {
            return (Thread) START_VIRTUAL.invokeExact(body);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static final int WAITING = 0;
    private static final int ASKED = 1;
    private static final int READY = 2;

    private final Handoff handoff;
    private final SynchronousQueue<Long> queue = new SynchronousQueue<>();
    private Thread consumer;
    private final Thread producer;
    private volatile int state = WAITING;
    private volatile boolean closed;
    private long value;

    /**
     * Starts a producer thread; it produces nothing before the first {@link #next()} with {@link
     * Handoff#PARK}, and computes its first value at once with {@link Handoff#QUEUE}.
     *
     * @param virtual a virtual thread if true, else a daemon platform thread
     * @param handoff how values are handed over
     */
    public ThreadGenerator(boolean virtual, Handoff handoff) {
        this.handoff = handoff;
        Runnable body = handoff == Handoff.QUEUE ? this::produceIntoQueue : this::produceOnRequest;
        if (virtual) {
            producer = startVirtual(body);
        } else {
            producer = new Thread(body, "ThreadGenerator producer");
            producer.setDaemon(true);
            producer.start();
        }
    }

    /**
     * Takes the next value from the producer.
     *
     * @return the value
     */
    public long next() {
        if (handoff == Handoff.QUEUE) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        consumer = Thread.currentThread(); // published by the volatile write below
        state = ASKED;
        LockSupport.unpark(producer);
        while (state != READY) {
            LockSupport.park(this);
        }
        state = WAITING;
        return value;
    }

    /** Stops the producer and waits for it to end. */
    @Override
    public void close() {
        closed = true;
        producer.interrupt();
        LockSupport.unpark(producer);
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void produceIntoQueue() {
        try {
            for (long i = 0; !closed; i++) {
                queue.put(i & 127);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void produceOnRequest() {
        for (long i = 0; ; i++) {
            while (state != ASKED) {
                if (closed) {
                    return;
                }
                LockSupport.park(this);
            }
            value = i & 127;
            state = READY;
            LockSupport.unpark(consumer);
        }
    }
}
