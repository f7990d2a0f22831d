package io.github.jcoro.samples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The HTTP/1.1 part shared by every server of the samples: a request-head parser over a byte
 * buffer, and the responses of the two routes. Only the I/O differs between servers.
 */
final class Http {
    private Http() {}

    /** The longest request head (request line and headers) accepted; longer gets 431. */
    static final int MAX_HEAD = 8192;

    /** The most header lines accepted; more gets 431. */
    static final int MAX_HEADERS = 100;

    static final byte[] HELLO = "Hello, world!".getBytes(StandardCharsets.US_ASCII);

    /** A parsed request head. */
    static final class Request {
        String method;
        String target;
        boolean keepAlive;
        long contentLength;
        /** Bytes of the head, CRLFCRLF included. */
        int headLength;
    }

    /** A request the server refuses with {@code status}, then closes the connection. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String why) {
            super(status + " " + why, null, false, false);
            this.status = status;
        }
    }

    /**
     * Parses the request head at the start of {@code buf[0, length)}.
     *
     * @return the request, or {@code null} when the head is not complete yet
     * @throws Refused when the head is malformed (400), too large (431) or the body too large (413)
     */
    static Request parse(byte[] buf, int length, long maxBody) throws Refused {
        int end = headEnd(buf, length);
        if (end < 0) {
            if (length >= MAX_HEAD) {
                throw new Refused(431, "request head over " + MAX_HEAD + " bytes");
            }
            // A request line must begin with a method: refuse garbage early rather than wait.
            for (int i = 0; i < length && buf[i] != ' ' && buf[i] != '\r'; i++) {
                if (!token(buf[i])) {
                    throw new Refused(400, "malformed request line");
                }
            }
            return null;
        }
        Request r = new Request();
        r.headLength = end;
        int lineEnd = lineEnd(buf, 0, end);
        int sp1 = indexOf(buf, 0, lineEnd, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, sp1 + 1, lineEnd, (byte) ' ');
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1 || buf[sp1 + 1] != '/' && buf[sp1 + 1] != '*') {
            throw new Refused(400, "malformed request line");
        }
        for (int i = 0; i < sp1; i++) {
            if (!token(buf[i])) {
                throw new Refused(400, "malformed method");
            }
        }
        String version = ascii(buf, sp2 + 1, lineEnd);
        boolean http11 = version.equals("HTTP/1.1");
        if (!http11 && !version.equals("HTTP/1.0")) {
            throw new Refused(400, "unsupported version");
        }
        r.method = ascii(buf, 0, sp1);
        r.target = ascii(buf, sp1 + 1, sp2);
        r.keepAlive = http11;
        int headers = 0;
        int pos = lineEnd + 2;
        while (pos < end - 2) {
            int e = lineEnd(buf, pos, end);
            if (++headers > MAX_HEADERS) {
                throw new Refused(431, "more than " + MAX_HEADERS + " header lines");
            }
            int colon = indexOf(buf, pos, e, (byte) ':');
            if (colon <= pos) {
                throw new Refused(400, "malformed header line");
            }
            for (int i = pos; i < colon; i++) {
                if (!token(buf[i])) {
                    throw new Refused(400, "malformed header name");
                }
            }
            String name = ascii(buf, pos, colon).toLowerCase(Locale.ROOT);
            if (name.equals("connection") || name.equals("content-length") || name.equals("transfer-encoding")) {
                String value = ascii(buf, colon + 1, e).trim().toLowerCase(Locale.ROOT);
                if (name.equals("connection")) {
                    if (value.contains("close")) {
                        r.keepAlive = false;
                    } else if (value.contains("keep-alive")) {
                        r.keepAlive = true;
                    }
                } else if (name.equals("transfer-encoding")) {
                    throw new Refused(400, "Transfer-Encoding is not supported");
                } else {
                    try {
                        r.contentLength = Long.parseLong(value);
                    } catch (NumberFormatException ex) {
                        throw new Refused(400, "bad Content-Length");
                    }
                    if (r.contentLength < 0) {
                        throw new Refused(400, "bad Content-Length");
                    }
                    if (r.contentLength > maxBody) {
                        throw new Refused(413, "body over " + maxBody + " bytes");
                    }
                }
            }
            pos = e + 2;
        }
        return r;
    }

    /** Writes the response to {@code r} into {@code out}; {@code bodyBytes} is the request body's size. */
    static void respond(Request r, ByteBuffer out) {
        if (r.target.equals("/hello") || r.target.equals("/slow")) {
            if (!r.method.equals("GET") && !r.method.equals("HEAD")) {
                status(out, 405, "Method Not Allowed", r.keepAlive);
                return;
            }
            head(out, "200 OK", HELLO.length, r.keepAlive);
            if (!r.method.equals("HEAD")) {
                out.put(HELLO);
            }
        } else if (r.target.equals("/echo-length") && r.method.equals("POST")) {
            byte[] body = ("received " + r.contentLength + " bytes").getBytes(StandardCharsets.US_ASCII);
            head(out, "200 OK", body.length, r.keepAlive);
            out.put(body);
        } else {
            status(out, 404, "Not Found", r.keepAlive);
        }
    }

    /** A response with a short text body naming the status. */
    static void status(ByteBuffer out, int code, String reason, boolean keepAlive) {
        byte[] body = (code + " " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
        head(out, code + " " + reason, body.length, keepAlive);
        out.put(body);
    }

    static String reason(int code) {
        switch (code) {
            case 400:
                return "Bad Request";
            case 408:
                return "Request Timeout";
            case 413:
                return "Content Too Large";
            case 431:
                return "Request Header Fields Too Large";
            default:
                return "Error";
        }
    }

    private static void head(ByteBuffer out, String status, int length, boolean keepAlive) {
        out.put(HTTP11).put(status.getBytes(StandardCharsets.US_ASCII));
        out.put(CONTENT_TYPE).put(date()).put(CONTENT_LENGTH);
        putInt(out, length);
        out.put(keepAlive ? END_KEEP : END_CLOSE);
    }

    private static final byte[] HTTP11 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_TYPE =
            "\r\nContent-Type: text/plain\r\nDate: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "\r\nContent-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_KEEP = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_CLOSE = "\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static volatile long dateSecond = -1;
    private static volatile byte[] dateBytes;

    /** The Date header's value, formatted once a second. */
    static byte[] date() {
        long second = System.currentTimeMillis() / 1000;
        byte[] cached = dateBytes;
        if (second != dateSecond || cached == null) {
            cached = DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(ZonedDateTime.now(ZoneOffset.UTC))
                    .getBytes(StandardCharsets.US_ASCII);
            dateBytes = cached;
            dateSecond = second;
        }
        return cached;
    }

    private static void putInt(ByteBuffer out, int value) {
        out.put(Integer.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /** The index just past CRLFCRLF in {@code buf[0, length)}, or -1. */
    static int headEnd(byte[] buf, int length) {
        for (int i = 3; i < length; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] buf, int from, int end) {
        for (int i = from; i + 1 < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return end;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean token(byte b) {
        return b > 32 && b < 127 && "()<>@,;:\\\"/[]?={}".indexOf(b) < 0;
    }

    private static String ascii(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
