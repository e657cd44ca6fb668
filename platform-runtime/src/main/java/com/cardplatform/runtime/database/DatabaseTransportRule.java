package com.cardplatform.runtime.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a service may talk to its database the way it is configured: in the prod profile both connections that
 * carry the database password and the data (the reactive pool, and Flyway's JDBC connection at start) must use TLS
 * that verifies the server's certificate and name ({@code verify-full}), unless {@value #ALLOW_PLAINTEXT} says
 * explicitly that this deployment runs on a plain local PostgreSQL (the local stack, the benchmarks, the packaged
 * jar's integration tests). Named datasources count as much as the default one (partner-guard's pool "guard" shares
 * the service's URL but has TLS settings of its own). A pure function of the settings, so that every case is a unit
 * test.
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
    /** {@code quarkus.datasource.<name>.reactive.url} or {@code .jdbc.url}, the name quoted or not. */
    private static final Pattern NAMED_URL = Pattern.compile(
            "quarkus\\.datasource\\.(?:\"([^\"]+)\"|([^.\"]+))\\.(?:reactive|jdbc)\\.url");

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
        return judge(prodProfile, setting, Set.of());
    }

    /** The same, for the default datasource and every named one ({@link #namedDatasources}). */
    public static Verdict judge(boolean prodProfile, Function<String, Optional<String>> setting, Set<String> named) {
        if (!prodProfile) {
            return new Verdict(Verdict.Outcome.VERIFIED, List.of());
        }
        List<String> problems = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        prefixes.add("quarkus.datasource.");
        new TreeSet<>(named).forEach(name -> prefixes.add("quarkus.datasource." + name + "."));
        for (String prefix : prefixes) {
            String label = prefix.length() == "quarkus.datasource.".length() ? ""
                    : " \"" + prefix.substring("quarkus.datasource.".length(), prefix.length() - 1) + "\"";
            setting.apply(prefix + "reactive.url")
                    .ifPresent(url -> problems.addAll(reactiveProblems(label, prefix, url, setting)));
            setting.apply(prefix + "jdbc.url").ifPresent(url -> problems.addAll(jdbcProblems(label, prefix, url)));
        }
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
    static List<String> reactiveProblems(String label, String prefix, String url,
            Function<String, Optional<String>> setting) {
        List<String> problems = new ArrayList<>();
        String sslMode = named(prefix, REACTIVE_SSL_MODE);
        String mode = setting.apply(sslMode).map(String::trim).filter(m -> !m.isEmpty())
                .orElseGet(() -> queryParameter(url, "sslmode").orElse("disable"));
        if (!VERIFY_FULL.equalsIgnoreCase(mode)) {
            problems.add("reactive pool" + label + ": ssl mode is " + mode.toLowerCase(Locale.ROOT) + ", not verify-full ("
                    + sslMode + " or sslmode in " + named(prefix, REACTIVE_URL) + ")");
            return problems;
        }
        String hostname = named(prefix, REACTIVE_HOSTNAME_VERIFICATION);
        String algorithm = setting.apply(hostname).map(String::trim).orElse("NONE");
        if (algorithm.isEmpty() || "NONE".equalsIgnoreCase(algorithm)) {
            problems.add("reactive pool" + label + ": verify-full without a host name check (" + hostname + "=HTTPS)");
        }
        String trustAll = named(prefix, REACTIVE_TRUST_ALL);
        if (isTrue(setting.apply(trustAll))) {
            problems.add("reactive pool" + label + ": " + trustAll + "=true trusts any certificate");
        }
        String pem = named(prefix, REACTIVE_TRUST_PEM);
        String jks = named(prefix, REACTIVE_TRUST_JKS);
        String pfx = named(prefix, REACTIVE_TRUST_PFX);
        boolean trustSource = (isTrue(setting.apply(pem)) && setting.apply(pem + ".certs").isPresent())
                || (isTrue(setting.apply(jks)) && setting.apply(jks + ".path").isPresent())
                || (isTrue(setting.apply(pfx)) && setting.apply(pfx + ".path").isPresent());
        if (!trustSource) {
            problems.add("reactive pool" + label + ": verify-full without the database's CA (" + pem + "=true and "
                    + pem + ".certs)");
        }
        return problems;
    }

    /** The names of the named datasources among property names (the default datasource is always judged). */
    public static Set<String> namedDatasources(Iterable<String> propertyNames) {
        Set<String> names = new TreeSet<>();
        for (String property : propertyNames) {
            Matcher m = NAMED_URL.matcher(property);
            if (m.matches()) {
                names.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        return names;
    }

    /** A default datasource's property name, for the datasource of the prefix. */
    private static String named(String prefix, String defaultProperty) {
        return prefix + defaultProperty.substring("quarkus.datasource.".length());
    }

    /**
     * Flyway's JDBC connection (pgjdbc): {@code sslmode=verify-full} in the URL, and not pgjdbc's NonValidatingFactory,
     * which would accept any certificate whatever the mode says.
     */
    static List<String> jdbcProblems(String label, String prefix, String url) {
        List<String> problems = new ArrayList<>();
        String mode = queryParameter(url, "sslmode").orElse("");
        if (!VERIFY_FULL.equalsIgnoreCase(mode)) {
            problems.add("Flyway (JDBC)" + label + ": " + named(prefix, JDBC_URL) + " has "
                    + (mode.isEmpty() ? "no sslmode" : "sslmode=" + mode) + ", not sslmode=verify-full");
        }
        if (queryParameter(url, "sslfactory").filter(f -> f.endsWith("NonValidatingFactory")).isPresent()) {
            problems.add("Flyway (JDBC)" + label + ": sslfactory=NonValidatingFactory accepts any certificate");
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
