package com.cardplatform.local;

import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole platform on one machine: embedded PostgreSQL (or an external one), the six services from their
 * packaged jars, and the HTTPS front door that routes like the Kubernetes Ingress. {@link #main} is what
 * {@code deploy/local/run.sh} runs; tests use {@link #start} and {@link #close} with their own settings.
 */
public final class LocalStack implements AutoCloseable {

    /** A cause the person running the stack can act on: printed as one message, no stack trace. */
    public static final class StackFailure extends RuntimeException {
        public StackFailure(String message) {
            super(message);
        }
    }

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /**
     * With replicas: how long a replica keeps serving after SIGTERM with its readiness DOWN
     * ({@code quarkus.shutdown.delay}), so that the front door and the Service addresses, which poll readiness every
     * {@link BackendPool#POLL_MILLIS} ms, take it out of rotation before its listener closes.
     */
    static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(2);
    /** With replicas: how long requests still in flight after the delay may take ({@code quarkus.shutdown.timeout}). */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final StackSettings settings;
    private final LocalSecrets secrets;
    private final PrintStream out;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, List<ServiceProcess>> replicas = new LinkedHashMap<>();
    private final Map<String, BackendPool> pools = new LinkedHashMap<>();
    private ServiceAddresses serviceAddresses;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile EmbeddedPostgres postgres;
    private Map<String, String> database;
    private Vertx vertx;
    private FrontDoor frontDoor;

    private LocalStack(StackSettings settings, PrintStream out) {
        this.settings = settings;
        this.secrets = new LocalSecrets(settings.dataDirectory());
        this.out = out;
    }

    public static void main(String[] args) {
        StackSettings settings;
        try {
            settings = StackSettings.fromEnvironment(StackSettings.findRoot(Path.of("")));
        } catch (IllegalArgumentException e) {
            System.err.println("local stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(settings, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));
        try {
            stack.run();
        } catch (StackFailure | ServiceProcess.StartFailure | IllegalArgumentException | IllegalStateException
                | UncheckedIOException e) {
            System.err.println();
            System.err.println("local stack: " + e.getMessage());
            System.err.println("local stack: stopping what was started");
            System.exit(1);
        }
        stack.printBanner();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts everything and returns once every service is ready and the front door listens. */
    public static LocalStack start(StackSettings settings, PrintStream out) {
        LocalStack stack = new LocalStack(settings, out);
        try {
            stack.run();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public StackSettings settings() {
        return settings;
    }

    public LocalSecrets secrets() {
        return secrets;
    }

    /** The front door's base URL. */
    public String baseUrl() {
        return "https://localhost:" + settings.frontDoorPort();
    }

    /**
     * The token issuer (RFC 8414): the front door, which serves {@code /.well-known/oauth-authorization-server} and
     * the token endpoint, as the Ingress host does in Kubernetes. The {@code iss} every service verifies.
     */
    public String issuer() {
        return baseUrl();
    }

    private void run() {
        checkEnvironment();
        Path data = settings.dataDirectory();
        try {
            Files.createDirectories(settings.logs());
            Files.writeString(data.resolve("stack.pid"), String.valueOf(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new StackFailure("Cannot write to the data directory " + data + ": " + e.getMessage());
        }
        List<String> created = secrets.ensure(keytool());
        created.forEach(c -> out.println("created " + c));
        RouteTable routes = RouteTable.fromIngressFiles(List.of(settings.ingressManifest()));
        routes.routes().stream()
                .filter(r -> !StackSettings.DEFAULT_PORTS.containsKey(r.service()))
                .findFirst()
                .ifPresent(r -> {
                    throw new StackFailure("The Ingress " + r.ingress() + " routes " + r.path() + " to the Service "
                            + r.service() + ", which is not a service of the platform");
                });
        database = openDatabase();
        if (settings.replicas() > 1) {
            startServiceAddresses();
        }
        startServices(database);
        startFrontDoor(routes);
        if (DemoData.applies(settings)) {
            new DemoData(settings, secrets).ensure(out);
        }
    }

    private void checkEnvironment() {
        if (Runtime.version().feature() < 17) {
            throw new StackFailure("Java 17 or later is needed; this is Java " + Runtime.version());
        }
        Path pidFile = settings.dataDirectory().resolve("stack.pid");
        if (Files.exists(pidFile)) {
            try {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                Optional<ProcessHandle> other = ProcessHandle.of(pid);
                if (pid != ProcessHandle.current().pid() && other.isPresent() && other.get().isAlive()
                        && other.get().info().commandLine().orElse("").contains("com.cardplatform.local")) {
                    throw new StackFailure("The local stack is already running (pid " + pid + ", data "
                            + settings.dataDirectory() + "): stop it with Ctrl-C in its terminal or kill " + pid);
                }
            } catch (IOException | NumberFormatException e) {
                // stale or unreadable pid file: the port checks below decide
            }
        }
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(settings.frontDoorPort(), "the HTTPS front door (LOCAL_FRONT_DOOR_PORT)");
        if (settings.externalDatabase().isEmpty()) {
            ports.put(settings.postgresPort(), "the embedded PostgreSQL (LOCAL_POSTGRES_PORT)");
        }
        settings.servicePorts().forEach((service, port) -> ports.put(port, service + " ("
                + StackSettings.portVariable(service) + ")"));
        int expected = 2 + settings.servicePorts().size() - (settings.externalDatabase().isPresent() ? 1 : 0);
        if (settings.replicas() > 1) {
            for (String service : settings.servicePorts().keySet()) {
                for (int r = 1; r <= settings.replicas(); r++) {
                    ports.put(settings.replicaPort(service, r), service + " replica " + r + " ("
                            + StackSettings.portVariable(service) + " + " + r + " x LOCAL_REPLICA_PORT_STEP)");
                }
            }
            expected += settings.servicePorts().size() * settings.replicas();
        }
        if (ports.size() != expected) {
            throw new StackFailure("Two parts of the stack are configured on the same port: " + ports);
        }
        ports.forEach((port, what) -> {
            if (!free(port)) {
                throw new StackFailure("Port " + port + " is already in use, and " + what + " needs it. Stop the "
                        + "program using it (e.g. an earlier local stack: see `ss -ltnp | grep :" + port
                        + "`) or choose another port with the variable named here.");
            }
        });
        for (String service : settings.servicePorts().keySet()) {
            if (!Files.isRegularFile(settings.jar(service))) {
                throw new StackFailure(service + " is not built (" + settings.jar(service) + " is missing): run "
                        + "`mvn -B install -DskipTests` at the repository root, or deploy/local/run.sh");
            }
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String keytool() {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new StackFailure("keytool is missing from " + System.getProperty("java.home")
                    + ": a full JDK 17+ is needed (not a JRE) to create the local TLS certificate");
        }
        return keytool.toString();
    }

    private Map<String, String> openDatabase() {
        if (settings.externalDatabase().isPresent()) {
            out.println("PostgreSQL: external, " + settings.externalDatabase().get().get("PLATFORM_DB_JDBC_URL"));
            return settings.externalDatabase().get();
        }
        startEmbeddedPostgres();
        Map<String, String> db = new LinkedHashMap<>();
        db.put("PLATFORM_DB_REACTIVE_URL", "postgresql://localhost:" + settings.postgresPort() + "/postgres");
        db.put("PLATFORM_DB_JDBC_URL", "jdbc:postgresql://localhost:" + settings.postgresPort() + "/postgres");
        db.put("PLATFORM_DB_USER", "postgres");
        db.put("PLATFORM_DB_PASSWORD", "postgres");
        return db;
    }

    private void startEmbeddedPostgres() {
        Path dataDir = settings.dataDirectory().resolve("postgres");
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            postgres = EmbeddedPostgres.builder()
                    .setPort(settings.postgresPort())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // each process of a service may hold up to 28 connections (20 reactive + 8 partner-guard): 160 for
                    // the six, so 300 for one replica of each, and room for every replica with more
                    .setServerConfig("max_connections", String.valueOf(maxConnections(settings.replicas())))
                    .setServerConfig("listen_addresses", "localhost")
                    // The data is kept between runs: durable writes (the library's test defaults turn them off)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // Each line names its time, process, session (application_name) and transaction, what an operator
                    // needs to follow one service's statements through a fault (no spaces: the library passes each
                    // setting as one command-line argument)
                    // FaultsIT holds locks through a restart in a prepared transaction (nothing else prepares any)
                    .setServerConfig("max_prepared_transactions", "4")
                    .setServerConfig("log_line_prefix", "%m,pid=%p,app=%a,xid=%x:")
                    .setServerConfig("log_statement", System.getProperty("local.pg.log-statement", "none"))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(settings.logs().resolve("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(settings.logs().resolve("postgres.log").toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new StackFailure("The embedded PostgreSQL did not start on port " + settings.postgresPort() + ": "
                    + e.getMessage() + " (see " + settings.logs().resolve("postgres.log") + ")");
        }
        out.printf("PostgreSQL ready on localhost:%d in %d ms (data %s)%n", settings.postgresPort(),
                (System.nanoTime() - started) / 1_000_000, dataDir);
    }

    /** The embedded PostgreSQL's max_connections for this many replicas of each service. */
    static int maxConnections(int replicas) {
        return Math.max(300, 170 * replicas + 60);
    }

    // ---- fault injection (tests): the database and single services, while the rest keeps running ----------

    /** JDBC URL of the stack's database (embedded or external). */
    public String jdbcUrl() {
        return database.get("PLATFORM_DB_JDBC_URL");
    }

    /** Stops the embedded PostgreSQL (fast shutdown: open sessions are terminated, data kept). */
    public synchronized void stopDatabase() {
        if (settings.externalDatabase().isPresent()) {
            throw new IllegalStateException("The database is external: the local stack does not own it");
        }
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop: " + e.getMessage(), e);
        } finally {
            postgres = null;
        }
    }

    /** Starts the embedded PostgreSQL again on the same port and data directory. */
    public synchronized void startDatabase() {
        if (settings.externalDatabase().isPresent()) {
            throw new IllegalStateException("The database is external: the local stack does not own it");
        }
        if (postgres == null) {
            startEmbeddedPostgres();
        }
    }

    public boolean databaseRunning() {
        return postgres != null;
    }

    /** The process of one service (with replicas: its replica 1). */
    public ServiceProcess service(String name) {
        return replica(name, 1);
    }

    /** Replica {@code replica} (1-based) of a service. */
    public ServiceProcess replica(String name, int replica) {
        List<ServiceProcess> list = replicas.get(name);
        if (list == null) {
            throw new IllegalArgumentException(name + " is not part of this stack");
        }
        if (replica < 1 || replica > list.size()) {
            throw new IllegalArgumentException(name + " has " + list.size() + " replica(s), not a replica " + replica);
        }
        return list.get(replica - 1);
    }

    /** The replicas of a service as the front door routes to them (with one replica: always tried). */
    public BackendPool pool(String name) {
        BackendPool pool = pools.get(name);
        if (pool == null) {
            throw new IllegalArgumentException(name + " is not part of this stack");
        }
        return pool;
    }

    /**
     * A graceful restart of one replica, as a rollout does it: SIGTERM (readiness DOWN, the front door stops routing
     * to it, requests in flight finish), wait for the exit, start it again on its port, wait until it is ready and
     * back in the front door's rotation.
     */
    public void restartReplica(String name, int replica) {
        ServiceProcess process = replica(name, replica);
        process.stop(STOP_GRACE);
        startReplicaAgain(name, replica);
    }

    /** SIGKILL of one replica: no readiness DOWN, no drain. */
    public void killReplica(String name, int replica) {
        replica(name, replica).kill();
    }

    /** Starts a stopped or killed replica again; waits until it is ready and in the front door's rotation. */
    public void startReplicaAgain(String name, int replica) {
        ServiceProcess process = replica(name, replica);
        process.start(Path.of(System.getProperty("java.home"), "bin", "java").toString(), settings.jvmOptions(name),
                replicaEnvironment(name, process.port()), true);
        process.awaitReady(settings.readyTimeout());
        BackendPool.Replica state = pool(name).replicas().get(replica - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!state.inRotation()) {
            if (System.nanoTime() > deadline) {
                throw new StackFailure(name + " replica " + replica + " is ready but not back in rotation after 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackFailure("Interrupted while waiting for " + name + " replica " + replica);
            }
        }
    }

    /** Stops one service (replica 1) like the stack does (SIGTERM, then SIGKILL after the grace period). */
    public void stopService(String name) {
        service(name).stop(STOP_GRACE);
    }

    /** Kills one service (SIGKILL): no shutdown, no drain; what it acknowledged must be durable. */
    public void killService(String name) {
        service(name).kill();
    }

    /** Starts a stopped or killed service again with the same environment, appending to its log; waits until ready. */
    public void startService(String name) {
        startService(name, List.of());
    }

    /**
     * Starts a stopped or killed service again with the same environment and, after the stack's JVM options, the
     * given ones (e.g. {@code -Dsome.setting=value} for one test class); waits until ready.
     */
    public void startService(String name, List<String> extraJvmOptions) {
        ServiceProcess process = service(name);
        List<String> jvm = new ArrayList<>(settings.jvmOptions(name));
        jvm.addAll(extraJvmOptions);
        process.start(Path.of(System.getProperty("java.home"), "bin", "java").toString(), jvm,
                replicaEnvironment(name, process.port()), true);
        process.awaitReady(settings.readyTimeout());
    }

    /**
     * Starts one more replica of a service on {@code port}, with the same database, keys and settings as the
     * stack's own, then {@code extraJvmOptions} (its log beside the service's, {@code <name>-replica-<port>.log});
     * waits until ready. It is not behind the front door: the caller talks to its port and stops it.
     */
    public ServiceProcess startReplica(String name, int port, List<String> extraJvmOptions) {
        ServiceProcess replica = new ServiceProcess(name, port, settings.jar(name),
                settings.logs().resolve(name + "-replica-" + port + ".log"));
        Map<String, String> env = environment(name, database);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        List<String> jvm = new ArrayList<>(settings.jvmOptions(name));
        jvm.addAll(extraJvmOptions);
        replica.start(Path.of(System.getProperty("java.home"), "bin", "java").toString(), jvm, env);
        replica.awaitReady(settings.readyTimeout());
        return replica;
    }

    /** The environment of one replica of a service: the service's, on the replica's port, graceful when replicated. */
    private Map<String, String> replicaEnvironment(String service, int port) {
        Map<String, String> env = environment(service, database);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        if (settings.replicas() > 1) {
            env.put("QUARKUS_SHUTDOWN_DELAY", SHUTDOWN_DELAY.toMillis() + "ms");
            env.put("QUARKUS_SHUTDOWN_TIMEOUT", SHUTDOWN_TIMEOUT.toSeconds() + "s");
            // partner-guard's per-client quotas hold for the service, not for each replica: the replicas count
            // themselves, and this count holds until they have (as the overlays set it)
            env.put("PLATFORM_GUARD_RATE_LIMIT_REPLICAS", String.valueOf(settings.replicas()));
        }
        return env;
    }

    /** The environment of one service: the platform's common settings and the service's own. */
    Map<String, String> environment(String service, Map<String, String> database) {
        String auth = "http://127.0.0.1:" + settings.port("auth-service");
        Map<String, String> env = new LinkedHashMap<>(database);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(settings.port(service)));
        env.put("QUARKUS_HTTP_HOST", settings.bindHost());
        env.put("PLATFORM_JWKS_URL", auth + "/.well-known/jwks.json");
        env.put("PLATFORM_TOKEN_ISSUER", issuer());
        // The jars run in the prod profile, which refuses a database connection without verified TLS; the local
        // stack's PostgreSQL (embedded, or the one of PLATFORM_DB_*_URL) is plain on this machine: said explicitly
        env.put("PLATFORM_DATABASE_ALLOW_PLAINTEXT", "true");
        // text logs on a developer's terminal (prod's default is JSON lines); traces only where LOCAL_OTLP_ENDPOINT says
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        settings.otlpEndpoint().ifPresent(endpoint -> {
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint);
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", settings.otlpProtocol());
        });
        switch (service) {
            case "auth-service" -> {
                env.put("PLATFORM_SIGNING_KEY_LOCATION", secrets.signingKey().toString());
                env.put("PLATFORM_CLIENT_SECRET_PEPPER", secrets.clientSecretPepper());
                env.put("PLATFORM_BOOTSTRAP_CLIENTS", secrets.clientsFile().toString());
            }
            case "consumer-service" -> {
                env.put("PLATFORM_CARD_SERVICE_URL", "http://127.0.0.1:" + settings.port("card-service"));
                env.put("PLATFORM_CARD_SERVICE_TOKEN_URL", auth + "/oauth2/token");
                env.put("PLATFORM_CARD_SERVICE_CLIENT_ID", LocalSecrets.CONSUMER_SERVICE_CLIENT);
                env.put("PLATFORM_CARD_SERVICE_CLIENT_SECRET",
                        secrets.client(LocalSecrets.CONSUMER_SERVICE_CLIENT).clientSecret());
                putEvents(env, service, auth);
            }
            case "card-service" -> {
                env.put("PLATFORM_TRACKING_JWE_KEYS", secrets.trackingKeys().toString());
                env.put("PLATFORM_PAN_DIGEST_KEY", secrets.panDigestKey());
                // the sandbox's carrier updates (POST /simulations/...): off in production, on in the local stack
                env.put("PLATFORM_SIMULATIONS_ENABLED", "true");
                putEvents(env, service, auth);
            }
            case "activation-service" -> {
                env.put("PLATFORM_ACTIVATION_HMAC_KEY", secrets.activationHmacKey());
                putEvents(env, service, auth);
            }
            case "rewards-account-service" -> putEvents(env, service, auth);
            case "notification-service" -> {
                env.put("PLATFORM_NOTIFY_SECRETS_KEY", secrets.notifySecretsKey());
                // Local receivers: webhook endpoints and issuer callbacks on http and on this machine's addresses
                // (production allows https to public addresses only)
                env.put("PLATFORM_NOTIFY_ALLOW_HTTP", "true");
                env.put("PLATFORM_NOTIFY_ALLOW_PRIVATE_ADDRESSES", "true");
            }
            default -> {
                // auth-service is handled above
            }
        }
        return env;
    }

    /**
     * Where a service hands its events (platform-events' relay): notification-service when it is part of this stack
     * (else the events wait in the service's outbox), with the service's own client.
     */
    private void putEvents(Map<String, String> env, String service, String auth) {
        if (settings.servicePorts().containsKey("notification-service")) {
            env.put("PLATFORM_EVENTS_SINK_URL", "http://127.0.0.1:" + settings.port("notification-service"));
        }
        env.put("PLATFORM_EVENTS_TOKEN_URL", auth + "/oauth2/token");
        env.put("PLATFORM_EVENTS_CLIENT_ID", service);
        env.put("PLATFORM_EVENTS_CLIENT_SECRET", secrets.client(service).clientSecret());
    }

    private void startServices(Map<String, String> database) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String service : settings.servicePorts().keySet()) {
            for (int r = 1; r <= settings.replicas(); r++) {
                int port = settings.replicaPort(service, r);
                ServiceProcess process = new ServiceProcess(service, port, settings.jar(service),
                        settings.logs().resolve(r == 1 ? service + ".log" : service + "-" + r + ".log"));
                services.add(process);
                replicas.computeIfAbsent(service, s -> new ArrayList<>()).add(process);
                process.start(java, settings.jvmOptions(service), replicaEnvironment(service, port));
            }
        }
        out.println("starting " + String.join(", ", settings.servicePorts().keySet())
                + (settings.replicas() > 1 ? ", " + settings.replicas() + " replicas of each" : "") + " ...");
        long started = System.nanoTime();
        ExecutorService waiters = Executors.newFixedThreadPool(services.size());
        try {
            List<Future<?>> ready = new ArrayList<>();
            for (ServiceProcess service : services) {
                ready.add(waiters.submit(() -> {
                    service.awaitReady(settings.readyTimeout());
                    out.printf("  %-24s ready on http://localhost:%d (%d ms)%n", service.name(), service.port(),
                            (System.nanoTime() - started) / 1_000_000);
                }));
            }
            for (Future<?> f : ready) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new StackFailure(e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackFailure("Interrupted while the services were starting");
                }
            }
        } finally {
            waiters.shutdownNow();
        }
    }

    /**
     * With replicas: the pools of replicas (readiness polled from now on) and each service's address on its usual
     * port, which the other services call, balanced over the replicas in rotation (a Kubernetes Service).
     */
    private void startServiceAddresses() {
        vertx = Vertx.vertx();
        serviceAddresses = new ServiceAddresses(vertx);
        for (String service : settings.servicePorts().keySet()) {
            List<Integer> ports = new ArrayList<>();
            for (int r = 1; r <= settings.replicas(); r++) {
                ports.add(settings.replicaPort(service, r));
            }
            BackendPool pool = BackendPool.of(vertx, service, "127.0.0.1", ports);
            pool.onChange(line -> {
                if (frontDoor != null) {
                    out.println("rotation: " + line);
                }
            });
            pools.put(service, pool);
            try {
                serviceAddresses.listen(settings.bindHost(), settings.port(service), pool)
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new StackFailure("The Service address of " + service + " did not start on port "
                        + settings.port(service) + ": " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
            }
        }
    }

    private void startFrontDoor(RouteTable routes) {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        if (pools.isEmpty()) {
            settings.servicePorts().forEach((service, port) -> pools.put(service,
                    BackendPool.single(service, new FrontDoor.Backend("127.0.0.1", port))));
        }
        frontDoor = FrontDoor.withReplicas(vertx, routes, pools, settings.rateLimits());
        if (!settings.rateLimits()) {
            out.println("front door: rate and connection limits OFF (LOCAL_RATE_LIMITS=off)");
        }
        try {
            frontDoor.listen(settings.bindHost(), settings.frontDoorPort(), secrets.keyStore(), secrets.keyStorePassword())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StackFailure("The HTTPS front door did not start on port " + settings.frontDoorPort() + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        }
    }

    /** Stops the front door, the services (SIGTERM, then SIGKILL after a grace period) and PostgreSQL. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (frontDoor != null) {
            try {
                frontDoor.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
        }
        pools.values().forEach(BackendPool::close);
        if (serviceAddresses != null) {
            try {
                serviceAddresses.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
        }
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
        }
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess service : services) {
            Thread t = new Thread(() -> service.stop(STOP_GRACE), "stop-" + service.name());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
                postgres = null;
            } catch (IOException | RuntimeException e) {
                out.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        try {
            Path pid = settings.dataDirectory().resolve("stack.pid");
            if (Files.exists(pid) && Files.readString(pid).trim().equals(String.valueOf(ProcessHandle.current().pid()))) {
                Files.delete(pid);
            }
        } catch (IOException e) {
            // a stale pid file is ignored on the next start
        }
        out.println("local stack stopped (data kept in " + settings.dataDirectory() + ")");
    }

    private void printBanner() {
        out.print(banner());
        out.flush();
    }

    /** What the launcher prints once the stack is up: URLs, demo clients and their secrets, working examples. */
    String banner() {
        Path root = settings.root();
        String cert = root.relativize(secrets.certificate().toAbsolutePath()).toString();
        String base = baseUrl();
        StringBuilder b = new StringBuilder();
        b.append("\nThe card platform is running. Ctrl-C stops everything; data, keys and clients stay in ")
                .append(settings.dataDirectory()).append("\n\n");
        b.append(String.format("  %-26s %s   (the only entry partners use; certificate %s)%n", "HTTPS front door", base, cert));
        settings.servicePorts().forEach((s, p) -> b.append(String.format("  %-26s http://localhost:%d  (OpenAPI /q/openapi, health /q/health)%s%n", s, p,
                settings.replicas() == 1 ? "" : replicaPorts(s))));
        if (postgres != null) {
            b.append(String.format("  %-26s localhost:%d  user postgres, password postgres%n", "PostgreSQL", settings.postgresPort()));
        }
        b.append(String.format("  %-26s %s/<service>.log%n%n", "logs", settings.logs()));
        b.append("Demo clients (client id, secret, scopes, issuer):\n");
        for (LocalSecrets.Client c : secrets.clients()) {
            b.append(String.format("  %-18s %s  %s%s%n", c.clientId(), c.clientSecret(), String.join(" ", c.scopes()),
                    c.issuerId() == null ? "" : "  issuer " + c.issuerId()));
        }
        LocalSecrets.Client triple = secrets.client("local-triple");
        if (!settings.servicePorts().containsKey("auth-service")) {
            return b.toString();
        }
        b.append("\nTry it (from ").append(root).append("):\n");
        b.append("  TOKEN=$(curl -sS --cacert ").append(cert).append(" -u ").append(triple.clientId()).append(':')
                .append(triple.clientSecret()).append(" -d grant_type=client_credentials ").append(base)
                .append("/oauth2/token | jq -r .access_token)\n");
        b.append("  curl -sS --cacert ").append(cert).append(" -H \"Authorization: Bearer $TOKEN\"")
                .append(" -H 'Content-Type: application/json' -d \"{\\\"external_id\\\":\\\"demo-$(date +%s)\\\",")
                .append("\\\"name\\\":\\\"Demo publisher\\\"}\" ").append(base).append("/partner/publishers\n");
        if (DemoData.applies(settings)) {
            LocalSecrets.Client citi = secrets.client("local-citi");
            b.append("\nBlock the demo account's cards through Citi (204), then see them (D1 provisioning API):\n");
            b.append("  TOKEN=$(curl -sS --cacert ").append(cert).append(" -u ").append(citi.clientId()).append(':')
                    .append(citi.clientSecret()).append(" -d grant_type=client_credentials -d scope=cards:status ")
                    .append(base).append("/oauth2/token | jq -r .access_token)\n");
            b.append("  curl -sS --cacert ").append(cert).append(" -X PUT ").append(base)
                    .append("/v1/cards/status/detail -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json'")
                    .append(" -H \"uuid: $(cat /proc/sys/kernel/random/uuid)\" -H 'countryCode: MX' -H 'businessCode: BNMX'")
                    .append(" -H 'ChannelId: MOBILE' -H 'sid: demo' -d '{\"accountId\":\"").append(DemoData.ACCOUNT)
                    .append("\",\"cardStatusCode\":\"F\",\"blockReasonCode\":\"Y1\"}' -w '%{http_code}\\n'\n");
            LocalSecrets.Client d1 = secrets.client("local-d1-issuer");
            b.append("  TOKEN=$(curl -sS --cacert ").append(cert).append(" -u ").append(d1.clientId()).append(':')
                    .append(d1.clientSecret()).append(" -d grant_type=client_credentials -d scope=cards:provisioning ")
                    .append(base).append("/oauth2/token | jq -r .access_token)\n");
            b.append("  curl -sS --cacert ").append(cert).append(" -H \"Authorization: Bearer $TOKEN\" ").append(base)
                    .append("/issuers/").append(LocalSecrets.DEMO_ISSUER).append("/consumers/").append(DemoData.CONSUMER)
                    .append("/cards\n");
        }
        b.append("  (or -k instead of --cacert; the whole tour: deploy/local/smoke.sh)\n");
        return b.toString();
    }

    private String replicaPorts(String service) {
        List<String> ports = new ArrayList<>();
        for (int r = 1; r <= settings.replicas(); r++) {
            ports.add(String.valueOf(settings.replicaPort(service, r)));
        }
        return ", replicas on " + String.join(", ", ports);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
