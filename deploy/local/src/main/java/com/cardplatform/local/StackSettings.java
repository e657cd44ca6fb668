package com.cardplatform.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and how the local stack runs. Every value has a default for the README's one command and an
 * environment override; tests build their own (other ports, another data directory).
 *
 * @param root            the repository root (modules, deploy/k8s)
 * @param dataDirectory   keys, clients, TLS certificate, PostgreSQL data, logs ({@code .local/})
 * @param bindHost        the address the front door and the services listen on
 * @param frontDoorPort   HTTPS front door
 * @param postgresPort    embedded PostgreSQL (ignored with an external database)
 * @param servicePorts    service name to HTTP port, in start order
 * @param externalDatabase PLATFORM_DB_* of an external PostgreSQL, or empty for the embedded one
 * @param readyTimeout    how long one service may take to become ready
 * @param jvmOptions      options of the services' JVMs
 * @param servicesDirectory where the services' modules are ({@code <dir>/<service>/target/quarkus-app}): the
 *                        repository root, or a snapshot of the packaged services (tests, benchmarks)
 * @param rateLimits      whether the front door applies the Ingress's per-client rate and connection limits
 *                        (off for the hardening tests and the load benchmark, which come from one address)
 * @param otlpEndpoint    where the services export their traces (an OTLP collector); none: nothing is exported
 * @param otlpProtocol    the OTLP protocol of that endpoint: {@code grpc} or {@code http/protobuf}
 * @param replicas        how many processes of each service run (1-4); with 2 or more, each service's port is its
 *                        Service address (a balancer over the replicas) and replica r listens on
 *                        {@code port + r * replicaPortStep}
 * @param replicaPortStep the distance between the port ranges of the replicas (100: 8181-8186, 8281-8286, ...)
 */
