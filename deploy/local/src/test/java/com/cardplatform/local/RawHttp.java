package com.cardplatform.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 written byte by byte, for what a well-behaved client refuses to send: control characters and NUL in
 * header values, raw non-ASCII in the request line, bodies of any size with or without Content-Length (chunked).
 * One request per connection ({@code Connection: close}).
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Through the HTTPS front door. */
    static Api.Response frontDoor(String method, String target, List<String[]> headers, byte[] body, boolean chunked) {
        SharedStack shared = SharedStack.get();
        try {
            SSLSocket socket = (SSLSocket) SharedStack.sslContext(shared.stack().secrets().certificate()).getSocketFactory()
                    .createSocket("localhost", shared.settings().frontDoorPort());
            socket.setSoTimeout(60_000);
            socket.startHandshake();
            return exchange(socket, method, target, headers, body, chunked);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** To a service's own port. */
    static Api.Response direct(String service, String method, String target, List<String[]> headers, byte[] body,
            boolean chunked) {
        try {
            Socket socket = new Socket("127.0.0.1", SharedStack.get().port(service));
            socket.setSoTimeout(60_000);
            return exchange(socket, method, target, headers, body, chunked);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Api.Response exchange(Socket socket, String method, String target, List<String[]> headers, byte[] body,
            boolean chunked) throws IOException {
        long started = System.nanoTime();
        try (socket) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            for (String[] h : headers) {
                head.write((h[0] + ": ").getBytes(StandardCharsets.ISO_8859_1));
                head.write(h[1].getBytes(StandardCharsets.UTF_8));
                write(head, "\r\n");
            }
            if (body != null) {
                write(head, chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
            }
            write(head, "\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                if (body != null) {
                    int chunk = 64 * 1024;
                    for (int offset = 0; offset < body.length; offset += chunk) {
                        int n = Math.min(chunk, body.length - offset);
                        if (chunked) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(body, offset, n);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                out.flush();
            } catch (IOException e) {
                // the server answered (e.g. 413) and closed before the whole body was sent: read what it said
            }
            return read(socket.getInputStream(), started);
        }
    }

    private static Api.Response read(InputStream in, long started) throws IOException {
        byte[] all;
        try {
            all = in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("no answer (connection " + e.getMessage() + ")", e);
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new IOException("not an HTTP response: " + text.substring(0, Math.min(200, text.length())));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if (headers.getOrDefault("transfer-encoding", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            rest = dechunk(rest);
        }
        return new Api.Response(status, new String(rest, StandardCharsets.UTF_8), headers,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static byte[] dechunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < data.length) {
            int lineEnd = indexOf(data, i);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(data, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].trim();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(data, lineEnd + 2, n);
            i = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i + 1 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
