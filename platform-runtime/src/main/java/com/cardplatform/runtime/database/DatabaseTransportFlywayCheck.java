package com.cardplatform.runtime.database;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway migrates at start (RUNTIME_INIT), before any StartupEvent observer runs, and its JDBC connection is the
 * first that sends the database password: Quarkus configures Flyway with every customizer before it connects, so
 * the transport rule is applied here, and a refused configuration never opens that connection. Changes nothing in
 * Flyway's configuration. (quarkus-flyway is an optional dependency of this jar: every service that migrates has it.)
 */
@Singleton
public class DatabaseTransportFlywayCheck implements FlywayConfigurationCustomizer {

    private final DatabaseTransportGuard guard;

    public DatabaseTransportFlywayCheck(DatabaseTransportGuard guard) {
        this.guard = guard;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        guard.check();
    }
}
