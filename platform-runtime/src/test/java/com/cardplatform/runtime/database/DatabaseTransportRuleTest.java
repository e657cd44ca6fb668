package com.cardplatform.runtime.database;

import static com.cardplatform.runtime.database.DatabaseTransportRule.Verdict.Outcome.PLAINTEXT_ALLOWED;
import static com.cardplatform.runtime.database.DatabaseTransportRule.Verdict.Outcome.REFUSED;
import static com.cardplatform.runtime.database.DatabaseTransportRule.Verdict.Outcome.VERIFIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.runtime.database.DatabaseTransportRule.Verdict;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The database transport rule, case by case: what a prod deployment must configure (the Kubernetes overlays' URLs
 * and CA settings), what each missing piece is called in the refusal, and the explicit allowance of the local stack.
 */
class DatabaseTransportRuleTest {

    static final String CA = "/var/run/secrets/platform/db-ca/ca.crt";
    static final String REACTIVE_VERIFIED = "postgresql://db.example.internal:5432/cardplatform?sslmode=verify-full";
    static final String JDBC_VERIFIED = "jdbc:postgresql://db.example.internal:5432/cardplatform?sslmode=verify-full&sslrootcert=" + CA;

    /** The prod overlay's settings: both URLs verify-full, the reactive pool with HTTPS name check and the CA. */
    static Map<String, String> prod() {
        Map<String, String> s = new HashMap<>();
        s.put(DatabaseTransportRule.REACTIVE_URL, REACTIVE_VERIFIED);
        s.put(DatabaseTransportRule.JDBC_URL, JDBC_VERIFIED);
        s.put(DatabaseTransportRule.REACTIVE_HOSTNAME_VERIFICATION, "HTTPS");
        s.put(DatabaseTransportRule.REACTIVE_TRUST_PEM, "true");
        s.put(DatabaseTransportRule.REACTIVE_TRUST_PEM + ".certs", CA);
        return s;
    }

    static Verdict judge(Map<String, String> settings) {
        return DatabaseTransportRule.judge(true, name -> Optional.ofNullable(settings.get(name)));
    }

    @Test
    void theProdOverlaysSettingsStart() {
        assertEquals(VERIFIED, judge(prod()).outcome());
    }

    @Test
    void theSslModeSettingOfTheReactivePoolCountsLikeTheUrlsAndWinsOverIt() {
        Map<String, String> s = prod();
        s.put(DatabaseTransportRule.REACTIVE_URL, "postgresql://db.example.internal:5432/cardplatform");
        s.put(DatabaseTransportRule.REACTIVE_SSL_MODE, "verify-full");
        assertEquals(VERIFIED, judge(s).outcome());
        // Quarkus applies the setting after the URL: a weaker setting wins over verify-full in the URL
        s.put(DatabaseTransportRule.REACTIVE_URL, REACTIVE_VERIFIED);
        s.put(DatabaseTransportRule.REACTIVE_SSL_MODE, "require");
        Verdict v = judge(s);
        assertEquals(REFUSED, v.outcome());
        assertTrue(v.message().contains("ssl mode is require"), v.message());
    }

    @Test
    void plainUrlsAreRefusedInProdNamingEverySetting() {
        Map<String, String> s = new HashMap<>();
        s.put(DatabaseTransportRule.REACTIVE_URL, "postgresql://localhost:5432/postgres");
        s.put(DatabaseTransportRule.JDBC_URL, "jdbc:postgresql://localhost:5432/postgres");
        Verdict v = judge(s);
        assertEquals(REFUSED, v.outcome());
        assertEquals(2, v.problems().size(), v.problems().toString());
        for (String named : new String[] {"quarkus.datasource.reactive.postgresql.ssl-mode", "quarkus.datasource.reactive.url",
                "quarkus.datasource.jdbc.url", "sslmode=verify-full", "platform.database.allow-plaintext=true",
                "PLATFORM_DATABASE_ALLOW_PLAINTEXT=true"}) {
            assertTrue(v.message().contains(named), named + " in: " + v.message());
        }
    }

    @Test
    void encryptionWithoutVerificationIsNotEnough() {
        for (String mode : new String[] {"disable", "allow", "prefer", "require", "verify-ca"}) {
            Map<String, String> s = prod();
            s.put(DatabaseTransportRule.REACTIVE_URL, "postgresql://db:5432/cardplatform?sslmode=" + mode);
            assertEquals(REFUSED, judge(s).outcome(), "reactive " + mode);
            Map<String, String> j = prod();
            j.put(DatabaseTransportRule.JDBC_URL, "jdbc:postgresql://db:5432/cardplatform?sslmode=" + mode);
            assertEquals(REFUSED, judge(j).outcome(), "jdbc " + mode);
        }
    }

