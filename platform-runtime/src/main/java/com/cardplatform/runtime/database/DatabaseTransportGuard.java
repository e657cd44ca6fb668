package com.cardplatform.runtime.database;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * Applies {@link DatabaseTransportRule} once per start: in the prod profile a service whose database connections
 * are not TLS with verify-full does not start, unless {@code platform.database.allow-plaintext=true}, and then it
 * says so in one WARN. Called by {@link DatabaseTransportFlywayCheck} before Flyway opens the first connection of
 * the start (Flyway migrates before any StartupEvent), and at StartupEvent for a service without Flyway.
 */
@ApplicationScoped
public class DatabaseTransportGuard {

    private final BooleanSupplier prodProfile;
    private final Function<String, Optional<String>> setting;
    private final Supplier<Set<String>> namedDatasources;
    private final Consumer<String> warn;
    private volatile DatabaseTransportRule.Verdict verdict;

    @Inject
    public DatabaseTransportGuard(Config config) {
        this(() -> ConfigUtils.isProfileActive("prod"), name -> config.getOptionalValue(name, String.class),
                () -> DatabaseTransportRule.namedDatasources(config.getPropertyNames()), message -> Log.warn(message));
    }

    DatabaseTransportGuard(BooleanSupplier prodProfile, Function<String, Optional<String>> setting,
            Supplier<Set<String>> namedDatasources, Consumer<String> warn) {
        this.prodProfile = prodProfile;
        this.setting = setting;
        this.namedDatasources = namedDatasources;
        this.warn = warn;
    }

    /** Throws {@link IllegalStateException} (naming the settings) when the service must not start. */
    public void check() {
        DatabaseTransportRule.Verdict judged = verdict;
        if (judged == null) {
            synchronized (this) {
                if (verdict == null) {
                    DatabaseTransportRule.Verdict v = DatabaseTransportRule.judge(prodProfile.getAsBoolean(), setting,
                            namedDatasources.get());
                    if (v.outcome() == DatabaseTransportRule.Verdict.Outcome.PLAINTEXT_ALLOWED) {
                        warn.accept(v.message());
                    }
                    verdict = v;
                }
                judged = verdict;
            }
        }
        if (judged.outcome() == DatabaseTransportRule.Verdict.Outcome.REFUSED) {
            throw new IllegalStateException(judged.message());
        }
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        check();
    }
}
