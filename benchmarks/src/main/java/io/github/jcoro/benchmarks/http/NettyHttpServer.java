package io.github.jcoro.benchmarks.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * The Netty row of the HTTP load test (benchmarks/http-load.sh, issue #10): the routes of the
 * jcoro samples' servers on Netty's HTTP/1.1 codec, epoll transport where it loads, else NIO.
 * {@code GET /hello} answers {@code Hello, world!} ({@code text/plain}, {@code Date}, {@code
 * Content-Length}, keep-alive); {@code GET /slow} the same after 10 ms scheduled on the
 * connection's event loop. Other paths get 404, other methods 405, undecodable requests 400 and a
 * close.
 *
 * <p>{@code NettyHttpServer [--port P] [--threads N]}: binds 127.0.0.1 (port 0: a free one), runs N
 * event-loop threads (1 by default; the acceptor shares them), prints {@code listening on
 * 127.0.0.1:<port>} and serves until killed. Pipelined requests are answered as they are handled:
 * a {@code /slow} one is overtaken by a later {@code /hello} (wrk does not pipeline). No idle
 * timeout.
 */
public final class NettyHttpServer {
    private NettyHttpServer() {}

    private static final byte[] HELLO = "Hello, world!".getBytes(StandardCharsets.US_ASCII);
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");

    private static volatile long dateSecond = -1;
    private static volatile AsciiString date;

    /** The Date header's value, formatted once a second. */
    static AsciiString date() {
        long second = System.currentTimeMillis() / 1000;
        AsciiString cached = date;
        if (second != dateSecond || cached == null) {
            cached = new AsciiString(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
            date = cached;
            dateSecond = second;
        }
        return cached;
    }

    /** The handler: one per connection. */
    static final class Routes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest) {
                    handle(ctx, (HttpRequest) msg);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private static void handle(ChannelHandlerContext ctx, HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                write(ctx, status(HttpResponseStatus.BAD_REQUEST), false, true);
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String uri = request.uri();
            boolean slow = uri.equals("/slow");
            if (!slow && !uri.equals("/hello")) {
                write(ctx, status(HttpResponseStatus.NOT_FOUND), keepAlive, false);
            } else if (!request.method().equals(HttpMethod.GET)
                    && !request.method().equals(HttpMethod.HEAD)) {
                write(ctx, status(HttpResponseStatus.METHOD_NOT_ALLOWED), keepAlive, false);
            } else if (slow) {
                boolean head = request.method().equals(HttpMethod.HEAD);
                ctx.channel()
                        .eventLoop()
                        .schedule(() -> write(ctx, hello(head), keepAlive, true), 10, TimeUnit.MILLISECONDS);
            } else {
                write(ctx, hello(request.method().equals(HttpMethod.HEAD)), keepAlive, false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush(); // the responses to one read's requests, in one write
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // reset by the peer, mostly
        }
    }

    static FullHttpResponse hello(boolean head) {
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(HELLO));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .set(HttpHeaderNames.DATE, date())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, HELLO.length);
        return r;
    }

    static FullHttpResponse status(HttpResponseStatus status) {
        byte[] body = (status + "\n").getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .set(HttpHeaderNames.DATE, date())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive, boolean flush) {
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else if (flush) {
            ctx.writeAndFlush(r);
        } else {
            ctx.write(r);
        }
    }

    /**
     * Serves until killed.
     *
     * @param args {@code [--port P] [--threads N]}
     * @throws Exception when it cannot bind
     */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        int threads = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port":
                    port = Integer.parseInt(args[++i]);
                    break;
                case "--threads":
                    threads = Integer.parseInt(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        String transport = epoll ? "epoll" : "NIO (epoll unavailable: " + Epoll.unavailabilityCause() + ")";
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new Routes());
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port))
                    .sync()
                    .channel();
            int bound = ((InetSocketAddress) server.localAddress()).getPort();
            System.out.println("listening on 127.0.0.1:" + bound + " (netty " + transport + ", " + threads
                    + " event-loop thread" + (threads == 1 ? "" : "s") + "); GET /hello, GET /slow");
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