    @Test
    void theJdbcUrlAloneIsCheckedToo() {
        Map<String, String> s = prod();
        s.put(DatabaseTransportRule.JDBC_URL, "jdbc:postgresql://db.example.internal:5432/cardplatform");
        Verdict v = judge(s);
        assertEquals(REFUSED, v.outcome());
        assertEquals(1, v.problems().size());
        assertTrue(v.problems().get(0).startsWith("Flyway (JDBC)"), v.problems().toString());
        // pgjdbc's NonValidatingFactory accepts any certificate whatever sslmode says
        s.put(DatabaseTransportRule.JDBC_URL, JDBC_VERIFIED + "&sslfactory=org.postgresql.ssl.NonValidatingFactory");
        assertEquals(REFUSED, judge(s).outcome());
        // parameter names are case-insensitive, values too, and the last occurrence wins
        s.put(DatabaseTransportRule.JDBC_URL, "jdbc:postgresql://db/cardplatform?sslmode=disable&SSLMODE=VERIFY-FULL");
        assertEquals(VERIFIED, judge(s).outcome());
        s.put(DatabaseTransportRule.JDBC_URL, "jdbc:postgresql://db/cardplatform?sslmode=verify-full&sslmode=disable");
        assertEquals(REFUSED, judge(s).outcome());
    }

    @Test
    void verifyFullOnTheReactivePoolNeedsTheNameCheckAndTheCa() {
        Map<String, String> noAlgorithm = prod();
        noAlgorithm.remove(DatabaseTransportRule.REACTIVE_HOSTNAME_VERIFICATION);
        Verdict v = judge(noAlgorithm);
        assertEquals(REFUSED, v.outcome());
        assertTrue(v.message().contains("hostname-verification-algorithm=HTTPS"), v.message());
        noAlgorithm.put(DatabaseTransportRule.REACTIVE_HOSTNAME_VERIFICATION, "NONE");
        assertEquals(REFUSED, judge(noAlgorithm).outcome());

        Map<String, String> noCa = prod();
        noCa.remove(DatabaseTransportRule.REACTIVE_TRUST_PEM + ".certs");
        assertTrue(judge(noCa).message().contains("trust-certificate-pem.certs"), judge(noCa).message());
        Map<String, String> pemOff = prod();
        pemOff.put(DatabaseTransportRule.REACTIVE_TRUST_PEM, "false");
        assertEquals(REFUSED, judge(pemOff).outcome(), "certs without trust-certificate-pem=true are not used");
        Map<String, String> jks = prod();
        jks.remove(DatabaseTransportRule.REACTIVE_TRUST_PEM);
        jks.put(DatabaseTransportRule.REACTIVE_TRUST_JKS, "true");
        jks.put(DatabaseTransportRule.REACTIVE_TRUST_JKS + ".path", "/trust.jks");
        assertEquals(VERIFIED, judge(jks).outcome());

        Map<String, String> trustAll = prod();
        trustAll.put(DatabaseTransportRule.REACTIVE_TRUST_ALL, "true");
        assertTrue(judge(trustAll).message().contains("trust-all=true"), judge(trustAll).message());
    }

    @Test
    void theExplicitAllowanceStartsWithAWarningAndOnlyTrueCounts() {
        Map<String, String> s = new HashMap<>();
        s.put(DatabaseTransportRule.REACTIVE_URL, "postgresql://localhost:5432/postgres");
        s.put(DatabaseTransportRule.JDBC_URL, "jdbc:postgresql://localhost:5432/postgres");
        s.put(DatabaseTransportRule.ALLOW_PLAINTEXT, "true");
        Verdict v = judge(s);
        assertEquals(PLAINTEXT_ALLOWED, v.outcome());
        assertTrue(v.message().contains("NOT verified TLS") && v.message().contains("PLATFORM_DATABASE_ALLOW_PLAINTEXT"),
                v.message());
        for (String notAllowed : new String[] {"false", "yes", "1", ""}) {
            s.put(DatabaseTransportRule.ALLOW_PLAINTEXT, notAllowed);
            assertEquals(REFUSED, judge(s).outcome(), "'" + notAllowed + "'");
        }
        // the allowance changes nothing where TLS is verified
        Map<String, String> verified = prod();
        verified.put(DatabaseTransportRule.ALLOW_PLAINTEXT, "true");
        assertEquals(VERIFIED, judge(verified).outcome());
    }

