package com.cardplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the platform as a child process: {@code java -jar <module>/target/quarkus-app/quarkus-run.jar}
 * with its environment, output to {@code <data>/logs/<service>.log}. Started in its own session (setsid, where
 * it exists) so that Ctrl-C in the terminal reaches the launcher only, which then stops the services in order.
 */
public final class ServiceProcess {

    /** Raised when a service cannot start: the message names it and carries the end of its log. */
    public static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }
    }

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final int port;
    private final Path jar;
    private final Path log;
    private Process process;

    public ServiceProcess(String name, int port, Path jar, Path log) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts the process (does not wait for readiness); the previous log is kept as {@code <service>.previous.log}. */
    public void start(String java, List<String> jvmOptions, Map<String, String> environment) {
        start(java, jvmOptions, environment, false);
    }

    /**
     * Starts the process (does not wait for readiness). {@code appendLog}: a restart inside the same stack run
     * appends to the current log, so that one file holds the whole run of the service.
     */
    public void start(String java, List<String> jvmOptions, Map<String, String> environment, boolean appendLog) {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new StartFailure(name + " is not built: " + jar + " is missing (run: mvn -B install -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            if (Files.exists(log) && !appendLog) {
                Files.move(log, log.resolveSibling(name + ".previous.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once if the process exits. */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new StartFailure(name + " exited with code " + process.exitValue() + " while starting. "
                        + "Last lines of " + log + ":\n" + tail(40));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartFailure("Interrupted while waiting for " + name);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StartFailure(name + " was not ready on http://localhost:" + port + "/q/health/ready after "
                        + timeout.toSeconds() + " s. Last lines of " + log + ":\n" + tail(40));
            }
            sleep(250);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL if the process is still there after the grace period. */
    public void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL (no shutdown hook, no graceful close): a crash, as tests of acknowledged writes need it. */
    public void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
