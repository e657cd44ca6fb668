package com.cardplatform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL for the tests of this JVM: an embedded PostgreSQL 17 (zonky) started once, or an external
 * one when {@code PLATFORM_TEST_PG_HOST} is set (then also {@code PLATFORM_TEST_PG_PORT}, {@code _USER},
 * {@code _PASSWORD}, {@code _DATABASE}). Tests may stop and restart the embedded one on the same port and data
 * directory to prove that services survive a database outage.
 */
public final class TestDatabase {

    private static final String EXTERNAL_HOST = System.getenv("PLATFORM_TEST_PG_HOST");

    private static EmbeddedPostgres embedded;
    private static int port;
    private static Path dataDirectory;

    private TestDatabase() {
    }

    public static synchronized void ensureStarted() {
        if (EXTERNAL_HOST != null || embedded != null) {
            return;
        }
        try {
            if (dataDirectory == null) {
                dataDirectory = Files.createTempDirectory("card-platform-test-pg");
                port = freePort();
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop, "test-postgres-stop"));
            }
            embedded = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL for tests", e);
        }
    }

    /** Stops the embedded database, keeping its data directory, to simulate an outage. */
    public static synchronized void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                embedded = null;
            }
        }
    }

    /** Starts it again on the same port with the same data. */
    public static synchronized void restart() {
        stop();
        ensureStarted();
    }

    public static boolean external() {
        return EXTERNAL_HOST != null;
    }

    public static String host() {
        return EXTERNAL_HOST != null ? EXTERNAL_HOST : "localhost";
    }

    public static int port() {
        return EXTERNAL_HOST != null ? Integer.parseInt(env("PLATFORM_TEST_PG_PORT", "5432")) : port;
    }

    public static String user() {
        return env("PLATFORM_TEST_PG_USER", "postgres");
    }

    public static String password() {
        return env("PLATFORM_TEST_PG_PASSWORD", "postgres");
    }

    public static String database() {
        return env("PLATFORM_TEST_PG_DATABASE", "postgres");
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database();
    }

    public static String reactiveUrl() {
        return "postgresql://" + host() + ":" + port() + "/" + database();
    }

    /** Quarkus datasource properties pointing at this database. */
    public static Map<String, String> quarkusProperties() {
        ensureStarted();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.datasource.reactive.url", reactiveUrl());
        props.put("quarkus.datasource.jdbc.url", jdbcUrl());
        props.put("quarkus.datasource.username", user());
        props.put("quarkus.datasource.password", password());
        return props;
    }

    public static Connection connect() throws SQLException {
        ensureStarted();
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /** Runs a query and returns its rows as ordered maps: tests check tables, not only responses. */
    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = connect(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Test query failed: " + sql, e);
        }
    }

    public static long count(String sql, Object... params) {
        Object value = query(sql, params).get(0).values().iterator().next();
        return ((Number) value).longValue();
    }

    public static void execute(String sql) {
        try (Connection c = connect(); Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test statement failed: " + sql, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