    @Test
    void outsideTheProdProfileNothingIsRequired() {
        Map<String, String> s = new HashMap<>();
        s.put(DatabaseTransportRule.REACTIVE_URL, "postgresql://localhost:5432/postgres");
        s.put(DatabaseTransportRule.JDBC_URL, "jdbc:postgresql://localhost:5432/postgres");
        assertEquals(VERIFIED, DatabaseTransportRule.judge(false, name -> Optional.ofNullable(s.get(name))).outcome());
    }

    @Test
    void theGuardRefusesEveryTimeItIsAskedAndWarnsOnceWhenAllowed() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        Map<String, String> plain = new HashMap<>();
        plain.put(DatabaseTransportRule.JDBC_URL, "jdbc:postgresql://localhost/postgres");
        DatabaseTransportGuard refusing = new DatabaseTransportGuard(() -> true,
                name -> Optional.ofNullable(plain.get(name)), Set::of, warnings::add);
        // Flyway's customizer asks first, then StartupEvent: both refuse
        for (int i = 0; i < 2; i++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, refusing::check);
            assertTrue(e.getMessage().startsWith("Refusing to start in the prod profile")
                    && e.getMessage().contains("quarkus.datasource.jdbc.url"), e.getMessage());
        }
        assertEquals(0, warnings.size());

        plain.put(DatabaseTransportRule.ALLOW_PLAINTEXT, "true");
        DatabaseTransportGuard allowing = new DatabaseTransportGuard(() -> true,
                name -> Optional.ofNullable(plain.get(name)), Set::of, warnings::add);
        allowing.check();
        allowing.check();
        assertEquals(1, warnings.size(), "one WARN per start: " + warnings);

        new DatabaseTransportGuard(() -> false, name -> Optional.ofNullable(plain.get(name)), Set::of, warnings::add).check();
        new DatabaseTransportGuard(() -> true, name -> Optional.ofNullable(prod().get(name)), Set::of, warnings::add).check();
        assertEquals(1, warnings.size(), "nothing to say in the test profile or with verified TLS");
    }

    /**
     * partner-guard's pool (datasource "guard") takes the service's URL, so verify-full, but its host name check and
     * CA are settings of its own: without them it is refused at start, by name, instead of failing every connection.
     */
    @Test
    void namedDatasourcesAreJudgedLikeTheDefaultOne() {
        assertEquals(Set.of("guard", "reports.eu"), DatabaseTransportRule.namedDatasources(List.of(
                "quarkus.datasource.reactive.url", "quarkus.datasource.guard.reactive.url",
                "quarkus.datasource.\"reports.eu\".jdbc.url", "quarkus.datasource.guard.reactive.max-size")));
        Map<String, String> s = prod();
        s.put("quarkus.datasource.guard.reactive.url", REACTIVE_VERIFIED);
        Verdict v = DatabaseTransportRule.judge(true, name -> Optional.ofNullable(s.get(name)), Set.of("guard"));
        assertEquals(REFUSED, v.outcome());
        assertTrue(v.message().contains("reactive pool \"guard\": verify-full without a host name check "
                + "(quarkus.datasource.guard.reactive.hostname-verification-algorithm=HTTPS)"), v.message());
        assertTrue(v.message().contains("quarkus.datasource.guard.reactive.trust-certificate-pem.certs"), v.message());
        s.put("quarkus.datasource.guard.reactive.hostname-verification-algorithm", "HTTPS");
        s.put("quarkus.datasource.guard.reactive.trust-certificate-pem", "true");
        s.put("quarkus.datasource.guard.reactive.trust-certificate-pem.certs", CA);
        assertEquals(VERIFIED, DatabaseTransportRule.judge(true, name -> Optional.ofNullable(s.get(name)), Set.of("guard")).outcome());
        s.put("quarkus.datasource.guard.reactive.url", "postgresql://db/cardplatform");
        Verdict plain = DatabaseTransportRule.judge(true, name -> Optional.ofNullable(s.get(name)), Set.of("guard"));
        assertEquals(List.of("reactive pool \"guard\": ssl mode is disable, not verify-full "
                + "(quarkus.datasource.guard.reactive.postgresql.ssl-mode or sslmode in quarkus.datasource.guard.reactive.url)"),
                plain.problems());
    }
}
