package com.cardplatform.errors.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a service may talk to its database the way it is configured: in the prod profile both connections that
 * carry the database password and the data (the reactive pool, and Flyway's JDBC connection at start) must use TLS
 * that verifies the server's certificate and name ({@code verify-full}), unless {@value #ALLOW_PLAINTEXT} says
 * explicitly that this deployment runs on a plain local PostgreSQL (the local stack, the benchmarks, the packaged
 * jar's integration tests). A pure function of the settings, so that every case is a unit test.
 */
public final class DatabaseTransportRule {

    public static final String ALLOW_PLAINTEXT = "platform.database.allow-plaintext";
    public static final String ALLOW_PLAINTEXT_ENV = "PLATFORM_DATABASE_ALLOW_PLAINTEXT";
    public static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    public static final String REACTIVE_SSL_MODE = "quarkus.datasource.reactive.postgresql.ssl-mode";
    public static final String REACTIVE_HOSTNAME_VERIFICATION = "quarkus.datasource.reactive.hostname-verification-algorithm";
    public static final String REACTIVE_TRUST_ALL = "quarkus.datasource.reactive.trust-all";
    public static final String REACTIVE_TRUST_PEM = "quarkus.datasource.reactive.trust-certificate-pem";
    public static final String REACTIVE_TRUST_JKS = "quarkus.datasource.reactive.trust-certificate-jks";
    public static final String REACTIVE_TRUST_PFX = "quarkus.datasource.reactive.trust-certificate-pfx";
    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";

    private static final String VERIFY_FULL = "verify-full";

    private DatabaseTransportRule() {
    }

    /** What the service does at start. */
    public record Verdict(Outcome outcome, List<String> problems) {

        public enum Outcome {
            /** TLS with verification on every database connection, or not the prod profile: nothing to say. */
            VERIFIED,
            /** Plain or unverified, but {@value #ALLOW_PLAINTEXT}=true: starts, with one WARN. */
            PLAINTEXT_ALLOWED,
            /** Plain or unverified in prod without the allowance: does not start. */
            REFUSED
        }

        /** The sentence a refusal throws, or the WARN an allowance logs. */
        public String message() {
            return switch (outcome) {
                case VERIFIED -> "The database connections use TLS with verify-full";
                case PLAINTEXT_ALLOWED -> "The database connections are NOT verified TLS (" + String.join("; ", problems)
                        + "), allowed by " + ALLOW_PLAINTEXT + "=true (" + ALLOW_PLAINTEXT_ENV
                        + "): the database password and the data travel as configured. Only for a plain local"
                        + " PostgreSQL, never in a cluster";
                case REFUSED -> "Refusing to start in the prod profile: the database connections must use TLS that"
                        + " verifies the server (" + String.join("; ", problems) + "). Set sslmode=verify-full (with"
                        + " the database's CA) on both URLs, or, for a plain local PostgreSQL only, "
                        + ALLOW_PLAINTEXT + "=true (" + ALLOW_PLAINTEXT_ENV + "=true)";
            };
        }
    }

    /**
     * Judges the settings as the service would read them ({@code setting} answers a property name with its value).
     * Outside the prod profile nothing is required (tests and dev mode run on the embedded PostgreSQL).
     */
    public static Verdict judge(boolean prodProfile, Function<String, Optional<String>> setting) {
        if (!prodProfile) {
            return new Verdict(Verdict.Outcome.VERIFIED, List.of());
        }
        List<String> problems = new ArrayList<>();
        setting.apply(REACTIVE_URL).ifPresent(url -> problems.addAll(reactiveProblems(url, setting)));
        setting.apply(JDBC_URL).ifPresent(url -> problems.addAll(jdbcProblems(url)));
        if (problems.isEmpty()) {
            return new Verdict(Verdict.Outcome.VERIFIED, List.of());
        }
        boolean allowed = setting.apply(ALLOW_PLAINTEXT).map(v -> Boolean.parseBoolean(v.trim())).orElse(false);
        return new Verdict(allowed ? Verdict.Outcome.PLAINTEXT_ALLOWED : Verdict.Outcome.REFUSED, List.copyOf(problems));
    }

    /**
     * The reactive pool (Vert.x): the ssl mode is {@value #REACTIVE_SSL_MODE} when set (Quarkus applies it after the
     * URL's), else the URL's {@code sslmode}; verify-full also needs a hostname verification algorithm (Quarkus's
     * default NONE turns the name check off) and a trust source other than trust-all.
     */
    static List<String> reactiveProblems(String url, Function<String, Optional<String>> setting) {
        List<String> problems = new ArrayList<>();
        String mode = setting.apply(REACTIVE_SSL_MODE).map(String::trim).filter(m -> !m.isEmpty())
                .orElseGet(() -> queryParameter(url, "sslmode").orElse("disable"));
        if (!VERIFY_FULL.equalsIgnoreCase(mode)) {
            problems.add("reactive pool: ssl mode is " + mode.toLowerCase(Locale.ROOT) + ", not verify-full ("
                    + REACTIVE_SSL_MODE + " or sslmode in " + REACTIVE_URL + ")");
            return problems;
        }
        String algorithm = setting.apply(REACTIVE_HOSTNAME_VERIFICATION).map(String::trim).orElse("NONE");
        if (algorithm.isEmpty() || "NONE".equalsIgnoreCase(algorithm)) {
            problems.add("reactive pool: verify-full without a host name check (" + REACTIVE_HOSTNAME_VERIFICATION
                    + "=HTTPS)");
        }
        if (isTrue(setting.apply(REACTIVE_TRUST_ALL))) {
            problems.add("reactive pool: " + REACTIVE_TRUST_ALL + "=true trusts any certificate");
        }
        boolean trustSource = (isTrue(setting.apply(REACTIVE_TRUST_PEM)) && setting.apply(REACTIVE_TRUST_PEM + ".certs").isPresent())
                || (isTrue(setting.apply(REACTIVE_TRUST_JKS)) && setting.apply(REACTIVE_TRUST_JKS + ".path").isPresent())
                || (isTrue(setting.apply(REACTIVE_TRUST_PFX)) && setting.apply(REACTIVE_TRUST_PFX + ".path").isPresent());
        if (!trustSource) {
            problems.add("reactive pool: verify-full without the database's CA (" + REACTIVE_TRUST_PEM + "=true and "
                    + REACTIVE_TRUST_PEM + ".certs)");
        }
        return problems;
    }

    /**
     * Flyway's JDBC connection (pgjdbc): {@code sslmode=verify-full} in the URL, and not pgjdbc's NonValidatingFactory,
     * which would accept any certificate whatever the mode says.
     */
    static List<String> jdbcProblems(String url) {
        List<String> problems = new ArrayList<>();
        String mode = queryParameter(url, "sslmode").orElse("");
        if (!VERIFY_FULL.equalsIgnoreCase(mode)) {
            problems.add("Flyway (JDBC): " + JDBC_URL + " has " + (mode.isEmpty() ? "no sslmode" : "sslmode=" + mode)
                    + ", not sslmode=verify-full");
        }
        if (queryParameter(url, "sslfactory").filter(f -> f.endsWith("NonValidatingFactory")).isPresent()) {
            problems.add("Flyway (JDBC): sslfactory=NonValidatingFactory accepts any certificate");
        }
        return problems;
    }

    /** The value of a query parameter of a database URL (the last one wins, as for pgjdbc), percent-decoding aside. */
    static Optional<String> queryParameter(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        String found = null;
        for (String pair : url.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equalsIgnoreCase(name)) {
                found = eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean isTrue(Optional<String> value) {
        return value.map(v -> Boolean.parseBoolean(v.trim())).orElse(false);
    }
}
