package com.cardplatform.local;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The replicas of one service as the front door and the launcher's Service addresses see them: round robin over the
 * replicas in rotation, like a Kubernetes Service's ready endpoints behind ingress-nginx.
 *
 * <p>Health-aware: with more than one replica, each replica's readiness ({@code /q/health/ready}) is polled every
 * {@link #POLL_MILLIS} ms; a replica is in rotation while it answers 200, out of it at once when it answers anything
 * else or refuses the connection (after {@link #UNANSWERED_LIMIT} answers in a row that do not come in time), and
 * also at once when a connection to it is refused or reset under a request. A request that could
 * not connect to a replica (nothing was sent) is tried on the next replica in rotation; a request that was sent and
 * lost its connection is never sent again (the front door answers 502, see {@link FrontDoor}). When no replica is
 * in rotation, those that were only slow to answer their readiness are tried, or else every replica, so that the
 * answer is the one a single service gives (its 503, or 502 when it does not listen). One replica: no polling, always
 * tried, exactly the single backend of before.</p>
 */
public final class BackendPool {

    /** How often the readiness of each replica is polled (the shutdown delay of the replicas must exceed it). */
    public static final long POLL_MILLIS = 250;
    /** A readiness answer slower than this counts as not ready. */
    static final long POLL_TIMEOUT_MILLIS = 1_000;
    /**
     * Readiness answers that time out in a row before a replica leaves the rotation (Kubernetes' failureThreshold):
     * on a busy machine one slow answer is not a dead replica. A refused connection or an answer other than 200 (the
     * readiness DOWN of a stopping replica) takes it out at once.
     */
    static final int UNANSWERED_LIMIT = 3;

    /** One replica and its place in the rotation. */
    public static final class Replica {
        private final int index;
        private final String host;
        private final int port;
        private volatile boolean inRotation;
        private volatile Instant changedAt = Instant.now();
        private int unanswered;
        /** Out of rotation because it said so (readiness other than 200) or refused, not because it was slow. */
        private volatile boolean refused;

        Replica(int index, String host, int port, boolean inRotation) {
            this.index = index;
            this.host = host;
            this.port = port;
            this.inRotation = inRotation;
        }

        public int index() {
            return index;
        }

        public int port() {
            return port;
        }

        public boolean inRotation() {
            return inRotation;
        }

        /** When the replica last entered or left the rotation. */
        public Instant changedAt() {
            return changedAt;
        }

        SocketAddress address() {
            return SocketAddress.inetSocketAddress(port, host);
        }
    }

    private final String service;
    private final List<Replica> replicas;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpClient health;
    private long timer = -1;

    private BackendPool(String service, List<Replica> replicas) {
        this.service = service;
        this.replicas = List.copyOf(replicas);
    }

    /** One backend, always tried (no health checks): the front door of a single replica. */
    public static BackendPool single(String service, FrontDoor.Backend backend) {
        return new BackendPool(service, List.of(new Replica(1, backend.host(), backend.port(), true)));
    }

    /**
     * Replicas on {@code ports} (replica 1 first), out of rotation until their readiness answers 200; with more than
     * one, their readiness is polled from now on ({@link #close} stops it).
     */
    public static BackendPool of(Vertx vertx, String service, String host, List<Integer> ports) {
        if (ports.size() == 1) {
            return single(service, new FrontDoor.Backend(host, ports.get(0)));
        }
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            replicas.add(new Replica(i + 1, host, ports.get(i), false));
        }
        BackendPool pool = new BackendPool(service, replicas);
        pool.vertx = vertx;
        pool.health = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) POLL_TIMEOUT_MILLIS)
                .setKeepAlive(true)
                .setMaxPoolSize(2));
        pool.timer = vertx.setPeriodic(0, POLL_MILLIS, id -> pool.poll());
        return pool;
    }

    public String service() {
        return service;
    }

    public List<Replica> replicas() {
        return replicas;
    }

    /** Each change of the rotation, as one line ("card-service replica 2 (port 8283) out of rotation: ..."). */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Stops the polling. */
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        if (health != null) {
            health.close();
        }
    }

    /** Where the reverse proxy sends a request: the next replica in rotation; connection failures try the next. */
    public OriginRequestProvider origin() {
        return context -> {
            List<Replica> order = order();
            Promise<HttpClientRequest> result = Promise.promise();
            connect(context, order, 0, result);
            return result.future();
        };
    }

    /**
     * Takes a replica out of rotation when a request sent to it lost its connection (reset, closed): the process is
     * gone or going. Must be the innermost interceptor of the proxy, to see the failure itself.
     */
    public ProxyInterceptor watcher() {
        return new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                return context.sendRequest().onFailure(failure -> {
                    Replica replica = context.get("replica", Replica.class);
                    if (replica != null && connectionLost(failure)) {
                        replica.refused = true;
                        out(replica, "connection lost under a request (" + failure.getClass().getSimpleName() + ")");
                    }
                });
            }
        };
    }

    private void connect(ProxyContext context, List<Replica> order, int attempt, Promise<HttpClientRequest> result) {
        Replica replica = order.get(attempt);
        context.set("replica", replica);
        context.client().request(new RequestOptions().setServer(replica.address())).onComplete(ar -> {
            if (ar.succeeded()) {
                result.complete(ar.result());
                return;
            }
            if (connectionLost(ar.cause())) {
                replica.refused = true;
                out(replica, "connection refused (" + ar.cause().getClass().getSimpleName() + ")");
                if (attempt + 1 < order.size()) {
                    // nothing reached the service: safe to try the next replica, whatever the method
                    connect(context, order, attempt + 1, result);
                    return;
                }
            }
            result.fail(ar.cause());
        });
    }

    /**
     * The replicas to try for one request: those in rotation from the next in turn; when none is, those that were
     * only slow to answer their readiness, else all (a stopping replica, which said DOWN, comes last).
     */
    List<Replica> order() {
        List<Replica> ready = replicas.stream().filter(r -> r.inRotation).toList();
        List<Replica> slow = replicas.stream().filter(r -> !r.refused).toList();
        List<Replica> candidates = !ready.isEmpty() ? ready : !slow.isEmpty() ? slow : replicas;
        int start = Math.floorMod(next.getAndIncrement(), candidates.size());
        List<Replica> order = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            order.add(candidates.get((start + i) % candidates.size()));
        }
        return order;
    }

    private static boolean connectionLost(Throwable failure) {
        return failure instanceof ConnectException || failure instanceof HttpClosedException
                || failure instanceof IOException;
    }

    private void poll() {
        for (Replica replica : replicas) {
            health.request(new RequestOptions().setMethod(HttpMethod.GET).setServer(replica.address())
                            .setHost(replica.host).setPort(replica.port).setURI("/q/health/ready")
                            .setTimeout(POLL_TIMEOUT_MILLIS))
                    .compose(request -> request.send().compose(response -> response.body().map(b -> response.statusCode())))
                    .onComplete(ar -> {
                        if (ar.succeeded() && ar.result() == 200) {
                            replica.unanswered = 0;
                            replica.refused = false;
                            in(replica);
                        } else if (ar.succeeded()) {
                            replica.refused = true;
                            out(replica, "readiness " + ar.result());
                        } else if (connectionLost(ar.cause()) && !(ar.cause() instanceof HttpClosedException)) {
                            replica.refused = true;
                            out(replica, "readiness refused (" + ar.cause().getClass().getSimpleName() + ")");
                        } else if (++replica.unanswered >= UNANSWERED_LIMIT) {
                            // a slow answer is a busy machine; three in a row, a replica that does not answer
                            out(replica, "readiness unanswered " + UNANSWERED_LIMIT + " times in a row ("
                                    + ar.cause().getClass().getSimpleName() + ")");
                        }
                    });
        }
    }

    private void in(Replica replica) {
        if (!replica.inRotation) {
            replica.inRotation = true;
            replica.changedAt = Instant.now();
            tell(replica, "in rotation: readiness UP");
        }
    }

    private void out(Replica replica, String why) {
        if (replicas.size() > 1 && replica.inRotation) {
            replica.inRotation = false;
            replica.changedAt = Instant.now();
            tell(replica, "out of rotation: " + why);
        }
    }

    private void tell(Replica replica, String what) {
        String line = service + " replica " + replica.index + " (port " + replica.port + ") " + what;
        listeners.forEach(l -> l.accept(line));
    }
}
