package com.cardplatform.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between a service and PostgreSQL that reads the frontend side of the wire protocol (v3) and can lose
 * the connection at an exact point of a request, which no other fault injection here can do deterministically:
 * <ul>
 *   <li>{@link #cutBefore}: the first statement whose SQL contains a fragment never reaches PostgreSQL: the
 *   connection is closed instead (the transaction it was in is rolled back by PostgreSQL);</li>
 *   <li>{@link #cutBeforeCommit}: the same for the COMMIT of the next transaction that ran a statement
 *   containing a fragment (rolled back: nothing was written);</li>
 *   <li>{@link #cutAfterCommit}: the COMMIT of the next transaction that ran a statement containing a fragment
 *   reaches PostgreSQL, which commits, and its answer is dropped with the connection. The service cannot know
 *   the outcome: the one case where a 503 may follow a write, and the answer must say so.</li>
 *   <li>{@link #cutAfter}: the same for a statement run outside a transaction (autocommit): it is executed and
 *   its answer dropped.</li>
 * </ul>
 * Statements are recognised by their SQL text: in simple queries, and at Bind for extended-protocol statements
 * (named prepared statements are remembered per connection from their Parse, so a cached statement is recognised
 * too). Only plain (non-TLS) connections; one rule is armed at a time and fires once.
 */
public final class PgWireProxy implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private enum Kind { BEFORE, BEFORE_COMMIT, AFTER_COMMIT, AFTER }

    private record Rule(Kind kind, String fragment) {
    }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final AtomicReference<Rule> armed = new AtomicReference<>();
    private final List<String> fired = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    private PgWireProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "pg-wire-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static PgWireProxy testDatabaseProxy;

    /** The one proxy of this JVM in front of {@link TestDatabase} (started on first use, never stopped). */
    public static synchronized PgWireProxy inFrontOfTestDatabase() {
        if (testDatabaseProxy == null) {
            TestDatabase.ensureStarted();
            testDatabaseProxy = start(TestDatabase.host(), TestDatabase.port());
        }
        return testDatabaseProxy;
    }

    /**
     * {@link TestDatabase#quarkusProperties()} with the service's reactive datasource (its requests) going through
     * {@link #inFrontOfTestDatabase()}; Flyway's JDBC datasource connects directly.
     */
    public static Map<String, String> quarkusProperties() {
        Map<String, String> props = new java.util.LinkedHashMap<>(TestDatabase.quarkusProperties());
        props.put("quarkus.datasource.reactive.url", inFrontOfTestDatabase().reactiveUrl(TestDatabase.database()));
        return props;
    }

    /** A proxy on a free loopback port in front of {@code targetHost:targetPort}. */
    public static PgWireProxy start(String targetHost, int targetPort) {
        try {
            return new PgWireProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("The PostgreSQL wire proxy could not listen", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Reactive URL of the proxied database (same database, user and password as the target). */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The next statement containing {@code sqlFragment} (case-insensitive) is not sent: the connection is lost. */
    public void cutBefore(String sqlFragment) {
        arm(new Rule(Kind.BEFORE, sqlFragment));
    }

    /**
     * The COMMIT of the next transaction that ran a statement containing {@code sqlFragment} is not sent: the
     * connection is lost just before it (so PostgreSQL rolls the transaction back). Unlike {@code cutBefore("commit")}
     * it cannot hit the COMMIT of another transaction of the service (a background job's).
     */
    public void cutBeforeCommit(String sqlFragment) {
        arm(new Rule(Kind.BEFORE_COMMIT, sqlFragment));
    }

    /** The COMMIT of the next transaction that ran a statement containing {@code sqlFragment} is sent, then lost. */
    public void cutAfterCommit(String sqlFragment) {
        arm(new Rule(Kind.AFTER_COMMIT, sqlFragment));
    }

    /** The next autocommit statement containing {@code sqlFragment} is executed, then its answer is lost. */
    public void cutAfter(String sqlFragment) {
        arm(new Rule(Kind.AFTER, sqlFragment));
    }

    /** Disarms any rule that did not fire. */
    public void disarm() {
        armed.set(null);
    }

    /** Whether the armed rule has fired (it fires once). */
    public boolean hasFired() {
        return armed.get() == null && !fired.isEmpty();
    }

    /** Descriptions of the cuts made so far, oldest first. */
    public List<String> cuts() {
        synchronized (fired) {
            return List.copyOf(fired);
        }
    }

    /** Waits until the armed rule fired; fails with what was awaited. */
    public void awaitFired(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (armed.get() != null) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("The wire proxy's rule " + armed.get() + " did not fire within " + timeout);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void arm(Rule rule) {
        if (!armed.compareAndSet(null, new Rule(rule.kind(), rule.fragment().toLowerCase(Locale.ROOT)))) {
            throw new IllegalStateException("A rule is already armed: " + armed.get());
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        synchronized (open) {
            open.forEach(PgWireProxy::closeQuietly);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                new Link(client, upstream).start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("pg-wire-proxy: " + e);
                }
            }
        }
    }

    /** One proxied connection: a thread per direction. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private final Map<String, String> prepared = new HashMap<>();
        /** Set when the answer to what was just forwarded must be dropped along with the connection. */
        private volatile String dropNextAnswer;
        /** Whether this connection's current transaction ran a statement of an armed *_COMMIT rule's fragment. */
        private boolean transactionMatched;
        private boolean dropAtSync;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            Thread up = new Thread(this::frontendToServer, "pg-wire-proxy-up");
            Thread down = new Thread(this::serverToFrontend, "pg-wire-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void frontendToServer() {
            try (DataInputStream in = new DataInputStream(client.getInputStream())) {
                OutputStream out = upstream.getOutputStream();
                // untyped start-up messages: SSL/GSS requests (answered by the server with one byte), then StartupMessage
                while (true) {
                    int length = in.readInt();
                    byte[] body = in.readNBytes(length - 4);
                    out.write(intBytes(length));
                    out.write(body);
                    out.flush();
                    int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
                    if (code != SSL_REQUEST && code != GSS_REQUEST) {
                        break;
                    }
                }
                while (true) {
                    int type = in.read();
                    if (type < 0) {
                        throw new EOFException();
                    }
                    int length = in.readInt();
                    byte[] body = in.readNBytes(length - 4);
                    if (!decide((char) type, body)) {
                        cut();
                        return;
                    }
                    if (type == 'S' && dropAtSync) {
                        // before the Sync leaves: PostgreSQL answers it at once (it sends the statement's results
                        // with the ReadyForQuery that the Sync asks for), and the answer must not slip through
                        dropAtSync = false;
                        dropNextAnswer = "after an autocommit statement";
                    }
                    out.write(type);
                    out.write(intBytes(length));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                cut();
            }
        }

        /** Whether the message may be forwarded; arms the drop of the answer where a rule says so. */
        private boolean decide(char type, byte[] body) {
            String sql = switch (type) {
                case 'Q' -> cstring(body, 0);
                case 'P' -> {
                    String name = cstring(body, 0);
                    String query = cstring(body, name.getBytes(StandardCharsets.UTF_8).length + 1);
                    prepared.put(name, query);
                    yield null; // a Parse runs nothing: the statement is recognised when it is bound
                }
                case 'B' -> {
                    String portal = cstring(body, 0);
                    yield prepared.get(cstring(body, portal.getBytes(StandardCharsets.UTF_8).length + 1));
                }
                default -> null;
            };
            if (sql == null) {
                return true;
            }
            String lower = sql.strip().toLowerCase(Locale.ROOT);
            Rule rule = armed.get();
            boolean ending = lower.startsWith("commit") || lower.startsWith("rollback") || lower.startsWith("end");
            if (rule == null) {
                if (ending) {
                    transactionMatched = false;
                }
                return true;
            }
            switch (rule.kind()) {
                case BEFORE -> {
                    if (lower.contains(rule.fragment()) && armed.compareAndSet(rule, null)) {
                        fired.add("cut before: " + abbreviate(sql));
                        return false;
                    }
                }
                case AFTER -> {
                    if (lower.contains(rule.fragment()) && armed.compareAndSet(rule, null)) {
                        fired.add("cut after: " + abbreviate(sql));
                        if (type == 'Q') {
                            dropNextAnswer = "after " + abbreviate(sql);
                        } else {
                            dropAtSync = true;
                        }
                    }
                }
                case BEFORE_COMMIT -> {
                    if (lower.startsWith("commit") || lower.startsWith("end")) {
                        boolean matched = transactionMatched;
                        transactionMatched = false;
                        if (matched && armed.compareAndSet(rule, null)) {
                            fired.add("cut before COMMIT of a transaction that ran: " + rule.fragment());
                            return false;
                        }
                    } else if (lower.startsWith("rollback")) {
                        transactionMatched = false;
                    } else if (lower.contains(rule.fragment())) {
                        transactionMatched = true;
                    }
                }
                case AFTER_COMMIT -> {
                    if (lower.startsWith("commit") || lower.startsWith("end")) {
                        if (transactionMatched && armed.compareAndSet(rule, null)) {
                            fired.add("cut after COMMIT of a transaction that ran: " + rule.fragment());
                            if (type == 'Q') {
                                dropNextAnswer = "after COMMIT";
                            } else {
                                dropAtSync = true;
                            }
                        }
                        transactionMatched = false;
                    } else if (lower.startsWith("rollback")) {
                        transactionMatched = false;
                    } else if (lower.contains(rule.fragment())) {
                        transactionMatched = true;
                    }
                }
            }
            return true;
        }

        private void serverToFrontend() {
            byte[] buffer = new byte[16384];
            try (InputStream in = upstream.getInputStream()) {
                OutputStream out = client.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (dropNextAnswer != null) {
                        // PostgreSQL has answered (so it has committed): the service never hears it
                        cut();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            }
            cut();
        }

        private void cut() {
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
            open.remove(upstream);
        }
    }

    private static String cstring(byte[] body, int from) {
        int end = from;
        while (end < body.length && body[end] != 0) {
            end++;
        }
        return new String(body, from, end - from, StandardCharsets.UTF_8);
    }

    private static byte[] intBytes(int value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4);
        bytes.write(value >>> 24);
        bytes.write(value >>> 16);
        bytes.write(value >>> 8);
        bytes.write(value);
        return bytes.toByteArray();
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 100 ? oneLine.substring(0, 100) + "..." : oneLine;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