public record StackSettings(Path root, Path dataDirectory, String bindHost, int frontDoorPort, int postgresPort,
        Map<String, Integer> servicePorts, Optional<Map<String, String>> externalDatabase, Duration readyTimeout,
        List<String> jvmOptions, Path servicesDirectory, boolean rateLimits, Optional<String> otlpEndpoint,
        String otlpProtocol, int replicas, int replicaPortStep) {

    /** The most replicas of each service one machine runs (LOCAL_REPLICAS). */
    public static final int MAX_REPLICAS = 4;

    /** The six services, their modules and default ports (ARCHITECTURE.md). */
    public static final Map<String, Integer> DEFAULT_PORTS;

    static {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("auth-service", 8081);
        ports.put("consumer-service", 8082);
        ports.put("card-service", 8083);
        ports.put("activation-service", 8084);
        ports.put("rewards-account-service", 8085);
        ports.put("notification-service", 8086);
        DEFAULT_PORTS = java.util.Collections.unmodifiableMap(ports);
    }

    public StackSettings {
        servicePorts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(servicePorts));
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The Ingress manifest the front door routes with. */
    public Path ingressManifest() {
        return root.resolve("deploy/k8s/base/ingress.yaml");
    }

    public Path jar(String service) {
        return servicesDirectory.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public Path logs() {
        return dataDirectory.resolve("logs");
    }

    public int port(String service) {
        Integer port = servicePorts.get(service);
        return port == null ? DEFAULT_PORTS.get(service) : port;
    }

    /**
     * The port of replica {@code replica} (1-based) of a service: with one replica, the service's own port; with
     * more, {@code port(service) + replica * replicaPortStep}, while {@code port(service)} is the Service address
     * the launcher balances over them (what the other services and the tests call).
     */
    public int replicaPort(String service, int replica) {
        if (replica < 1 || replica > replicas) {
            throw new IllegalArgumentException(service + " has " + replicas + " replica(s), not a replica " + replica);
        }
        return replicas == 1 ? port(service) : port(service) + replica * replicaPortStep;
    }

    /**
     * The JVM options of one service: the stack's, but auth-service always keeps the full JIT compiler. Every token
     * it issues is an RS256 signature, and only C2 compiles RSA's BigInteger arithmetic to its intrinsics: with
     * {@code -XX:TieredStopAtLevel=1} a 2048-bit signature took 11-17 ms on these machines instead of about 1 ms.
     */
    public List<String> jvmOptions(String service) {
        return "auth-service".equals(service)
                ? jvmOptions.stream().filter(option -> !option.startsWith("-XX:TieredStopAtLevel")).toList()
                : jvmOptions;
    }

    /** Settings from the environment (see deploy/README.md for the variables). */
    public static StackSettings fromEnvironment(Path root) {
        return from(root, System::getenv);
    }

    static StackSettings from(Path root, Function<String, String> env) {
        Path data = Optional.ofNullable(env.apply("LOCAL_DATA_DIR")).map(Path::of).orElse(root.resolve(".local"));
        List<String> selected = Optional.ofNullable(env.apply("LOCAL_SERVICES"))
                .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
                .orElse(List.copyOf(DEFAULT_PORTS.keySet()));
        for (String service : selected) {
            if (!DEFAULT_PORTS.containsKey(service)) {
                throw new IllegalArgumentException("LOCAL_SERVICES names an unknown service \"" + service + "\"; the "
                        + "services are " + String.join(", ", DEFAULT_PORTS.keySet()));
            }
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        DEFAULT_PORTS.forEach((service, port) -> {
            if (selected.contains(service)) {
                ports.put(service, intValue(env, portVariable(service), port));
            }
        });
        Optional<Map<String, String>> external = Optional.empty();
        String reactive = env.apply("PLATFORM_DB_REACTIVE_URL");
        String jdbc = env.apply("PLATFORM_DB_JDBC_URL");
        if (reactive != null || jdbc != null) {
            if (reactive == null || jdbc == null) {
                throw new IllegalArgumentException("An external PostgreSQL needs both PLATFORM_DB_REACTIVE_URL "
                        + "(postgresql://host:port/db) and PLATFORM_DB_JDBC_URL (jdbc:postgresql://host:port/db)");
            }
            Map<String, String> db = new LinkedHashMap<>();
            db.put("PLATFORM_DB_REACTIVE_URL", reactive);
            db.put("PLATFORM_DB_JDBC_URL", jdbc);
            db.put("PLATFORM_DB_USER", Optional.ofNullable(env.apply("PLATFORM_DB_USER")).orElse("postgres"));
            db.put("PLATFORM_DB_PASSWORD", Optional.ofNullable(env.apply("PLATFORM_DB_PASSWORD")).orElse("postgres"));
            external = Optional.of(db);
        }
        List<String> jvm = Arrays.stream(Optional.ofNullable(env.apply("LOCAL_JAVA_OPTS"))
                        .orElse("-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1").trim().split("\\s+"))
                .filter(s -> !s.isBlank()).toList();
        String limits = Optional.ofNullable(env.apply("LOCAL_RATE_LIMITS")).orElse("on").trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("on", "off", "true", "false").contains(limits)) {
            throw new IllegalArgumentException("LOCAL_RATE_LIMITS must be on or off, not \"" + limits + "\"");
        }
        String protocol = Optional.ofNullable(env.apply("LOCAL_OTLP_PROTOCOL")).orElse("grpc").trim();
        if (!List.of("grpc", "http/protobuf").contains(protocol)) {
            throw new IllegalArgumentException("LOCAL_OTLP_PROTOCOL must be grpc or http/protobuf, not \"" + protocol + "\"");
        }
        int replicas = intValue(env, "LOCAL_REPLICAS", 1);
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("LOCAL_REPLICAS must be between 1 and " + MAX_REPLICAS + " (processes of "
                    + "each service on this machine), not " + replicas);
        }
        int step = intValue(env, "LOCAL_REPLICA_PORT_STEP", 100);
        if (replicas > 1 && (step < DEFAULT_PORTS.size() || ports.values().stream()
                .anyMatch(p -> p + replicas * step > 65535))) {
            throw new IllegalArgumentException("LOCAL_REPLICA_PORT_STEP must be at least " + DEFAULT_PORTS.size()
                    + " and keep every replica's port (service port + replica x step) at most 65535, not " + step);
        }
        return new StackSettings(root, data,
                Optional.ofNullable(env.apply("LOCAL_BIND_HOST")).orElse("127.0.0.1"),
                intValue(env, "LOCAL_FRONT_DOOR_PORT", 8443),
                intValue(env, "LOCAL_POSTGRES_PORT", 5433),
                ports, external,
                Duration.ofSeconds(intValue(env, "LOCAL_READY_TIMEOUT", 180)),
                jvm,
                Optional.ofNullable(env.apply("LOCAL_SERVICES_DIR")).map(Path::of).orElse(root),
                limits.equals("on") || limits.equals("true"),
                Optional.ofNullable(env.apply("LOCAL_OTLP_ENDPOINT")).map(String::trim).filter(e -> !e.isEmpty()),
                protocol, replicas, step);
    }

    /** LOCAL_AUTH_PORT, LOCAL_CONSUMER_PORT, LOCAL_CARD_PORT, LOCAL_ACTIVATION_PORT, LOCAL_REWARDS_ACCOUNT_PORT. */
    static String portVariable(String service) {
        return "LOCAL_" + service.replace("-service", "").replace('-', '_').toUpperCase(java.util.Locale.ROOT) + "_PORT";
    }

    private static int intValue(Function<String, String> env, String name, int fallback) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not \"" + value + "\"");
        }
    }

    /** Finds the repository root from a directory inside it (the one holding deploy/k8s and the root pom). */
    public static Path findRoot(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/k8s/base/ingress.yaml")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalArgumentException("Run the local stack from the repository (no deploy/k8s/base/ingress.yaml above "
                + start.toAbsolutePath() + ")");
    }
}
