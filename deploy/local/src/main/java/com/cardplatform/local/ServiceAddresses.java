package com.cardplatform.local;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * With replicas, what a Kubernetes Service is to the pods: one plain HTTP address per service (its usual port,
 * 8081-8086) that the other services call (JWKS, tokens, the consumer cascade, events) and that balances over the
 * service's replicas in rotation ({@link BackendPool}, shared with the front door). Every path is forwarded, as
 * inside the cluster ({@code /internal}, {@code /q}); a replica that cannot be reached is skipped, a request that
 * lost its replica under it is answered 502.
 */
final class ServiceAddresses {

    private final Vertx vertx;
    private final HttpClient client;
    private final List<HttpServer> servers = new ArrayList<>();

    ServiceAddresses(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                .setConnectTimeout(5_000));
    }

    /** Listens on {@code host:port} for {@code pool}'s service. */
    Future<HttpServer> listen(String host, int port, BackendPool pool) {
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(pool.origin());
        proxy.addInterceptor(new BadGateway());
        proxy.addInterceptor(pool.watcher());
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(false))
                .requestHandler(proxy)
                .listen()
                .onSuccess(servers::add);
    }

    Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(s -> closing.add(s.close()));
        return Future.join(closing).eventually(() -> client.close()).mapEmpty();
    }

    /** The replica died under the request: 502 with a JSON body, as the front door answers. */
    private static final class BadGateway implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            return context.sendRequest().recover(failure -> Future.succeededFuture(context.request().response()
                    .setStatusCode(502)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .setBody(Body.body(Buffer.buffer(FrontDoor.json(502, "bad_gateway",
                            "No replica of the service answered"))))));
        }
    }
}
