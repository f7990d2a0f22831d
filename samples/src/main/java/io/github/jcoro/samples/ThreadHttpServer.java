package io.github.jcoro.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The comparison: the same parser and routes ({@link Http}) served by a blocking thread per
 * connection: platform threads, or virtual threads where the JDK has them (21+).
 */
public final class ThreadHttpServer implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final int idleMillis;
    private final long maxBody;

    private ThreadHttpServer(ServerSocket server, boolean virtual, int idleMillis, long maxBody) {
        this.server = server;
        this.idleMillis = idleMillis;
        this.maxBody = maxBody;
        this.workers = virtual
                ? virtualThreads()
                : Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "http-conn");
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::accept, "http-accept");
    }

    /**
     * Starts a server on {@code address}.
     *
     * @param address where to listen
     * @param virtual virtual threads (JDK 21+) rather than platform threads
     * @return the running server
     * @throws IOException when it cannot bind
     */
    public static ThreadHttpServer start(InetSocketAddress address, boolean virtual) throws IOException {
        return start(address, virtual, Duration.ofSeconds(30));
    }

    /**
     * Starts a server on {@code address} with an idle timeout.
     *
     * @param address where to listen
     * @param virtual virtual threads (JDK 21+) rather than platform threads
     * @param idleTimeout how long a connection may wait for (the rest of) a request
     * @return the running server
     * @throws IOException when it cannot bind
     */
    public static ThreadHttpServer start(InetSocketAddress address, boolean virtual, Duration idleTimeout)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(address, 1024);
        ThreadHttpServer s = new ThreadHttpServer(socket, virtual, (int) idleTimeout.toMillis(), 1 << 20);
        s.acceptor.start();
        return s;
    }

    /** @return whether this JDK has virtual threads */
    public static boolean hasVirtualThreads() {
        return Runtime.version().feature() >= 21;
    }

    private static ExecutorService virtualThreads() {
        try {
            return (ExecutorService)
                    Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("virtual threads need JDK 21 or later", e);
        }
    }

    /** @return the bound port */
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                sockets.add(s);
                workers.execute(() -> serve(s));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket s) {
        byte[] buf = new byte[Http.MAX_HEAD];
        ByteBuffer out = ByteBuffer.allocate(4096);
        int length = 0;
        try (s) {
            s.setSoTimeout(idleMillis);
            InputStream in = s.getInputStream();
            OutputStream os = s.getOutputStream();
            while (true) {
                Http.Request r;
                try {
                    r = Http.parse(buf, length, maxBody);
                } catch (Http.Refused refused) {
                    Http.status(out, refused.status, Http.reason(refused.status), false);
                    write(os, out);
                    return;
                }
                if (r == null) {
                    write(os, out);
                    int n;
                    try {
                        n = in.read(buf, length, buf.length - length);
                    } catch (SocketTimeoutException idle) {
                        if (length > 0) {
                            Http.status(out, 408, Http.reason(408), false);
                            write(os, out);
                        }
                        return;
                    }
                    if (n < 0) {
                        return;
                    }
                    length += n;
                    continue;
                }
                length = consume(buf, length, r.headLength);
                long body = r.contentLength;
                while (body > 0) {
                    if (length == 0) {
                        write(os, out);
                        int n = in.read(buf, 0, buf.length);
                        if (n < 0) {
                            return;
                        }
                        length = n;
                        continue;
                    }
                    int skip = (int) Math.min(body, length);
                    length = consume(buf, length, skip);
                    body -= skip;
                }
                if (r.target.equals("/slow")) {
                    write(os, out);
                    Thread.sleep(10);
                }
                if (out.remaining() < 1024) {
                    write(os, out);
                }
                Http.respond(r, out);
                if (!r.keepAlive) {
                    write(os, out);
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // reset, or closed by close()
        } finally {
            sockets.remove(s);
        }
    }

    private static int consume(byte[] buf, int length, int n) {
        System.arraycopy(buf, n, buf, 0, length - n);
        return length - n;
    }

    private static void write(OutputStream os, ByteBuffer out) throws IOException {
        if (out.position() > 0) {
            os.write(out.array(), 0, out.position());
            out.clear();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        workers.shutdown();
        try {
            acceptor.join(5000);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
